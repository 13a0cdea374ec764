// Compressed captures without a seek table are decompressed once into a plain temporary file:
// such streams can only seek by restarting, which would make every backward jump in the event
// list decompress the capture again. A seekable zstd capture (what Saker writes) jumps by its
// seek table and is read in place.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace saker::inspector {

// True when the file is gzip, or zstd without a usable seek table (false for plain captures,
// seekable zstd and unreadable files).
bool needs_plain_copy(const std::string& path);

struct Decompressed {
  std::string error;     // "" when whole; else naming the file ("cancelled" when cancelled)
  bool damaged = false;  // `error` is damage in the compressed stream: the bytes before it were written
  bool other_machines = false;  // merge_into_plain: refused, the inputs name different machines
  uint64_t bytes = 0;           // decompressed bytes written
};

// Writes the decompressed stream of `in` to `out`. On damage every byte before it is
// written. `progress` gets the bytes written so far.
Decompressed decompress_capture(const std::string& in, const std::string& out,
                                const std::atomic<bool>& cancel,
                                const std::function<void(uint64_t)>& progress = {});

// Several captures opened as one (File > Open merged...): merged by time into the plain
// capture `out` with scap::merge_captures, as `saker merge` does (docs/merge.md). `error`
// names the file: an input that is not a capture, or was recorded on another machine
// (nothing to show), or "cancelled"; `damaged` when an input is damaged (its events before the
// damage were merged, the others whole). `bytes` counts merged events here. `progress` gets
// the events merged so far.
Decompressed merge_into_plain(const std::vector<std::string>& inputs, const std::string& out,
                              bool allow_other_machines, const std::atomic<bool>& cancel,
                              const std::function<void(uint64_t)>& progress = {});

}  // namespace saker::inspector
