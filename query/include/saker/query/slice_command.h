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
  std::string filter;  // events to keep (others that change state are kept state-only)
  // Times: ns since the epoch, ISO 8601 UTC, or +SECONDS from the first syscall event (libs'
  // internal events and the initial state before it do not count).
  std::string from, to;
  std::optional<uint64_t> first_event, last_event;  // evt.num range, inclusive
  // Leave out environments (metadata and events), the processes the slice never touches (their
  // metadata and state-only events), users and groups those processes are not, and the hostname.
  bool sanitize = false;
  bool sanitize_data = false;  // with sanitize: also the data buffers of reads and writes
  scap::WriterOptions writer;
};

struct SliceResult {
  uint64_t events_read = 0, events_written = 0, state_only = 0;
  uint64_t first_num = 0, last_num = 0, first_ts = 0, last_ts = 0;           // of the events written
  uint64_t capture_first_ts = 0, capture_last_ts = 0, capture_last_num = 0;  // of what was read
  std::optional<std::string> read_error;
};

// Throws scap::CommandError for a bad filter (Filter), a bad time, an inverted range or a slice
// that keeps no event (Usage), and scap::CaptureError when the input cannot be opened or the
// output written.
SliceResult slice_capture(const std::string& in, const std::string& out, const SliceOptions& opts,
                          const std::function<void(uint64_t)>& progress = {});

// Whether a slice keeps `ev` when its selection leaves it out (written state-only, so the
// slice replays the same): it creates or destroys an fd, changes the state, ends a process, or
// is one libs only parse.
bool changes_state(const scap::EventView& ev);

// `ev` marked state-only: replayed for the state, not shown as an event.
scap::EventView state_only(const scap::EventView& ev);

// Parses a --from/--to value; `start` is the first syscall event's timestamp for "+SECONDS".
std::optional<uint64_t> parse_time(const std::string& text, uint64_t start);

// A time as the slicing summary prints it: 2024-11-25T08:00:00.000000000Z.
std::string utc_time(uint64_t ns);

}  // namespace saker::query
