#include "follow_fd_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QVBoxLayout>

namespace saker::inspector {

namespace {
// Bytes outside printable ASCII (but line breaks and tabs) show as dots.
QString printable_text(const std::string& data) {
  std::string printable;
  for (char b : data)
    printable += (b == '\n' || b == '\t' ||
                  (static_cast<unsigned char>(b) >= 0x20 && static_cast<unsigned char>(b) < 0x7f))
                     ? b
                     : '.';
  if (!printable.empty() && printable.back() != '\n') printable += '\n';
  return QString::fromStdString(printable);
}
}  // namespace

FollowFdDialog::FollowFdDialog(const FdKey& key, const FollowResult& r, QWidget* parent) : QDialog(parent) {
  setObjectName("followDialog");
  setWindowTitle(
      tr("Follow fd %1 of pid %2: %3").arg(key.fd).arg(key.pid).arg(QString::fromStdString(key.name)));
  auto* lay = new QVBoxLayout(this);
  auto* text = new QPlainTextEdit(this);
  text->setObjectName("followText");
  text->setReadOnly(true);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  text->setFont(mono);
  QTextCharFormat rd, wr, head, cut;
  rd.setForeground(QColor(0x19, 0x76, 0xd2));
  wr.setForeground(QColor(0xc6, 0x28, 0x28));
  head.setForeground(QColor(0x78, 0x78, 0x78));
  cut.setForeground(QColor(0xe6, 0x7e, 0x00));
  cut.setFontWeight(QFont::Bold);
  QTextCursor c(text->document());
  for (const auto& ch : r.chunks) {
    c.insertText(QString::fromStdString(chunk_heading(ch)) + '\n', head);
    c.insertText(printable_text(ch.data), ch.write ? wr : rd);
    if (ch.missing()) c.insertText(QString::fromStdString(missing_marker(ch)) + '\n', cut);
  }
  lay->addWidget(text);
  auto* summary = new QLabel(tr("%1 chunks: %2 bytes read (blue, %3 captured), %4 bytes written (red, %5 "
                                "captured)%6")
                                 .arg(r.chunks.size())
                                 .arg(r.returned_read)
                                 .arg(r.captured_read)
                                 .arg(r.returned_written)
                                 .arg(r.captured_written)
                                 .arg(r.truncated ? tr("; the list stops at the size limit") : ""),
                             this);
  summary->setObjectName("followSummary");
  lay->addWidget(summary);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
  lay->addWidget(buttons);
  resize(800, 560);
}

}  // namespace saker::inspector
