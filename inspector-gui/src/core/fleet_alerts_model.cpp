#include "fleet_alerts_model.h"

#include <QColor>
#include <algorithm>

#include "alerts_model.h"

namespace saker::inspector {

void FleetAlertsModel::setAlerts(fleet::AlertPage page) {
  beginResetModel();
  page_ = std::move(page);
  // The library returns them by time; a table sorted otherwise would break setRange's search.
  std::stable_sort(page_.alerts.begin(), page_.alerts.end(),
                   [](const fleet::FleetAlert& a, const fleet::FleetAlert& b) { return a.ts < b.ts; });
  priorities_.clear();
  priorities_.reserve(page_.alerts.size());
  for (const auto& a : page_.alerts)
    priorities_.push_back(rules::parse_priority(a.priority).value_or(rules::Priority::Debug));
  from_ = 0;
  to_ = UINT64_MAX;
  rows_.resize(page_.alerts.size());
  for (uint32_t i = 0; i < rows_.size(); ++i) rows_[i] = i;
  endResetModel();
}

void FleetAlertsModel::setRange(uint64_t from, uint64_t to) {
  beginResetModel();
  from_ = from;
  to_ = to;
  const auto& a = page_.alerts;
  auto lo = std::lower_bound(a.begin(), a.end(), from,
                             [](const fleet::FleetAlert& x, uint64_t t) { return x.ts < t; });
  auto hi =
      std::upper_bound(lo, a.end(), to, [](uint64_t t, const fleet::FleetAlert& x) { return t < x.ts; });
  rows_.clear();
  for (auto it = lo; it != hi; ++it) rows_.push_back(static_cast<uint32_t>(it - a.begin()));
  endResetModel();
}

int FleetAlertsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(std::min<size_t>(rows_.size(), INT32_MAX));
}

int FleetAlertsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetAlertsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const uint32_t i = rows_[static_cast<size_t>(index.row())];
  const fleet::FleetAlert& a = page_.alerts[i];
  if (role == Qt::DecorationRole && index.column() == Priority)
    return AlertsModel::priorityColor(priorities_[i]);
  if (role == Qt::ToolTipRole)
    // One arg() call: text from the server is never scanned for further %N.
    return tr("%1, event %2 of %3\n%4")
        .arg(QString::fromStdString(a.host), QString::number(a.num), QString::fromStdString(a.capture),
             QString::fromStdString(a.line));
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Host:
      return QString::fromStdString(a.host);
    case Time:
      return format_time(a.ts, true);
    case Priority:
      return QString::fromStdString(a.priority);
    case Rule:
      return QString::fromStdString(a.rule);
    case Output:
      return QString::fromStdString(a.line);
    default:
      return {};
  }
}

QVariant FleetAlertsModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* kNames[] = {"Host", "Time", "Priority", "Rule", "Output"};
  return section >= 0 && section < ColumnCount ? QString(kNames[section]) : QVariant();
}

}  // namespace saker::inspector
