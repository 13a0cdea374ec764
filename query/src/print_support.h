// What `saker print` and `saker search` share: which events sysdig hides, and buffered output.
#pragma once

#include <cstdio>
#include <string>

#include "saker/scap/block_types.h"
#include "saker/scap/event.h"
#include "saker/scap/event_table.h"

namespace saker::query {

namespace print_support {

constexpr uint32_t kInternalCategory = 0x100;

// Of the events libs return (EventView::returned()), sysdig leaves out libs' internal events
// (procinfo, drop, ...); `saker print --all` shows them, as libs' sinsp-example does.
inline bool hidden(const scap::EventView& ev) {
  return (ev.info->category & kInternalCategory) || !ev.returned();
}

class OutputBuffer {
 public:
  explicit OutputBuffer(std::FILE* f) : f_(f) { buf_.reserve(kSize + 4096); }
  ~OutputBuffer() { flush(); }
  std::string& text() { return buf_; }
  void end_line() {
    buf_ += '\n';
    if (buf_.size() >= kSize) flush();
  }
  void flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
    std::fflush(f_);
  }

 private:
  static constexpr size_t kSize = 1 << 16;
  std::FILE* f_;
  std::string buf_;
};

}  // namespace print_support

}  // namespace saker::query
