// The fleet timeline: alert counts over time as stacked bars (severe, warning, other). Drag
// across it to keep the alerts of that time range in the table; double-click for all again.
#pragma once

#include <QWidget>
#include <cstdint>

#include "fleet_alert_bins.h"

namespace saker::inspector {

class FleetTimelineWidget : public QWidget {
  Q_OBJECT
 public:
  explicit FleetTimelineWidget(QWidget* parent = nullptr);
  void setBins(FleetAlertBins bins);
  const FleetAlertBins& bins() const { return bins_; }
  // Marks the range chosen (cleared by clearRange).
  void setRange(uint64_t from, uint64_t to);
  void clearRange();

  QSize sizeHint() const override { return {600, 90}; }

 signals:
  void rangeSelected(uint64_t from, uint64_t to);
  void rangeCleared();

 protected:
  void paintEvent(QPaintEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;

 private:
  QRect plotRect() const;
  size_t binAt(int x) const;

  FleetAlertBins bins_;
  bool ranged_ = false;
  size_t rangeFirst_ = 0, rangeLast_ = 0;  // bins of the range
  int dragStart_ = -1, dragNow_ = -1;
};

}  // namespace saker::inspector
