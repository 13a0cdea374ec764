// `saker record`: live recording with Saker's eBPF driver (capture/).
#include <fmt/format.h>

#include "command.h"
#include "saker/capture/record_command.h"
#include "saker/capture/record_config.h"
#include "saker/rules/ruleset.h"
#include "saker/scap/command_error.h"

namespace saker::cli {

namespace {

struct RecordCli {
  capture::RecordOptions record;
  std::string config, trigger_mode = "auto", trigger_priority;
  CLI::Option* trigger_mode_opt = nullptr;
  CLI::Option* rules_opt = nullptr;
};

int run_record(RecordCli& o) {
  auto& trig = o.record.trigger_opts;
  if (o.trigger_mode_opt->count())
    trig.mode = o.trigger_mode == "all"     ? capture::TriggerMode::All
                : o.trigger_mode == "rules" ? capture::TriggerMode::Rules
                                            : capture::TriggerMode::Auto;
  if (!o.trigger_priority.empty()) {
    trig.min_priority = rules::parse_priority(o.trigger_priority);
    if (!trig.min_priority)
      throw scap::CommandError(scap::ErrorKind::Usage, "unknown priority '" + o.trigger_priority + "'");
  }
  o.record.config_path = o.config;
  o.record.rules_from_command_line = o.rules_opt->count() > 0;
  return capture::run_record(o.record, stderr);
}

std::shared_ptr<RecordCli> g_record;  // for preload_record_config

}  // namespace

void add_record(CLI::App& app, Commands& out) {
  auto o = std::make_shared<RecordCli>();
  auto& record = o->record;
  g_record = o;
  auto* rec =
      app.add_subcommand("record", "Record live syscalls into a .scap capture with Saker's eBPF driver");
  rec->add_option("-w,--write", record.output, "Capture file to write (mode 0600; never a link or device)");
  rec->add_flag("--force", record.force, "Replace the -w file when it is an existing regular file");
  rec->add_option("--syscalls", record.syscalls,
                  "auto (what the rules match plus what state needs), all, or a list: open,openat,execve");
  o->rules_opt =
      rec->add_option("-r,--rules", record.rule_paths,
                      "Rule files whose event types `--syscalls auto` selects (default: Saker's own ruleset)")
          ->allow_extra_args(false);  // one file per -r, so `-r FILE -- COMMAND` works
  rec->add_option("--duration", record.duration, "Stop after this many seconds");
  rec->add_option("--max-events", record.max_events, "Stop after writing N events");
  rec->add_option("-s,--snaplen", record.snaplen, "Bytes of read/write data kept per event (max 16384)");
  rec->add_option("--compress", record.compress, "Output compression")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  rec->add_option("--compress-level", record.compress_level,
                  "Compression level: zstd 1-19 (default 3), gzip 1-9 (default 6)");
  rec->add_flag("--compat", record.compat,
                "Write enter/exit pairs (the compat profile) so sysdig 0.29 reads every event");
  rec->add_option("--ring-size", record.ring_bytes,
                  "Kernel ring buffer size, a power of two: 4K ... 1G (default 8M)")
      ->transform(CLI::AsSizeValue(false));
  rec->add_flag("-q,--quiet", record.quiet, "No status line or summary");
  rec->add_option("--container-socket", record.container_sockets,
                  "Docker Engine API socket asked for container metadata (repeatable; default "
                  "/var/run/docker.sock and /run/podman/podman.sock; none: no lookups)")
      ->allow_extra_args(false);
  rec->add_option("-C,--file-size", record.rotation.max_bytes,
                  "Continuous mode: start a new file past this size, e.g. 100M (files FILE0, FILE1, ...)")
      ->transform(CLI::AsSizeValue(false));
  rec->add_option("-G,--seconds", record.rotation.max_seconds,
                  "Continuous mode: start a new file every N seconds");
  rec->add_option("-W,--limit", record.rotation.max_files,
                  "With -C or -G: keep at most N files, reusing their names in a ring");
  rec->add_option("--config", o->config,
                  "YAML file with these settings (packaging/record.yaml); command-line options override it");
  auto& trig = record.trigger_opts;
  rec->add_flag("--trigger", record.trigger,
                "Triggered recording: keep a history in memory, write one capture per incident into -o DIR");
  rec->add_option("-o,--output-dir", trig.dir, "--trigger: directory of the incident captures");
  o->trigger_mode_opt =
      rec->add_option(
             "--trigger-mode", o->trigger_mode,
             "auto (default): rules with `capture: true`, --trigger-rule and --trigger-tag when there are "
             "any, "
             "else every alert at or above --trigger-priority (Warning); rules: only those; all: every alert")
          ->check(CLI::IsMember({"auto", "rules", "all"}));
  rec->add_option("--trigger-rule", trig.rules, "A rule name or glob that triggers (repeatable)")
      ->allow_extra_args(false);
  rec->add_option("--trigger-tag", trig.tags, "Rules with this tag trigger (repeatable)")
      ->allow_extra_args(false);
  rec->add_option(
      "--trigger-priority", o->trigger_priority,
      "Only alerts at least this severe trigger (default in auto mode without capture rules: warning)");
  rec->add_option("--pre", trig.pre_s, "Seconds of history before the trigger (default 30)");
  rec->add_option(
      "--post", trig.post_s,
      "Seconds recorded after the last triggering alert (default 30; a rule's capture_duration wins)");
  rec->add_option("--max-capture", trig.max_capture_s, "Longest capture in seconds (default 600)");
  rec->add_option("--ring-mem", trig.ring_mem, "Memory for the history, e.g. 64M (default 64 MiB)")
      ->transform(CLI::AsSizeValue(false));
  rec->add_option("--rate-limit", trig.rate_limit_s,
                  "Seconds before the same rule may open another capture (default 60)");
  rec->add_option(
         "--dir-quota", trig.dir_quota,
         "--trigger, or -C/-G: bytes of captures kept, never passed, e.g. 10G; the oldest are removed first")
      ->transform(CLI::AsSizeValue(false));
  rec->add_option(
         "--alert-output", record.alert_outputs,
         "Send every alert to stdout, json (stdout, Falco's JSON), file:PATH (JSON lines, appended, "
         "reopened on SIGHUP), program:COMMAND (JSON lines on its input, restarted if it dies), "
         "syslog (/dev/log, or syslog:/SOCKET) or http://HOST:PORT/PATH (Falco's JSON, POST, 3 tries; "
         "falcosidekick); repeatable")
      ->allow_extra_args(false);
  rec->add_option("--ship", record.ship_url,
                  "Ship each finished capture, and every alert as it fires, to this fleet ClickHouse server "
                  "(docs/fleet.md)");
  rec->add_option("--ship-host", record.ship_host,
                  "--ship: host name in the fleet (default: this machine's)");
  rec->add_option("--ship-database", record.ship_database, "--ship: database (default saker)");
  rec->add_option("--alert-queue", record.alert_queue,
                  "Alerts queued per output; when full, new alerts are dropped and counted (default 1024)");
  rec->add_option("--stats-file", record.stats_file,
                  "Write the recorder's health and counters as JSON to this file (replaced atomically) every "
                  "--stats-interval seconds and at the end");
  rec->add_option("--stats-interval", record.stats_interval,
                  "Seconds between --stats-file updates (default 10)");
  rec->add_option("command", record.command,
                  "After --: a command to run and record with its descendants only; stops when it exits");

  rec->footer(
      "EXAMPLES:\n"
      "  saker record -w shell.scap -- sh -c 'cat /etc/shadow'\n"
      "  saker record -w /var/lib/saker/ring.scap -C 100M --dir-quota 10G\n"
      "  saker record --trigger -o /var/lib/saker/incidents --pre 60 --post 30\n"
      "  saker record --trigger -o DIR --alert-output file:/var/log/saker/alerts.json "
      "--alert-output http://localhost:2801/");
  out.push_back({rec, "record", [o] { return run_record(*o); }});
}

// `record --config FILE` fills the defaults before the command line is parsed, so options given
// there override the file.
// Throws CommandError (Usage) for a bad file.
void preload_record_config(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) != "record" || !g_record) return;
  for (int k = 2; k + 1 < argc && std::string(argv[k]) != "--"; ++k) {
    if (std::string(argv[k]) != "--config") continue;
    try {
      capture::load_record_config(argv[k + 1], g_record->record);
    } catch (const capture::ConfigError& e) {
      throw scap::CommandError(scap::ErrorKind::Usage, e.what());
    }
  }
}

}  // namespace saker::cli
