#include "saker/scap/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "saker/scap/error.h"
#include "seek_table.h"

namespace saker::scap {

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::None:
      return "none";
    case Compression::Gzip:
      return "gzip";
    case Compression::Zstd:
      return "zstd";
  }
  return "?";
}

namespace {

constexpr size_t kInputChunk = 256 * 1024;

class File {
 public:
  explicit File(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw CaptureError(path, CaptureError::kNoOffset, fmt::format("cannot open: {}", std::strerror(errno)));
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  size_t read(void* dst, size_t n) {
    for (;;) {
      ssize_t r = ::read(fd_, dst, n);
      if (r >= 0) {
        bytes_read_ += static_cast<uint64_t>(r);
        return static_cast<size_t>(r);
      }
      if (errno == EINTR) continue;
      throw CaptureError(path_, CaptureError::kNoOffset, fmt::format("read error: {}", std::strerror(errno)));
    }
  }
  // Reads up to n bytes at `offset` without moving the file position.
  size_t read_at(uint64_t offset, void* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
      ssize_t r = ::pread(fd_, static_cast<char*>(dst) + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0)
        throw CaptureError(path_, CaptureError::kNoOffset,
                           fmt::format("read error: {}", std::strerror(errno)));
      if (r == 0) break;
      got += static_cast<size_t>(r);
      bytes_read_ += static_cast<uint64_t>(r);
    }
    return got;
  }
  uint64_t size() const {
    struct stat st;
    if (::fstat(fd_, &st) != 0)
      throw CaptureError(path_, CaptureError::kNoOffset,
                         fmt::format("cannot stat: {}", std::strerror(errno)));
    return static_cast<uint64_t>(st.st_size);
  }
  uint64_t bytes_read() const {
    return bytes_read_;
  }
  // Reads until n bytes or end of file.
  size_t read_full(void* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
      size_t r = read(static_cast<char*>(dst) + got, n - got);
      if (r == 0) break;
      got += r;
    }
    return got;
  }
  void rewind_to(uint64_t offset) {
    if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0)
      throw CaptureError(path_, offset, fmt::format("seek error: {}", std::strerror(errno)));
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t bytes_read_ = 0;
};

class PlainSource final : public ByteSource {
 public:
  PlainSource(std::string path, std::unique_ptr<File> file)
      : ByteSource(std::move(path)), file_(std::move(file)) {}
  size_t read(void* dst, size_t n) override { return file_->read(dst, n); }
  void seek(uint64_t offset) override { file_->rewind_to(offset); }
  bool random_access() override { return true; }
  uint64_t stream_size() override { return file_->size(); }
  Compression compression() const override { return Compression::None; }
  uint64_t file_bytes_read() const override { return file_->bytes_read(); }

 private:
  std::unique_ptr<File> file_;
};

// Base for compressed streams: restart-and-skip seeking, and position tracking.
class CompressedSource : public ByteSource {
 public:
  using ByteSource::ByteSource;
  // A decompression error after some bytes of this call were produced is held back until
  // the next call, so the caller gets every byte before the damage.
  size_t read(void* dst, size_t n) final {
    if (deferred_) std::rethrow_exception(std::exchange(deferred_, nullptr));
    size_t got = 0;
    try {
      got = decompress(dst, n, got);
    } catch (const CaptureError&) {
      if (got == 0) throw;
      produced_ += got;
      deferred_ = std::current_exception();
    }
    return got;
  }
  void seek(uint64_t offset) override {
    if (offset < produced_) {
      restart();
      deferred_ = nullptr;  // damage found further on is found again when reached
    }
    std::vector<char> scratch(64 * 1024);
    while (produced_ < offset) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(scratch.size(), offset - produced_));
      if (read(scratch.data(), want) == 0)
        throw CaptureError(path_, offset, "seek past the end of the decompressed stream");
    }
  }

 protected:
  virtual void restart() = 0;
  // Decompresses up to n bytes into dst; `got` is kept current so a throw can report progress.
  virtual size_t decompress(void* dst, size_t n, size_t& got) = 0;
  uint64_t produced_ = 0;  // uncompressed bytes delivered so far
  std::exception_ptr deferred_;
};

class GzipSource final : public CompressedSource {
 public:
  GzipSource(std::string path, std::unique_ptr<File> file)
      : CompressedSource(std::move(path)), file_(std::move(file)), in_(kInputChunk) {
    std::memset(&zs_, 0, sizeof zs_);
    if (inflateInit2(&zs_, 15 + 32) != Z_OK)
      throw CaptureError(path_, CaptureError::kNoOffset, "zlib init failed");
  }
  ~GzipSource() override { inflateEnd(&zs_); }

