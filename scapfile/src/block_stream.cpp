#include "block_stream.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "cursor.h"
#include "saker/scap/block_types.h"
#include "saker/scap/error.h"

namespace saker::scap {

BlockStream::BlockStream(std::unique_ptr<ByteSource> src, bool read_ahead)
    : chunks_(make_chunk_source(std::move(src), read_ahead)) {}

bool BlockStream::pull_chunk() {
  if (eof_) return false;
  chunk_base_ += chunk_.size();
  chunk_ = chunks_->next_chunk();
  pos_ = 0;
  if (chunk_.empty()) eof_ = true;
  return !eof_;
}

size_t BlockStream::view(size_t n, const uint8_t*& at) {
  size_t spilled = spill_len_ - spill_pos_;
  if (spilled == 0 && chunk_.size() - pos_ >= n) {
    at = chunk_.data() + pos_;
    return n;
  }
  if (spilled >= n) {
    at = spill_.bytes.get() + spill_pos_;
    return n;
  }
  // Gather n bytes into the spill buffer: what is left of it, then the chunks' bytes.
  if (spill_pos_ > 0) {
    std::memmove(spill_.bytes.get(), spill_.bytes.get() + spill_pos_, spilled);
    spill_base_ += spill_pos_;
    spill_pos_ = 0;
    spill_len_ = spilled;
  }
  if (spill_len_ == 0) spill_base_ = chunk_base_ + pos_;
  while (spill_len_ < n) {
    if (pos_ == chunk_.size() && !pull_chunk()) break;
    size_t take = std::min(n - spill_len_, chunk_.size() - pos_);
    spill_.reserve(spill_len_ + take, spill_len_);
    std::memcpy(spill_.bytes.get() + spill_len_, chunk_.data() + pos_, take);
    spill_len_ += take;
    pos_ += take;
  }
  at = spill_.bytes.get();
  return std::min(n, spill_len_);
}

void BlockStream::consume(size_t n) {
  size_t spilled = spill_len_ - spill_pos_;
  if (n < spilled) {
    spill_pos_ += n;
    return;
  }
  // A used-up spill is dropped at once: it stays valid only while the chunk position sits
  // right after it.
  spill_pos_ = spill_len_ = 0;
  pos_ += n - spilled;
}

size_t BlockStream::peek(void* dst, size_t n) {
  const uint8_t* at;
  size_t have = view(n, at);
  std::memcpy(dst, at, have);
  return have;
}

bool BlockStream::peek_type(uint32_t& type) {
  const uint8_t* at;
  if (view(4, at) < 4) return false;
  std::memcpy(&type, at, 4);
  if (swap_) type = detail::byteswap(type);
  return true;
}

bool BlockStream::next(BlockRef& out) {
  // The common case: a well-formed block wholly inside the current chunk.
  if (spill_pos_ == spill_len_ && !swap_ && chunk_.size() - pos_ >= 12) {
    const uint8_t* p = chunk_.data() + pos_;
    uint32_t len;
    std::memcpy(&len, p + 4, 4);
    if (len >= 12 && len % 4 == 0 && len <= chunk_.size() - pos_) {
      std::memcpy(&out.type, p, 4);
      out.total_len = len;
      out.body = p + 8;
      out.body_len = len - 12;
      std::memcpy(&out.trailer, p + len - 4, 4);
      out.offset = chunk_base_ + pos_;
      pos_ += len;
      return true;
    }
  }
  const uint8_t* p;
  size_t have = view(8, p);
  if (have == 0) return false;
  uint64_t at = offset();
  if (have < 8)
    throw CaptureError(
        source().path(), at,
        fmt::format("truncated block header: 8 bytes needed, {} left. Is the file truncated?", have));
  std::memcpy(&out.type, p, 4);
  std::memcpy(&out.total_len, p + 4, 4);
  if (swap_) {
    out.type = detail::byteswap(out.type);
    out.total_len = detail::byteswap(out.total_len);
  }
  const auto& kind = block_kind(out.type);
  if (out.total_len < 12 || out.total_len % 4 != 0 || out.total_len > kMaxBlock)
    throw CaptureError(
        source().path(), at,
        fmt::format("block {} (0x{:x}) has an invalid length {}", kind.name, out.type, out.total_len));
  have = view(out.total_len, p);
  if (have < out.total_len)
    throw CaptureError(
        source().path(), at,
        fmt::format("truncated {} block (0x{:x}): {} bytes needed, {} left. Is the file truncated?",
                    kind.name, out.type, out.total_len, have));
  out.body = p + 8;
  out.body_len = out.total_len - 12;
  std::memcpy(&out.trailer, p + out.total_len - 4, 4);
  if (swap_) out.trailer = detail::byteswap(out.trailer);
  out.offset = at;
  consume(out.total_len);
  return true;
}

void BlockStream::seek(uint64_t offset) {
  // Within the bytes at hand (the spill, or anywhere in the current chunk): no reading.
  if (spill_len_ && offset >= spill_base_ && offset < spill_base_ + spill_len_) {
    spill_pos_ = static_cast<size_t>(offset - spill_base_);  // the chunk goes on after the spill
    return;
  }
  if (offset >= chunk_base_ && offset <= chunk_base_ + chunk_.size() && !chunk_.empty()) {
    spill_pos_ = spill_len_ = 0;
    pos_ = static_cast<size_t>(offset - chunk_base_);
    return;
  }
  chunks_->seek(offset);
  chunk_ = {};
  chunk_base_ = offset;
  pos_ = spill_len_ = spill_pos_ = 0;
  eof_ = false;
}

}  // namespace saker::scap
