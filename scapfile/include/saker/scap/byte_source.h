// Sequential byte streams over a capture file: plain, gzip (one or more members) or zstd
// (one or more frames), chosen by the file's magic bytes.
#pragma once

#include <cstddef>
#include <cstdint>
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
  // Positions the stream at an uncompressed offset. Plain files seek; compressed
  // streams restart and skip forward.
  virtual void seek(uint64_t offset) = 0;
  virtual Compression compression() const = 0;
  const std::string& path() const { return path_; }

 protected:
  explicit ByteSource(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Opens a file and detects its compression from the first bytes. Throws CaptureError.
std::unique_ptr<ByteSource> open_byte_source(const std::string& path);

}  // namespace saker::scap
