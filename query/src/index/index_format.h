// Encodings shared by the index builder and the search: posting lists of event numbers
// (LEB128 varint deltas) and the granularity of time marks.
#pragma once

#include <zstd.h>

#include <cstdint>
#include <stdexcept>
#include <string>
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

// State checkpoints are stored zstd-compressed (they are mostly repeated strings).
inline void compress(std::string_view in, std::string& out) {
  out.resize(ZSTD_compressBound(in.size()));
  size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 1);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
}

inline void decompress(std::string_view in, std::string& out) {
  unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 32))
    throw std::runtime_error("malformed state checkpoint in the index");
  out.resize(size);
  size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n) || n != size) throw std::runtime_error("malformed state checkpoint in the index");
}

}  // namespace saker::query::index_format
