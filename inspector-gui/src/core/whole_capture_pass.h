// The loop every whole-capture pass of the inspector runs (loading and filtering, overview,
// rules, follow fd, terminal sessions, export, sorting): the capture read through a replay::CapturePass,
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
#include "saker/scap/error.h"

namespace saker::inspector {

// What the hooks see of the running pass.
struct PassContext {
  replay::CapturePass& pass;  // the reader and the state
  query::EvalContext& eval;   // state and render set, first_ts from the CaptureInfo; ev the current event
  const uint64_t& events;     // events applied so far
};

// The hooks a pass calls at most every kCheckEvery events; the per-event ones are the
// arguments of run_whole_capture, inlined into its loop.
struct PassHooks {
  static constexpr uint64_t kCheckEvery = 1u << 16;
  const std::atomic<bool>* cancel = nullptr;  // polled every kCheckEvery events
  // Once the capture is open, before its first event; false: no event is read (finish still runs).
  std::function<bool(PassContext&)> start;
  // Every kCheckEvery events once `cancel` was found unset: progress, flushing batches.
  std::function<void(PassContext&, const scap::EventView&)> tick;
  // After the last event, or where the pass stopped or was cancelled (not after damage),
  // with the state as the pass left it. Its scap::CaptureError is the outcome's error too.
  std::function<void(PassContext&)> finish;
};

struct PassOutcome {
  uint64_t events = 0;     // events applied
  bool cancelled = false;  // stopped by `cancel`
  std::string error;       // damage in the capture
  // Where the damage is (scap::CaptureError::offset), and whether the capture's header was
  // read at all: an error at offset 0 before it means the file is no capture.
  uint64_t error_offset = scap::CaptureError::kNoOffset;
  bool opened = false;
};

// Per event: `before(pc, ev)` before the state applies it (snapshots of the state before the
// event; false stops the pass there, the event not applied), then `each(pc, ev)` after it
// (false stops the pass after the event). Both return bool.
template <typename Before, typename Each>
PassOutcome run_whole_capture(const CaptureInfo& info, const PassHooks& hooks, Before&& before, Each&& each) {
  PassOutcome out;
  try {
    replay::CapturePass pass(info.path);
    out.opened = true;
    replay::StateRenderContext render(pass.state());
    query::EvalContext eval;
    eval.state = &pass.state();
    eval.render = &render;
    eval.first_ts = info.first_ts;
    eval.first_num = info.first_num;
    PassContext pc{pass, eval, out.events};
    scap::EventView ev;
    bool more = !hooks.start || hooks.start(pc);
    while (more && pass.next(ev)) {
      eval.ev = &ev;
      if (!before(pc, ev)) break;
      pass.state().apply(ev);
      if (++out.events % PassHooks::kCheckEvery == 0) {
        if (hooks.cancel && hooks.cancel->load(std::memory_order_relaxed)) {
          out.cancelled = true;
          break;
        }
        if (hooks.tick) hooks.tick(pc, ev);
      }
      if (!each(pc, ev)) break;
    }
    if (hooks.finish) hooks.finish(pc);
  } catch (const scap::CaptureError& e) {
    out.error = e.what();
    out.error_offset = e.offset();
  }
  return out;
}

// The `before` of passes that need nothing before the state applies an event.
inline constexpr auto kNothingBefore = [](PassContext&, const scap::EventView&) { return true; };

}  // namespace saker::inspector
