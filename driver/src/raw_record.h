// A record from the kernel, parsed with every length checked against the bytes received.
#pragma once

#include <linux/types.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

extern "C" {
#include "raw_event.h"
}

namespace saker::driver {

class RawRecord {
 public:
  // False when the record is malformed (short, or a chunk runs past the end).
  bool parse(const void* data, size_t size) {
    if (size < sizeof(saker_raw_hdr)) return false;
    std::memcpy(&h_, data, sizeof h_);
    if (h_.len > size || h_.len < sizeof h_) return false;
    chunks_.fill({});
    auto* p = static_cast<const uint8_t*>(data);
    size_t off = sizeof h_;
    while (off + sizeof(saker_chunk_hdr) <= h_.len) {
      saker_chunk_hdr c;
      std::memcpy(&c, p + off, sizeof c);
      off += sizeof c;
      if (c.len > h_.len - off) return false;
      if (c.tag < chunks_.size()) chunks_[c.tag] = {p + off, c.len};
      off += c.len;
    }
    return true;
  }

  const saker_raw_hdr& hdr() const { return h_; }
  int64_t ret() const { return h_.ret; }
  uint64_t arg(int i) const { return h_.args[i]; }
  int64_t sarg(int i) const { return static_cast<int64_t>(h_.args[i]); }
  // int-typed arguments (fds, pids) are sign-extended from their low 32 bits.
  int64_t iarg(int i) const { return static_cast<int32_t>(h_.args[i]); }

  std::span<const uint8_t> chunk(int tag) const { return chunks_[tag]; }
  // The user string captured at argument i, without its NUL.
  std::string_view str(int arg) const { return cstr(chunks_[SAKER_CH_STR0 + arg]); }

  template <typename T>
  const T* fixed(int tag, T& storage) const {
    auto c = chunks_[tag];
    if (c.size() < sizeof(T)) return nullptr;
    std::memcpy(&storage, c.data(), sizeof(T));
    return &storage;
  }

  static std::string_view cstr(std::span<const uint8_t> c) {
    if (c.empty()) return {};
    auto* s = reinterpret_cast<const char*>(c.data());
    return {s, strnlen(s, c.size())};
  }

 private:
  saker_raw_hdr h_{};
  std::array<std::span<const uint8_t>, SAKER_CH_COUNT> chunks_{};
};

}  // namespace saker::driver
