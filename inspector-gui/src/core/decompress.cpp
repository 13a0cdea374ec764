#include "decompress.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "saker/scap/byte_source.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/merge.h"

namespace saker::inspector {

bool needs_plain_copy(const std::string& path) {
  try {
    return !scap::open_byte_source(path)->random_access();
  } catch (const scap::CaptureError&) {
    return false;
  }
}

Decompressed decompress_capture(const std::string& in, const std::string& out,
                                const std::atomic<bool>& cancel,
                                const std::function<void(uint64_t)>& progress) {
  Decompressed r;
  auto cannot_write = [&] {
    r.error = fmt::format("cannot write {}: {}", out, std::strerror(errno));
    r.damaged = false;
    return r;
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(out.c_str(), "wb"), std::fclose);
  if (!f) return cannot_write();
  std::vector<char> buf(1 << 20);
  try {
    auto src = scap::open_byte_source(in);
    for (size_t n; (n = src->read(buf.data(), buf.size())) > 0;) {
      if (std::fwrite(buf.data(), 1, n, f.get()) != n) return cannot_write();
      r.bytes += n;
      if (progress) progress(r.bytes);
      if (cancel.load(std::memory_order_relaxed)) {
        r.error = "cancelled";
        return r;
      }
    }
  } catch (const scap::CaptureError& e) {
    r.error = e.what();  // the bytes before the damage are kept
    r.damaged = true;
  }
  if (std::fflush(f.get()) != 0) return cannot_write();
  return r;
}

Decompressed merge_into_plain(const std::vector<std::string>& inputs, const std::string& out,
                              bool allow_other_machines, const std::atomic<bool>& cancel,
                              const std::function<void(uint64_t)>& progress) {
  Decompressed r;
  scap::MergeOptions opts;
  opts.cancel = &cancel;
  opts.allow_other_machines = allow_other_machines;
  try {
    auto m = scap::merge_captures(inputs, out, opts, progress);
    r.bytes = m.events_read;
    if (m.cancelled) {
      r.error = "cancelled";
    } else if (m.read_error) {
      r.error = *m.read_error;
      r.damaged = true;
    }
  } catch (const scap::CommandError& e) {  // inputs of different machines (there are inputs)
    r.error = e.what();
    r.other_machines = e.kind() == scap::ErrorKind::Usage;
  } catch (const std::exception& e) {  // CaptureError: an input, or the copy
    r.error = e.what();
  }
  return r;
}

}  // namespace saker::inspector
