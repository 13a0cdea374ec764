#include "sql_result_model.h"

namespace saker::inspector {

void SqlResultModel::setResult(SqlResult r) {
  beginResetModel();
  result_ = std::move(r);
  endResetModel();
}

int SqlResultModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(result_.rows.size());
}

int SqlResultModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(result_.columns.size());
}

QVariant SqlResultModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || size_t(index.row()) >= result_.rows.size()) return {};
  const QStringList& row = result_.rows[size_t(index.row())];
  if (index.column() >= row.size()) return {};
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) return row[index.column()];
  return {};
}

QVariant SqlResultModel::headerData(int section, Qt::Orientation o, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (o == Qt::Horizontal)
    return section < result_.columns.size() ? QVariant(result_.columns[section]) : QVariant();
  return section + 1;
}

}  // namespace saker::inspector
