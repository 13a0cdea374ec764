#include "saker/scap/error.h"

#include <fmt/format.h>

namespace saker::scap {

namespace {
std::string compose(const std::string& path, uint64_t offset, const std::string& what) {
  if (offset == CaptureError::kNoOffset) return fmt::format("{}: {}", path, what);
  return fmt::format("{}: offset {}: {}", path, offset, what);
}
}  // namespace

CaptureError::CaptureError(std::string path, uint64_t offset, const std::string& what)
    : std::runtime_error(compose(path, offset, what)),
      path_(std::move(path)),
      offset_(offset),
      detail_(what) {}

}  // namespace saker::scap
