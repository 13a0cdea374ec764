#include "terminal_dialog.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include "alerts_model.h"

namespace saker::inspector {

TerminalDialog::TerminalDialog(TermResult sessions, QWidget* parent)
    : QDialog(parent), result_(std::move(sessions)) {
  setObjectName("terminalDialog");
  setWindowTitle(tr("Terminal sessions"));
  auto* lay = new QVBoxLayout(this);
  auto* top = new QHBoxLayout();
  sessions_ = new QComboBox(this);
  for (const auto& s : result_.sessions)
    sessions_->addItem(tr("%1 (%2 steps)").arg(QString::fromStdString(s.name)).arg(s.chunks.size()));
  play_ = new QPushButton(tr("Play"), this);
  auto* all = new QPushButton(tr("Show all"), this);
  top->addWidget(new QLabel(tr("Session"), this));
  top->addWidget(sessions_, 1);
  top->addWidget(play_);
  top->addWidget(all);
  lay->addLayout(top);
  screen_ = new QPlainTextEdit(this);
  screen_->setObjectName("terminalScreen");
  screen_->setReadOnly(true);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  screen_->setFont(mono);
  screen_->setStyleSheet("QPlainTextEdit { background: #101214; color: #d8dee4; }");
  lay->addWidget(screen_, 1);
  auto* bottom = new QHBoxLayout();
  slider_ = new QSlider(Qt::Horizontal, this);
  where_ = new QLabel(this);
  bottom->addWidget(slider_, 1);
  bottom->addWidget(where_);
  lay->addLayout(bottom);
  if (result_.sessions.empty())
    screen_->setPlaceholderText(tr("No process in this capture has a controlling terminal."));
  timer_ = new QTimer(this);
  timer_->setSingleShot(true);
  connect(timer_, &QTimer::timeout, this, &TerminalDialog::step);
  connect(sessions_, &QComboBox::currentIndexChanged, this, &TerminalDialog::setSession);
  connect(slider_, &QSlider::valueChanged, this, &TerminalDialog::setPosition);
  connect(all, &QPushButton::clicked, this, &TerminalDialog::showAll);
  connect(play_, &QPushButton::clicked, this, [this] {
    if (timer_->isActive()) {
      timer_->stop();
      play_->setText(tr("Play"));
    } else {
      play();
    }
  });
  resize(860, 560);
  setSession(0);
}

void TerminalDialog::setSession(int i) {
  timer_->stop();
  play_->setText(tr("Play"));
  session_ = i;
  int n = i >= 0 && i < sessionCount() ? static_cast<int>(result_.sessions[i].chunks.size()) : 0;
  slider_->blockSignals(true);
  slider_->setRange(0, n);
  slider_->blockSignals(false);
  setPosition(0);
}

void TerminalDialog::setPosition(int chunks) {
  pos_ = chunks;
  if (slider_->value() != chunks) {
    slider_->blockSignals(true);
    slider_->setValue(chunks);
    slider_->blockSignals(false);
  }
  refresh();
}

void TerminalDialog::showAll() {
  timer_->stop();
  play_->setText(tr("Play"));
  setPosition(slider_->maximum());
}

void TerminalDialog::play() {
  if (pos_ >= slider_->maximum()) setPosition(0);
  play_->setText(tr("Pause"));
  timer_->start(0);
}

void TerminalDialog::step() {
  if (session_ < 0 || session_ >= sessionCount() || pos_ >= slider_->maximum()) {
    play_->setText(tr("Play"));
    return;
  }
  const auto& chunks = result_.sessions[session_].chunks;
  setPosition(pos_ + 1);
  if (pos_ < static_cast<int>(chunks.size())) {
    uint64_t gap = chunks[pos_].ts > chunks[pos_ - 1].ts ? chunks[pos_].ts - chunks[pos_ - 1].ts : 0;
    timer_->start(static_cast<int>(std::clamp<uint64_t>(gap / 1000000, 120, 1000)));
  } else {
    play_->setText(tr("Play"));
  }
}

void TerminalDialog::refresh() {
  if (session_ < 0 || session_ >= sessionCount()) return;
  const TermSession& s = result_.sessions[session_];
  screen_->setPlainText(QString::fromStdString(render_session(s, static_cast<size_t>(pos_))));
  screen_->verticalScrollBar()->setValue(screen_->verticalScrollBar()->maximum());
  QString when = pos_ > 0 ? format_time(s.chunks[pos_ - 1].ts) : QString();
  where_->setText(tr("%1 / %2  %3").arg(pos_).arg(s.chunks.size()).arg(when));
}

QString TerminalDialog::text() const {
  return screen_->toPlainText();
}

}  // namespace saker::inspector
