// The recorder's health and counters (--stats-file): a JSON object replaced atomically (written
// beside the file, then renamed over it) every --stats-interval seconds and once at the end, for
// a monitoring agent to read at any time. docs/record.md ("Health and metrics") lists the keys.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "saker/rules/alert_outputs.h"

namespace saker::driver {
class Driver;
}

namespace saker::capture {

class TriggerRecorder;
class RotatingWriter;
class LiveAlerts;

struct RecorderCounters {
  std::string mode;            // "trigger" or "continuous"
  bool running = true;         // false in the last snapshot
  double uptime_s = 0;         // since recording started
  uint64_t events = 0;         // recorded (handed to the writer or the trigger)
  double events_per_s = 0;     // since the previous snapshot
  uint64_t kernel_drops = 0;   // lost because the kernel's ring buffer was full
  size_t ring_bytes = 0;       // the kernel's ring buffer
  size_t ring_used_peak = 0;   // the most it held
  size_t history_bytes = 0;    // --trigger: memory the history holds now
  size_t history_limit = 0;    // --trigger: --ring-mem
  uint64_t alerts = 0;         // alerts the rules raised (0 without rules evaluated)
  uint64_t captures = 0;       // --trigger: incident captures written; else files written
  uint64_t bytes_written = 0;  // continuous mode: bytes handed to the files
  uint64_t write_errors = 0;
  uint64_t quota_removed_files = 0, quota_removed_bytes = 0;
  uint64_t quota_stops = 0;  // captures or files ended early at --dir-quota
  uint64_t quota_limit = 0;
  std::vector<rules::AlertOutputStats> outputs;
};

// What a recording counts from: the driver, then the trigger or the writer (one of them), the
// live alerts and the outputs when there are.
struct CounterSources {
  const driver::Driver* driver = nullptr;
  const TriggerRecorder* trigger = nullptr;
  const RotatingWriter* writer = nullptr;
  const LiveAlerts* live = nullptr;
  const rules::AlertOutputs* outputs = nullptr;
  size_t history_limit = 0;  // --ring-mem
};

// The counters now; `events` recorded, `uptime_s` since the start, `events_per_s` over the last
// `interval_s` seconds in which `interval_events` were recorded.
RecorderCounters collect_counters(const CounterSources& from, bool running, uint64_t events, double uptime_s,
                                  uint64_t interval_events, double interval_s);

// The JSON text (one line, then a newline).
std::string stats_json(const RecorderCounters& c);

// Replaces `path` with `text` atomically: PATH.tmp-PID written (mode 0644), then renamed over it.
// Returns "" or why it could not.
std::string write_stats_file(const std::string& path, const std::string& text);

// "quota (10.0 MiB): 3 files removed (1.2 MiB), 1 captures ended at the quota", or "" when the
// quota did nothing.
std::string quota_summary(const RecorderCounters& c);

}  // namespace saker::capture
