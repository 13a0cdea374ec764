// The SQL panel's result rows as a table model: the rows stay in the SqlResult they came in
// (a QStandardItem per cell made 100,000-row results take seconds to show).
#pragma once

#include <QAbstractTableModel>

#include "sql_query.h"

namespace saker::inspector {

class SqlResultModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  using QAbstractTableModel::QAbstractTableModel;
  void setResult(SqlResult r);
  void clear() { setResult({}); }
  const SqlResult& result() const { return result_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

 private:
  SqlResult result_;
};

}  // namespace saker::inspector
