// The I/O graph's plot: one line per graph over the intervals, a time axis with round ticks
// and a value axis from zero to the largest value (or log scale). Double-click an interval
// to list its events.
#pragma once

#include <QWidget>
#include <vector>

#include "io_graph.h"

namespace saker::inspector {

class IoGraphWidget : public QWidget {
  Q_OBJECT
 public:
  explicit IoGraphWidget(QWidget* parent = nullptr);
  // The result with the names and colours of its series (one per enabled spec, in order).
  void setResult(IoGraphResult r, std::vector<QString> names, std::vector<QColor> colours);
  const IoGraphResult& result() const { return result_; }
  void setLogScale(bool on);
  // The interval under x, or -1.
  int binAt(int x) const;
  QSize sizeHint() const override { return {900, 320}; }

 signals:
  // Double-click: the interval's time range [from, to].
  void intervalActivated(uint64_t from, uint64_t to);

 protected:
  void paintEvent(QPaintEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;

 private:
  QRect plotRect() const;
  double maxValue() const;
  double yOf(double v, double max, const QRect& pr) const;

  IoGraphResult result_;
  std::vector<QString> names_;
  std::vector<QColor> colours_;
  bool log_ = false;
};

}  // namespace saker::inspector
