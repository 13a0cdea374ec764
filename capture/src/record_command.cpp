#include "saker/capture/record_command.h"
#include "saker/capture/record_config.h"
#include "saker/scap/command_error.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "saker/capture/capture_shipper.h"
#include "saker/capture/container_events.h"
#include "saker/capture/container_watcher.h"
#include "saker/capture/fleet_alert_output.h"
#include "saker/capture/live_alerts.h"
#include "saker/capture/output_lock.h"
#include "saker/capture/proc_scan.h"
#include "saker/capture/record_stats.h"
#include "saker/capture/service_notify.h"
#include "saker/capture/syscall_selection.h"
#include "saker/capture/trigger_policy.h"
#include "saker/driver/driver.h"
#include "saker/fleet/clickhouse.h"
#include "saker/replay/container.h"
#include "saker/rules/alert_outputs.h"
#include "saker/rules/commands.h"
#include "saker/scap/error.h"
#include "saker/scap/safe_output.h"
#include "saker/scap/writer.h"

namespace saker::capture {

namespace {

std::atomic<bool> g_stop{false}, g_reload{false}, g_status{false};

// The name captures record for this machine (proc_scan), which ship uses as the host.
std::string machine_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

// --ship: the fleet's tables must exist (a configuration mistake stops the recorder before
// anything is recorded); a server that cannot be reached now only delays shipping.
int check_fleet(const RecordOptions& opts, std::FILE* err) {
  try {
    fleet::ClickHouse ch(opts.ship_url);
    std::string n =
        ch.execute(fmt::format("SELECT count() FROM system.tables WHERE database = {} AND name IN "
                               "('live_alerts_dist', 'captures_dist')",
                               fleet::sql_quote(opts.ship_database)));
    if (n.rfind("2", 0) != 0) {
      fmt::print(err,
                 "saker record: --ship: {} has no fleet tables in database {}: run saker fleet init first\n",
                 fleet::url_without_credentials(opts.ship_url), opts.ship_database);
      return scap::exit_status(scap::ErrorKind::Usage);
    }
  } catch (const fleet::ClickHouseError& e) {
    if (e.kind() != fleet::ClickHouseError::Kind::Unreachable) {
      fmt::print(err, "saker record: --ship: {}\n", e.what());
      return scap::exit_status(scap::ErrorKind::Usage);
    }
    fmt::print(err, "saker record: --ship: {}; recording anyway, captures are shipped once it answers\n",
               e.what());
  }
  return 0;
}

void on_signal(int) {
  g_stop = true;
}
// Falco reloads its rules on SIGHUP; SIGUSR1 asks for a status line (as dd does). Neither
// may end a recording on a production host.
void on_reload(int) {
  g_reload = true;
}
void on_status(int) {
  g_status = true;
}

struct SignalGuard {
  struct sigaction old_int {
  }, old_term{}, old_hup{}, old_usr1{};
  SignalGuard() {
    g_stop = g_reload = g_status = false;
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sa.sa_handler = on_reload;
    sigaction(SIGHUP, &sa, &old_hup);
    sa.sa_handler = on_status;
    sigaction(SIGUSR1, &sa, &old_usr1);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
    sigaction(SIGUSR1, &old_usr1, nullptr);
  }
};

// A child that waits on a pipe until the driver follows it, then runs the command. The
// recorder becomes a subreaper, so descendants the command leaves behind (a daemonized
// helper, `cmd &`) stay its children and are recorded until the last one exits.
struct Child {
  pid_t pid = -1;
  int go_fd = -1, exec_error_fd = -1;

