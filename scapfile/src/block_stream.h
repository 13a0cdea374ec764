// Reads framed blocks from a byte source. A block is handed out where it lies in the chunk
// the source delivered; only a block that straddles two chunks is copied (into `spill_`).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>

#include "chunk_source.h"
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
  // read_ahead: read (and decompress) on a second thread, ahead of the caller.
  explicit BlockStream(std::unique_ptr<ByteSource> src, bool read_ahead = false);

  // The next block, or false at a clean end of stream. Throws CaptureError when the
  // stream ends inside a block or a block length is impossible. The block's bytes stay
  // valid until the next call.
  bool next(BlockRef& out);
  // The type of the next block without consuming it; false at the end of the stream.
  bool peek_type(uint32_t& type);
  void seek(uint64_t offset);
  // The capture was written big-endian: block types and lengths are byte-swapped.
  void set_swap(bool swap) { swap_ = swap; }
  bool swap() const { return swap_; }
  // Copies up to n bytes at the current position without consuming them.
  size_t peek(void* dst, size_t n);
  uint64_t offset() const { return spill_pos_ < spill_len_ ? spill_base_ + spill_pos_ : chunk_base_ + pos_; }
  ByteSource& source() { return chunks_->source(); }
  const ByteSource& source() const { return chunks_->source(); }

  static constexpr uint32_t kMaxBlock = 1u << 30;  // larger blocks are refused

 private:
  // Points `at` to n contiguous bytes at the current position without consuming them;
  // returns how many there are (fewer only at the end of the stream).
  size_t view(size_t n, const uint8_t*& at);
  void consume(size_t n);
  bool pull_chunk();

  std::unique_ptr<ChunkSource> chunks_;
  std::span<const uint8_t> chunk_;  // the current chunk; chunk_[pos_] follows the spill
  size_t pos_ = 0;
  uint64_t chunk_base_ = 0;  // stream offset of chunk_[0]
  // Bytes copied out of earlier chunks, stream offsets [spill_base_, spill_base_ + spill_len_),
  // ending where chunk_[pos_] begins; spill_pos_ is the current position inside.
  struct Buffer {
    std::unique_ptr<uint8_t[]> bytes;
    size_t cap = 0;
    void reserve(size_t n, size_t keep) {  // grows only as bytes arrive (a length field cannot
      if (n <= cap) return;                // make us allocate what the file lacks)
      size_t c = std::max({n, cap * 2, size_t{4096}});
      std::unique_ptr<uint8_t[]> grown(new uint8_t[c]);
      if (keep) std::copy(bytes.get(), bytes.get() + keep, grown.get());
      bytes = std::move(grown);
      cap = c;
    }
  };
  Buffer spill_;
  size_t spill_len_ = 0, spill_pos_ = 0;
  uint64_t spill_base_ = 0;
  bool eof_ = false;
  bool swap_ = false;
};

}  // namespace saker::scap
