// The rules on the live events of `saker record -w` (continuous mode), for the alert outputs:
// a state engine and the rule engine beside the writer, numbering events as a reader of the
// written stream does. (Triggered recording evaluates the rules in TriggerRecorder.)
#pragma once

#include <cstdint>
#include <string>

#include "saker/replay/state.h"
#include "saker/rules/alert.h"
#include "saker/rules/alert_outputs.h"
#include "saker/rules/engine.h"
#include "saker/scap/stream_numbering.h"

namespace saker::capture {

class LiveAlerts {
 public:
  // `rules` and `outputs` must outlive this object.
  LiveAlerts(const rules::RuleSet& rules, const scap::Metadata& initial, scap::WriterProfile profile,
             rules::AlertOutputs& outputs);
  void on_event(const scap::EventView& ev);
  // SIGHUP: evaluates `rules` from now on (they must outlive this object).
  void reload(const rules::RuleSet& rules) { engine_ = rules::Engine(rules); }
  uint64_t alerts() const { return alerts_; }

 private:
  scap::StreamNumbering numbering_;
  rules::Engine engine_;
  replay::State state_;
  replay::StateRenderContext render_;
  rules::AlertOutputs& outputs_;
  std::string hostname_;
  rules::AlertText text_;
  uint64_t alerts_ = 0;
};

}  // namespace saker::capture