  explicit Child(const std::vector<std::string>& argv) {
    int go[2], exec_error[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(exec_error, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe: " + std::string(strerror(errno)));
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid = fork();
    if (pid < 0) throw std::runtime_error("fork: " + std::string(strerror(errno)));
    if (pid == 0) {
      close(go[1]);
      close(exec_error[0]);
      char c;
      if (read(go[0], &c, 1) != 1) _exit(127);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      const int e = errno;
      (void)!write(exec_error[1], &e, sizeof e);
      _exit(127);
    }
    close(go[0]);
    close(exec_error[1]);
    go_fd = go[1];
    exec_error_fd = exec_error[0];
  }
  // Lets the command run; 0 once it runs, else the errno of its exec.
  int start() {
    if (go_fd < 0) return 0;
    (void)!write(go_fd, "g", 1);
    close(go_fd);
    go_fd = -1;
    int e = 0;
    ssize_t n;
    do n = read(exec_error_fd, &e, sizeof e);  // end of file: exec closed the pipe, the command runs
    while (n < 0 && errno == EINTR);
    close(exec_error_fd);
    exec_error_fd = -1;
    return n == sizeof e ? e : 0;
  }
  ~Child() {
    if (go_fd >= 0) close(go_fd);  // the child exits without running the command
    if (exec_error_fd >= 0) close(exec_error_fd);
    if (pid > 0) waitpid(pid, nullptr, 0);
  }
};

// How long the start of a recording waits for the metadata of the containers already running;
// later answers are written when they arrive.
constexpr auto kInitialContainerWait = std::chrono::seconds(3);

uint64_t realtime_ns() {
  timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
}

// Events that carry a new process's cgroups: clone, fork, vfork, execve, execveat, clone3 exits.
bool carries_cgroups(scap::EventType type) {
  switch (type) {
    case scap::EventType::SyscallClone_20X:
    case scap::EventType::SyscallFork_20X:
    case scap::EventType::SyscallVfork_20X:
    case scap::EventType::SyscallExecve_19X:
    case scap::EventType::SyscallExecveatX:
    case scap::EventType::SyscallClone3X:
      return true;
    default:
      return false;
  }
}

std::unique_ptr<ContainerWatcher> start_container_watcher(const RecordOptions& opts, std::FILE* err) {
  const auto& asked = opts.container_sockets;
  if (asked.size() == 1 && asked[0] == "none") return nullptr;
  auto w = std::make_unique<ContainerWatcher>(asked.empty() ? kDefaultContainerSockets : asked);
  if (!opts.quiet) {
    for (const auto& s : asked)
      if (std::find(w->sockets().begin(), w->sockets().end(), s) == w->sockets().end())
        fmt::print(err, "saker record: {} is not a unix socket; no container metadata from it\n", s);
  }
  return w;
}

scap::Compression compression_of(const std::string& s) {
  if (s == "zstd") return scap::Compression::Zstd;
  if (s == "gzip") return scap::Compression::Gzip;
  if (s == "none") return scap::Compression::None;
  throw std::invalid_argument(fmt::format("--compress takes zstd, gzip or none, not '{}'", s));
}

// The settings of a configuration file that only a restart applies, by their key in the file,
// where `now` differs from `before`.
std::vector<std::string> restart_settings_changed(const RecordOptions& before, const RecordOptions& now) {
  std::vector<std::string> out;
  auto note = [&](bool changed, const char* key) {
    if (changed) out.emplace_back(key);
  };
  note(before.output != now.output, "output");
  note(before.syscalls != now.syscalls, "syscalls");
  note(before.snaplen != now.snaplen, "snaplen");
  note(before.compress != now.compress || before.compress_level != now.compress_level, "compress");
  note(before.compat != now.compat, "compat");
  note(before.ring_bytes != now.ring_bytes, "ring_size");
  note(before.container_sockets != now.container_sockets, "container_sockets");
  note(before.rotation.max_bytes != now.rotation.max_bytes ||
           before.rotation.max_seconds != now.rotation.max_seconds ||
           before.rotation.max_files != now.rotation.max_files ||
           before.rotation.dir_quota != now.rotation.dir_quota,
       "rotation");
  const auto &bt = before.trigger_opts, &nt = now.trigger_opts;
  note(before.trigger != now.trigger || bt.dir != nt.dir || bt.mode != nt.mode || bt.rules != nt.rules ||
           bt.tags != nt.tags || bt.min_priority != nt.min_priority || bt.pre_s != nt.pre_s ||
           bt.post_s != nt.post_s || bt.max_capture_s != nt.max_capture_s || bt.ring_mem != nt.ring_mem ||
           bt.rate_limit_s != nt.rate_limit_s || bt.dir_quota != nt.dir_quota,
       "trigger");
  note(before.alert_outputs != now.alert_outputs || before.alert_queue != now.alert_queue, "alerts");
  note(before.stats_file != now.stats_file || before.stats_interval != now.stats_interval, "stats");
  note(before.ship_url != now.ship_url || before.ship_host != now.ship_host ||
           before.ship_database != now.ship_database,
       "ship");
  return out;
}

// SIGHUP: the configuration file (with --config) and the rule files are read again; a file
// with errors leaves the running rules in place. The syscalls the kernel selects, and every
// other setting, stay those of the start: changed ones are named for a restart.
void reload_rules(const RecordOptions& opts, std::optional<RecordOptions>& config, TriggerRecorder* trigger,
                  LiveAlerts* live, std::vector<std::unique_ptr<rules::RuleSet>>& generations,
                  std::FILE* err) {
  std::vector<std::string> rule_paths = opts.rule_paths;
  if (config) {
    RecordOptions fresh;
    try {
      load_record_config(opts.config_path, fresh);
    } catch (const ConfigError& e) {
      fmt::print(err, "SIGHUP: {}; the running settings and rules stay\n", e.what());
      std::fflush(err);
      return;
    }
    if (!opts.rules_from_command_line) rule_paths = fresh.rule_paths;
    auto changed = restart_settings_changed(*config, fresh);
    if (!changed.empty())
      fmt::print(err, "SIGHUP: {} changed in {}: a restart applies it\n", fmt::join(changed, ", "),
                 opts.config_path);
    config = std::move(fresh);
  }
  if (!trigger && !live) {
    fmt::print(err, "SIGHUP: rules only chose the syscalls at start; nothing to reload without --trigger\n");
    std::fflush(err);
    return;
  }
  auto next = std::make_unique<rules::RuleSet>();
  rules::load_rules(*next, rule_paths);
  if (!next->ok()) {
    rules::print_messages(*next, err, false);
    fmt::print(err, "SIGHUP: the rules have errors; the running rules stay\n");
  } else {
    try {
      if (trigger)
        fmt::print(err, "SIGHUP: rules reloaded; triggers: {} (syscall selection unchanged)\n",
                   trigger->reload(*next));
      else
        live->reload(*next), fmt::print(err, "SIGHUP: rules reloaded (syscall selection unchanged)\n");
      generations.push_back(std::move(next));
    } catch (const std::invalid_argument& e) {
      fmt::print(err, "SIGHUP: {}; the running rules stay\n", e.what());
    }
  }
  std::fflush(err);
}

// With a command, the recorder (a subreaper) waits until it has no children left; the processes
// of program alert outputs are its children too and do not count.
bool only_output_children(const std::vector<int>& output_pids) {
  std::set<int> outputs(output_pids.begin(), output_pids.end());
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "children");
    if (!in) return false;  // no /proc/PID/task/TID/children: keep waiting as before
    for (int pid; in >> pid;)
      if (!outputs.count(pid)) return false;
  }
  return !ec;
}

// Options that would otherwise be accepted and silently do nothing.
std::string conflicting_options(const RecordOptions& opts) {
  if (opts.duration < 0) return fmt::format("--duration must be positive, not {}", opts.duration);
  if (!(opts.stats_interval > 0))
    return fmt::format("--stats-interval must be a positive number of seconds, not {}", opts.stats_interval);
  if (opts.snaplen > driver::kMaxSnaplen)
    return fmt::format("--snaplen {} is above the driver's maximum of {} bytes", opts.snaplen,
                       driver::kMaxSnaplen);
  if (opts.rotation.max_files && !opts.rotation.enabled())
    return "-W needs -C or -G (a rotation to keep files of)";
  if (opts.trigger && !opts.output.empty())
    return "--trigger writes one capture per incident into -o DIR; -w FILE is for continuous recording";
  if (opts.trigger && opts.rotation.enabled()) return "--trigger does not rotate: -C/-G/-W are for -w FILE";
  if (!opts.trigger && opts.trigger_opts.dir_quota && !opts.rotation.enabled())
    return "--dir-quota needs --trigger or -C/-G (files to remove)";
  return {};
}

// Takes the output's lock, then checks a single capture file (no rotation): never a link, a
// device or an existing file without --force. Rotated files reuse their names by design.
// Throws scap::CommandError.
std::unique_ptr<OutputLock> lock_output(const RecordOptions& opts) {
  const std::string& dir = opts.trigger_opts.dir;
  if (opts.trigger) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      throw scap::CommandError(scap::ErrorKind::Output, dir, scap::CommandError::kNoOffset,
                               "cannot create: " + ec.message());
  }
  auto lock = std::make_unique<OutputLock>(record_lock_path(opts.trigger, dir, opts.output),
                                           opts.trigger ? dir : opts.output);
  if (!opts.trigger && !opts.rotation.enabled()) {
    scap::SafeOutputOptions so;
    so.force = opts.force;
    scap::check_output_target(opts.output, so);
  }
  return lock;
}

}  // namespace

