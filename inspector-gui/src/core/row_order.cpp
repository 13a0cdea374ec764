#include "row_order.h"

#include <algorithm>
#include <bit>
#include <numeric>

namespace saker::inspector {

namespace {

constexpr size_t kSmall = 64;  // buckets this small are left to insertion sort

void insertion_sort(uint64_t* a, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    uint64_t v = a[i];
    size_t j = i;
    for (; j > 0 && a[j - 1] > v; --j) a[j] = a[j - 1];
    a[j] = v;
  }
}

// American flag sort: count the digit at `shift`, swap every word into its bucket in place,
// then sort each bucket by the next digit.
void flag_sort(uint64_t* a, size_t n, int shift) {
  if (n <= kSmall) {
    insertion_sort(a, n);
    return;
  }
  size_t count[256] = {};
  for (size_t i = 0; i < n; ++i) ++count[(a[i] >> shift) & 0xff];
  size_t next[256], end[256];
  size_t at = 0;
  for (int b = 0; b < 256; ++b) {
    next[b] = at;
    at += count[b];
    end[b] = at;
  }
  for (int b = 0; b < 256; ++b) {
    while (next[b] < end[b]) {
      uint64_t v = a[next[b]];
      int d = static_cast<int>((v >> shift) & 0xff);
      while (d != b) {
        std::swap(v, a[next[d]++]);
        d = static_cast<int>((v >> shift) & 0xff);
      }
      a[next[b]++] = v;
    }
  }
  if (shift == 0) return;
  int lower = shift > 8 ? shift - 8 : 0;  // the last digit may overlap bits already equal: harmless
  size_t begin = 0;
  for (int b = 0; b < 256; ++b) {
    if (count[b] > 1) flag_sort(a + begin, count[b], lower);
    begin += count[b];
  }
}

}  // namespace

void radix_sort_words(uint64_t* words, size_t n, int bits) {
  if (n < 2) return;
  flag_sort(words, n, std::max(bits - 8, 0));
}

void restore_capture_order(std::vector<RowNum>& rows) {
  if (rows.size() < 2) return;
  auto [lo_it, hi_it] = std::minmax_element(rows.begin(), rows.end());
  const RowNum lo = *lo_it;
  const size_t span = size_t{*hi_it} - lo + 1;
  if (span / 8 > rows.size() * sizeof(RowNum)) {  // sparse rows: a bitmap would outweigh them
    std::sort(rows.begin(), rows.end());
    return;
  }
  std::vector<uint64_t> bits((span + 63) / 64, 0);
  for (RowNum r : rows) bits[(r - lo) / 64] |= uint64_t{1} << ((r - lo) % 64);
  size_t out = 0;
  for (size_t w = 0; w < bits.size(); ++w)
    for (uint64_t b = bits[w]; b; b &= b - 1)
      rows[out++] = static_cast<RowNum>(lo + w * 64 + static_cast<size_t>(std::countr_zero(b)));
}

std::vector<RowNum> order_rows(std::vector<RowNum> rows, std::vector<uint64_t>&& keys,
                               const std::vector<bool>& present, bool descending) {
  const size_t n = rows.size();
  if (n < 2) return rows;
  uint64_t lo = UINT64_MAX, hi = 0;
  for (size_t i = 0; i < n; ++i)
    if (present[i]) {
      lo = std::min(lo, keys[i]);
      hi = std::max(hi, keys[i]);
    }
  if (lo > hi) return rows;  // no row has a value: capture order
  // Ascending: missing 0, values 1 + (key - lo). Descending: values hi - key, missing above them.
  const uint64_t range = hi - lo;
  auto code = [&](size_t i) {
    if (descending) return present[i] ? hi - keys[i] : range + 1;
    return present[i] ? keys[i] - lo + 1 : 0;
  };
  const int num_bits = std::bit_width(uint64_t{rows.back()});
  const int key_bits = range == UINT64_MAX ? 65 : std::bit_width(range + 1);
  if (key_bits + num_bits <= 64) {
    for (size_t i = 0; i < n; ++i) keys[i] = (code(i) << num_bits) | rows[i];
    radix_sort_words(keys.data(), n, key_bits + num_bits);
    const uint64_t mask = (uint64_t{1} << num_bits) - 1;
    for (size_t i = 0; i < n; ++i) rows[i] = static_cast<RowNum>(keys[i] & mask);
    return rows;
  }
  // Keys spread over nearly all 64 bits: sort positions, ties by position.
  std::vector<uint32_t> pos(n);
  std::iota(pos.begin(), pos.end(), 0u);
  std::sort(pos.begin(), pos.end(), [&](uint32_t a, uint32_t b) {
    bool pa = present[a], pb = present[b];
    if (pa != pb) return descending ? pa : pb;  // missing first ascending, last descending
    if (pa && keys[a] != keys[b]) return descending ? keys[a] > keys[b] : keys[a] < keys[b];
    return a < b;
  });
  std::vector<RowNum> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = rows[pos[i]];
  return out;
}

}  // namespace saker::inspector
