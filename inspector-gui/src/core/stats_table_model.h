// One statistics table (capture_statistics.h) as a Qt model: sortable by any column (numbers
// by value, text bytewise, ties in the table's order), each row's drill-down filter under
// kFilterRole, and the rows in their current order as CSV.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "capture_statistics.h"

namespace saker::inspector {

class StatsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kFilterRole = Qt::UserRole + 1;

  explicit StatsTableModel(QObject* parent = nullptr);

  void setTable(StatsTable table);
  const StatsTable& table() const { return table_; }
  // The drill-down filter of a row in the current order.
  QString filterAt(int row) const;
  // A header line and every row in the current order, RFC 4180.
  QString csv() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;
  void sort(int column, Qt::SortOrder order) override;

 private:
  StatsTable table_;
  std::vector<int> order_;  // view row -> table row
};

}  // namespace saker::inspector
