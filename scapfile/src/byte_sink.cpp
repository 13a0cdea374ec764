#include "saker/scap/byte_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "saker/scap/error.h"
#include "seek_table.h"

namespace saker::scap {

namespace {

constexpr size_t kBuffer = 1 << 20;

void check_usable(const std::string& path, uint64_t at, bool failed, bool closed) {
  if (failed) throw CaptureError(path, at, "not written: an earlier write to this file failed");
  if (closed) throw CaptureError(path, at, "written after close");
}

class FileOut {
 public:
  FileOut(const std::string& path, FileCreation how) : path_(path) {
    // Captures hold secrets: owner-only. A link is not followed (scap::SafeOutput checks the
    // rest of what may be written over); a new file only is made when `how` says so.
    int create = how == FileCreation::New ? O_CREAT | O_EXCL : O_CREAT | O_TRUNC;
    fd_ = ::open(path.c_str(), O_WRONLY | create | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0)
      throw CaptureError(path, CaptureError::kNoOffset,
                         fmt::format("cannot create: {}", std::strerror(errno)));
    // An existing file (`record --force`, a rotated name reused) keeps its mode through O_TRUNC.
    ::fchmod(fd_, 0600);
  }
  ~FileOut() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileOut(const FileOut&) = delete;
  FileOut& operator=(const FileOut&) = delete;

  // Throws CaptureError naming the file offset reached (a full disk, say); the bytes of a
  // partial write stay until truncate_to() removes them.
  void write_all(const void* data, size_t n) {
    auto* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t r = ::write(fd_, p, n);
      if (r < 0) {
        if (errno == EINTR) continue;
        throw CaptureError(path_, offset_, fmt::format("write failed: {}", std::strerror(errno)));
      }
      p += r;
      n -= static_cast<size_t>(r);
      offset_ += static_cast<uint64_t>(r);
    }
  }
  // Cuts the file back to `size` bytes (a point where it was complete); best effort: the
  // caller is already reporting a write error.
  void truncate_to(uint64_t size) {
    if (fd_ < 0 || size > offset_) return;
    if (::ftruncate(fd_, static_cast<off_t>(size)) == 0 &&
        ::lseek(fd_, static_cast<off_t>(size), SEEK_SET) >= 0)
      offset_ = size;
  }
  uint64_t offset() const { return offset_; }
  void close() {
    if (fd_ < 0) return;
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0)
      throw CaptureError(path_, offset_, fmt::format("close failed: {}", std::strerror(errno)));
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t offset_ = 0;
};

// Writer hands over whole blocks, so the buffer only ever holds whole blocks: a failed write
// is cut back to the last whole block that reached the file, and the file stays a readable
// capture keeping everything the disk took.
class PlainSink final : public ByteSink {
 public:
  PlainSink(const std::string& path, FileCreation how) : ByteSink(path), out_(path, how) { buf_.reserve(kBuffer); }
  ~PlainSink() override {
    try {
      close();
    } catch (...) {
    }
  }
  void write(const void* data, size_t n) override {
    check_usable(path_, written_, failed_, closed_);
    auto* p = static_cast<const uint8_t*>(data);
    if (buf_.size() + n > kBuffer) flush();
    if (n >= kBuffer) {
      put(p, n);
    } else {
      buf_.insert(buf_.end(), p, p + n);
    }
    written_ += n;
  }
  void flush() override {
    if (failed_ || closed_) return;
    if (!buf_.empty()) put(buf_.data(), buf_.size());
    buf_.clear();
  }
  void close() override {
    if (closed_) return;
    try {
      flush();
    } catch (...) {
      closed_ = true;
      out_.close();
      throw;
    }
    closed_ = true;
    out_.close();
  }

