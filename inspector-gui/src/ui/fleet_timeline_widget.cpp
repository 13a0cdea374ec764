#include "fleet_timeline_widget.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

#include "alerts_model.h"

namespace saker::inspector {

namespace {

const QColor kSeverityColors[kAlertSeverityCount] = {QColor(0xd3, 0x2f, 0x2f), QColor(0xfb, 0xc0, 0x2d),
                                                     QColor(0x19, 0x76, 0xd2)};

}  // namespace

FleetTimelineWidget::FleetTimelineWidget(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(70);
  setMouseTracking(false);
  setToolTip(tr("Alerts over time. Drag to list one time range; double-click to list all."));
}

void FleetTimelineWidget::setBins(FleetAlertBins bins) {
  bins_ = std::move(bins);
  ranged_ = false;
  update();
}

void FleetTimelineWidget::setRange(uint64_t from, uint64_t to) {
  if (bins_.empty()) return;
  ranged_ = true;
  rangeFirst_ = bins_.bin_of(from);
  rangeLast_ = bins_.bin_of(to);
  update();
}

void FleetTimelineWidget::clearRange() {
  ranged_ = false;
  update();
}

QRect FleetTimelineWidget::plotRect() const {
  return rect().adjusted(4, 4, -4, -18);
}

size_t FleetTimelineWidget::binAt(int x) const {
  const QRect r = plotRect();
  if (bins_.empty() || r.width() <= 0) return 0;
  const int clamped = std::clamp(x, r.left(), r.right());
  return std::min(bins_.bins.size() - 1, static_cast<size_t>(clamped - r.left()) * bins_.bins.size() /
                                             static_cast<size_t>(r.width()));
}

void FleetTimelineWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  const QRect r = plotRect();
  if (bins_.empty() || r.width() <= 0) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter, tr("No alerts"));
    return;
  }
  const size_t n = bins_.bins.size();
  const double bw = static_cast<double>(r.width()) / static_cast<double>(n);
  auto x_of = [&](size_t i) { return r.left() + static_cast<int>(bw * static_cast<double>(i)); };
  const bool dragging = dragStart_ >= 0 && dragNow_ >= 0;
  const size_t selFirst = dragging ? binAt(std::min(dragStart_, dragNow_)) : rangeFirst_;
  const size_t selLast = dragging ? binAt(std::max(dragStart_, dragNow_)) : rangeLast_;
  if (dragging || ranged_)
    p.fillRect(QRect(QPoint(x_of(selFirst), r.top()), QPoint(x_of(selLast + 1) - 1, r.bottom())),
               palette().color(QPalette::Highlight).lighter(170));
  for (size_t i = 0; i < n; ++i) {
    const int x0 = x_of(i), x1 = std::max(x0 + 1, x_of(i + 1) - 1);
    int y = r.bottom();
    for (size_t s = 0; s < kAlertSeverityCount; ++s) {
      const uint64_t c = bins_.bins[i][s];
      if (!c) continue;
      const int h =
          std::max(1, static_cast<int>(static_cast<double>(c) * r.height() /
                                       static_cast<double>(std::max<uint64_t>(1, bins_.max_total))));
      p.fillRect(QRect(x0, y - h + 1, x1 - x0, h), kSeverityColors[s]);
      y -= h;
    }
  }
  p.setPen(palette().color(QPalette::Text));
  const QRect labels(r.left(), r.bottom() + 2, r.width(), 16);
  p.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, format_time(bins_.begin, true));
  p.drawText(labels, Qt::AlignRight | Qt::AlignVCenter,
             format_time(bins_.start(n - 1) + bins_.width - 1, true));
  p.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter, tr("highest bar: %1 alerts").arg(bins_.max_total));
}

void FleetTimelineWidget::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || bins_.empty()) return;
  dragStart_ = dragNow_ = e->position().toPoint().x();
  update();
}

void FleetTimelineWidget::mouseMoveEvent(QMouseEvent* e) {
  if (dragStart_ < 0) return;
  dragNow_ = e->position().toPoint().x();
  update();
}

void FleetTimelineWidget::mouseReleaseEvent(QMouseEvent* e) {
  if (dragStart_ < 0 || e->button() != Qt::LeftButton) return;
  dragNow_ = e->position().toPoint().x();
  rangeFirst_ = binAt(std::min(dragStart_, dragNow_));
  rangeLast_ = binAt(std::max(dragStart_, dragNow_));
  dragStart_ = dragNow_ = -1;
  ranged_ = true;
  update();
  emit rangeSelected(bins_.start(rangeFirst_), bins_.start(rangeLast_) + bins_.width - 1);
}

void FleetTimelineWidget::mouseDoubleClickEvent(QMouseEvent*) {
  dragStart_ = dragNow_ = -1;
  ranged_ = false;
  update();
  emit rangeCleared();
}

}  // namespace saker::inspector
