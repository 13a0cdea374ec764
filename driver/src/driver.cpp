#include "saker/driver/driver.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "event_out.h"
#include "raw_record.h"
#include "ring_reader.h"
#include "saker.skel.h"
#include "saker/scap/event_table.h"
#include "saker/scap/writer.h"
#include "syscall_catalog.h"

namespace saker::driver {

namespace {

// libbpf's messages, kept so a failed load can say why (the verifier's last lines).
std::mutex g_log_mutex;
std::string g_log;

int libbpf_log(enum libbpf_print_level level, const char* fmt, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, args);
  std::lock_guard lock(g_log_mutex);
  g_log += buf;
  if (g_log.size() > 16384) g_log.erase(0, g_log.size() - 16384);
  return 0;
}

std::string last_log_lines(size_t n) {
  std::lock_guard lock(g_log_mutex);
  size_t pos = g_log.size();
  for (size_t i = 0; i <= n && pos != std::string::npos && pos > 0; ++i) pos = g_log.rfind('\n', pos - 1);
  return pos == std::string::npos ? g_log : g_log.substr(pos + 1);
}

// The newest current (not OLD_VERSION) exit event id carrying `name`, as libs' drivers emit:
// the accept syscall is PPME_SOCKET_ACCEPT_5_X, not the old accept4 layout PPME_SOCKET_ACCEPT4_5_X
// that shares its name (libs would convert that one expecting the flags of an enter event).
uint16_t exit_event_id(std::string_view name) {
  uint16_t best = 0;
  auto table = scap::event_table();
  for (size_t id = 1; id < table.size(); id += 2)
    if (table[id].name == name && !(table[id].flags & scap::kOldVersion)) best = static_cast<uint16_t>(id);
  return best;
}

uint64_t boot_to_epoch_offset() {
  timespec rt, bt;
  clock_gettime(CLOCK_REALTIME, &rt);
  clock_gettime(CLOCK_BOOTTIME, &bt);
  return (rt.tv_sec - bt.tv_sec) * 1000000000ull + rt.tv_nsec - bt.tv_nsec;
}

}  // namespace

struct Driver::Impl {
  saker_bpf* skel = nullptr;
  std::unique_ptr<RingReader> ring;
  std::string mode;
  uint64_t epoch_offset = boot_to_epoch_offset();
  int ncpus = libbpf_num_possible_cpus();
  std::array<uint16_t, SAKER_MAX_SYSCALLS> event_of_nr{};  // 0: generic
  std::array<EncodeFn, SAKER_MAX_SYSCALLS> encoder_of_nr{};
  std::array<uint16_t, SAKER_MAX_SYSCALLS> sc_code_of_nr{};  // generic events
  scap::EventBuilder builder;
  EventOut out{builder};  // one for the recording: its scratch strings are reused per event
  RawRecord rec;
  const std::function<void(const scap::EventView&)>* sink = nullptr;
  size_t delivered = 0;
  size_t ring_bytes = 0, ring_used_peak = 0;
  uint64_t malformed = 0;
  std::vector<uint64_t> last_drops;
  std::chrono::steady_clock::time_point last_drop_check{};

  ~Impl() {
    ring.reset();
    if (skel) saker_bpf__destroy(skel);
  }

