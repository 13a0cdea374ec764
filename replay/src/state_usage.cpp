// Resource figures and event clocks, as libsinsp keeps them: memory sizes and page faults
// from clone, execve, switch and brk/mmap/munmap exits, the fd limit from the rlimit calls,
// cpu times from procinfo events, on-CPU time from switch events, and the time since the
// previous event (evt.deltatime, thread.exectime, thread.cpu, proc.vmrss, ...).
#include <array>
#include <string_view>

#include "param_index_table.h"
#include "saker/replay/state.h"

namespace saker::replay {

using scap::EventView;

namespace {

enum class Kind : uint8_t { None, Clone, Execve, Switch, Memory, Rlimit, Prlimit, ProcInfo };

// The parameters read here, by name; their index in each event type is found once.
enum Name : uint8_t {
  kPgftMaj,
  kPgftMin,
  kVmSize,
  kVmRss,
  kVmSwap,
  kPidnsStart,
  kFlags,
  kCur,
  kNewCur,
  kResource,
  kPid,
  kCpuUsr,
  kCpuSys,
  kPtid,
  kExeInoMtime,
  kNames
};
constexpr std::string_view kNameText[kNames] = {
    "pgft_maj", "pgft_min", "vm_size", "vm_rss",  "vm_swap", "pidns_init_start_ts", "flags", "cur", "newcur",
    "resource", "pid",      "cpu_usr", "cpu_sys", "ptid",    "exe_ino_mtime"};

struct Table {
  std::array<Kind, scap::kEventTypeCount> kind{};
  std::array<std::array<int8_t, kNames>, scap::kEventTypeCount> index{};
};

Table build_table() {
  Table t;
  t.index = detail::build_param_index_table(kNameText);
  auto events = scap::event_table();
  for (uint16_t type = 0; type < events.size(); ++type) {
    const auto& e = events[type];
    if (e.flags & scap::kUnused) continue;
    bool exit = !scap::is_enter(type);
    std::string_view name = e.name;
    Kind k = Kind::None;
    if (exit && (name == "clone" || name == "fork" || name == "vfork" || name == "clone3"))
      k = Kind::Clone;
    else if (exit && (name == "execve" || name == "execveat"))
      k = Kind::Execve;
    else if (name == "switch" && e.params.size() >= 6)
      k = Kind::Switch;  // the version with page faults and memory sizes
    else if (exit && (name == "brk" || name == "mmap" || name == "mmap2" || name == "munmap"))
      k = Kind::Memory;
    else if (exit && (name == "getrlimit" || name == "setrlimit"))
      k = Kind::Rlimit;
    else if (exit && name == "prlimit")
      k = Kind::Prlimit;
    else if (name == "procinfo")
      k = Kind::ProcInfo;
    t.kind[type] = k;
  }
  return t;
}

// Built at static initialization from the constant event table, like kParamIndexes: read on
// every event, so without a function-local static's guard.
const Table kTable = build_table();

const scap::Param* param(const EventView& ev, Name n) {
  int8_t i = kTable.index[ev.type][n];
  if (i < 0 || static_cast<uint32_t>(i) >= ev.nparams || ev.params[static_cast<uint32_t>(i)].empty())
    return nullptr;
  return &ev.params[static_cast<uint32_t>(i)];
}

template <typename T>
bool get(const EventView& ev, Name n, T& out) {
  const scap::Param* p = param(ev, n);
  if (!p || p->len < sizeof(T)) return false;
  out = p->as<T>();
  return true;
}

int64_t result(const EventView& ev) {
  return ev.nparams > 0 && ev.params[0].len >= 8 ? ev.params[0].as<int64_t>() : -1;
}

// Page faults and memory sizes, when the event carries them (vm_swap present means all are).
void read_memory(const EventView& ev, ThreadUsage& u) {
  if (!param(ev, kVmSwap)) return;
  get(ev, kPgftMaj, u.pfmajor);
  get(ev, kPgftMin, u.pfminor);
  get(ev, kVmSize, u.vmsize_kb);
  get(ev, kVmRss, u.vmrss_kb);
  get(ev, kVmSwap, u.vmswap_kb);
}

constexpr uint32_t kCloneNewPid = 1u << 6;
constexpr uint32_t kChildInPidns = 1u << 29;
constexpr uint32_t kExeLowerLayer = 1u << 3;
constexpr uint8_t kRlimitNofile = 7;
constexpr size_t kMaxCpus = 4096;

}  // namespace

void State::track_clocks(const EventView& ev) {
  // As libs' evt.deltatime: since the previous event a reader returns (unsigned, as libs).
  if (ev.returned()) {
    delta_ts_ = prev_ts_ ? ev.ts - prev_ts_ : 0;
    prev_ts_ = ev.ts;
  }
  exectime_ = 0;
  if (kTable.kind[ev.type] != Kind::Switch || ev.cpu >= kMaxCpus) return;
  if (last_switch_ts_.size() <= ev.cpu) last_switch_ts_.resize(ev.cpu + 1u, 0);
  uint64_t& last = last_switch_ts_[ev.cpu];
  if (last && ev.ts >= last) exectime_ = ev.ts - last;
  last = ev.ts;
}

void State::track_usage(const EventView& ev, ThreadInfo& t) {
  switch (kTable.kind[ev.type]) {
    case Kind::Clone: {
      int64_t res = result(ev);
      if (res < 0) return;
      ThreadInfo* child = res == 0 ? &t : find(static_cast<uint64_t>(res));
      if (!child || child->clone_ts != ev.ts) return;  // not created by this event
      read_memory(ev, child->usage);
      const ThreadInfo* parent = res == 0 ? find(child->ptid) : &t;
      if (parent && parent != child) {
        child->usage.exe_lower_layer = parent->usage.exe_lower_layer;
        child->usage.exe_ino_ctime_since_clone = parent->usage.exe_ino_ctime_since_clone;
      }
      // libs adds its machine info's boot time here, but reading a capture its parser sees that
      // block zeroed (libscap's generic platform init clears it after the savefile engine has
      // filled it), so it adds 0: a child outside a pid namespace gets no value and one inside it
      // the namespace's start since boot. Live rules see the same as the replay (compatibility.md).
      const uint64_t boot = 0;
      uint64_t start = 0;
      bool in_pidns = (child->flags & (kChildInPidns | kCloneNewPid)) ||
                      (child->vtid >= 0 && static_cast<uint64_t>(child->vtid) != child->tid);
      if (!in_pidns)
        child->usage.pidns_init_start_ts = boot;
      else if (get(ev, kPidnsStart, start))
        child->usage.pidns_init_start_ts = start + boot;
      return;
    }
    case Kind::Execve: {
      if (result(ev) < 0) return;
      read_memory(ev, t.usage);
      uint32_t flags = 0;
      if (get(ev, kFlags, flags)) t.usage.exe_lower_layer = flags & kExeLowerLayer;
      uint64_t pidns = t.usage.pidns_init_start_ts;
      if (pidns && t.exe_ino_ctime > pidns) t.usage.exe_ino_ctime_since_pidns_start = t.exe_ino_ctime - pidns;
      if (t.clone_ts && param(ev, kExeInoMtime))
        t.usage.exe_ino_ctime_since_clone = t.clone_ts - t.exe_ino_ctime;
      return;
    }
    case Kind::Switch: {
      t.usage.totexectime += exectime_;
      if (!param(ev, kVmSwap)) return;
      get(ev, kPgftMaj, t.usage.pfmajor);
      get(ev, kPgftMin, t.usage.pfminor);
      ThreadInfo* leader = find(t.pid);
      ThreadUsage& u = leader ? leader->usage : t.usage;
      get(ev, kVmSize, u.vmsize_kb);
      get(ev, kVmRss, u.vmrss_kb);
      get(ev, kVmSwap, u.vmswap_kb);
      return;
    }
    case Kind::Memory:
      get(ev, kVmSize, t.usage.vmsize_kb);
      if (param(ev, kVmSwap)) {
        get(ev, kVmRss, t.usage.vmrss_kb);
        get(ev, kVmSwap, t.usage.vmswap_kb);
      }
      return;
    case Kind::Rlimit: {
      uint8_t resource = 0;
      int64_t cur = -1;
      if (result(ev) < 0 || !get(ev, kResource, resource) || resource != kRlimitNofile) return;
      if (!get(ev, kCur, cur) || cur == -1) return;
      ThreadInfo* leader = find(t.pid);
      (leader ? leader : &t)->fdlimit = cur;
      return;
    }
    case Kind::Prlimit: {
      uint8_t resource = 0;
      int64_t cur = -1, pid = 0;
      if (result(ev) != 0 || !get(ev, kResource, resource) || resource != kRlimitNofile) return;
      if (!get(ev, kNewCur, cur) || cur == -1 || !get(ev, kPid, pid)) return;
      ThreadInfo* target = pid == 0 ? &t : find(static_cast<uint64_t>(pid));
      if (!target) return;
      ThreadInfo* leader = find(target->pid);
      (leader ? leader : target)->fdlimit = cur;
      return;
    }
    case Kind::ProcInfo: {
      uint64_t user = 0, sys = 0;
      get(ev, kCpuUsr, user);
      get(ev, kCpuSys, sys);
      ThreadUsage& u = t.usage;
      if (u.procinfo_seen) {
        uint64_t total = (user + sys) - (u.cpu_user + u.cpu_sys);
        u.cpu_delta = total > 100 ? 100 : total;
        u.cpu_user_delta = user - u.cpu_user > 100 ? 100 : user - u.cpu_user;
        u.cpu_sys_delta = sys - u.cpu_sys > 100 ? 100 : sys - u.cpu_sys;
      } else {
        u.cpu_delta = u.cpu_user_delta = u.cpu_sys_delta = 0;
      }
      u.procinfo_seen = true;
      u.cpu_user = user;
      u.cpu_sys = sys;
      return;
    }
    case Kind::None:
      return;
  }
}

size_t State::live_threads(uint64_t pid) const {
  size_t n = 0;
  for (const auto& [tid, t] : threads_)
    if (t->pid == pid && !t->exit_ts) ++n;
  return n;
}

}  // namespace saker::replay
