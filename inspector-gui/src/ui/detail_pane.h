// The detail pane: every field of the selected event (grouped), its arguments, process
// ancestry and fd, and its data buffers in hex and text.
#pragma once

#include <QWidget>

#include "event_details.h"

class QTreeWidget;
class QTreeWidgetItem;
class QPlainTextEdit;

namespace saker::inspector {

class DetailPane : public QWidget {
  Q_OBJECT
 public:
  explicit DetailPane(QWidget* parent = nullptr);
  void showDetails(const EventDetails& d);
  void clear();
  QTreeWidget* tree() const { return tree_; }
  QPlainTextEdit* hex() const { return hex_; }
  // The value shown for a field, "" when absent (tests).
  QString valueOf(const QString& field) const;
  QTreeWidgetItem* itemOf(const QString& field) const;
  // The filter field an item shows ("evt.arg.NAME" for an argument), "" for group rows.
  static QString fieldOf(const QTreeWidgetItem* item);
  // "field = value" for an item, quoted where needed; "" when the value cannot be quoted.
  static QString filterFor(const QTreeWidgetItem* item);

 signals:
  void addColumnRequested(const QString& field);
  void filterRequested(const QString& filter);

 private:
  QTreeWidget* tree_;
  QPlainTextEdit* hex_;
};

}  // namespace saker::inspector