  void open_and_load(const DriverOptions& opts, bool btf) {
    skel = saker_bpf__open();
    if (!skel) throw DriverError(fmt::format("cannot open the eBPF object: {}", std::strerror(errno)));
    skel->rodata->self_tgid = static_cast<uint32_t>(getpid());
    static_assert(kMaxSnaplen == SAKER_MAX_DATA);
    skel->rodata->snaplen = std::min<uint32_t>(opts.snaplen, kMaxSnaplen);
    skel->rodata->follow_tree = opts.follow_tree ? 1 : 0;
    // Each CPU wakes the consumer after queueing its share of 1/8 of the ring.
    size_t share = opts.ring_bytes / 8 / static_cast<size_t>(std::max(ncpus, 1));
    skel->rodata->wakeup_bytes = static_cast<uint32_t>(std::clamp<size_t>(share, 4096, 1u << 20));
    bpf_map__set_max_entries(skel->maps.events, static_cast<uint32_t>(opts.ring_bytes));
    bpf_map__set_max_entries(skel->maps.scratches, static_cast<uint32_t>(ncpus));
    bpf_program__set_autoload(skel->progs.saker_sys_exit_btf, btf);
    bpf_program__set_autoload(skel->progs.saker_fork_btf, btf);
    bpf_program__set_autoload(skel->progs.saker_exit_btf, btf);
    bpf_program__set_autoload(skel->progs.saker_sys_exit_raw, !btf);
    bpf_program__set_autoload(skel->progs.saker_fork_raw, !btf);
    bpf_program__set_autoload(skel->progs.saker_exit_raw, !btf);
    int err = saker_bpf__load(skel);
    if (err) {
      saker_bpf__destroy(skel);
      skel = nullptr;
      throw DriverError(fmt::format("cannot load the eBPF programs ({}): {}\n{}", btf ? "tp_btf" : "raw_tp",
                                    std::strerror(-err), last_log_lines(12)));
    }
    mode = btf ? "tp_btf" : "raw_tp";
  }

  void select(const std::vector<std::string>& syscalls) {
    int fd = bpf_map__fd(skel->maps.specs);
    for (const auto& name : syscalls) {
      int nr = syscall_nr_of(name);
      if (nr < 0 || nr >= SAKER_MAX_SYSCALLS) throw DriverError(fmt::format("unknown syscall '{}'", name));
      const Encoding* enc = find_encoding(name);
      saker_sc_spec spec{1, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1};
      if (enc) {
        spec = enc->spec;
        event_of_nr[nr] = exit_event_id(enc->event);
        encoder_of_nr[nr] = enc->encode;
      } else {
        sc_code_of_nr[nr] = scap_sc_code(name);
      }
      uint32_t key = static_cast<uint32_t>(nr);
      if (bpf_map_update_elem(fd, &key, &spec, BPF_ANY) != 0)
        throw DriverError(fmt::format("cannot select syscall '{}': {}", name, std::strerror(errno)));
    }
  }

  void consume_all() {
    for (int i = 0; i < 64; ++i)
      if (ring->consume([this](const uint8_t* data, uint32_t len) { on_record(data, len); }) == 0) break;
  }

  void deliver(const scap::EventView& ev) {
    ++delivered;
    (*sink)(ev);
  }

  void on_record(const void* data, size_t size) {
    if (!rec.parse(data, size)) {
      ++malformed;
      return;
    }
    const auto& h = rec.hdr();
    uint64_t ts = h.ts + epoch_offset;
    if (h.kind == SAKER_RAW_PROCEXIT) {
      int64_t code = static_cast<int64_t>(h.args[0]);
      builder.begin(scap::EventType::Procexit_1E, ts, h.tid, h.cpu);
      out.i64(code).i64(code >> 8).u8(code & 0x7F).u8((code & 0x80) ? 1 : 0).i64(0);
      deliver(builder.view());
      return;
    }
    if (h.kind != SAKER_RAW_SYSCALL || h.nr >= SAKER_MAX_SYSCALLS) {
      ++malformed;
      return;
    }
    if (EncodeFn fn = encoder_of_nr[h.nr]) {
      builder.begin(event_of_nr[h.nr], ts, h.tid, h.cpu);
      fn(rec, out);
    } else {
      builder.begin(scap::EventType::GenericX, ts, h.tid, h.cpu);
      out.u16(sc_code_of_nr[h.nr]).u16(static_cast<uint16_t>(h.nr));
    }
    deliver(builder.view());
  }

  // The PPM_SC code of a syscall (the generic event's ID parameter); 0 when libs have none.
  static uint16_t scap_sc_code(std::string_view name) {
    for (uint16_t code = 1;; ++code) {
      auto n = scap::syscall_name(code);
      if (n.empty()) return 0;
      if (n == name) return code;
    }
  }