  size_t decompress(void* dst, size_t n, size_t& got) override {
    zs_.next_out = static_cast<Bytef*>(dst);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(n, UINT32_MAX));
    while (zs_.avail_out > 0) {
      if (zs_.avail_in == 0 && !eof_) fill();
      if (zs_.avail_in == 0 && eof_) {
        if (in_member_)
          throw CaptureError(path_, produced_ + delivered(n),
                             fmt::format("gzip stream truncated at compressed offset {}", consumed_));
        break;
      }
      in_member_ = true;
      uInt before = zs_.avail_in;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      consumed_ += before - zs_.avail_in;
      got = delivered(n);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&zs_);  // a further gzip member may follow
        if (zs_.avail_in == 0 && !eof_) fill();
        if (zs_.avail_in == 0) break;
        continue;
      }
      if (rc == Z_BUF_ERROR && zs_.avail_in == 0) continue;
      if (rc != Z_OK)
        throw CaptureError(path_, produced_ + delivered(n),
                           fmt::format("gzip data corrupt at compressed offset {}: {}", consumed_,
                                       zs_.msg ? zs_.msg : "inflate error"));
    }
    got = delivered(n);
    produced_ += got;
    return got;
  }
  Compression compression() const override { return Compression::Gzip; }
  uint64_t file_bytes_read() const override { return file_->bytes_read(); }

 protected:
  void restart() override {
    file_->rewind_to(0);
    inflateReset(&zs_);
    zs_.avail_in = 0;
    eof_ = false;
    in_member_ = false;
    produced_ = 0;
    consumed_ = 0;
  }

 private:
  size_t delivered(size_t n) const { return n - zs_.avail_out; }
  void fill() {
    size_t r = file_->read(in_.data(), in_.size());
    if (r == 0) eof_ = true;
    zs_.next_in = in_.data();
    zs_.avail_in = static_cast<uInt>(r);
  }

  std::unique_ptr<File> file_;
  std::vector<Bytef> in_;
  z_stream zs_;
  bool eof_ = false;
  bool in_member_ = false;
  uint64_t consumed_ = 0;
};

