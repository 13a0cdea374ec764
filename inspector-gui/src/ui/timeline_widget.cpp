#include "timeline_widget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "alerts_model.h"
#include "timeline_ticks.h"

namespace saker::inspector {

QColor class_bar_color(EventClass c) {
  switch (c) {
    case EventClass::Process:
      return QColor(0x8e, 0x5c, 0xc4);
    case EventClass::File:
      return QColor(0x3b, 0x82, 0xd0);
    case EventClass::Network:
      return QColor(0x3a, 0xa8, 0x5f);
    default:
      return QColor(0x9e, 0x9e, 0x9e);
  }
}

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(90);
  setMouseTracking(true);
  setToolTip(tr("Drag to select a time range; double-click to zoom out"));
}

void TimelineWidget::setBins(TimelineBins bins) {
  bins_ = std::move(bins);
  update();
}

void TimelineWidget::setMarkers(std::vector<Marker> markers) {
  markers_ = std::move(markers);
  update();
}

QRect TimelineWidget::plotRect() const {
  return rect().adjusted(8, 26, -8, -20);
}

uint64_t TimelineWidget::spanEnd() const {
  return std::max(bins_.end(), bins_.begin() + 1);
}

uint64_t TimelineWidget::timeAt(int x) const {
  QRect pr = plotRect();
  double f = std::clamp(static_cast<double>(x - pr.left()) / std::max(1, pr.width()), 0.0, 1.0);
  return bins_.begin() + static_cast<uint64_t>(f * static_cast<double>(spanEnd() - bins_.begin()));
}

int TimelineWidget::xOf(uint64_t ts) const {
  QRect pr = plotRect();
  if (ts <= bins_.begin()) return pr.left();
  double f = static_cast<double>(ts - bins_.begin()) / static_cast<double>(spanEnd() - bins_.begin());
  return pr.left() + static_cast<int>(std::min(f, 1.0) * pr.width());
}

void TimelineWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QPalette& pal = palette();
  p.fillRect(rect(), pal.color(QPalette::Base));
  QRect pr = plotRect();
  p.setPen(pal.color(QPalette::Mid));
  p.drawLine(pr.bottomLeft(), pr.bottomRight());
  uint64_t maxv = bins_.max_bin_total();
  if (!bins_.empty() && maxv) {
    size_t used = std::min(
        bins_.size(), static_cast<size_t>((spanEnd() - bins_.begin() + bins_.width() - 1) / bins_.width()));
    for (size_t i = 0; i < used; ++i) {
      uint64_t t0 = bins_.begin() + i * bins_.width();
      int x0 = xOf(t0), x1 = std::max(x0 + 1, xOf(t0 + bins_.width()));
      double y = pr.bottom();
      const auto& c = bins_.at(i);
      uint64_t total = bins_.bin_total(i);
      if (!total) continue;
      // Square-root scale for the bar (quiet stretches stay visible beside bursts), split
      // between the classes in proportion to their counts.
      double bar = std::max(
          1.0, std::sqrt(static_cast<double>(total)) / std::sqrt(static_cast<double>(maxv)) * pr.height());
      for (int k = 0; k < kEventClassCount; ++k) {
        if (!c[k]) continue;
        double h = bar * static_cast<double>(c[k]) / static_cast<double>(total);
        p.fillRect(QRectF(x0, y - h, x1 - x0, h), class_bar_color(static_cast<EventClass>(k)));
        y -= h;
      }
    }
  }
  for (const Marker& m : markers_) {
    if (m.ts < bins_.begin() || m.ts > spanEnd()) continue;
    int x = xOf(m.ts);
    QColor col = AlertsModel::priorityColor(m.priority);
    p.setPen(QPen(col, 1));
    p.drawLine(x, 24, x, pr.bottom());
    QPolygon tri;
    tri << QPoint(x - 5, 15) << QPoint(x + 5, 15) << QPoint(x, 24);
    p.setBrush(col);
    p.setPen(Qt::NoPen);
    p.drawPolygon(tri);
  }
  if (brushStart_) {
    QColor b = pal.color(QPalette::Highlight);
    b.setAlpha(70);
    int a = std::min(*brushStart_, brushEnd_), e = std::max(*brushStart_, brushEnd_);
    p.fillRect(QRect(a, pr.top(), e - a, pr.height()), b);
  }
  p.setPen(pal.color(QPalette::Text));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  p.setFont(f);
  if (!bins_.empty()) {
    // The axis: ticks at round times, each labelled (about one per 110 pixels).
    const QFontMetrics fm(f);
    TimelineAxis axis =
        timeline_axis(bins_.begin(), spanEnd(), static_cast<size_t>(std::max(2, pr.width() / 110)));
    for (uint64_t t : axis.ticks) {
      int x = xOf(t);
      p.setPen(pal.color(QPalette::Mid));
      p.drawLine(x, pr.bottom(), x, pr.bottom() + 4);
      QString label = tick_label(t, axis.step);
      int w = fm.horizontalAdvance(label);
      int left = std::clamp(x - w / 2, pr.left(), std::max(pr.left(), pr.right() - w));
      p.setPen(pal.color(QPalette::Text));
      p.drawText(QRect(left, pr.bottom() + 4, w + 2, 16), Qt::AlignLeft, label);
    }
    double ns = static_cast<double>(spanEnd() - bins_.begin());
    QString span = ns >= 1e9   ? tr("%1 s").arg(ns / 1e9, 0, 'f', 2)
                   : ns >= 1e6 ? tr("%1 ms").arg(ns / 1e6, 0, 'f', 2)
                               : tr("%1 µs").arg(ns / 1e3, 0, 'f', 1);
    QString summary = tr("from %1, %2 shown, %3 events%4")
                          .arg(format_time(bins_.begin(), true))
                          .arg(span)
                          .arg(bins_.total())
                          .arg(zoomed_ ? tr(" (zoomed: double-click to zoom out)") : "");
    p.drawText(QRect(pr.left(), 0, pr.width(), 14), Qt::AlignRight | Qt::AlignVCenter, summary);
  } else {
    p.drawText(pr, Qt::AlignCenter, tr("no events"));
  }
  // Legend
  int lx = pr.left();
  for (int k = 0; k < kEventClassCount; ++k) {
    auto c = static_cast<EventClass>(k);
    p.fillRect(QRect(lx, 3, 9, 9), class_bar_color(c));
    p.drawText(QRect(lx + 12, 0, 80, 14), Qt::AlignLeft | Qt::AlignVCenter, event_class_name(c));
    lx += 80;
  }
}

void TimelineWidget::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  brushStart_ = e->position().toPoint().x();
  brushEnd_ = *brushStart_;
  update();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* e) {
  int x = e->position().toPoint().x();
  if (brushStart_) {
    brushEnd_ = x;
    update();
    return;
  }
  if (bins_.empty()) return;
  size_t i = bins_.bin_of(timeAt(x));
  const auto& c = bins_.at(i);
  QToolTip::showText(e->globalPosition().toPoint(),
                     tr("%1\nprocess %2, file %3, network %4, other %5")
                         .arg(format_time(bins_.begin() + i * bins_.width()))
                         .arg(c[0])
                         .arg(c[1])
                         .arg(c[2])
                         .arg(c[3]),
                     this);
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* e) {
  if (!brushStart_ || e->button() != Qt::LeftButton) return;
  int a = std::min(*brushStart_, brushEnd_), b = std::max(*brushStart_, brushEnd_);
  brushStart_.reset();
  update();
  if (b - a >= 3) emit rangeSelected(timeAt(a), timeAt(b));
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent*) {
  brushStart_.reset();
  emit zoomOutRequested();
}

}  // namespace saker::inspector
