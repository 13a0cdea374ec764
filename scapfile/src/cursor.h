// Bounds-checked little-endian reading and appending of packed structures.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace saker::scap::detail {

// A malformed structure; `pos` is the byte position inside the block.
struct FormatError : std::runtime_error {
  FormatError(size_t p, const std::string& what) : std::runtime_error(what), pos(p) {}
  size_t pos;
};

// Reverses the bytes of an integer (big-endian captures).
template <typename T>
T byteswap(T v) {
  if constexpr (sizeof(T) == 1) {
    return v;
  } else {
    T out;
    auto* src = reinterpret_cast<const uint8_t*>(&v);
    auto* dst = reinterpret_cast<uint8_t*>(&out);
    for (size_t i = 0; i < sizeof(T); ++i) dst[i] = src[sizeof(T) - 1 - i];
    return out;
  }
}

class Cursor {
 public:
  // `swap`: the structure was written big-endian; integers are byte-swapped on read.
  Cursor(const uint8_t* begin, size_t len, size_t base_pos = 0, bool swap = false)
      : base_(begin - base_pos), p_(begin), end_(begin + len), swap_(swap) {}

  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  size_t pos() const { return static_cast<size_t>(p_ - base_); }
  const uint8_t* ptr() const { return p_; }

  template <typename T>
  T get(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return swap_ ? byteswap(v) : v;
  }
  void bytes(void* dst, size_t n, const char* what) {
    need(n, what);
    std::memcpy(dst, p_, n);
    p_ += n;
  }
  void skip(size_t n, const char* what) {
    need(n, what);
    p_ += n;
  }
  // u16-length-prefixed string; `limit` is the largest length a reader accepts.
  std::string lstr(size_t limit, const char* what) {
    auto n = get<uint16_t>(what);
    if (n > limit)
      throw FormatError(pos() - 2, fmt::format("{} length {} exceeds the limit {}", what, n, limit));
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }
  // A sub-cursor over a list entry that starts with its u32 length, those 4 bytes included
  // (FDL_V2, PL_V9, UL_V2); this cursor moves past the entry.
  Cursor sized_entry(const char* length_what, const char* entry_what) {
    size_t start = pos();
    auto len = get<uint32_t>(length_what);
    if (len < 4) throw FormatError(start, fmt::format("{} {} is too small", length_what, len));
    return take(len - 4, entry_what);
  }
  // A sub-cursor over the next n bytes; this cursor moves past them.
  Cursor take(size_t n, const char* what) {
    need(n, what);
    Cursor c(p_, n, pos(), swap_);
    c.base_ = base_;
    p_ += n;
    return c;
  }

 private:
  void need(size_t n, const char* what) const {
    if (remaining() < n)
      throw FormatError(pos(), fmt::format("{} needs {} bytes, {} left", what, n, remaining()));
  }
  const uint8_t* base_;
  const uint8_t* p_;
  const uint8_t* end_;
  bool swap_ = false;
};

class Appender {
 public:
  explicit Appender(std::vector<uint8_t>& out) : out_(out) {}
  template <typename T>
  void put(T v) {
    size_t at = out_.size();
    out_.resize(at + sizeof(T));
    std::memcpy(out_.data() + at, &v, sizeof(T));
  }
  void bytes(const void* src, size_t n) {
    auto* b = static_cast<const uint8_t*>(src);
    out_.insert(out_.end(), b, b + n);
  }
  // u16-length-prefixed string, cut to `limit` bytes.
  void lstr(std::string_view s, size_t limit) {
    if (s.size() > limit) s = s.substr(0, limit);
    put<uint16_t>(static_cast<uint16_t>(s.size()));
    bytes(s.data(), s.size());
  }
  size_t size() const { return out_.size(); }
  void patch_u32(size_t at, uint32_t v) { std::memcpy(out_.data() + at, &v, 4); }

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace saker::scap::detail
