// The timeline's axis: ticks at round times (1, 2 or 5 times a power of ten nanoseconds)
// with labels as precise as their spacing needs.
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace saker::inspector {

struct TimelineAxis {
  uint64_t step = 0;            // ns between ticks
  std::vector<uint64_t> ticks;  // multiples of step within [begin, end]
};

// At most `max_ticks` ticks over [begin, end] (none when the range is empty).
TimelineAxis timeline_axis(uint64_t begin, uint64_t end, size_t max_ticks);

// "HH:mm:ss" (UTC, as the list shows times) with as many decimals as `step` needs.
QString tick_label(uint64_t ts, uint64_t step);

}  // namespace saker::inspector
