// The detail pane: every field of the selected event (grouped), its arguments, process
// ancestry and fd, and its data buffers in hex and text. A field's context menu adds it as a
// column, applies or prepares it as a filter (joined to the filter bar's as Wireshark does) and
// copies it; selecting a data-buffer argument highlights its bytes in the hex view.
#pragma once

#include <QWidget>
#include <memory>
#include <vector>

#include "event_details.h"
#include "filter_text.h"

class QMenu;
class QSplitter;
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
  // "field = value" for an item: the value the filter compares, written by filter_literal;
  // "" for rows that are no field (groups, ancestry).
  static QString filterFor(const QTreeWidgetItem* item);
  // The item's context menu (null for rows that are no field): Add column, Apply as Filter and
  // Prepare as Filter (each with Selected, Not Selected, ...and Selected, ...), Copy (Value,
  // Field name, As Filter).
  std::unique_ptr<QMenu> menuFor(QTreeWidgetItem* item);
  // The text of the hex view highlighted for the selected argument ("" when none).
  QString highlightedText() const;

 signals:
  void addColumnRequested(const QString& field);
  void filterRequested(const QString& filter);
  // Apply (or Prepare: only put in the filter bar) `term` joined to the filter bar's text.
  void filterJoinRequested(const QString& term, saker::inspector::FilterJoin how, bool apply);

 protected:
  void resizeEvent(QResizeEvent* e) override;

 private:
  void highlightBufferOf(const QTreeWidgetItem* item);
  // Gives the hex view the width of a whole dump line (until the user drags the splitter).
  void fitHexWidth();

  struct BufferSpan {
    QString name;
    int start = 0, end = 0;  // characters of the hex view: its title line and dump
  };
  QSplitter* split_;
  QTreeWidget* tree_;
  QPlainTextEdit* hex_;
  bool splitDragged_ = false;
  std::vector<BufferSpan> spans_;
};

}  // namespace saker::inspector
