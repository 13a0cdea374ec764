#include "decompress.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "saker/scap/byte_source.h"
#include "saker/scap/error.h"

namespace saker::inspector {

bool needs_plain_copy(const std::string& path) {
  try {
    return !scap::open_byte_source(path)->random_access();
  } catch (const scap::CaptureError&) {
    return false;
  }
}

std::string decompress_capture(const std::string& in, const std::string& out, const std::atomic<bool>& cancel,
                               const std::function<void(uint64_t)>& progress) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(out.c_str(), "wb"), std::fclose);
  if (!f) return fmt::format("cannot write {}: {}", out, std::strerror(errno));
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  std::string error;
  try {
    auto src = scap::open_byte_source(in);
    for (size_t n; (n = src->read(buf.data(), buf.size())) > 0;) {
      if (std::fwrite(buf.data(), 1, n, f.get()) != n)
        return fmt::format("cannot write {}: {}", out, std::strerror(errno));
      total += n;
      if (progress) progress(total);
      if (cancel.load(std::memory_order_relaxed)) return "cancelled";
    }
  } catch (const scap::CaptureError& e) {
    error = e.what();  // the bytes before the damage are kept
  }
  if (std::fflush(f.get()) != 0) return fmt::format("cannot write {}: {}", out, std::strerror(errno));
  return error;
}

}  // namespace saker::inspector
