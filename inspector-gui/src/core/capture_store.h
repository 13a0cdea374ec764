// Random access to the events of a capture without keeping them in memory.
//
// While a capture loads, the loader records checkpoints: every `interval` events, the
// event's block offset and number and the whole state just before it (State::save: threads,
// fds, users, containers, ...), so a restored cursor sees what a pass from the start sees. EventCursor
// reaches any event by restoring the nearest checkpoint at or before it and replaying
// forward, so rendering a row costs at most one interval of decoding, and consecutive rows
// cost one event each.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "saker/query/field.h"
#include "saker/replay/state.h"
#include "saker/scap/event.h"
#include "saker/scap/metadata.h"
#include "saker/scap/reader.h"

namespace saker::inspector {

struct Checkpoint {
  uint64_t num = 0;                          // the event number at this point
  uint64_t offset = 0;                       // its block offset
  std::shared_ptr<const std::string> state;  // the state before the event (State::save)
  // The reader's conversion state there (scap::Reader::converter_state): the enters old
  // short exits take their parameters from.
  std::shared_ptr<const std::string> converter;
};

// Shared between the loader (writer) and the GUI thread (readers).
class CheckpointTable {
 public:
  explicit CheckpointTable(uint64_t interval = 16384, size_t memory_budget = size_t{512} << 20)
      : interval_(interval), budget_(memory_budget) {}

  uint64_t interval() const;
  // True when an event `num` events after the last checkpoint should become one.
  bool due(uint64_t num) const;
  void add(Checkpoint cp, size_t bytes);
  // The last checkpoint with num <= `num`, or an empty checkpoint (num 0, no state).
  Checkpoint at_or_before(uint64_t num) const;
  size_t size() const;
  size_t memory() const;

 private:
  mutable std::mutex mu_;
  std::vector<Checkpoint> cps_;
  std::vector<size_t> bytes_;
  uint64_t interval_;
  uint64_t last_num_ = 0;
  size_t budget_, memory_ = 0;
};

// What every view of one capture shares: the file, its first timestamp, its checkpoints.
struct CaptureInfo {
  std::string path;      // the file every pass reads: a plain copy when `original` is compressed
  std::string original;  // the file the user opened (the merge, for several captures merged)
  std::vector<std::string> merged_from;  // the captures merged into `original`, absolute; else empty
  uint64_t first_ts = 0;                 // libs' evt.reltime base (query::EvalContext::first_ts)
  uint64_t first_num = 0;                // and its event
  uint64_t last_ts = 0;
  // The first and last listed events' times (libs' internal events left out): the span the
  // timeline shows.
  uint64_t listed_first_ts = 0, listed_last_ts = 0;
  uint64_t events = 0;  // numbered events delivered (the last evt.num)
  uint64_t listed = 0;  // events the list shows without a filter (about the index's rows)
  // Whether the listed events' times never go back (never repeat) in capture order: sorting
  // by time is then the capture order (reversed), without a pass. Set by the loading pass.
  bool ts_nondecreasing = true;
  bool ts_increasing = true;
  std::shared_ptr<CheckpointTable> checkpoints = std::make_shared<CheckpointTable>();
};

// Only events libs return are listed, and not libs' internal ones, as in `saker print`.
bool hidden_event(const scap::EventView& ev);

// A reader and a state positioned at one event. Not thread-safe: one per thread.
class EventCursor {
 public:
  explicit EventCursor(std::shared_ptr<const CaptureInfo> info);
  ~EventCursor();

  // Positions at event `num`; false when the capture has no such event (or cannot be read
  // there, see error()).
  bool seek(uint64_t num);

  const scap::EventView& event() const { return ev_; }
  const replay::State& state() const { return *state_; }
  const query::EvalContext& context() const { return ctx_; }
  const std::string& error() const { return error_; }
  // Events decoded so far, for tests of the checkpoint logic.
  uint64_t decoded() const { return decoded_; }

 private:
  bool restore(const Checkpoint& cp);
  bool advance_to(uint64_t num);

  std::shared_ptr<const CaptureInfo> info_;
  std::unique_ptr<scap::Reader> reader_;
  std::unique_ptr<replay::State> state_;
  std::unique_ptr<replay::StateRenderContext> render_;
  scap::EventView ev_;
  query::EvalContext ctx_;
  uint32_t section_ = 0;
  bool positioned_ = false;
  uint64_t decoded_ = 0;
  std::string error_;
};

}  // namespace saker::inspector
