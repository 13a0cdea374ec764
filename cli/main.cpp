// saker: subcommand wiring only; each subcommand's logic lives in its own library.
#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "allocator_tuning.h"
#include "cmd_fleet.h"
#include "cmd_ship.h"
#include "fields_command.h"
#include "saker/capture/record_command.h"
#include "saker/capture/record_config.h"
#include "saker/query/capture_index.h"
#include "saker/query/print_command.h"
#include "saker/query/search.h"
#include "saker/query/slice_command.h"
#include "saker/rules/commands.h"
#include "saker/rules/index_alerts.h"
#include "saker/scap/byte_sink.h"
#include "saker/scap/capture_info.h"
#include "saker/scap/convert.h"
#include "saker/scap/error.h"

#ifndef SAKER_VERSION
#define SAKER_VERSION "dev"
#endif

namespace {

int run_info(const std::string& path, bool json) {
  try {
    auto info = saker::scap::collect_capture_info(path);
    std::string text =
        json ? saker::scap::format_capture_info_json(info) : saker::scap::format_capture_info(info);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return info.error ? 1 : 0;
  } catch (const saker::scap::CaptureError& e) {
    fmt::print(stderr, "saker info: {}\n", e.what());
    return 1;
  }
}

saker::scap::Compression parse_compression(const std::string& s) {
  if (s == "zstd") return saker::scap::Compression::Zstd;
  if (s == "gzip") return saker::scap::Compression::Gzip;
  return saker::scap::Compression::None;
}

int run_convert(const std::string& in, const std::string& out, const std::string& compression, int level,
                const std::string& profile, saker::query::SliceOptions slice, const std::string& events) {
  saker::scap::WriterOptions wopts;
  wopts.compression = parse_compression(compression);
  wopts.level = level;
  if (auto why = saker::scap::check_compression_level(wopts.compression, level); !why.empty()) {
    fmt::print(stderr, "saker convert: --compress-level: {}\n", why);
    return 2;
  }
  wopts.profile =
      profile == "current" ? saker::scap::WriterProfile::Current : saker::scap::WriterProfile::Compat;
  bool tty = isatty(STDERR_FILENO);
  if (!events.empty()) {
    auto dash = events.find('-');
    try {
      slice.first_event = std::stoull(events.substr(0, dash));
      if (dash != std::string::npos && dash + 1 < events.size())
        slice.last_event = std::stoull(events.substr(dash + 1));
    } catch (const std::exception&) {
      fmt::print(stderr, "saker convert: --events takes FIRST-LAST event numbers, not '{}'\n", events);
      return 2;
    }
  }
  bool slicing = !slice.filter.empty() || !slice.from.empty() || !slice.to.empty() || slice.first_event ||
                 slice.last_event || slice.sanitize;
  if (slicing) {
    slice.writer = wopts;
    try {
      auto r = saker::query::slice_capture(in, out, slice, [&](uint64_t n) {
        if (tty) fmt::print(stderr, "\r{} events read", n);
      });
      if (tty) fmt::print(stderr, "\r");
      fmt::print(stderr, "{}: {} events read, {} written, {} more kept state-only\n", out, r.events_read,
                 r.events_written, r.state_only);
      if (r.read_error) {
        fmt::print(stderr, "saker convert: {}\n", *r.read_error);
        return 1;
      }
      return 0;
    } catch (const std::invalid_argument& e) {
      fmt::print(stderr, "saker convert: {}\n", e.what());
      return 2;
    } catch (const saker::scap::CaptureError& e) {
      fmt::print(stderr, "saker convert: {}\n", e.what());
      return 1;
    }
  }
  try {
    auto r = saker::scap::convert_capture(in, out, wopts, [&](uint64_t n) {
      if (tty) fmt::print(stderr, "\r{} events converted", n);
    });
    if (tty) fmt::print(stderr, "\r");
    fmt::print(stderr, "{}: {} events read, {} written ({} enter events synthesized, {} dropped)\n", out,
               r.events_read, r.written.events, r.written.synthesized_enters, r.written.dropped_enters);
    if (r.read_error) {
      fmt::print(stderr, "saker convert: {}\n", *r.read_error);
      return 1;
    }
    return 0;
  } catch (const saker::scap::CaptureError& e) {
    fmt::print(stderr, "saker convert: {}\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  saker::cli::tune_allocator(argc, argv);
  CLI::App app{"Saker: forensic syscall capture recorder and analysis workstation"};
  app.set_version_flag("--version", std::string("saker ") + SAKER_VERSION + "\nFalco rules engine version " +
                                        saker::rules::engine_version());
  app.require_subcommand(1);

  saker::query::PrintOptions print;
  auto* p = app.add_subcommand("print", "Print the events of a capture, one line each (like sysdig -r)");
  p->add_option("capture", print.capture, "Capture file (.scap, gzip or zstd)")
      ->required()
      ->check(CLI::ExistingFile);
  p->add_option("filter", print.filter, "Falco filter, e.g. 'evt.type = openat and fd.name startswith /etc'");
  p->add_option("-p,--format", print.format, "Output format, sysdig style: \"%evt.num %evt.type %evt.args\"");
  p->add_option("-n,--limit", print.limit, "Stop after printing N events");
  p->add_flag("--all", print.all, "Also print internal events (procinfo, drop, ...) and state-only events");
  p->add_flag("-q,--quiet", print.quiet,
              "Read, track state and filter every event without printing (for timing)");

  saker::query::FieldsOptions fields;
  auto* fl = saker::cli::add_fields_command(app, fields);

  std::string info_path;
  bool info_json = false;
  auto* i = app.add_subcommand("info",
                               "Summarise a capture: version, machine, blocks, events per type, time range");
  i->add_option("capture", info_path, "Capture file")->required()->check(CLI::ExistingFile);
  i->add_flag("--json", info_json, "Print JSON");

  std::string conv_in, conv_out, conv_compression = "none", conv_profile = "compat";
  int conv_level = 0;
  auto* c =
      app.add_subcommand("convert", "Rewrite a capture (any version, gzip or zstd) as a standard .scap");
  c->add_option("input", conv_in, "Capture to read")->required()->check(CLI::ExistingFile);
  c->add_option("output", conv_out, "Capture to write")->required();
  c->add_option("--compress", conv_compression, "Output compression")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  c->add_option("--compress-level", conv_level,
                "Compression level: zstd 1-19 (default 3), gzip 1-9 (default 6)");
  c->add_option("--profile", conv_profile,
                "compat: enter/exit pairs that sysdig 0.29 and current libs read; current: exit events only")
      ->check(CLI::IsMember({"compat", "current"}));
  saker::query::SliceOptions slice;
  std::string slice_events;
  c->add_option("--filter", slice.filter,
                "Keep only events matching this Falco filter (state changes stay, hidden)");
  c->add_option("--from", slice.from,
                "Start time: ns since the epoch, 2024-11-25T08:00:00Z, or +SECONDS from the start");
  c->add_option("--to", slice.to, "End time, same forms as --from");
  c->add_option("--events", slice_events, "Event number range FIRST-LAST (evt.num)");
  c->add_flag("--sanitize", slice.sanitize, "Leave out environments and processes the slice never touches");

  saker::rules::ReplayOptions replay;
  std::string min_priority = "debug";
  auto* r = app.add_subcommand("replay", "Rerun Falco rules over a capture and print the alerts");
  r->add_option("captures", replay.captures, "Capture files, replayed in order")
      ->required()
      ->check(CLI::ExistingFile);
  r->add_option(
       "-r,--rules", replay.rule_paths,
       "Rule file or directory, one per -r; repeat for several, later ones change earlier items "
       "(default: Saker's own ruleset)")
      ->allow_extra_args(false);
  r->add_flag("--with-default-rules", replay.with_default_rules,
              "Load Saker's default ruleset first, then the -r files (which may append to its lists)");
  r->add_flag("--json", replay.json, "Alerts as JSON lines, in Falco's alert shape");
  r->add_option("-o,--output", replay.output_file, "Write alerts to this file");
  r->add_option("--min-priority", min_priority, "Skip rules less severe than this (emergency ... debug)");
  r->add_option("-D,--disable-rule", replay.disabled_rules,
                "Disable the rules whose name contains this text, as Falco's -D (one per flag; repeat)")
      ->allow_extra_args(false);
  r->add_option("-T,--disable-tag", replay.disabled_tags,
                "Disable the rules with this tag (one per flag; repeat)")
      ->allow_extra_args(false);
  r->add_option("-t,--tag", replay.enabled_tags,
                "Run only the rules with this tag (one per flag; repeat; not with -T)")
      ->allow_extra_args(false);
  r->add_flag("--first-match", replay.first_match,
              "Alert only for the first matching rule of each event (Falco's rule_matching: first)");
  std::string rule_matching;
  r->add_option("--rule-matching", rule_matching, "first or all (default), as Falco's rule_matching")
      ->check(CLI::IsMember({"first", "all"}));
  r->add_option("-f,--filter", replay.filter, "Only events matching this Falco filter meet the rules");
  r->add_flag("-q,--quiet", replay.quiet, "No summary on standard error");

  saker::capture::RecordOptions record;
  auto* rec =
      app.add_subcommand("record", "Record live syscalls into a .scap capture with Saker's eBPF driver");
  rec->add_option("-w,--write", record.output, "Capture file to write (mode 0600)");
  rec->add_option("--syscalls", record.syscalls,
                  "auto (what the rules match plus what state needs), all, or a list: open,openat,execve");
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
  std::string record_config;
  rec->add_option("--config", record_config,
                  "YAML file with these settings (packaging/record.yaml); command-line options override it");
  auto& trig = record.trigger_opts;
  std::string trigger_mode = "rules", trigger_priority;
  rec->add_flag("--trigger", record.trigger,
                "Triggered recording: keep a history in memory, write one capture per incident into -o DIR");
  rec->add_option("-o,--output-dir", trig.dir, "--trigger: directory of the incident captures");
  auto* trigger_mode_opt =
      rec->add_option(
             "--trigger-mode", trigger_mode,
             "rules: rules with `capture: true` (and --trigger-rule/--trigger-tag) trigger; all: every alert")
          ->check(CLI::IsMember({"rules", "all"}));
  rec->add_option("--trigger-rule", trig.rules, "A rule name or glob that triggers (repeatable)")
      ->allow_extra_args(false);
  rec->add_option("--trigger-tag", trig.tags, "Rules with this tag trigger (repeatable)")
      ->allow_extra_args(false);
  rec->add_option("--trigger-priority", trigger_priority, "Only alerts at least this severe trigger");
  rec->add_option("--pre", trig.pre_s, "Seconds of history before the trigger (default 30)");
  rec->add_option(
      "--post", trig.post_s,
      "Seconds recorded after the last triggering alert (default 30; a rule's capture_duration wins)");
  rec->add_option("--max-capture", trig.max_capture_s, "Longest capture in seconds (default 600)");
  rec->add_option("--ring-mem", trig.ring_mem, "Memory for the history, e.g. 64M (default 64 MiB)")
      ->transform(CLI::AsSizeValue(false));
  rec->add_option("--rate-limit", trig.rate_limit_s,
                  "Seconds before the same rule may open another capture (default 60)");
  rec->add_option("--dir-quota", trig.dir_quota,
                  "Bytes of captures kept in the directory, e.g. 10G; the oldest are removed first")
      ->transform(CLI::AsSizeValue(false));
  rec->add_option("command", record.command,
                  "After --: a command to run and record with its descendants only; stops when it exits");

  auto* rules_cmd = app.add_subcommand("rules", "Validate and list rule files");
  rules_cmd->require_subcommand(1);
  saker::rules::ValidateOptions validate;
  auto* rv = rules_cmd->add_subcommand("validate",
                                       "Load rule files and report errors and warnings (exit 1 on error)");
  rv->add_option("paths", validate.paths, "Rule files or directories")->required();
  rv->add_flag("--json", validate.json,
               "Print Falco's validation JSON: per file, successful, errors, warnings");
  rv->add_flag("--strict", validate.strict,
               "Errors for macros no rule uses whose condition does not compile (Falco only warns)");
  std::vector<std::string> list_paths;
  bool list_json = false;
  auto* rl = rules_cmd->add_subcommand("list", "List rules: name, priority, tags, event types");
  rl->add_option("paths", list_paths, "Rule files or directories (default: Saker's own ruleset)");
  rl->add_flag("--json", list_json, "Print JSON");

  std::string index_capture, index_out;
  std::vector<std::string> index_rules;
  bool index_no_rules = false, index_sql_indexes = false;
  auto* ix = app.add_subcommand("index", "Build the SQLite index of a capture (CAPTURE.saker-index)");
  ix->add_option("capture", index_capture, "Capture file")->required()->check(CLI::ExistingFile);
  ix->add_option("-o,--output", index_out, "Index file (default: CAPTURE.saker-index)");
  ix->add_option(
      "-r,--rules", index_rules,
      "Rule file or directory whose alerts fill the alerts table (repeatable; default: Saker's own "
      "ruleset)");
  ix->add_flag("--no-rules", index_no_rules, "Leave the alerts table empty (faster)");
  uint64_t index_checkpoints = saker::query::IndexOptions{}.checkpoint_every;
  ix->add_option("--checkpoint-every", index_checkpoints,
                 "Save the replay state every N events so searches start near their events (0: never)");
  ix->add_flag("--sql-indexes", index_sql_indexes,
               "Also index event_rows by time, type, fd, process and thread for SQL (slower build)");

  std::string q_capture, q_sql, q_index, q_format = "table";
  auto* qy =
      app.add_subcommand("query", "Run read-only SQL over a capture's index (built when missing or stale)");
  qy->add_option("capture", q_capture, "Capture file")->required()->check(CLI::ExistingFile);
  qy->add_option("sql", q_sql, "SQL, e.g. \"SELECT proc_name, count(*) FROM events GROUP BY 1\"")->required();
  qy->add_option("--index", q_index, "Index file (default: CAPTURE.saker-index)");
  qy->add_option("--format", q_format, "table, csv or json (one object a line)")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  saker::query::SearchOptions search;
  auto* se = app.add_subcommand(
      "search",
      "Print the events matching a Falco filter, narrowed through the index (same output as print)");
  se->add_option("capture", search.capture, "Capture file")->required()->check(CLI::ExistingFile);
  se->add_option("filter", search.filter, "Falco filter, e.g. 'proc.name = curl and evt.type = connect'");
  se->add_option("-p,--format", search.format, "Output format, as saker print -p");
  se->add_option("-n,--limit", search.limit, "Stop after printing N events");
  se->add_option("--index", search.index,
                 "Index file (default: CAPTURE.saker-index; built when missing or stale)");
  se->add_flag("--explain", search.explain, "Describe on standard error how the index narrowed the search");

  saker::cli::add_ship_command(app);
  saker::cli::add_fleet_command(app);

  // `record --config FILE` fills the defaults before the command line is parsed, so options
  // given there override the file.
  if (argc > 1 && std::string(argv[1]) == "record") {
    for (int k = 2; k + 1 < argc && std::string(argv[k]) != "--"; ++k) {
      if (std::string(argv[k]) != "--config") continue;
      try {
        saker::capture::load_record_config(argv[k + 1], record);
      } catch (const saker::capture::ConfigError& e) {
        fmt::print(stderr, "saker record: {}\n", e.what());
        return 1;
      }
    }
  }
  CLI11_PARSE(app, argc, argv);

  if (ix->parsed()) {
    std::string path = index_out.empty() ? saker::query::default_index_path(index_capture) : index_out;
    bool tty = isatty(STDERR_FILENO);
    try {
      std::unique_ptr<saker::query::IndexObserver> alerts;
      saker::query::IndexOptions iopts;
      if (!index_no_rules) {
        alerts = saker::rules::make_alert_observer(index_rules);
        iopts.observers.push_back(alerts.get());
      }
      iopts.sql_indexes = index_sql_indexes;
      iopts.checkpoint_every = index_checkpoints;
      iopts.progress = [&](uint64_t n) {
        if (tty) fmt::print(stderr, "\r{} events indexed", n);
      };
      auto built = saker::query::build_index(index_capture, path, iopts);
      if (tty) fmt::print(stderr, "\r");
      fmt::print(stderr, "{}: {} events, {} processes, {} files, {} connections, {} alerts, {} checkpoints\n",
                 path, built.events, built.processes, built.files, built.connections, built.alerts,
                 built.checkpoints);
      if (!built.read_error.empty()) {
        fmt::print(stderr, "saker index: {}\n", built.read_error);
        return 1;
      }
      return 0;
    } catch (const saker::scap::CaptureError& e) {
      fmt::print(stderr, "saker index: {}\n", e.what());
      return 2;
    } catch (const std::exception& e) {
      fmt::print(stderr, "saker index: {}\n", e.what());
      return 1;
    }
  }
  if (qy->parsed()) {
    auto fmt_kind = q_format == "csv"    ? saker::query::QueryFormat::Csv
                    : q_format == "json" ? saker::query::QueryFormat::Json
                                         : saker::query::QueryFormat::Table;
    return saker::query::run_query(q_capture,
                                   q_index.empty() ? saker::query::default_index_path(q_capture) : q_index,
                                   q_sql, fmt_kind, stdout, stderr, saker::rules::alert_observer_factory({}));
  }
  if (se->parsed())
    return saker::query::run_search(search, stdout, stderr, saker::rules::alert_observer_factory({}));

  if (r->parsed()) {
    auto prio = saker::rules::parse_priority(min_priority);
    if (!prio) {
      fmt::print(stderr, "saker replay: unknown priority '{}'\n", min_priority);
      return 1;
    }
    replay.min_priority = *prio;
    if (rule_matching == "first") replay.first_match = true;
    return saker::rules::run_replay(replay, stdout, stderr);
  }
  if (rec->parsed()) {
    if (trigger_mode_opt->count())
      trig.mode =
          trigger_mode == "all" ? saker::capture::TriggerMode::All : saker::capture::TriggerMode::Rules;
    if (!trigger_priority.empty()) {
      trig.min_priority = saker::rules::parse_priority(trigger_priority);
      if (!trig.min_priority) {
        fmt::print(stderr, "saker record: unknown priority '{}'\n", trigger_priority);
        return 1;
      }
    }
    return saker::capture::run_record(record, stderr);
  }
  if (rv->parsed()) return saker::rules::run_rules_validate(validate, stdout);
  if (rl->parsed()) return saker::rules::run_rules_list(list_paths, list_json, stdout, stderr);

  if (p->parsed()) return saker::query::run_print(print, stdout, stderr);
  if (fl->parsed()) return saker::cli::run_fields(fields);
  if (i->parsed()) return run_info(info_path, info_json);
  if (c->parsed())
    return run_convert(conv_in, conv_out, conv_compression, conv_level, conv_profile, slice, slice_events);
  return 0;
}
