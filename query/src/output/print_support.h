// What `saker print` and `saker search` share: which events sysdig hides, and buffered output.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "saker/scap/block_types.h"
#include "saker/scap/command_error.h"
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

// Control bytes from the capture (an escape sequence in a file name or argument) shown as \xNN
// instead of reaching a terminal: every C0 control but tab and newline, DEL, and the C1
// controls (UTF-8 C2 80-9F). From `from` to the end of `text`.
inline size_t control_length(std::string_view text, size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c == '\t' || c == '\n') return 0;
  if (c < 0x20 || c == 0x7f) return 1;
  if (c == 0xc2 && i + 1 < text.size()) {
    auto d = static_cast<unsigned char>(text[i + 1]);
    if (d >= 0x80 && d <= 0x9f) return 2;
  }
  return 0;
}

inline void escape_controls(std::string& text, size_t from) {
  size_t i = from;
  while (i < text.size() && !control_length(text, i)) ++i;
  if (i == text.size()) return;
  std::string rest(text, i);
  text.resize(i);
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t k = 0; k < rest.size();) {
    size_t n = control_length(rest, k);
    if (!n) {
      text += rest[k++];
      continue;
    }
    for (; n > 0; --n, ++k) {
      auto b = static_cast<unsigned char>(rest[k]);
      text += "\\x";
      text += kHex[b >> 4];
      text += kHex[b & 15];
    }
  }
}

class OutputBuffer {
 public:
  explicit OutputBuffer(std::FILE* f) : f_(f) { buf_.reserve(kSize + 4096); }
  ~OutputBuffer() {
    try {
      flush();
    } catch (...) {  // the error is reported by whoever is unwinding; cli/ flushes again
    }
  }
  std::string& text() { return buf_; }
  void end_line() {
    buf_ += '\n';
    if (buf_.size() >= kSize) flush();
  }
  // Throws scap::CommandError (Output, or BrokenPipe for a closed pipe) when the write fails.
  void flush() {
    struct Clear {
      std::string& text;
      ~Clear() { text.clear(); }
    } clear{buf_};
    scap::checked_write(f_, buf_.data(), buf_.size());
    scap::checked_flush(f_);
  }

 private:
  static constexpr size_t kSize = 1 << 16;
  std::FILE* f_;
  std::string buf_;
};

}  // namespace print_support

}  // namespace saker::query
