// The SQL panel: read-only SQL over the capture's index, results in a table; double-click a
// row with an event number column (num, event_num) to jump to that event. The schema browser
// beside the editor lists the index's tables and views with their columns; double-click a
// name to insert it.
#pragma once

#include <QWidget>

#include "sql_query.h"

class QPlainTextEdit;
class QTableView;
class QTreeWidget;
class QLabel;
class QPushButton;
class QAbstractItemModel;

namespace saker::inspector {

class SqlResultModel;

class SqlPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SqlPanel(QWidget* parent = nullptr);
  QPlainTextEdit* editor() const { return editor_; }
  QTableView* results() const { return table_; }
  QAbstractItemModel* model() const;
  QTreeWidget* schema() const { return schema_; }
  QLabel* status() const { return status_; }
  void setResult(const SqlResult& r);
  void setSchema(const std::vector<SqlTable>& tables);
  void setRunning(bool on);
  // While the index is built: the events indexed so far of about `expected`.
  void setIndexProgress(uint64_t events, uint64_t expected);

 signals:
  void runRequested(const QString& sql);
  void eventRequested(uint64_t num);

 protected:
  bool eventFilter(QObject* obj, QEvent* ev) override;

 private:
  QPlainTextEdit* editor_;
  QTreeWidget* schema_;
  QTableView* table_;
  SqlResultModel* model_;
  QLabel* status_;
  QPushButton* run_;
};

}  // namespace saker::inspector
