// Errors raised while reading or writing captures. Each names the file and, where one
// applies, the byte offset in the (uncompressed) capture stream.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace saker::scap {

class CaptureError : public std::runtime_error {
 public:
  static constexpr uint64_t kNoOffset = UINT64_MAX;

  CaptureError(std::string path, uint64_t offset, const std::string& what);

  const std::string& path() const { return path_; }
  uint64_t offset() const { return offset_; }
  // The message without the "path: offset N:" prefix.
  const std::string& detail() const { return detail_; }

 private:
  std::string path_;
  uint64_t offset_;
  std::string detail_;
};

}  // namespace saker::scap