 private:
  void put(const void* p, size_t n) {
    const uint64_t good = out_.offset();
    try {
      out_.write_all(p, n);
    } catch (...) {
      failed_ = true;
      out_.truncate_to(good + whole_blocks(static_cast<const uint8_t*>(p), out_.offset() - good));
      buf_.clear();
      throw;
    }
  }
  // The bytes of the whole blocks (type, total length, ..., total length) at the start of
  // `reached` bytes of `p`.
  static uint64_t whole_blocks(const uint8_t* p, uint64_t reached) {
    uint64_t at = 0;
    while (at + 8 <= reached) {
      uint32_t len;
      std::memcpy(&len, p + at + 4, 4);
      if (len < 12 || len % 4 || at + len > reached) break;
      at += len;
    }
    return at;
  }
  FileOut out_;
  std::vector<uint8_t> buf_;
  bool closed_ = false, failed_ = false;
};

// A failed write is cut back to the last flush, where the deflate stream can be decoded up
// to (readers report the missing gzip trailer as a truncation after that data).
class GzipSink final : public ByteSink {
 public:
  GzipSink(const std::string& path, FileCreation how, int level) : ByteSink(path), out_(path, how), obuf_(kBuffer) {
    std::memset(&zs_, 0, sizeof zs_);
    if (deflateInit2(&zs_, level > 0 ? level : Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
      throw CaptureError(path, CaptureError::kNoOffset, "zlib init failed");
  }
  ~GzipSink() override {
    try {
      close();
    } catch (...) {
    }
    deflateEnd(&zs_);
  }
  void write(const void* data, size_t n) override {
    check_usable(path_, written_, failed_, closed_);
    zs_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    zs_.avail_in = static_cast<uInt>(n);
    pump(Z_NO_FLUSH);
    written_ += n;
  }
  void flush() override {
    if (failed_ || closed_) return;
    pump(Z_SYNC_FLUSH);
    committed_ = out_.offset();
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    if (!failed_) {
      try {
        pump(Z_FINISH);
      } catch (...) {
        out_.close();
        throw;
      }
    }
    out_.close();
  }

 private:
  void pump(int mode) {
    try {
      for (;;) {
        zs_.next_out = obuf_.data();
        zs_.avail_out = static_cast<uInt>(obuf_.size());
        int rc = deflate(&zs_, mode);
        if (rc == Z_STREAM_ERROR) throw CaptureError(path_, written_, "gzip compression failed");
        size_t have = obuf_.size() - zs_.avail_out;
        if (have) out_.write_all(obuf_.data(), have);
        if (mode == Z_FINISH ? rc == Z_STREAM_END : (zs_.avail_in == 0 && zs_.avail_out != 0)) break;
      }
    } catch (...) {
      failed_ = true;
      out_.truncate_to(committed_);
      throw;
    }
  }
  FileOut out_;
  std::vector<Bytef> obuf_;
  z_stream zs_;
  uint64_t committed_ = 0;  // file size at the last flush
  bool closed_ = false, failed_ = false;
};

// zstd's seekable format (docs/decisions.md): independent frames, each ended by an explicit
// flush or once it holds kFrameCap uncompressed bytes, then on close a seek table listing
// them. A frame ends only between Writer blocks, so every complete frame ends on a block
// boundary; a failed write is cut back to the last complete frame and close() still appends
// the table of the frames before it. A file cut short (SIGKILL) lacks the table and reads
// sequentially up to its last complete frame.
class ZstdSink final : public ByteSink {
 public:
  // 2 MiB: zstd's default levels use a window of at most 2 MiB for such inputs, so larger
  // frames would gain little ratio, while a jump decompresses one whole frame (about 1 ms).
  static constexpr uint64_t kFrameCap = 2u << 20;

  ZstdSink(const std::string& path, FileCreation how, int level) : ByteSink(path), out_(path, how), obuf_(ZSTD_CStreamOutSize()) {
    cs_ = ZSTD_createCCtx();
    if (!cs_) throw CaptureError(path, CaptureError::kNoOffset, "zstd init failed");
    ZSTD_CCtx_setParameter(cs_, ZSTD_c_compressionLevel, level > 0 ? level : kDefaultLevel);
    // Each frame's content checksum is the low 32 bits of its XXH64: the seek table's checksum.
    ZSTD_CCtx_setParameter(cs_, ZSTD_c_checksumFlag, 1);
  }
  ~ZstdSink() override {
    try {
      close();
    } catch (...) {
    }
    ZSTD_freeCCtx(cs_);
  }
  void write(const void* data, size_t n) override {
    check_usable(path_, written_, failed_, closed_);
    // A frame's sizes are u32 in the seek table; a block is at most 1 GiB.
    if (frame_in_ > 0 && (frame_in_ >= kFrameCap || frame_in_ + n > UINT32_MAX)) end_frame();
    auto* p = static_cast<const char*>(data);
    while (n > 0) {  // only a block over 4 GiB, which Writer refuses, would take two rounds
      size_t part = static_cast<size_t>(std::min<uint64_t>(n, UINT32_MAX - frame_in_));
      ZSTD_inBuffer in{p, part, 0};
      pump(in, ZSTD_e_continue);
      frame_in_ += part;
      written_ += part;
      p += part;
      n -= part;
      if (n) end_frame();
    }
  }
  void flush() override {
    if (failed_ || closed_) return;
    if (frame_in_ > 0) end_frame();
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    std::exception_ptr error;
    try {
      // An empty capture is still one (empty) frame, so the file starts with zstd's magic.
      if (!failed_ && (frame_in_ > 0 || frames_.empty())) end_frame();
    } catch (...) {
      error = std::current_exception();  // cut back to the last complete frame: table it
    }
    try {
      write_seek_table();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
    try {
      out_.close();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  static constexpr int kDefaultLevel = 3;

  void end_frame() {
    ZSTD_inBuffer in{nullptr, 0, 0};
    pump(in, ZSTD_e_end);
    const uint64_t size = out_.offset() - committed_;
    if (size > UINT32_MAX) table_ok_ = false;  // (incompressible GiB-sized blocks only)
    const uint32_t checksum =
        uint32_t{tail_[0]} | uint32_t{tail_[1]} << 8 | uint32_t{tail_[2]} << 16 | uint32_t{tail_[3]} << 24;
    frames_.push_back({static_cast<uint32_t>(size), static_cast<uint32_t>(frame_in_), checksum});
    committed_ = out_.offset();
    frame_in_ = 0;
  }
  void write_seek_table() {
    // Without a table the file is still valid zstd, read sequentially.
    if (!table_ok_ || frames_.empty() || frames_.size() > detail::kMaxSeekFrames) return;
    std::vector<uint8_t> table;
    detail::append_seek_table(table, frames_);
    try {
      out_.write_all(table.data(), table.size());
    } catch (...) {
      out_.truncate_to(committed_);  // the frames without a table: read sequentially
      throw;
    }
  }
  void pump(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    try {
      for (;;) {
        ZSTD_outBuffer out{obuf_.data(), obuf_.size(), 0};
        size_t rem = ZSTD_compressStream2(cs_, &out, &in, mode);
        if (ZSTD_isError(rem))
          throw CaptureError(path_, written_,
                             fmt::format("zstd compression failed: {}", ZSTD_getErrorName(rem)));
        if (out.pos) emit(obuf_.data(), out.pos);
        bool done = mode == ZSTD_e_continue ? in.pos == in.size : rem == 0;
        if (done) break;
      }
    } catch (...) {
      failed_ = true;
      out_.truncate_to(committed_);
      ZSTD_CCtx_reset(cs_, ZSTD_reset_session_only);
      throw;
    }
  }
  void emit(const char* data, size_t n) {
    out_.write_all(data, n);
    auto* p = reinterpret_cast<const uint8_t*>(data);
    // Keep the last four bytes written: at a frame's end, its content checksum.
    if (n >= 4) {
      std::memcpy(tail_, p + n - 4, 4);
    } else {
      std::memmove(tail_, tail_ + n, 4 - n);
      std::memcpy(tail_ + 4 - n, p, n);
    }
  }

  FileOut out_;
  std::vector<char> obuf_;
  ZSTD_CCtx* cs_ = nullptr;
  std::vector<detail::SeekEntry> frames_;
  uint64_t frame_in_ = 0;   // uncompressed bytes in the open frame
  uint64_t committed_ = 0;  // file size at the end of the last complete frame
  uint8_t tail_[4] = {};
  bool table_ok_ = true;
  bool closed_ = false, failed_ = false;
};

}  // namespace

std::string check_compression_level(Compression compression, int level) {
  if (level == 0) return {};
  switch (compression) {
    case Compression::Gzip:
      if (level >= 1 && level <= 9) return {};
      return fmt::format("gzip takes levels 1-9, not {}", level);
    case Compression::Zstd:
      // Levels 20-22 need zstd's --ultra windows (up to 128 MiB per reader).
      if (level >= 1 && level <= 19) return {};
      return fmt::format("zstd takes levels 1-19, not {}", level);
    case Compression::None:
      break;
  }
  return fmt::format("an uncompressed capture takes no level (got {})", level);
}

std::unique_ptr<ByteSink> create_byte_sink(const std::string& path, Compression compression, int level,
                                           FileCreation how) {
  if (auto why = check_compression_level(compression, level); !why.empty())
    throw std::invalid_argument(path + ": " + why);
  switch (compression) {
    case Compression::Gzip:
      return std::make_unique<GzipSink>(path, how, level);
    case Compression::Zstd:
      return std::make_unique<ZstdSink>(path, how, level);
    case Compression::None:
      break;
  }
  return std::make_unique<PlainSink>(path, how);
}

}  // namespace saker::scap
