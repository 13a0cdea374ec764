#include "timeline_ticks.h"

#include <QDateTime>

namespace saker::inspector {

TimelineAxis timeline_axis(uint64_t begin, uint64_t end, size_t max_ticks) {
  TimelineAxis a;
  if (end <= begin || max_ticks == 0) return a;
  const uint64_t span = end - begin;
  // The smallest round step giving at most max_ticks ticks.
  for (uint64_t decade = 1;; decade *= 10) {
    for (uint64_t m : {1, 2, 5}) {
      uint64_t step = m * decade;
      if (span / step < max_ticks) {  // span / step + 1 ticks at most
        a.step = step;
        break;
      }
    }
    if (a.step || decade > UINT64_MAX / 100) break;
  }
  if (!a.step) return a;
  uint64_t t = begin / a.step * a.step;  // the first multiple of step at or after begin
  if (t < begin) {
    if (UINT64_MAX - t < a.step) return a;
    t += a.step;
  }
  for (; t <= end; t += a.step) {
    a.ticks.push_back(t);
    if (end - t < a.step) break;  // the next would pass end (or wrap)
  }
  return a;
}

QString tick_label(uint64_t ts, uint64_t step) {
  QDateTime t = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ts / 1000000000 * 1000), Qt::UTC);
  QString s = t.toString("HH:mm:ss");
  int decimals = 0;
  for (uint64_t s10 = 1000000000; decimals < 9 && step % s10 != 0; s10 /= 10) ++decimals;
  if (decimals == 0) return s;
  uint64_t frac = ts % 1000000000;
  for (int i = decimals; i < 9; ++i) frac /= 10;
  return s + QStringLiteral(".%1").arg(frac, decimals, 10, QChar('0'));
}

}  // namespace saker::inspector
