// `saker convert` with slicing options: a part of a capture (by filter, time range or event
// numbers) as a capture of its own that replays the same over that part.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "saker/scap/writer.h"

namespace saker::query {

struct SliceOptions {
  std::string filter;    // events to keep (others that change state are kept state-only)
  std::string from, to;  // times: ns since the epoch, ISO 8601 UTC, or +SECONDS from the start
  std::optional<uint64_t> first_event, last_event;  // evt.num range, inclusive
  bool sanitize = false;                            // drop environments and processes the slice never touches
  scap::WriterOptions writer;
};

struct SliceResult {
  uint64_t events_read = 0, events_written = 0, state_only = 0;
  std::optional<std::string> read_error;
};

// Throws std::invalid_argument for a bad filter or time (message names the problem) and
// scap::CaptureError when the input cannot be opened or the output written.
SliceResult slice_capture(const std::string& in, const std::string& out, const SliceOptions& opts,
                          const std::function<void(uint64_t)>& progress = {});

// Parses a --from/--to value; `start` is the capture's first timestamp for "+SECONDS".
std::optional<uint64_t> parse_time(const std::string& text, uint64_t start);

}  // namespace saker::query
