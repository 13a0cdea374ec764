#include "follow_fd_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace saker::inspector {

FollowFdDialog::FollowFdDialog(const FdKey& key, FollowResult stream, std::vector<std::string> protect,
                               QWidget* parent)
    : QDialog(parent), protect_(std::move(protect)) {
  setObjectName("followDialog");
  auto* lay = new QVBoxLayout(this);

  text_ = new QPlainTextEdit(this);
  text_->setObjectName("followText");
  text_->setReadOnly(true);
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  text_->setFont(mono);
  lay->addWidget(text_, 1);

  summary_ = new QLabel(this);
  summary_->setObjectName("followSummary");
  lay->addWidget(summary_);

  auto* show = new QHBoxLayout;
  side_ = new QComboBox(this);
  side_->setObjectName("followSide");
  format_ = new QComboBox(this);
  format_->setObjectName("followFormat");
  format_->addItem(tr("ASCII"), int(StreamFormat::Ascii));
  format_->addItem(tr("UTF-8"), int(StreamFormat::Utf8));
  format_->addItem(tr("Hex Dump"), int(StreamFormat::HexDump));
  format_->addItem(tr("Raw"), int(StreamFormat::Raw));
  show->addWidget(side_, 1);
  show->addWidget(new QLabel(tr("Show data as"), this));
  show->addWidget(format_);
  show->addSpacing(12);
  show->addWidget(new QLabel(tr("Stream"), this));
  prev_ = new QPushButton(tr("<"), this);
  prev_->setObjectName("followPrevious");
  prev_->setToolTip(tr("Previous stream"));
  index_ = new QSpinBox(this);
  index_->setObjectName("followIndex");
  next_ = new QPushButton(tr(">"), this);
  next_->setObjectName("followNext");
  next_->setToolTip(tr("Next stream"));
  for (auto* b : {prev_, next_}) b->setFixedWidth(28);
  show->addWidget(prev_);
  show->addWidget(index_);
  show->addWidget(next_);
  lay->addLayout(show);

  auto* findRow = new QHBoxLayout;
  findRow->addWidget(new QLabel(tr("Find:"), this));
  find_ = new QLineEdit(this);
  find_->setObjectName("followFind");
  findRow->addWidget(find_, 1);
  auto* findNext = new QPushButton(tr("Find &Next"), this);
  findRow->addWidget(findNext);
  lay->addLayout(findRow);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  auto* filterOn = buttons->addButton(tr("Filter on this stream"), QDialogButtonBox::ActionRole);
  auto* filterOut = buttons->addButton(tr("Filter Out This Stream"), QDialogButtonBox::ActionRole);
  auto* save = buttons->addButton(tr("Save as..."), QDialogButtonBox::ActionRole);
  filterOut->setObjectName("followFilterOut");
  lay->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
  connect(side_, &QComboBox::currentIndexChanged, this, [this] { render(); });
  connect(format_, &QComboBox::currentIndexChanged, this, [this] { render(); });
  connect(findNext, &QPushButton::clicked, this, [this] { find(find_->text()); });
  connect(find_, &QLineEdit::returnPressed, this, [this] { find(find_->text()); });
  connect(prev_, &QPushButton::clicked, this,
          [this] { requestIndex(static_cast<int>(stream_.stream_index) - 1); });
  connect(next_, &QPushButton::clicked, this,
          [this] { requestIndex(static_cast<int>(stream_.stream_index) + 1); });
  connect(index_, &QSpinBox::editingFinished, this, [this] { requestIndex(index_->value() - 1); });
  connect(filterOn, &QPushButton::clicked, this,
          [this] { emit filterRequested(QString::fromStdString(stream_filter(key_)), false); });
  connect(filterOut, &QPushButton::clicked, this,
          [this] { emit filterRequested(QString::fromStdString(stream_filter(key_)), true); });
  connect(save, &QPushButton::clicked, this, &FollowFdDialog::saveDialog);

  resize(860, 600);
  setStream(key, std::move(stream));
}