int run_record(const RecordOptions& opts, std::FILE* err) {
  // Read before any thread starts: the environment is changed.
  ServiceNotifier notifier = ServiceNotifier::from_environment();
  bool notify_failed = false;
  auto notify = [&](const std::string& state) {
    if (notifier.enabled() && !notifier.send(state) && !notify_failed) {
      fmt::print(err, "saker record: cannot notify the service manager: {} (said once)\n", notifier.error());
      notify_failed = true;
    }
  };
  if (auto why = conflicting_options(opts); !why.empty()) {
    fmt::print(err, "saker record: {}\n", why);
    return scap::exit_status(scap::ErrorKind::Usage);
  }
  if (!opts.trigger && opts.output.empty()) {
    fmt::print(err, "saker record: -w FILE is required (or --trigger -o DIR)\n");
    return scap::exit_status(scap::ErrorKind::Usage);
  }
  if (opts.trigger && opts.trigger_opts.dir.empty()) {
    fmt::print(err, "saker record: --trigger needs -o DIR\n");
    return scap::exit_status(scap::ErrorKind::Usage);
  }
  std::vector<std::string> syscalls;
  scap::WriterOptions wopts;
  rules::RuleSet rs;
  try {
    wopts.compression = compression_of(opts.compress);
    if (auto why = scap::check_compression_level(wopts.compression, opts.compress_level); !why.empty())
      throw std::invalid_argument("--compress-level: " + why);
    wopts.level = opts.compress_level;
    bool want_rules = opts.trigger || opts.syscalls == "auto" || !opts.rule_paths.empty() ||
                      !opts.alert_outputs.empty() || !opts.ship_url.empty();
    if (want_rules) {
      rules::load_rules(rs, opts.rule_paths);
      if (!rs.ok()) {
        rules::print_messages(rs, err, false);
        fmt::print(err, "saker record: the rules have errors; nothing was recorded\n");
        return scap::exit_status(scap::ErrorKind::Rules);
      }
    }
    syscalls = select_syscalls(opts.syscalls, want_rules ? &rs : nullptr);
  } catch (const std::invalid_argument& e) {
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Usage);
  }
  if (opts.trigger) {
    try {
      fmt::print(err, "triggers: {}\n", resolve_trigger_policy(opts.trigger_opts, rs).summary);
    } catch (const std::invalid_argument& e) {
      fmt::print(err, "saker record: {}\n", e.what());
      return scap::exit_status(scap::ErrorKind::Usage);
    }
  }
  // One recorder per file or directory, decided once the options are known good and before
  // the driver loads.
  std::unique_ptr<OutputLock> lock;
  try {
    lock = lock_output(opts);
  } catch (const scap::CommandError& e) {
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(e.kind());
  }
  wopts.profile = opts.compat ? scap::WriterProfile::Compat : scap::WriterProfile::Current;
  // Outputs are checked (files opened, URLs parsed) before anything is recorded.
  std::unique_ptr<rules::AlertOutputs> outputs;
  std::unique_ptr<CaptureShipper> shipper;
  std::string ship_host = opts.ship_host.empty() ? machine_name() : opts.ship_host;
  if (!opts.ship_url.empty()) {
    if (!opts.ship_url.starts_with("http://") && !opts.ship_url.starts_with("https://")) {
      fmt::print(err, "saker record: --ship expects a ClickHouse URL: http://host:8123, not '{}'\n",
                 opts.ship_url);
      return scap::exit_status(scap::ErrorKind::Usage);
    }
    if (int status = check_fleet(opts, err)) return status;
  }
  if (!opts.alert_outputs.empty() || !opts.ship_url.empty()) {
    try {
      rules::AlertOutputsOptions ao;
      ao.queue = opts.alert_queue;
      ao.log = err;
      ao.log_prefix = "saker record";
      std::vector<std::unique_ptr<rules::AlertOutput>> fleet_output;
      if (!opts.ship_url.empty())
        fleet_output.push_back(make_fleet_alert_output(opts.ship_url, opts.ship_database, ship_host));
      outputs = std::make_unique<rules::AlertOutputs>(opts.alert_outputs, ao, std::move(fleet_output));
    } catch (const scap::CommandError& e) {
      fmt::print(err, "saker record: {}\n", e.what());
      return scap::exit_status(e.kind());
    } catch (const std::exception& e) {  // the fleet output's URL
      fmt::print(err, "saker record: --ship: {}\n", e.what());
      return scap::exit_status(scap::ErrorKind::Usage);
    }
  }
  if (!opts.ship_url.empty()) {
    try {
      shipper = std::make_unique<CaptureShipper>(
          CaptureShipperOptions{opts.ship_url, opts.ship_database, opts.ship_host}, err);
    } catch (const std::exception& e) {
      fmt::print(err, "saker record: --ship: {}\n", e.what());
      return scap::exit_status(scap::ErrorKind::Output);
    }
  }

  SignalGuard signals;
  std::unique_ptr<Child> child;
  std::unique_ptr<driver::Driver> drv;
  try {
    if (!opts.command.empty()) child = std::make_unique<Child>(opts.command);
    driver::DriverOptions dopts;
    dopts.syscalls = syscalls;
    dopts.snaplen = opts.snaplen;
    dopts.ring_bytes = opts.ring_bytes;
    dopts.follow_tree = child != nullptr;
    drv = std::make_unique<driver::Driver>(dopts);
    if (child) drv->track(child->pid);
  } catch (const std::exception& e) {
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Environment);
  }

  // The system as the recording starts, with the metadata of the containers running in it.
  scap::Metadata initial = scan_system();
  std::unique_ptr<ContainerWatcher> containers = start_container_watcher(opts, err);
  if (containers && containers->active()) {
    for (const auto& t : initial.threads) {
      auto c = replay::find_container_in_cgroups(t.cgroups);
      containers->request(c.full_id, c.type);
    }
    containers->wait_idle(std::chrono::steady_clock::now() + kInitialContainerWait);
  }

  // Captures hold secrets: owner-only from the moment the file exists.
  mode_t old_umask = umask(077);
  std::unique_ptr<RotatingWriter> writer;
  std::unique_ptr<TriggerRecorder> trigger;
  try {
    if (opts.trigger) {
      std::error_code ec;
      std::filesystem::create_directories(opts.trigger_opts.dir, ec);
      if (ec)
        throw std::runtime_error(fmt::format("cannot create {}: {}", opts.trigger_opts.dir, ec.message()));
      TriggerOptions topts = opts.trigger_opts;
      topts.writer = wopts;
      trigger = std::make_unique<TriggerRecorder>(topts, rs, initial, err);
      trigger->set_outputs(outputs.get());
      if (shipper) trigger->set_on_finished([&shipper](const std::string& path) { shipper->enqueue(path); });
    } else {
      RotationOptions rotation = opts.rotation;
      rotation.dir_quota = opts.trigger_opts.dir_quota;
      writer = std::make_unique<RotatingWriter>(opts.output, wopts, rotation, initial, err, opts.quiet);
      if (shipper) writer->set_on_finished([&shipper](const std::string& path) { shipper->enqueue(path); });
    }
    umask(old_umask);
  } catch (const std::exception& e) {
    umask(old_umask);
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Output);
  }
  std::unique_ptr<LiveAlerts> live;
  if (outputs && !trigger) live = std::make_unique<LiveAlerts>(rs, initial, wopts.profile, *outputs);
  uint64_t written = 0;
  uint64_t last_ts = 0;
  std::function<void(const scap::EventView&)> sink = [&](const scap::EventView& ev) {
    if (opts.max_events && written >= opts.max_events) return;
    if (containers && carries_cgroups(ev.event_type())) {
      if (const scap::Param* cg = ev.param("cgroups")) {
        auto c = replay::find_container_in_cgroups(cg->bytes());
        containers->request(c.full_id, c.type);
      }
    }
    if (trigger) {
      trigger->on_event(ev);
    } else {
      writer->write_event(ev);
      if (live) live->on_event(ev);
    }
    last_ts = ev.ts;
    ++written;
  };
  // Container metadata as container JSON events: not counted as recorded events, stamped with
  // the last event's time (the recording start before any) as libs do.
  scap::EventBuilder container_builder;
  std::vector<ContainerFound> found;
  auto write_containers = [&] {
    if (!containers) return;
    found.clear();
    containers->take(found);
    for (const auto& f : found) {
      const auto& ev = container_event(container_builder, f.json, last_ts ? last_ts : realtime_ns());
      if (trigger) {
        trigger->on_event(ev);
      } else {
        writer->write_event(ev);
        if (live) live->on_event(ev);
      }
    }
  };
  try {
    write_containers();
  } catch (const std::exception& e) {
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Output);
  }
  if (child) {
    if (int e = child->start()) {
      fmt::print(err, "saker record: cannot run '{}': {}\n", opts.command[0], strerror(e));
      waitpid(child->pid, nullptr, 0);
      child->pid = -1;
      if (trigger)
        trigger->finish();
      else
        writer->close();
      return scap::exit_status(scap::ErrorKind::Usage);
    }
  }

  bool tty = isatty(fileno(err)) && !opts.quiet;
  if (!opts.quiet || opts.trigger) {
    std::string where =
        opts.trigger ? fmt::format("armed: captures of incidents go to {}/ ({} s before, {} s after)",
                                   opts.trigger_opts.dir, opts.trigger_opts.pre_s, opts.trigger_opts.post_s)
                     : "into " + opts.output;
    fmt::print(err, "recording {} syscalls ({}) {}{}\n", syscalls.size(), drv->attach_mode(), where,
               child ? fmt::format(", following pid {}", child->pid) : "");
    if (!opts.compat)
      fmt::print(err,
                 "note: captures use the current libs layout (Falco, Stratoshark, libs and Saker read it); "
                 "Debian's sysdig 0.29 needs --compat\n");
    std::fflush(err);
  }
  // systemd (Type=notify): the driver is attached and the outputs are open.
  notify(fmt::format("READY=1\nSTATUS=recording {} syscalls{}", syscalls.size(),
                     opts.trigger ? " (armed for triggers)" : " into " + opts.output));
  auto start = std::chrono::steady_clock::now();
  auto last_status = start;
  // The counters of --stats-file, the SIGUSR1 line and the summary.
  uint64_t events_at_last_stats = 0;
  auto last_stats = start;
  const CounterSources sources{drv.get(),  trigger.get(), writer.get(),
                               live.get(), outputs.get(), opts.trigger_opts.ring_mem};
  auto counters = [&](bool running) {
    auto now = std::chrono::steady_clock::now();
    return collect_counters(sources, running, written, std::chrono::duration<double>(now - start).count(),
                            written - events_at_last_stats,
                            std::chrono::duration<double>(now - last_stats).count());
  };
  bool stats_failed = false;
  auto write_stats = [&](bool running) {
    if (opts.stats_file.empty()) return;
    std::string why = write_stats_file(opts.stats_file, stats_json(counters(running)));
    last_stats = std::chrono::steady_clock::now();
    events_at_last_stats = written;
    if (!why.empty() && !stats_failed)
      fmt::print(err, "saker record: cannot write the stats file: {} (said once)\n", why);
    stats_failed = stats_failed || !why.empty();
  };
  write_stats(true);
  int child_status = -1;
  bool child_done = false;
  int rc = 0;
  auto last_flush = start;
  // Rule sets replaced by SIGHUP stay alive: alerts of an open capture still point at them.
  std::vector<std::unique_ptr<rules::RuleSet>> generations;
  // The configuration file as last read, to name the settings a SIGHUP finds changed.
  std::optional<RecordOptions> config_at_start;
  if (!opts.config_path.empty()) {
    config_at_start.emplace();
    try {
      load_record_config(opts.config_path, *config_at_start);
    } catch (const ConfigError&) {  // changed since the start: the next SIGHUP says what is wrong
    }
  }
  try {
    while (!g_stop) {
      drv->poll(100, sink);
      write_containers();
      auto now = std::chrono::steady_clock::now();
      if (child && !child_done) {
        // The command, then every descendant it left behind (reparented to us, the subreaper).
        int status;
        pid_t p;
        while ((p = waitpid(-1, &status, WNOHANG)) > 0)
          if (p == child->pid) child_status = status, child->pid = -1;
        child_done = (p < 0 && errno == ECHILD) ||
                     (p == 0 && child->pid < 0 && outputs && only_output_children(outputs->pids()));
      }
      if (child_done) break;
      if (now - last_flush >= std::chrono::seconds(1)) {
        // A SIGKILL loses at most about a second of events.
        if (trigger)
          trigger->flush();
        else
          writer->flush();
        last_flush = now;
      }
      if (g_reload.exchange(false)) {
        notify(ServiceNotifier::reloading());
        if (outputs) outputs->reopen();  // file outputs: logrotate moved them away
        reload_rules(opts, config_at_start, trigger.get(), live.get(), generations, err);
        notify("READY=1");
      }
      if (!opts.stats_file.empty() &&
          std::chrono::duration<double>(now - last_stats).count() >= opts.stats_interval)
        write_stats(true);
      if (g_status.exchange(false)) {
        auto st = drv->stats();
        std::string quota_part = quota_summary(counters(true));
        std::string alerts_part;
        if (outputs)
          alerts_part = fmt::format("{}; {}", live ? fmt::format(", {} alerts", live->alerts()) : "",
                                    outputs->summary());
        fmt::print(err, "status: {} events in {:.1f} s, {} dropped by the kernel{}{}{}\n", written,
                   std::chrono::duration<double>(now - start).count(), st.drops,
                   trigger ? fmt::format(", {} alerts, {} captures{}", trigger->stats().alerts,
                                         trigger->stats().captures, trigger->capturing() ? " (one open)" : "")
                           : fmt::format(", {:.1f} MiB written", writer->bytes_written() / 1048576.0),
                   alerts_part, quota_part.empty() ? "" : "; " + quota_part);
        std::fflush(err);
      }
      if (opts.max_events && written >= opts.max_events) break;
      if (opts.duration > 0 && std::chrono::duration<double>(now - start).count() >= opts.duration) break;
      if (tty && now - last_status >= std::chrono::seconds(1)) {
        double secs = std::chrono::duration<double>(now - start).count();
        auto st = drv->stats();
        if (trigger)
          fmt::print(err, "\r{} events ({:.0f}/s), {} drops, {} alerts, {} captures   ", written,
                     written / secs, st.drops, trigger->stats().alerts, trigger->stats().captures);
        else
          fmt::print(err, "\r{} events ({:.0f}/s), {} drops, {:.1f} MiB written   ", written, written / secs,
                     st.drops, writer->bytes_written() / 1048576.0);
        last_status = now;
      }
    }
    notify("STOPPING=1");
    // Drain what the kernel queued before the stop, and report every drop.
    drv->drain(sink);
    // Lookups still under way (a container that started just before the stop) get a moment.
    if (containers && containers->active())
      containers->wait_idle(std::chrono::steady_clock::now() + kInitialContainerWait);
    write_containers();
    if (trigger)
      trigger->finish();
    else
      writer->close();
  } catch (const std::exception& e) {
    fmt::print(err, "\nsaker record: {}\n", e.what());
    rc = scap::exit_status(scap::ErrorKind::Output);
    // A full disk: what was written stays, cut back to its last complete block.
    if (writer) {
      std::string removed = writer->abandon();
      if (!removed.empty())
        fmt::print(err, "saker record: removed {}: nothing could be written to it\n", removed);
      else
        fmt::print(err, "saker record: recording stopped; {} keeps the events written before the error\n",
                   writer->current_path());
    }
  }
  if (child && child->pid > 0) kill(child->pid, SIGTERM);
  if (outputs) outputs->close();   // what is queued gets a few seconds
  if (shipper) shipper->finish();  // the last capture too, or it is named
  write_stats(false);
  auto st = drv->stats();
  if (tty) fmt::print(err, "\r");
  if (!opts.quiet) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (trigger) {
      const auto& ts = trigger->stats();
      fmt::print(err,
                 "{} events in {:.1f} s, {} dropped by the kernel, {} alerts, {} captures, {} rate-limited, "
                 "history peak {:.1f} of {:.1f} MiB\n",
                 written, secs, st.drops, ts.alerts, ts.captures, ts.rate_limited, ts.ring_peak / 1048576.0,
                 opts.trigger_opts.ring_mem / 1048576.0);
    } else {
      fmt::print(err, "{}: {} events in {:.1f} s, {} dropped by the kernel, {:.1f} MiB\n", opts.output,
                 written, secs, st.drops, writer->bytes_written() / 1048576.0);
    }
    if (containers && containers->active()) {
      auto cs = containers->stats();
      if (cs.found + cs.unknown + cs.failed)
        fmt::print(err, "containers: {} described by {}, {} unknown there, {} lookups failed{}\n", cs.found,
                   fmt::join(containers->sockets(), ", "), cs.unknown, cs.failed,
                   cs.last_error.empty() ? "" : " (last: " + cs.last_error + ")");
    }
    if (outputs)
      fmt::print(err, "{}{}\n", live ? fmt::format("{} alerts; ", live->alerts()) : "", outputs->summary());
    if (auto quota = quota_summary(counters(false)); !quota.empty()) fmt::print(err, "{}\n", quota);
    if (shipper) {
      auto ss = shipper->stats();
      fmt::print(err, "shipped to {}: {} captures as host {}{}{}\n",
                 fleet::url_without_credentials(opts.ship_url), ss.shipped, ship_host,
                 ss.failed ? fmt::format(", {} failed", ss.failed) : "",
                 ss.last_error.empty() ? "" : fmt::format(" (last: {})", ss.last_error));
    }
    if (child && child_status != -1)
      fmt::print(err, "command exited with status {}\n",
                 WIFEXITED(child_status) ? WEXITSTATUS(child_status) : 128 + WTERMSIG(child_status));
  }
  return rc;
}

}  // namespace saker::capture
