// Sequential output of a capture: plain, gzip or zstd. Errors (a full disk, say) throw
// CaptureError naming the file and the offset reached.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "saker/scap/byte_source.h"

namespace saker::scap {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(const void* data, size_t n) = 0;
  // Pushes buffered bytes (and a complete compressed frame or block) to the file.
  virtual void flush() = 0;
  // Finishes the stream and closes the file; further writes are errors.
  virtual void close() = 0;
  uint64_t written() const { return written_; }  // uncompressed bytes accepted
  const std::string& path() const { return path_; }

 protected:
  explicit ByteSink(std::string path) : path_(std::move(path)) {}
  std::string path_;
  uint64_t written_ = 0;
};

// Replace: creates `path` or truncates the file there. New: creates it, and fails (EEXIST)
// when anything is there already, so a name chosen as free is never written over.
enum class FileCreation : uint8_t { Replace, New };

// Creates `path` as `how` says. `level` 0 means the codec's default; others must pass
// check_compression_level.
std::unique_ptr<ByteSink> create_byte_sink(const std::string& path, Compression compression, int level = 0,
                                           FileCreation how = FileCreation::Replace);

// The levels a codec takes besides 0 (its default): zstd 1-19, gzip 1-9, none only 0.
// Returns an empty string when `level` is one of them, else why not.
std::string check_compression_level(Compression compression, int level);

}  // namespace saker::scap