void FollowFdDialog::setStream(const FdKey& key, FollowResult stream) {
  key_ = key;
  stream_ = std::move(stream);
  setWindowTitle(
      tr("Follow fd %1 of pid %2: %3").arg(key_.fd).arg(key_.pid).arg(QString::fromStdString(key_.name)));
  const StreamSide side = side_->count() ? StreamSide(side_->currentData().toInt()) : StreamSide::Both;
  QSignalBlocker block(side_);
  side_->clear();
  uint64_t all = stream_.captured_read + stream_.captured_written;
  side_->addItem(tr("Entire conversation (%1 bytes)").arg(all), int(StreamSide::Both));
  side_->addItem(tr("Reads only (%1 bytes)").arg(stream_.captured_read), int(StreamSide::Reads));
  side_->addItem(tr("Writes only (%1 bytes)").arg(stream_.captured_written), int(StreamSide::Writes));
  side_->setCurrentIndex(side_->findData(int(side)));
  QSignalBlocker blockIndex(index_);
  const int n = static_cast<int>(stream_.streams.size());
  index_->setRange(n ? 1 : 0, n);  // shown from 1: "Stream 4 of 8"
  index_->setValue(n ? static_cast<int>(stream_.stream_index) + 1 : 0);
  index_->setSuffix(tr(" of %1").arg(n));
  prev_->setEnabled(stream_.stream_index > 0);
  next_->setEnabled(stream_.stream_index + 1 < stream_.streams.size());
  summary_->setText(tr("%1 chunks: %2 bytes read (blue, %3 captured), %4 bytes written (red, %5 captured)%6")
                        .arg(stream_.chunks.size())
                        .arg(stream_.returned_read)
                        .arg(stream_.captured_read)
                        .arg(stream_.returned_written)
                        .arg(stream_.captured_written)
                        .arg(stream_.truncated ? tr("; the list stops at the size limit") : ""));
  render();
}

void FollowFdDialog::setFormat(StreamFormat format) {
  format_->setCurrentIndex(format_->findData(int(format)));
}

void FollowFdDialog::setSide(StreamSide side) {
  side_->setCurrentIndex(side_->findData(int(side)));
}

QString FollowFdDialog::shownText() const {
  return text_->toPlainText();
}

void FollowFdDialog::render() {
  const auto format = StreamFormat(format_->currentData().toInt());
  const auto side = StreamSide(side_->currentData().toInt());
  QTextCharFormat rd, wr, head, cut;
  rd.setForeground(QColor(0x19, 0x76, 0xd2));
  wr.setForeground(QColor(0xc6, 0x28, 0x28));
  head.setForeground(QColor(0x78, 0x78, 0x78));
  cut.setForeground(QColor(0xe6, 0x7e, 0x00));
  cut.setFontWeight(QFont::Bold);
  text_->clear();
  QTextCursor c(text_->document());
  c.beginEditBlock();
  uint64_t offset[2] = {0, 0};
  for (const auto& ch : stream_.chunks) {
    if (!side_shows(side, ch)) continue;
    c.insertText(QString::fromStdString(chunk_heading(ch)) + '\n', head);
    std::string body = chunk_body(ch, format, offset[ch.write]);
    offset[ch.write] += ch.data.size();
    c.insertText(QString::fromUtf8(body.data(), static_cast<qsizetype>(body.size())), ch.write ? wr : rd);
    if (ch.missing()) c.insertText(QString::fromStdString(missing_marker(ch)) + '\n', cut);
  }
  c.endEditBlock();
  text_->moveCursor(QTextCursor::Start);
}

bool FollowFdDialog::find(const QString& needle, bool backward) {
  if (needle.isEmpty()) return false;
  QTextDocument::FindFlags flags;
  if (backward) flags |= QTextDocument::FindBackward;
  if (text_->find(needle, flags)) return true;
  // Wrap around once.
  text_->moveCursor(backward ? QTextCursor::End : QTextCursor::Start);
  return text_->find(needle, flags);
}

void FollowFdDialog::requestIndex(int index) {
  if (index < 0 || static_cast<size_t>(index) >= stream_.streams.size() ||
      static_cast<size_t>(index) == stream_.stream_index)
    return;
  emit streamRequested(stream_.streams[static_cast<size_t>(index)]);
}

QString FollowFdDialog::saveTo(const QString& path) {
  return QString::fromStdString(save_stream(stream_, StreamFormat(format_->currentData().toInt()),
                                            StreamSide(side_->currentData().toInt()), path.toStdString(),
                                            protect_));
}

void FollowFdDialog::saveDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("Save stream as"));
  if (path.isEmpty()) return;
  QString why = saveTo(path);
  if (!why.isEmpty()) QMessageBox::warning(this, tr("Save stream"), why);
}

}  // namespace saker::inspector
