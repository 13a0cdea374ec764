// The timeline: event density over time stacked by event class, alert markers coloured by
// priority, and a brush (drag) that selects a time range. Double-click zooms out.
#pragma once

#include <QWidget>
#include <optional>
#include <vector>

#include "saker/rules/ruleset.h"
#include "timeline_bins.h"

namespace saker::inspector {

class TimelineWidget : public QWidget {
  Q_OBJECT
 public:
  struct Marker {
    uint64_t ts;
    rules::Priority priority;
  };
  explicit TimelineWidget(QWidget* parent = nullptr);

  void setBins(TimelineBins bins);
  const TimelineBins& bins() const { return bins_; }
  void setMarkers(std::vector<Marker> markers);
  void setZoomed(bool z) {
    zoomed_ = z;
    update();
  }
  // The time at x (widget coordinates), clamped to the bins.
  uint64_t timeAt(int x) const;
  int xOf(uint64_t ts) const;
  QSize sizeHint() const override { return {800, 120}; }

 signals:
  void rangeSelected(uint64_t from, uint64_t to);
  void zoomOutRequested();

 protected:
  void paintEvent(QPaintEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;

 private:
  QRect plotRect() const;
  uint64_t spanEnd() const;

  TimelineBins bins_ = TimelineBins::fixed(0, 0, 2);
  std::vector<Marker> markers_;
  std::optional<int> brushStart_;
  int brushEnd_ = 0;
  bool zoomed_ = false;
};

QColor class_bar_color(EventClass c);

}  // namespace saker::inspector
