// The loop every whole-capture pass of the inspector runs (loading and filtering, overview,
// rules, follow fd, terminal sessions, export): the capture read through a replay::CapturePass,
// each event applied to the state, a cancel check every kCheckEvery events, and damage in
// the capture turned into an error message (everything before it was passed).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "capture_store.h"
#include "saker/query/field.h"
#include "saker/replay/capture_pass.h"

namespace saker::inspector {

// What the hooks see of the running pass.
struct PassContext {
  replay::CapturePass& pass;  // the reader and the state
  query::EvalContext& eval;   // state and render set, first_ts from the CaptureInfo; ev the current event
  uint64_t events = 0;        // events applied so far
};

struct PassHooks {
  static constexpr uint64_t kCheckEvery = 1u << 16;
  const std::atomic<bool>* cancel = nullptr;  // polled every kCheckEvery events
  // Once the capture is open, before its first event; false: no event is read (finish still runs).
  std::function<bool(PassContext&)> start;
  // An event before the state applies it (snapshots of the state before it); false stops the
  // pass there, the event not applied.
  std::function<bool(PassContext&, const scap::EventView&)> before;
  // Every kCheckEvery events once `cancel` was found unset: progress, flushing batches.
  std::function<void(PassContext&, const scap::EventView&)> tick;
  // An event after the state applied it; false stops the pass after it.
  std::function<bool(PassContext&, const scap::EventView&)> each;
  // After the last event, or where the pass stopped or was cancelled (not after damage),
  // with the state as the pass left it. Its scap::CaptureError is the outcome's error too.
  std::function<void(PassContext&)> finish;
};

struct PassOutcome {
  uint64_t events = 0;     // events applied
  bool cancelled = false;  // stopped by `cancel`
  std::string error;       // damage in the capture
};

PassOutcome run_whole_capture(const CaptureInfo& info, const PassHooks& hooks);

}  // namespace saker::inspector