  // The kernel's per-CPU event and drop counters (zeros when the map cannot be read).
  std::vector<saker_counters> read_counters() const {
    std::vector<saker_counters> per_cpu(ncpus);
    uint32_t key = 0;
    if (bpf_map__lookup_elem(skel->maps.counters, &key, sizeof key, per_cpu.data(),
                             sizeof(saker_counters) * ncpus, 0) != 0)
      per_cpu.assign(ncpus, saker_counters{});
    return per_cpu;
  }

  void check_drops(bool force = false) {
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_drop_check < std::chrono::milliseconds(100)) return;
    last_drop_check = now;
    auto counters = read_counters();
    if (last_drops.empty()) last_drops.assign(counters.size(), 0);
    timespec bt;
    clock_gettime(CLOCK_BOOTTIME, &bt);
    uint64_t ts = bt.tv_sec * 1000000000ull + bt.tv_nsec + epoch_offset;
    for (size_t cpu = 0; cpu < counters.size(); ++cpu) {
      uint64_t lost = counters[cpu].drops - last_drops[cpu];
      if (!lost) continue;
      last_drops[cpu] = counters[cpu].drops;
      // A drop event pair per CPU; `ratio` carries how many events were lost since the last.
      uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(lost, UINT32_MAX));
      builder.begin(scap::EventType::DropE, ts, 0, static_cast<uint16_t>(cpu)).num(n);
      deliver(builder.view());
      builder.begin(scap::EventType::DropX, ts, 0, static_cast<uint16_t>(cpu)).num(n);
      deliver(builder.view());
    }
  }
};

Driver::Driver(const DriverOptions& opts) : impl_(std::make_unique<Impl>()) {
  libbpf_set_print(libbpf_log);
  if (opts.ring_bytes < 4096 || (opts.ring_bytes & (opts.ring_bytes - 1)))
    throw DriverError(
        fmt::format("ring buffer size {} is not a power of two of at least 4096", opts.ring_bytes));
  try {
    impl_->open_and_load(opts, true);
  } catch (const DriverError&) {
    impl_->open_and_load(opts, false);  // kernels without tp_btf for these tracepoints
  }
  impl_->select(opts.syscalls);
  int err = saker_bpf__attach(impl_->skel);
  if (err)
    throw DriverError(fmt::format("cannot attach the eBPF programs ({}): {}\n{}", impl_->mode,
                                  std::strerror(-err), last_log_lines(6)));
  impl_->ring = std::make_unique<RingReader>(bpf_map__fd(impl_->skel->maps.events), opts.ring_bytes);
  impl_->ring_bytes = opts.ring_bytes;
}

Driver::~Driver() = default;

void Driver::track(pid_t tgid) {
  uint32_t key = static_cast<uint32_t>(tgid);
  uint8_t one = 1;
  if (bpf_map__update_elem(impl_->skel->maps.tracked, &key, sizeof key, &one, sizeof one, BPF_ANY) != 0)
    throw DriverError(fmt::format("cannot follow process {}: {}", tgid, std::strerror(errno)));
}

size_t Driver::poll(int timeout_ms, const std::function<void(const scap::EventView&)>& sink) {
  impl_->sink = &sink;
  impl_->delivered = 0;
  // The kernel side wakes us only once a batch is queued; consume whatever is there after the
  // wait either way.
  impl_->ring->wait(timeout_ms);
  impl_->ring_used_peak = std::max(impl_->ring_used_peak, impl_->ring->used());
  impl_->consume_all();
  impl_->check_drops();
  impl_->sink = nullptr;
  return impl_->delivered;
}

size_t Driver::drain(const std::function<void(const scap::EventView&)>& sink) {
  impl_->sink = &sink;
  impl_->delivered = 0;
  impl_->consume_all();
  impl_->check_drops(true);
  impl_->sink = nullptr;
  return impl_->delivered;
}

DriverStats Driver::stats() const {
  DriverStats s;
  for (const auto& c : impl_->read_counters()) {
    s.events += c.events;
    s.drops += c.drops;
    s.drops_per_cpu.push_back(c.drops);
  }
  s.ring_bytes = impl_->ring_bytes;
  s.ring_used_peak = impl_->ring_used_peak;
  return s;
}

const std::string& Driver::attach_mode() const {
  return impl_->mode;
}

}  // namespace saker::driver
