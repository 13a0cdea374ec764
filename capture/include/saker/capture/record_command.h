// `saker record`: live capture into a .scap file with Saker's eBPF driver.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "saker/capture/rotating_writer.h"
#include "saker/capture/trigger.h"

namespace saker::capture {

struct RecordOptions {
  std::string output;                   // -w FILE
  bool force = false;                   // --force: -w may replace an existing regular file
  std::string syscalls = "auto";        // auto | all | LIST
  std::vector<std::string> rule_paths;  // -r: rules that `auto` selects syscalls for
  double duration = 0;                  // seconds; 0: until stopped
  uint64_t max_events = 0;              // 0: no limit
  uint32_t snaplen = 80;
  std::string compress = "none";     // zstd | gzip | none
  int compress_level = 0;            // 0: the codec's default (zstd 3, gzip 6)
  bool compat = false;               // enter/exit pairs that sysdig 0.29 reads fully
  size_t ring_bytes = 8u << 20;      // the kernel ring buffer, a power of two
  std::vector<std::string> command;  // record this command and its descendants only
  bool quiet = false;
  // Container runtime API sockets asked for container metadata; empty: Docker's and podman's
  // default paths; "none" turns the lookups off.
  std::vector<std::string> container_sockets;
  RotationOptions rotation;  // -C/-G/-W continuous mode
  // Triggered recording (--trigger): captures go to trigger.dir (-o DIR), one per incident.
  bool trigger = false;
  TriggerOptions trigger_opts;
  // --alert-output: where alerts go, in every mode (rules/include/saker/rules/alert_outputs.h);
  // empty: nowhere (triggered captures still get their sidecar).
  std::vector<std::string> alert_outputs;
  size_t alert_queue = 1024;  // alerts waiting per output; beyond it they are dropped and counted
  // --stats-file: health and counters as JSON, replaced atomically every stats_interval
  // seconds and at the end (capture/include/saker/capture/record_stats.h).
  std::string stats_file;
  double stats_interval = 10;
  // --config FILE: read again on SIGHUP. Its rule files replace the running ones unless -r was
  // given on the command line; other settings that changed are named, to apply at a restart.
  std::string config_path;
  bool rules_from_command_line = false;
  // --ship URL: each finished capture to the fleet's ClickHouse (docs/fleet.md), and every
  // alert as it fires into its live_alerts table.
  std::string ship_url;
  std::string ship_host;  // default: this machine's name (as recorded in the captures)
  std::string ship_database = "saker";
};

// Exit status: 0; 1 for bad options, rules or a driver that cannot load; 2 when the output
// cannot be written. With a command, its exit status is reported but not returned.
int run_record(const RecordOptions& opts, std::FILE* err);

}  // namespace saker::capture
