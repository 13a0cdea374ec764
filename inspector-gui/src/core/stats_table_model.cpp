#include "stats_table_model.h"

#include <algorithm>
#include <numeric>

#include "saker/query/csv.h"

namespace saker::inspector {

namespace {
QString qs(const std::string& s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
}  // namespace

StatsTableModel::StatsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void StatsTableModel::setTable(StatsTable table) {
  beginResetModel();
  table_ = std::move(table);
  order_.resize(table_.rows.size());
  std::iota(order_.begin(), order_.end(), 0);
  endResetModel();
}

QString StatsTableModel::filterAt(int row) const {
  if (row < 0 || static_cast<size_t>(row) >= order_.size()) return {};
  return qs(table_.rows[order_[row]].filter);
}

QString StatsTableModel::csv() const {
  std::string text;
  query::append_csv_line(text, table_.columns);
  for (int r : order_) query::append_csv_line(text, table_.rows[r].cells);
  return qs(text);
}

int StatsTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(order_.size());
}

int StatsTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(table_.columns.size());
}

QVariant StatsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
  const StatsTable::Row& row = table_.rows[order_[index.row()]];
  const size_t col = static_cast<size_t>(index.column());
  switch (role) {
    case Qt::DisplayRole:
      return col < row.cells.size() ? qs(row.cells[col]) : QString();
    case Qt::TextAlignmentRole:
      return table_.numeric[col] ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      return tr("Double-click to filter: %1").arg(qs(row.filter));
    case kFilterRole:
      return qs(row.filter);
    default:
      return {};
  }
}

QVariant StatsTableModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
  if (role == Qt::DisplayRole) return qs(table_.columns[section]);
  if (role == Qt::ToolTipRole) return qs(table_.note);
  return {};
}

void StatsTableModel::sort(int column, Qt::SortOrder order) {
  if (column < 0 || column >= columnCount()) return;
  const size_t col = static_cast<size_t>(column);
  const bool numeric = table_.numeric[col];
  beginResetModel();
  std::iota(order_.begin(), order_.end(), 0);
  auto less = [&](int a, int b) {
    const auto& x = table_.rows[a];
    const auto& y = table_.rows[b];
    return numeric ? x.values[col] < y.values[col] : x.cells[col] < y.cells[col];
  };
  if (order == Qt::AscendingOrder)
    std::stable_sort(order_.begin(), order_.end(), less);
  else
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) { return less(b, a); });
  endResetModel();
}

}  // namespace saker::inspector
