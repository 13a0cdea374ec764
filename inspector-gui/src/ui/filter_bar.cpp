#include "filter_bar.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QStringListModel>
#include <QToolButton>

#include "filter_support.h"

namespace saker::inspector {

namespace {
constexpr int kHistoryMax = 50;
}

FilterBar::FilterBar(QWidget* parent) : QWidget(parent) {
  auto* lay = new QHBoxLayout(this);
  lay->setContentsMargins(6, 4, 6, 4);
  auto* label = new QLabel(tr("Filter"), this);
  edit_ = new QLineEdit(this);
  edit_->setObjectName("filterEdit");
  edit_->setPlaceholderText(tr("Falco filter, e.g. evt.type = execve and proc.name = bash   (Ctrl+L)"));
  edit_->setClearButtonEnabled(true);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  edit_->setFont(mono);
  historyButton_ = new QToolButton(this);
  historyButton_->setText(tr("History"));
  historyButton_->setToolTip(tr("Earlier filters (Up/Down in the filter bar)"));
  auto* applyButton = new QPushButton(tr("Apply"), this);
  status_ = new QLabel(this);
  status_->setObjectName("filterStatus");
  // A fixed width: the filter field and its buttons stay put whatever the message says (a long
  // message is cut, the whole of it in the tooltip).
  status_->setFixedWidth(320);
  lay->addWidget(label);
  lay->addWidget(edit_, 1);
  lay->addWidget(historyButton_);
  lay->addWidget(applyButton);
  lay->addWidget(status_);

  completer_ = new QCompleter(new QStringListModel(filter_words(), this), this);
  completer_->setCaseSensitivity(Qt::CaseInsensitive);
  completer_->setCompletionMode(QCompleter::PopupCompletion);
  completer_->setWidget(edit_);
  connect(completer_, qOverload<const QString&>(&QCompleter::activated), this, &FilterBar::insertCompletion);

  edit_->installEventFilter(this);
  connect(edit_, &QLineEdit::textChanged, this, &FilterBar::validate);
  connect(edit_, &QLineEdit::textEdited, this, &FilterBar::complete);
  connect(edit_, &QLineEdit::returnPressed, this, &FilterBar::apply);
  connect(applyButton, &QPushButton::clicked, this, &FilterBar::apply);
  connect(historyButton_, &QToolButton::clicked, this, &FilterBar::showHistoryMenu);
  validate();
}

QString FilterBar::text() const {
  return edit_->text();
}

void FilterBar::setText(const QString& text) {
  edit_->setText(text);
}

QString FilterBar::errorText() const {
  return valid_ ? QString() : message_;
}

void FilterBar::validate() {
  FilterCheck c = check_filter(edit_->text());
  valid_ = c.ok;
  if (edit_->text().trimmed().isEmpty()) {
    edit_->setStyleSheet({});
    message_ = tr("no filter: every event");
    status_->setStyleSheet({});
  } else if (c.ok) {
    edit_->setStyleSheet("QLineEdit { border: 2px solid #2e9d4f; border-radius: 3px; padding: 1px; }");
    message_ = tr("valid filter");
    status_->setStyleSheet("color: #2e9d4f;");
  } else {
    edit_->setStyleSheet("QLineEdit { border: 2px solid #d32f2f; border-radius: 3px; padding: 1px; }");
    message_ = tr("column %1: %2").arg(c.column).arg(c.message);
    status_->setStyleSheet("color: #d32f2f;");
  }
  status_->setText(status_->fontMetrics().elidedText(message_, Qt::ElideRight, status_->width() - 4));
  status_->setToolTip(message_);
}

void FilterBar::apply() {
  if (!valid_) return;
  QString t = edit_->text().trimmed();
  if (!t.isEmpty()) {
    history_.removeAll(t);
    history_.prepend(t);
    while (history_.size() > kHistoryMax) history_.removeLast();
    emit historyChanged(history_);
  }
  historyPos_ = -1;
  completer_->popup()->hide();
  emit applied(t);
}

void FilterBar::complete() {
  WordAt w = word_at(edit_->text(), edit_->cursorPosition());
  if (w.text.size() < 2) {
    completer_->popup()->hide();
    return;
  }
  completer_->setCompletionPrefix(w.text);
  if (completer_->completionCount() == 0 ||
      (completer_->completionCount() == 1 && completer_->currentCompletion() == w.text)) {
    completer_->popup()->hide();
    return;
  }
  int x = edit_->fontMetrics().horizontalAdvance(edit_->text().left(w.start)) + 6;
  QRect r(x, 0, 0, edit_->height());
  r.setWidth(completer_->popup()->sizeHintForColumn(0) + 30);
  completer_->complete(r);
}

void FilterBar::insertCompletion(const QString& word) {
  QString t = edit_->text();
  WordAt w = word_at(t, edit_->cursorPosition());
  t.replace(w.start, w.text.size(), word);
  edit_->setText(t);
  edit_->setCursorPosition(w.start + static_cast<int>(word.size()));
}

void FilterBar::showHistoryMenu() {
  QMenu menu(this);
  if (history_.isEmpty()) menu.addAction(tr("(no filters yet)"))->setEnabled(false);
  for (const QString& h : history_)
    menu.addAction(h, this, [this, h] {
      edit_->setText(h);
      apply();
    });
  menu.exec(historyButton_->mapToGlobal(QPoint(0, historyButton_->height())));
}

bool FilterBar::eventFilter(QObject* obj, QEvent* ev) {
  if (obj == edit_ && ev->type() == QEvent::KeyPress && !completer_->popup()->isVisible()) {
    auto* k = static_cast<QKeyEvent*>(ev);
    if ((k->key() == Qt::Key_Up || k->key() == Qt::Key_Down) && !history_.isEmpty()) {
      historyPos_ += k->key() == Qt::Key_Up ? 1 : -1;
      historyPos_ = std::clamp(historyPos_, -1, static_cast<int>(history_.size()) - 1);
      edit_->setText(historyPos_ < 0 ? QString() : history_[historyPos_]);
      return true;
    }
  }
  return QWidget::eventFilter(obj, ev);
}

}  // namespace saker::inspector
