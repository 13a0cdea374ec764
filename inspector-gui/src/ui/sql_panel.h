// The SQL panel: read-only SQL over the capture's index, results in a table; double-click a
// row with an event number column (num, event_num) to jump to that event.
#pragma once

#include <QWidget>

#include "sql_query.h"

class QPlainTextEdit;
class QTableView;
class QStandardItemModel;
class QLabel;
class QPushButton;

namespace saker::inspector {

class SqlPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SqlPanel(QWidget* parent = nullptr);
  QPlainTextEdit* editor() const { return editor_; }
  QTableView* results() const { return table_; }
  QStandardItemModel* model() const { return model_; }
  QLabel* status() const { return status_; }
  void setResult(const SqlResult& r);
  void setRunning(bool on);

 signals:
  void runRequested(const QString& sql);
  void eventRequested(uint64_t num);

 protected:
  bool eventFilter(QObject* obj, QEvent* ev) override;

 private:
  QPlainTextEdit* editor_;
  QTableView* table_;
  QStandardItemModel* model_;
  QLabel* status_;
  QPushButton* run_;
};

}  // namespace saker::inspector
