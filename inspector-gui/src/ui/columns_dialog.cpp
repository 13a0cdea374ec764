#include "columns_dialog.h"

#include <QInputDialog>

namespace saker::inspector {

std::optional<QStringList> ask_columns(QWidget* parent, const QStringList& current) {
  bool ok = false;
  QString text = QInputDialog::getText(
      parent, QObject::tr("Columns"),
      QObject::tr("Fields, comma-separated (any filter field: proc.aname[2], evt.arg.fd, ...)"),
      QLineEdit::Normal, current.join(", "), &ok);
  if (!ok) return std::nullopt;
  QStringList cols;
  for (const QString& c : text.split(',', Qt::SkipEmptyParts)) cols << c.trimmed();
  return cols;
}

}  // namespace saker::inspector
