// Encodings shared by the index builder and the search: posting lists of event numbers
// (LEB128 varint deltas) and the granularity of time marks.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace saker::query::index_format {

// postings.kind values.
inline constexpr const char* kPostingType = "etype";              // key: scap event id
inline constexpr const char* kPostingProc = "proc.name";          // key: strings.id
inline constexpr const char* kPostingFd = "fd.name";              // key: strings.id
inline constexpr const char* kPostingContainer = "container.id";  // key: strings.id

// One time_marks row per this many events.
inline constexpr uint64_t kMarkEvents = 4096;

inline void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// Calls f(num) for each event number of a posting list; false when the bytes are malformed.
template <typename F>
bool for_each_num(std::string_view bytes, F&& f) {
  uint64_t num = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    uint64_t delta = 0;
    int shift = 0;
    for (;;) {
      if (i >= bytes.size() || shift > 63) return false;
      uint8_t b = static_cast<uint8_t>(bytes[i++]);
      delta |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
      shift += 7;
    }
    num += delta;
    f(num);
  }
  return true;
}

}  // namespace saker::query::index_format
