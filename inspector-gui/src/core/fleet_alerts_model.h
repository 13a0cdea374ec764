// The fleet window's alert table: every alert the fleet returned, by time, and the ones in
// the time range chosen on the fleet timeline (all by default).
#pragma once

#include <QAbstractTableModel>
#include <cstdint>
#include <vector>

#include "saker/fleet/fleet_browse.h"
#include "saker/rules/ruleset.h"

namespace saker::inspector {

class FleetAlertsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Host, Time, Priority, Rule, Output, ColumnCount };

  explicit FleetAlertsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
  void setAlerts(fleet::AlertPage page);
  const std::vector<fleet::FleetAlert>& alerts() const { return page_.alerts; }
  // rules::Priority of each alert (Debug for a name the rules do not know).
  const std::vector<rules::Priority>& priorities() const { return priorities_; }
  bool truncated() const { return page_.truncated; }

  // Rows: the alerts with from <= ts <= to.
  void setRange(uint64_t from, uint64_t to);
  uint64_t rangeFrom() const { return from_; }
  uint64_t rangeTo() const { return to_; }
  // The alert of a row of the table.
  const fleet::FleetAlert& alertAt(int row) const { return page_.alerts[rows_[static_cast<size_t>(row)]]; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

 private:
  fleet::AlertPage page_;
  std::vector<rules::Priority> priorities_;
  std::vector<uint32_t> rows_;  // indexes into page_.alerts
  uint64_t from_ = 0, to_ = UINT64_MAX;
};

}  // namespace saker::inspector
