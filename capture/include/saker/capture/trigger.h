// Triggered recording: rules run on the live events; a matching alert opens a capture in a
// directory holding the state as of the start of the history window, the history, and the
// events until the post window after the last matching alert closes. docs/record.md
// ("Triggered recording") describes the behaviour; docs/decisions.md the design.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "saker/capture/container_events.h"
#include "saker/capture/dir_quota.h"
#include "saker/capture/event_ring.h"
#include "saker/replay/state.h"
#include "saker/rules/alert.h"
#include "saker/rules/alert_outputs.h"
#include "saker/rules/engine.h"
#include "saker/scap/stream_numbering.h"
#include "saker/scap/writer.h"

namespace saker::capture {

enum class TriggerMode { Auto, Rules, All };  // capture/include/saker/capture/trigger_policy.h

struct TriggerOptions {
  std::string dir;
  TriggerMode mode = TriggerMode::Auto;
  std::vector<std::string> rules;               // names or globs that trigger
  std::vector<std::string> tags;                // rules with one of these tags trigger
  std::optional<rules::Priority> min_priority;  // only alerts at least this severe trigger
  double pre_s = 30, post_s = 30, max_capture_s = 600;
  size_t ring_mem = 64u << 20;
  double rate_limit_s = 60;  // per rule: at least this long between captures it opens
  uint64_t dir_quota = 0;    // bytes of captures (and sidecars) in dir, never passed; 0: no quota
  scap::WriterOptions writer;
};

struct TriggerStats {
  uint64_t events = 0, alerts = 0, captures = 0, rate_limited = 0, write_errors = 0, quota_stops = 0;
  size_t ring_peak = 0;
};

class TriggerRecorder {
 public:
  // `initial`: the system as the recording starts (a /proc scan). Throws std::invalid_argument
  // when no rule can trigger (resolve_trigger_policy).
  TriggerRecorder(const TriggerOptions& opts, const rules::RuleSet& rules, const scap::Metadata& initial,
                  std::FILE* log);
  ~TriggerRecorder();
  // The next live event; the rules see it numbered from the start of the recording.
  void on_event(const scap::EventView& ev);
  // Closes the capture in progress (SIGTERM, end of recording).
  void finish();
  // Flushes the capture in progress (called about once a second so a SIGKILL loses little).
  void flush();
  // Evaluates `rules` from now on (SIGHUP); they must outlive the recorder. Returns the new
  // policy's summary; throws std::invalid_argument (and changes nothing) when no rule of
  // them can trigger.
  std::string reload(const rules::RuleSet& rules);
  // Every alert also goes to these outputs (they must outlive the recorder); an alert that opened
  // or extended a capture names it in output_fields["saker.capture"].
  void set_outputs(rules::AlertOutputs* outputs) { outputs_ = outputs; }
  // Called with each capture once it is closed (and kept).
  void set_on_finished(std::function<void(const std::string&)> f) { on_finished_ = std::move(f); }
  const TriggerStats& stats() const { return stats_; }
  const DirQuota& quota() const { return quota_; }
  // Bytes the history holds now (at most --ring-mem).
  size_t history_bytes() const { return ring_.memory(); }
  bool capturing() const { return writer_ != nullptr; }

 private:
  bool triggers(const rules::CompiledRule& r) const;
  void open_capture(const rules::CompiledRule& r, const scap::EventView& ev);
  void close_capture(const char* why);
  void write(const scap::EventView& ev);
  // A write or flush failed (a full disk, say): logs it and closes what was written.
  void abandon(const std::exception& e);
  // Closes the capture (logging a failure to); removes it (and its sidecar) if it holds
  // nothing. True when a capture file remains.
  bool discard_writer();
  void write_alert(const rules::CompiledRule& r, const rules::AlertText& text, const scap::EventView& ev);
  // Keeps the directory within --dir-quota before `extra` more bytes go into the capture in
  // progress (the oldest finished captures are removed first); false when this capture alone
  // would pass it.
  bool room_for(uint64_t extra);
  // How many of the oldest history events to leave out so that the rest fit `budget` bytes.
  size_t history_to_skip(uint64_t budget) const;
  // The capture alone reached --dir-quota: it ends there.
  void stop_at_quota();
  void log(const std::string& msg);

  TriggerOptions opts_;
  // evt.num of the live events: what a reader of the session's stream, written with the
  // capture profile (notifications included), gives them (docs/record.md).
  scap::StreamNumbering numbering_;
  std::unordered_set<const rules::Rule*> triggering_;  // resolve_trigger_policy
  rules::Engine engine_;
  std::FILE* log_;
  replay::State live_, lagging_;  // lagging: the state as of the oldest event in the ring
  replay::StateRenderContext render_;
  EventRing ring_;
  ContainerEvents containers_;  // written at the start of every capture, kept out of the ring
  std::string hostname_;
  std::unique_ptr<scap::Writer> writer_;
  std::FILE* sidecar_ = nullptr;
  uint64_t sidecar_bytes_ = 0;
  DirQuota quota_;
  std::string path_;
  uint64_t capture_start_ts_ = 0, post_deadline_ts_ = 0, capture_events_ = 0;
  std::map<std::string, uint64_t> last_capture_ts_;  // per rule
  std::vector<const rules::CompiledRule*> fired_;
  std::vector<rules::AlertText> texts_;  // of fired_, formatted once
  rules::AlertOutputs* outputs_ = nullptr;
  std::function<void(const std::string&)> on_finished_;
  TriggerStats stats_;
};

}  // namespace saker::capture
