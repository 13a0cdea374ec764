#include "saker/capture/record_command.h"
#include "saker/scap/command_error.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "saker/capture/container_events.h"
#include "saker/capture/container_watcher.h"
#include "saker/capture/proc_scan.h"
#include "saker/capture/syscall_selection.h"
#include "saker/driver/driver.h"
#include "saker/replay/container.h"
#include "saker/rules/commands.h"
#include "saker/scap/error.h"
#include "saker/scap/writer.h"

namespace saker::capture {

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
  g_stop = true;
}

struct SignalGuard {
  struct sigaction old_int {
  }, old_term{};
  SignalGuard() {
    g_stop = false;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

// A child that waits on a pipe until the driver follows it, then runs the command.
struct Child {
  pid_t pid = -1;
  int go_fd = -1;

  explicit Child(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(strerror(errno)));
    pid = fork();
    if (pid < 0) throw std::runtime_error("fork: " + std::string(strerror(errno)));
    if (pid == 0) {
      close(fds[1]);
      char c;
      if (read(fds[0], &c, 1) != 1) _exit(127);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      fmt::print(stderr, "saker record: cannot run '{}': {}\n", argv[0], strerror(errno));
      _exit(127);
    }
    close(fds[0]);
    go_fd = fds[1];
  }
  void start() {
    if (go_fd >= 0) {
      (void)!write(go_fd, "g", 1);
      close(go_fd);
      go_fd = -1;
    }
  }
  ~Child() {
    if (go_fd >= 0) close(go_fd);  // the child exits without running the command
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
bool carries_cgroups(uint16_t type) {
  switch (type) {
    case 223:
    case 225:
    case 227:
    case 293:
    case 331:
    case 335:
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

}  // namespace

int run_record(const RecordOptions& opts, std::FILE* err) {
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
    bool want_rules = opts.trigger || opts.syscalls == "auto" || !opts.rule_paths.empty();
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
  wopts.profile = opts.compat ? scap::WriterProfile::Compat : scap::WriterProfile::Current;

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
    } else {
      writer = std::make_unique<RotatingWriter>(opts.output, wopts, opts.rotation, initial,
                                                opts.quiet ? nullptr : err);
    }
    umask(old_umask);
  } catch (const std::exception& e) {
    umask(old_umask);
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Output);
  }
  uint64_t written = 0;
  uint64_t last_ts = 0;
  std::function<void(const scap::EventView&)> sink = [&](const scap::EventView& ev) {
    if (opts.max_events && written >= opts.max_events) return;
    if (containers && carries_cgroups(ev.type)) {
      if (const scap::Param* cg = ev.param("cgroups")) {
        auto c = replay::find_container_in_cgroups(cg->bytes());
        containers->request(c.full_id, c.type);
      }
    }
    if (trigger)
      trigger->on_event(ev);
    else
      writer->write_event(ev);
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
      if (trigger)
        trigger->on_event(ev);
      else
        writer->write_event(ev);
    }
  };
  try {
    write_containers();
  } catch (const std::exception& e) {
    fmt::print(err, "saker record: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Output);
  }
  if (child) child->start();

  bool tty = isatty(fileno(err)) && !opts.quiet;
  if (!opts.quiet || opts.trigger) {
    std::string where =
        opts.trigger ? fmt::format("armed: captures of incidents go to {}/ ({} s before, {} s after)",
                                   opts.trigger_opts.dir, opts.trigger_opts.pre_s, opts.trigger_opts.post_s)
                     : "into " + opts.output;
    fmt::print(err, "recording {} syscalls ({}) {}{}\n", syscalls.size(), drv->attach_mode(), where,
               child ? fmt::format(", following pid {}", child->pid) : "");
    std::fflush(err);
  }
  auto start = std::chrono::steady_clock::now();
  auto last_status = start;
  int child_status = -1;
  bool child_done = false;
  int rc = 0;
  auto last_flush = start;
  try {
    while (!g_stop) {
      drv->poll(100, sink);
      write_containers();
      auto now = std::chrono::steady_clock::now();
      if (child && !child_done && waitpid(child->pid, &child_status, WNOHANG) == child->pid) {
        child_done = true;
        child->pid = -1;
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
  } catch (const scap::CaptureError& e) {
    fmt::print(err, "\nsaker record: {}\n", e.what());
    rc = scap::exit_status(scap::ErrorKind::Output);
  } catch (const std::exception& e) {
    fmt::print(err, "\nsaker record: {}\n", e.what());
    rc = scap::exit_status(scap::ErrorKind::Output);
  }
  if (child && !child_done) {
    kill(child->pid, SIGTERM);
  }
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
    if (child_done)
      fmt::print(err, "command exited with status {}\n",
                 WIFEXITED(child_status) ? WEXITSTATUS(child_status) : 128 + WTERMSIG(child_status));
  }
  return rc;
}

}  // namespace saker::capture