// Reads frames in sequence with zstd's streaming decoder. With a seek table (docs/record.md)
// a seek reads and decodes only the frame holding the offset, checks that it is the frame the
// table describes, serves the rest of it from memory and streams on from the next frame.
class ZstdSource final : public CompressedSource {
 public:
  ZstdSource(std::string path, std::unique_ptr<File> file)
      : CompressedSource(std::move(path)), file_(std::move(file)), in_(ZSTD_DStreamInSize()) {
    ds_ = ZSTD_createDStream();
    if (!ds_) throw CaptureError(path_, CaptureError::kNoOffset, "zstd init failed");
    ZSTD_initDStream(ds_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(ds_); }

  size_t decompress(void* dst, size_t n, size_t& got) override {
    if (frame_pos_ < frame_.size()) {  // the rest of the frame a seek decoded
      got = std::min(n, frame_.size() - frame_pos_);
      std::memcpy(dst, frame_.data() + frame_pos_, got);
      frame_pos_ += got;
      produced_ += got;
      return got;
    }
    ZSTD_outBuffer out{dst, n, 0};
    while (out.pos < out.size) {
      if (inb_.pos == inb_.size && !eof_) fill();
      size_t in_before = inb_.pos, out_before = out.pos;
      size_t rc = ZSTD_decompressStream(ds_, &out, &inb_);
      consumed_ += inb_.pos - in_before;
      got = out.pos;
      if (ZSTD_isError(rc))
        throw CaptureError(
            path_, produced_ + out.pos,
            fmt::format("zstd data corrupt at compressed offset {}: {}", consumed_, ZSTD_getErrorName(rc)));
      bool progress = inb_.pos != in_before || out.pos != out_before;
      if (progress) in_frame_ = rc != 0;
      if (!progress && eof_ && inb_.pos == inb_.size) {
        if (in_frame_)
          throw CaptureError(path_, produced_ + out.pos,
                             fmt::format("zstd stream truncated at compressed offset {}", consumed_));
        break;
      }
    }
    produced_ += out.pos;
    return got = out.pos;
  }
  void seek(uint64_t offset) override {
    if (!random_access()) return CompressedSource::seek(offset);
    if (offset > index_->dstart.back())
      throw CaptureError(path_, offset, "seek past the end of the decompressed stream");
    const size_t i = index_->frame_of(offset);
    if (i < index_->frames()) {
      std::string why = load_frame(i);
      if (!why.empty()) {
        warn(
            fmt::format("{}: seek table entry {} does not match the frame at compressed offset {}: {}; "
                        "seeking by decompressing from the start",
                        path_, i, index_->cstart[i], why));
        index_.reset();
        frame_.clear();
        restart();
        return CompressedSource::seek(offset);
      }
      frame_pos_ = static_cast<size_t>(offset - index_->dstart[i]);
    } else {
      frame_.clear();  // the end: the stream goes on at the table, a skippable frame
      file_->rewind_to(index_->cstart[i]);
      frame_pos_ = 0;
    }
    ZSTD_DCtx_reset(ds_, ZSTD_reset_session_only);
    inb_ = {in_.data(), 0, 0};
    eof_ = false;
    in_frame_ = false;
    deferred_ = nullptr;
    produced_ = offset;
    consumed_ = index_->cstart[std::min(i + 1, index_->frames())];
  }
  bool random_access() override {
    if (!table_read_) {
      table_read_ = true;
      try {
        index_ = detail::parse_seek_table(
            file_->size(), [this](uint64_t at, void* dst, size_t n) { return file_->read_at(at, dst, n); });
      } catch (const detail::SeekTableError& e) {
        warn(
            fmt::format("{}: seek table at compressed offset {}: {}; seeking by decompressing from the start",
                        path_, e.offset, e.what()));
      }
    }
    return index_.has_value();
  }
  uint64_t seekable_frames() override { return random_access() ? index_->frames() : 0; }
  uint64_t stream_size() override { return random_access() ? index_->dstart.back() : 0; }
  Compression compression() const override { return Compression::Zstd; }
  uint64_t file_bytes_read() const override { return file_->bytes_read(); }

 protected:
  void restart() override {
    file_->rewind_to(0);
    ZSTD_DCtx_reset(ds_, ZSTD_reset_session_only);
    inb_ = {in_.data(), 0, 0};
    frame_.clear();
    frame_pos_ = 0;
    eof_ = false;
    in_frame_ = false;
    produced_ = 0;
    consumed_ = 0;
  }

 private:
  // Frames larger than this are not decoded whole: their table is not used.
  static constexpr uint32_t kMaxJumpFrame = 64u << 20;

  // Reads frame i into frame_ and leaves the file at the next frame. Returns why the frame is
  // not the one the table describes, or "" when it is.
  std::string load_frame(size_t i) {
    const uint64_t at = index_->cstart[i];
    const uint64_t csize = index_->cstart[i + 1] - at, dsize = index_->dstart[i + 1] - index_->dstart[i];
    if (csize > kMaxJumpFrame || dsize > kMaxJumpFrame)
      return fmt::format("a frame of {} compressed and {} decompressed bytes is too large to jump to", csize,
                         dsize);
    packed_.resize(static_cast<size_t>(csize));
    file_->rewind_to(at);
    if (file_->read_full(packed_.data(), packed_.size()) != packed_.size()) return "the file ends inside it";
    const size_t found = ZSTD_findFrameCompressedSize(packed_.data(), packed_.size());
    if (ZSTD_isError(found) || found != csize)
      return ZSTD_isError(found)
                 ? fmt::format("not a complete frame ({})", ZSTD_getErrorName(found))
                 : fmt::format("the frame there is {} bytes, the table says {}", found, csize);
    frame_.resize(static_cast<size_t>(dsize));
    const size_t n = ZSTD_decompressDCtx(ds_, frame_.data(), frame_.size(), packed_.data(), packed_.size());
    if (ZSTD_isError(n) || n != dsize)
      return ZSTD_isError(n) ? fmt::format("{} (the table says {} bytes)", ZSTD_getErrorName(n), dsize)
                             : fmt::format("it holds {} bytes, the table says {}", n, dsize);
    // A zstd frame (magic 28 b5 2f fd) whose header descriptor (byte 4) has the content checksum
    // flag (bit 2) ends with that checksum.
    const auto* p = reinterpret_cast<const uint8_t*>(packed_.data());
    const bool zstd_frame = csize >= 9 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd;
    if (!index_->checksum.empty() && zstd_frame && (p[4] & 0x04)) {
      const uint8_t* t = p + csize - 4;
      const uint32_t sum = uint32_t{t[0]} | uint32_t{t[1]} << 8 | uint32_t{t[2]} << 16 | uint32_t{t[3]} << 24;
      if (sum != index_->checksum[i])
        return fmt::format("its checksum is {:08x}, the table says {:08x}", sum, index_->checksum[i]);
    }
    return "";
  }
  void fill() {
    size_t r = file_->read(in_.data(), in_.size());
    if (r == 0) eof_ = true;
    inb_ = {in_.data(), r, 0};
  }

  std::unique_ptr<File> file_;
  std::vector<char> in_;
  ZSTD_DStream* ds_ = nullptr;
  ZSTD_inBuffer inb_{nullptr, 0, 0};
  bool eof_ = false;
  bool in_frame_ = false;  // a frame was started and not finished
  uint64_t consumed_ = 0;
  bool table_read_ = false;
  std::optional<detail::SeekIndex> index_;
  std::vector<char> packed_, frame_;  // the frame a seek jumped to, compressed and not
  size_t frame_pos_ = 0;              // how much of frame_ was delivered
};

}  // namespace

std::unique_ptr<ByteSource> open_byte_source(const std::string& path) {
  auto file = std::make_unique<File>(path);
  unsigned char magic[4] = {0, 0, 0, 0};
  size_t got = file->read_full(magic, sizeof magic);
  file->rewind_to(0);
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
    return std::make_unique<GzipSource>(path, std::move(file));
  if (got >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
    return std::make_unique<ZstdSource>(path, std::move(file));
  return std::make_unique<PlainSource>(path, std::move(file));
}

}  // namespace saker::scap
