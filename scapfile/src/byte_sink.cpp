#include "saker/scap/byte_sink.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "saker/scap/error.h"

namespace saker::scap {

namespace {

constexpr size_t kBuffer = 1 << 20;

class FileOut {
 public:
  explicit FileOut(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw CaptureError(path, CaptureError::kNoOffset,
                         fmt::format("cannot create: {}", std::strerror(errno)));
  }
  ~FileOut() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileOut(const FileOut&) = delete;
  FileOut& operator=(const FileOut&) = delete;

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

class PlainSink final : public ByteSink {
 public:
  explicit PlainSink(const std::string& path) : ByteSink(path), out_(path) { buf_.reserve(kBuffer); }
  ~PlainSink() override {
    try {
      close();
    } catch (...) {
    }
  }
  void write(const void* data, size_t n) override {
    auto* p = static_cast<const uint8_t*>(data);
    if (buf_.size() + n > kBuffer) flush();
    if (n >= kBuffer) {
      out_.write_all(p, n);
    } else {
      buf_.insert(buf_.end(), p, p + n);
    }
    written_ += n;
  }
  void flush() override {
    if (!buf_.empty()) out_.write_all(buf_.data(), buf_.size());
    buf_.clear();
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    flush();
    out_.close();
  }

 private:
  FileOut out_;
  std::vector<uint8_t> buf_;
  bool closed_ = false;
};

class GzipSink final : public ByteSink {
 public:
  GzipSink(const std::string& path, int level) : ByteSink(path), out_(path), obuf_(kBuffer) {
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
    zs_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    zs_.avail_in = static_cast<uInt>(n);
    pump(Z_NO_FLUSH);
    written_ += n;
  }
  void flush() override { pump(Z_SYNC_FLUSH); }
  void close() override {
    if (closed_) return;
    closed_ = true;
    pump(Z_FINISH);
    out_.close();
  }

 private:
  void pump(int mode) {
    for (;;) {
      zs_.next_out = obuf_.data();
      zs_.avail_out = static_cast<uInt>(obuf_.size());
      int rc = deflate(&zs_, mode);
      if (rc == Z_STREAM_ERROR) throw CaptureError(path_, written_, "gzip compression failed");
      size_t have = obuf_.size() - zs_.avail_out;
      if (have) out_.write_all(obuf_.data(), have);
      if (mode == Z_FINISH ? rc == Z_STREAM_END : (zs_.avail_in == 0 && zs_.avail_out != 0)) break;
    }
  }
  FileOut out_;
  std::vector<Bytef> obuf_;
  z_stream zs_;
  bool closed_ = false;
};

class ZstdSink final : public ByteSink {
 public:
  ZstdSink(const std::string& path, int level) : ByteSink(path), out_(path), obuf_(ZSTD_CStreamOutSize()) {
    cs_ = ZSTD_createCCtx();
    if (!cs_) throw CaptureError(path, CaptureError::kNoOffset, "zstd init failed");
    ZSTD_CCtx_setParameter(cs_, ZSTD_c_compressionLevel, level > 0 ? level : 3);
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
    ZSTD_inBuffer in{data, n, 0};
    pump(in, ZSTD_e_continue);
    written_ += n;
  }
  void flush() override {
    ZSTD_inBuffer in{nullptr, 0, 0};
    pump(in, ZSTD_e_flush);
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    ZSTD_inBuffer in{nullptr, 0, 0};
    pump(in, ZSTD_e_end);
    out_.close();
  }

 private:
  void pump(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    for (;;) {
      ZSTD_outBuffer out{obuf_.data(), obuf_.size(), 0};
      size_t rem = ZSTD_compressStream2(cs_, &out, &in, mode);
      if (ZSTD_isError(rem))
        throw CaptureError(path_, written_,
                           fmt::format("zstd compression failed: {}", ZSTD_getErrorName(rem)));
      if (out.pos) out_.write_all(obuf_.data(), out.pos);
      bool done = mode == ZSTD_e_continue ? in.pos == in.size : rem == 0;
      if (done) break;
    }
  }
  FileOut out_;
  std::vector<char> obuf_;
  ZSTD_CCtx* cs_ = nullptr;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<ByteSink> create_byte_sink(const std::string& path, Compression compression, int level) {
  switch (compression) {
    case Compression::Gzip:
      return std::make_unique<GzipSink>(path, level);
    case Compression::Zstd:
      return std::make_unique<ZstdSink>(path, level);
    case Compression::None:
      break;
  }
  return std::make_unique<PlainSink>(path);
}

}  // namespace saker::scap
