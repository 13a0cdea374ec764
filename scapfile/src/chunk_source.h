// Hands out a byte stream in large chunks, read either on the caller's thread or ahead of it
// on a second thread (file reading and decompression overlap the caller's decoding).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "saker/scap/byte_source.h"

namespace saker::scap {

class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // The next bytes of the stream, empty at its end; valid until the following call or seek.
  // A read error is thrown in stream order: after every byte before it was handed out.
  virtual std::span<const uint8_t> next_chunk() = 0;
  // Restarts the stream at an uncompressed offset.
  virtual void seek(uint64_t offset) = 0;
  ByteSource& source() { return *src_; }
  const ByteSource& source() const { return *src_; }

 protected:
  explicit ChunkSource(std::unique_ptr<ByteSource> src) : src_(std::move(src)) {}
  std::unique_ptr<ByteSource> src_;
};

std::unique_ptr<ChunkSource> make_chunk_source(std::unique_ptr<ByteSource> src, bool read_ahead);

}  // namespace saker::scap
