// Event counts over time, by event class, in a fixed number of bins.
//
// Two ways to fill it: with a known range (bins cover [begin, end] evenly), or open-ended
// while a capture loads: the bin width starts small and doubles (merging bin pairs)
// whenever an event falls past the last bin, so the bins always cover the events seen.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "event_class.h"

namespace saker::inspector {

class TimelineBins {
 public:
  using Counts = std::array<uint64_t, kEventClassCount>;

  // Open-ended from the first event added; `bins` is the resolution kept.
  explicit TimelineBins(size_t bins = 1024, uint64_t initial_width_ns = 1);
  // Fixed range [begin, end]; events outside are ignored.
  static TimelineBins fixed(uint64_t begin, uint64_t end, size_t bins);

  void add(uint64_t ts, EventClass c, uint64_t n = 1);

  bool empty() const { return total_ == 0; }
  uint64_t total() const { return total_; }
  uint64_t begin() const { return begin_; }
  uint64_t width() const { return width_; }  // ns per bin
  // The end of the last bin that holds events (open-ended), or the fixed end.
  uint64_t end() const;
  size_t size() const { return counts_.size(); }
  const Counts& at(size_t i) const { return counts_[i]; }
  uint64_t bin_total(size_t i) const;
  uint64_t max_bin_total() const;
  // The bin holding `ts`, clamped to the bins.
  size_t bin_of(uint64_t ts) const;

 private:
  void merge_pairs();

  std::vector<Counts> counts_;
  uint64_t begin_ = 0, width_ = 1, fixed_end_ = 0;
  uint64_t total_ = 0;
  size_t used_ = 0;  // bins up to the last non-empty one
  bool fixed_ = false, started_ = false;
};

}  // namespace saker::inspector
