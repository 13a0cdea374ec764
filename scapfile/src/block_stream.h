// Reads framed blocks from a byte source into one reusable buffer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "saker/scap/byte_source.h"

namespace saker::scap {

struct BlockRef {
  uint32_t type = 0;
  uint32_t total_len = 0;
  const uint8_t* body = nullptr;  // total_len - 12 bytes (padding included)
  uint32_t body_len = 0;
  uint32_t trailer = 0;
  uint64_t offset = 0;  // stream offset of the block
};

class BlockStream {
 public:
  explicit BlockStream(std::unique_ptr<ByteSource> src);

  // The next block, or false at a clean end of stream. Throws CaptureError when the
  // stream ends inside a block or a block length is impossible.
  bool next(BlockRef& out);
  // The type of the next block without consuming it; false at the end of the stream.
  bool peek_type(uint32_t& type);
  void seek(uint64_t offset);
  // The capture was written big-endian: block types and lengths are byte-swapped.
  void set_swap(bool swap) { swap_ = swap; }
  bool swap() const { return swap_; }
  // Copies up to n bytes at the current position without consuming them.
  size_t peek(void* dst, size_t n);
  uint64_t offset() const { return base_ + pos_; }
  ByteSource& source() { return *src_; }
  const ByteSource& source() const { return *src_; }

  static constexpr uint32_t kMaxBlock = 1u << 30;  // larger blocks are refused

 private:
  // Makes n bytes available at pos_; returns how many are (fewer only at the end).
  size_t ensure(size_t n);

  std::unique_ptr<ByteSource> src_;
  // Not zero-filled: a reader opened for a few blocks does not touch the whole buffer.
  struct Buffer {
    std::unique_ptr<uint8_t[]> bytes;
    size_t len = 0;
    uint8_t* data() { return bytes.get(); }
    size_t size() const { return len; }
    void resize(size_t n) {  // keeps the first min(len, n) bytes
      std::unique_ptr<uint8_t[]> grown(new uint8_t[n]);
      if (len) std::copy(bytes.get(), bytes.get() + std::min(len, n), grown.get());
      bytes = std::move(grown);
      len = n;
    }
  };
  Buffer buf_;
  size_t pos_ = 0, end_ = 0;
  uint64_t base_ = 0;  // stream offset of buf_[0]
  bool eof_ = false;
  bool swap_ = false;
  static constexpr size_t kFirstRead = 64 * 1024;
  size_t read_size_ = 1 << 20;  // bytes to ask the source for next (doubles after a seek)
};

}  // namespace saker::scap
