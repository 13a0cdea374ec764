// Sequential byte streams over a capture file: plain, gzip (one or more members) or zstd
// (one or more frames), chosen by the file's magic bytes. A zstd file in zstd's seekable
// format (what Saker writes) seeks through its seek table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace saker::scap {

enum class Compression { None, Gzip, Zstd };

std::string_view compression_name(Compression c);

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns how many were read, 0 only at the end of the stream.
  // Throws CaptureError on I/O or decompression errors (a truncated compressed stream
  // is reported as a truncation, after every byte before it was delivered).
  virtual size_t read(void* dst, size_t n) = 0;
  // Positions the stream at an uncompressed offset. Plain files seek; a seekable zstd file
  // decompresses only from the frame holding the offset; other compressed streams restart
  // and skip forward.
  virtual void seek(uint64_t offset) = 0;
  // True when seek() costs at most one frame: plain files and zstd files with a usable seek
  // table (read on the first call; a damaged one is reported to the warning handler).
  virtual bool random_access() { return false; }
  // Frames listed by the seek table of a seekable zstd file; 0 for anything else.
  virtual uint64_t seekable_frames() { return 0; }
  // The uncompressed size when known without reading it all (plain files, seekable zstd), else 0.
  virtual uint64_t stream_size() { return 0; }
  virtual Compression compression() const = 0;
  // Bytes read from the file so far (compressed bytes for compressed files).
  virtual uint64_t file_bytes_read() const = 0;
  const std::string& path() const { return path_; }
  // Receives problems that do not stop reading, such as a damaged seek table.
  void set_warning_handler(std::function<void(const std::string&)> fn) { warn_ = std::move(fn); }

 protected:
  explicit ByteSource(std::string path) : path_(std::move(path)) {}
  void warn(const std::string& message) const {
    if (warn_) warn_(message);
  }
  std::string path_;
  std::function<void(const std::string&)> warn_;
};

// Opens a file and detects its compression from the first bytes. Throws CaptureError.
std::unique_ptr<ByteSource> open_byte_source(const std::string& path);

}  // namespace saker::scap
