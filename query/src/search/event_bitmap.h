// A set of event numbers, for search candidates.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace saker::query {

// A set of event numbers 0..size-1.
class Bitmap {
 public:
  explicit Bitmap(uint64_t size) : words_((size + 63) / 64, 0), size_(size) {}
  void set(uint64_t n) {
    if (n < size_) words_[n >> 6] |= 1ull << (n & 63);
  }
  void set_range(uint64_t lo, uint64_t hi) {  // inclusive
    if (size_ == 0) return;
    hi = std::min(hi, size_ - 1);
    for (uint64_t n = lo; n <= hi;) {
      if ((n & 63) == 0 && n + 63 <= hi) {
        words_[n >> 6] = ~0ull;
        n += 64;
      } else {
        set(n++);
      }
    }
  }
  bool test(uint64_t n) const { return n < size_ && (words_[n >> 6] >> (n & 63) & 1); }
  // The smallest member >= n, or UINT64_MAX.
  uint64_t next(uint64_t n) const {
    if (n >= size_) return UINT64_MAX;
    size_t i = n >> 6;
    uint64_t w = words_[i] & (~0ull << (n & 63));
    while (!w) {
      if (++i == words_.size()) return UINT64_MAX;
      w = words_[i];
    }
    return i * 64 + static_cast<uint64_t>(__builtin_ctzll(w));
  }
  void intersect(const Bitmap& o) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
  }
  uint64_t count() const {
    uint64_t c = 0;
    for (uint64_t w : words_) c += static_cast<uint64_t>(__builtin_popcountll(w));
    return c;
  }
  // The largest member, or 0 when empty.
  uint64_t last() const {
    for (size_t i = words_.size(); i-- > 0;)
      if (words_[i]) return i * 64 + 63 - static_cast<uint64_t>(__builtin_clzll(words_[i]));
    return 0;
  }

 private:
  std::vector<uint64_t> words_;
  uint64_t size_;
};

}  // namespace saker::query
