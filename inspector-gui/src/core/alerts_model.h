// The alerts pane's table: most severe first, then by rule and event.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "alert_scan.h"

namespace saker::inspector {

class AlertsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kEventNumRole = Qt::UserRole + 1;
  enum Column { Priority, Rule, Event, Time, Output, ColumnCount };

  explicit AlertsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
  void setAlerts(std::vector<AlertRecord> alerts);
  const std::vector<AlertRecord>& alerts() const { return alerts_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

  static QColor priorityColor(rules::Priority p);

 private:
  std::vector<AlertRecord> alerts_;
};

QString format_time(uint64_t ts_ns, bool with_date = false);

}  // namespace saker::inspector
