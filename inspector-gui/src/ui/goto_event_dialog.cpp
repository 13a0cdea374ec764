#include "goto_event_dialog.h"

#include <QInputDialog>

namespace saker::inspector {

EventNumberAnswer ask_event_number(QWidget* parent, std::optional<uint64_t> events) {
  bool entered = false;
  QString text = QInputDialog::getText(
      parent, QObject::tr("Go to event"),
      events ? QObject::tr("Event number (1 to %1)").arg(*events) : QObject::tr("Event number"),
      QLineEdit::Normal, {}, &entered);
  if (!entered || text.trimmed().isEmpty()) return {};
  bool ok = false;
  qulonglong num = text.trimmed().toULongLong(&ok);
  if (!ok) return {std::nullopt, QObject::tr("'%1' is not an event number").arg(text.trimmed())};
  return {num, {}};
}

}  // namespace saker::inspector
