#include "block_stream.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "cursor.h"
#include "saker/scap/block_types.h"
#include "saker/scap/error.h"

namespace saker::scap {

namespace {
constexpr size_t kChunk = 1 << 20;
}

BlockStream::BlockStream(std::unique_ptr<ByteSource> src) : src_(std::move(src)) {
  buf_.resize(kChunk);
}

size_t BlockStream::ensure(size_t n) {
  if (end_ - pos_ >= n) return n;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    base_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  while (end_ < n && !eof_) {
    // Grow only as bytes arrive: a length field cannot make us allocate what the file lacks.
    if (end_ == buf_.size()) buf_.resize(std::min(n, std::max(buf_.size() * 2, kChunk)));
    // After a jump, small reads first: a jump followed by a few events reads (and for a
    // compressed capture decompresses) little past them.
    size_t want = std::min(buf_.size() - end_, std::max(read_size_, n - end_));
    read_size_ = std::min(read_size_ * 2, kChunk);
    size_t r = src_->read(buf_.data() + end_, want);
    if (r == 0) eof_ = true;
    end_ += r;
  }
  return std::min(n, end_ - pos_);
}

size_t BlockStream::peek(void* dst, size_t n) {
  size_t have = ensure(n);
  std::memcpy(dst, buf_.data() + pos_, have);
  return have;
}

bool BlockStream::peek_type(uint32_t& type) {
  if (ensure(4) < 4) return false;
  std::memcpy(&type, buf_.data() + pos_, 4);
  if (swap_) type = detail::byteswap(type);
  return true;
}

bool BlockStream::next(BlockRef& out) {
  size_t have = ensure(8);
  if (have == 0) return false;
  uint64_t at = offset();
  if (have < 8)
    throw CaptureError(
        src_->path(), at,
        fmt::format("truncated block header: 8 bytes needed, {} left. Is the file truncated?", have));
  std::memcpy(&out.type, buf_.data() + pos_, 4);
  std::memcpy(&out.total_len, buf_.data() + pos_ + 4, 4);
  if (swap_) {
    out.type = detail::byteswap(out.type);
    out.total_len = detail::byteswap(out.total_len);
  }
  const auto& kind = block_kind(out.type);
  if (out.total_len < 12 || out.total_len % 4 != 0 || out.total_len > kMaxBlock)
    throw CaptureError(
        src_->path(), at,
        fmt::format("block {} (0x{:x}) has an invalid length {}", kind.name, out.type, out.total_len));
  have = ensure(out.total_len);
  if (have < out.total_len)
    throw CaptureError(
        src_->path(), at,
        fmt::format("truncated {} block (0x{:x}): {} bytes needed, {} left. Is the file truncated?",
                    kind.name, out.type, out.total_len, have));
  const uint8_t* p = buf_.data() + pos_;
  out.body = p + 8;
  out.body_len = out.total_len - 12;
  std::memcpy(&out.trailer, p + out.total_len - 4, 4);
  if (swap_) out.trailer = detail::byteswap(out.trailer);
  out.offset = at;
  pos_ += out.total_len;
  return true;
}

void BlockStream::seek(uint64_t offset) {
  if (offset >= base_ && offset <= base_ + end_) {
    pos_ = static_cast<size_t>(offset - base_);
    return;
  }
  src_->seek(offset);
  read_size_ = kFirstRead;
  base_ = offset;
  pos_ = end_ = 0;
  eof_ = false;
}

}  // namespace saker::scap
