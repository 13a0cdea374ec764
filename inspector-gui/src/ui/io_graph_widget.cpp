#include "io_graph_widget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <cmath>

#include "timeline_ticks.h"

namespace saker::inspector {

IoGraphWidget::IoGraphWidget(QWidget* parent) : QWidget(parent) {
  setObjectName("ioGraphPlot");
  setMouseTracking(true);
  setMinimumHeight(200);
}

void IoGraphWidget::setResult(IoGraphResult r, std::vector<QString> names, std::vector<QColor> colours) {
  result_ = std::move(r);
  names_ = std::move(names);
  colours_ = std::move(colours);
  update();
}

void IoGraphWidget::setLogScale(bool on) {
  log_ = on;
  update();
}

QRect IoGraphWidget::plotRect() const {
  return rect().adjusted(70, 10, -16, -28);
}

double IoGraphWidget::maxValue() const {
  double m = 0;
  for (const IoGraphSeries& s : result_.series)
    for (double v : s.values)
      if (!std::isnan(v)) m = std::max(m, v);
  return m;
}

double IoGraphWidget::yOf(double v, double max, const QRect& pr) const {
  if (max <= 0) return pr.bottom();
  const double f = log_ ? std::log10(1 + std::max(0.0, v)) / std::log10(1 + max) : v / max;
  return pr.bottom() - f * pr.height();
}

int IoGraphWidget::binAt(int x) const {
  const QRect pr = plotRect();
  if (!result_.bins || x < pr.left() || x > pr.right()) return -1;
  return std::min<int>(int(result_.bins) - 1, int(double(x - pr.left()) / pr.width() * double(result_.bins)));
}

void IoGraphWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette& pal = palette();
  p.fillRect(rect(), pal.color(QPalette::Base));
  const QRect pr = plotRect();
  p.setPen(pal.color(QPalette::Mid));
  p.drawLine(pr.bottomLeft(), pr.bottomRight());
  p.drawLine(pr.bottomLeft(), pr.topLeft());
  if (!result_.bins) {
    p.setPen(pal.color(QPalette::Text));
    p.drawText(pr, Qt::AlignCenter, tr("No intervals: open a capture and press Apply"));
    return;
  }
  const double max = maxValue();
  // Value axis: zero, the middle and the largest value.
  p.setPen(pal.color(QPalette::Text));
  for (double v : {0.0, max / 2, max}) {
    const double y = yOf(v, max, pr);
    p.drawText(QRectF(0, y - 8, pr.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(v, 'g', 6));
    p.setPen(QPen(pal.color(QPalette::Midlight), 1, Qt::DotLine));
    p.drawLine(QPointF(pr.left(), y), QPointF(pr.right(), y));
    p.setPen(pal.color(QPalette::Text));
  }
  // Time axis at round times.
  const uint64_t end = result_.from + result_.bins * result_.interval;
  const TimelineAxis axis = timeline_axis(result_.from, end, size_t(std::max(2, pr.width() / 110)));
  for (uint64_t t : axis.ticks) {
    const double x = pr.left() + double(t - result_.from) / double(end - result_.from) * pr.width();
    p.drawLine(QPointF(x, pr.bottom()), QPointF(x, pr.bottom() + 4));
    p.drawText(QRectF(x - 60, pr.bottom() + 5, 120, 18), Qt::AlignHCenter | Qt::AlignTop,
               tick_label(t, axis.step));
  }
  const double w = double(pr.width()) / double(result_.bins);
  for (size_t k = 0; k < result_.series.size(); ++k) {
    const std::vector<double>& values = result_.series[k].values;
    QPainterPath path;
    bool drawing = false;
    for (size_t b = 0; b < values.size(); ++b) {
      if (std::isnan(values[b])) {  // no value in this interval: the line breaks
        drawing = false;
        continue;
      }
      const QPointF at(pr.left() + (double(b) + 0.5) * w, yOf(values[b], max, pr));
      if (drawing)
        path.lineTo(at);
      else
        path.moveTo(at);
      drawing = true;
      if (values.size() < 120) path.addEllipse(at, 1.5, 1.5);
    }
    p.setPen(QPen(k < colours_.size() ? colours_[k] : pal.color(QPalette::Text), 1.6));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
  }
}

void IoGraphWidget::mouseMoveEvent(QMouseEvent* e) {
  const int b = binAt(int(e->position().x()));
  if (b < 0) return;
  const uint64_t from = result_.from + uint64_t(b) * result_.interval;
  QString tip = tick_label(from, result_.interval);
  for (size_t k = 0; k < result_.series.size(); ++k) {
    const double v = result_.series[k].values[size_t(b)];
    tip += QStringLiteral("\n%1: %2")
               .arg(k < names_.size() ? names_[k] : QString::number(k + 1),
                    std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'g', 10));
  }
  QToolTip::showText(e->globalPosition().toPoint(), tip, this);
}

void IoGraphWidget::mouseDoubleClickEvent(QMouseEvent* e) {
  const int b = binAt(int(e->position().x()));
  if (b < 0) return;
  const uint64_t from = result_.from + uint64_t(b) * result_.interval;
  emit intervalActivated(from, from + result_.interval - 1);
}

}  // namespace saker::inspector
