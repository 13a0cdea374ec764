#include "timeline_bins.h"

#include <algorithm>

namespace saker::inspector {

TimelineBins::TimelineBins(size_t bins, uint64_t initial_width_ns)
    : counts_(std::max<size_t>(bins, 2) & ~size_t{1}), width_(std::max<uint64_t>(initial_width_ns, 1)) {}

TimelineBins TimelineBins::fixed(uint64_t begin, uint64_t end, size_t bins) {
  TimelineBins t(bins, 1);
  bins = t.counts_.size();
  if (end < begin) end = begin;
  t.begin_ = begin;
  t.fixed_end_ = end;
  t.width_ = std::max<uint64_t>(1, (end - begin) / bins + 1);
  t.fixed_ = t.started_ = true;
  return t;
}

void TimelineBins::merge_pairs() {
  size_t n = counts_.size();
  for (size_t i = 0; i < n / 2; ++i)
    for (int c = 0; c < kEventClassCount; ++c) counts_[i][c] = counts_[2 * i][c] + counts_[2 * i + 1][c];
  for (size_t i = n / 2; i < n; ++i) counts_[i] = Counts{};
  width_ *= 2;
  used_ = (used_ + 1) / 2;
}

void TimelineBins::add(uint64_t ts, EventClass c, uint64_t n) {
  if (!started_) {
    begin_ = ts;
    started_ = true;
  }
  if (ts < begin_) {
    if (fixed_) return;
    ts = begin_;  // out-of-order events before the first one count in the first bin
  }
  if (fixed_ && ts > fixed_end_) return;
  uint64_t off = ts - begin_;
  while (!fixed_ && off / width_ >= counts_.size()) merge_pairs();
  size_t i = std::min<size_t>(off / width_, counts_.size() - 1);
  counts_[i][static_cast<size_t>(c)] += n;
  used_ = std::max(used_, i + 1);
  total_ += n;
}

uint64_t TimelineBins::end() const {
  if (fixed_) return fixed_end_;
  return begin_ + width_ * used_;
}

uint64_t TimelineBins::bin_total(size_t i) const {
  uint64_t s = 0;
  for (uint64_t v : counts_[i]) s += v;
  return s;
}

uint64_t TimelineBins::max_bin_total() const {
  uint64_t m = 0;
  for (size_t i = 0; i < counts_.size(); ++i) m = std::max(m, bin_total(i));
  return m;
}

size_t TimelineBins::bin_of(uint64_t ts) const {
  if (ts <= begin_) return 0;
  return std::min<size_t>((ts - begin_) / width_, counts_.size() - 1);
}

}  // namespace saker::inspector
