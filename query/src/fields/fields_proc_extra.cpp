// The proc.* and thread.* fields of libs beyond fields_proc.cpp: every-ancestor forms
// (proc.aexe, proc.acmdline, proc.aargs, proc.aenv), the environment, session and process
// group leaders, resource figures (memory, page faults, fd usage, cpu), cgroups, the std fds.
#include <fmt/format.h>

#include "fields/field_thread.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"
#include "saker/scap/text_append.h"

namespace saker::query {

namespace {

using replay::ThreadInfo;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

const ThreadInfo* cur(Ctx c) {
  return event_thread(c);
}
const ThreadInfo* main_of(Ctx c, const ThreadInfo* t) {
  if (!t) return nullptr;
  const ThreadInfo* l = c.state->thread(t->pid);
  return l ? l : t;
}
const ThreadInfo* parent_of(Ctx c, const ThreadInfo* t) {
  if (!t || t->ptid == t->tid || t->ptid == replay::kUnknownTid) return nullptr;
  return c.state->thread(t->ptid);
}
// n steps up the parent threads (libs' get_parent_thread, not the parents' main threads). A
// hostile process list can make the chain loop: past as many steps as there are threads the
// walk is in the loop, so the rest is taken modulo its length.
const ThreadInfo* nth_parent(Ctx c, const ThreadInfo* t, int64_t n) {
  const int64_t bound = static_cast<int64_t>(c.state->thread_count()) + 1;
  for (int64_t i = 0; i < n && t; ++i) {
    if (i == bound) {
      int64_t loop = 1;
      for (const ThreadInfo* p = parent_of(c, t); p != t; p = parent_of(c, p)) ++loop;
      for (int64_t left = (n - i) % loop; left > 0; --left) t = parent_of(c, t);
      return t;
    }
    t = parent_of(c, t);
  }
  return t;
}
// libs' get_ancestor_process: the main thread, then n times the parent's main thread.
const ThreadInfo* ancestor_process(Ctx c, const ThreadInfo* t, int64_t n) {
  return t ? c.state->ancestor(*t, n) : nullptr;
}
// Calls f on each ancestor of the main thread (parent first), as libs' traverse_parent_state;
// stops on a loop or when f returns false.
template <typename F>
void each_ancestor(Ctx c, const ThreadInfo* t, F&& f) {
  const ThreadInfo* m = main_of(c, t);
  const ThreadInfo* p = parent_of(c, m);
  for (int steps = 0; p && steps < 4096; ++steps) {
    if (!f(*p)) return;
    const ThreadInfo* next = parent_of(c, p);
    if (next == p || next == m) return;
    p = next;
  }
}

// args (NUL-separated) joined by spaces.
void append_args(const ThreadInfo& t, std::string& out) {
  size_t at = out.size();
  out += t.args;
  for (size_t i = at; i < out.size(); ++i)
    if (out[i] == '\0') out[i] = ' ';
}
void append_cmdline(const ThreadInfo& t, std::string& out) {
  out += t.comm;
  if (!t.args.empty()) {
    out += ' ';
    append_args(t, out);
  }
}
// A NUL-separated list joined by spaces as libs' concatenate_all_env: one trailing NUL is the
// terminator, every other NUL separates (empty entries give their space).
void append_list(std::string_view list, std::string& out) {
  if (!list.empty() && list.back() == '\0') list.remove_suffix(1);
  size_t at = out.size();
  out += list;
  for (size_t i = at; i < out.size(); ++i)
    if (out[i] == '\0') out[i] = ' ';
}
void append_env(const ThreadInfo& t, std::string& out) {
  append_list(t.env, out);
}
// The value of one variable, spaces around it stripped, as libs' get_env; "" when unset.
std::string_view env_value(const ThreadInfo& t, std::string_view name) {
  std::string_view env = t.env;
  while (!env.empty()) {
    size_t end = env.find('\0');
    std::string_view kv = env.substr(0, end);
    env = end == std::string_view::npos ? std::string_view() : env.substr(end + 1);
    if (kv.size() > name.size() + 1 && kv[name.size()] == '=' && kv.starts_with(name)) {
      std::string_view v = kv.substr(name.size() + 1);
      size_t first = v.find_first_not_of(' ');
      if (first == std::string_view::npos) return {};
      size_t last = v.find_last_not_of(' ');
      return v.substr(first, last - first + 1);
    }
  }
  return {};
}
size_t arg_count(const ThreadInfo& t) {
  if (t.args.empty()) return 0;
  size_t n = 1;
  for (char ch : t.args) n += ch == '\0';
  return n;
}

enum class Part { Name, Exe, ExePath, Cmdline, Args };
void append_part(const ThreadInfo& t, Part p, std::string& out) {
  switch (p) {
    case Part::Name:
      out += t.comm;
      break;
    case Part::Exe:
      out += t.exe;
      break;
    case Part::ExePath:
      out += t.exepath;
      break;
    case Part::Cmdline:
      append_cmdline(t, out);
      break;
    case Part::Args:
      append_args(t, out);
      break;
  }
}
// proc.aexe[N] and the like: the N-th ancestor's value; without N, every ancestor's, joined.
template <Part P>
bool x_ancestor(Ctx c, Ref r, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  s.clear();
  if (r.index < 0) {
    each_ancestor(c, t, [&](const ThreadInfo& a) {
      if (!s.empty()) s += ' ';
      append_part(a, P, s);
      return true;
    });
    if (s.empty()) return false;
    return v.s = s, true;
  }
  const ThreadInfo* a = ancestor_process(c, t, r.index);
  if (!a) return false;
  append_part(*a, P, s);
  return v.s = s, true;
}

bool x_cmdnargs(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = arg_count(*t), true);
}
bool x_cmdlenargs(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  size_t n = arg_count(*t);
  return v.u = n ? t->args.size() - (n - 1) : 0, true;
}
bool x_exeline(Ctx c, Ref, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  s = t->exe.empty() ? std::string_view("<NA>") : std::string_view(t->exe);
  s += ' ';
  append_args(*t, s);
  return v.s = s, true;
}
bool x_env(Ctx c, Ref r, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  const ThreadInfo* m = main_of(c, t);
  if (!r.name_arg.empty()) return v.s = env_value(*m, r.name_arg), true;
  s.clear();
  append_env(*m, s);
  return v.s = s, true;
}
bool x_aenv(Ctx c, Ref r, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  s.clear();
  if (r.name_arg.empty() && r.index < 1) {
    append_env(*main_of(c, t), s);
    return v.s = s, true;
  }
  // libs walks from the main thread; a thread whose main thread is unknown has no ancestors.
  const ThreadInfo* m = t->tid == t->pid ? t : c.state->thread(t->pid);
  if (!m) return v.s = std::string_view(), true;
  if (!r.name_arg.empty()) {
    for (int i = 0; i < 20 && m; ++i) {
      m = parent_of(c, m);
      if (!m) break;
      std::string_view val = env_value(*m, r.name_arg);
      if (!val.empty()) return v.s = val, true;
    }
    return v.s = std::string_view(), true;
  }
  m = nth_parent(c, m, r.index);
  if (!m) return false;
  append_env(*m, s);
  return v.s = s, true;
}
bool x_loginshellid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  const ThreadInfo* m = main_of(c, t);
  const ThreadInfo* shell = nullptr;
  auto check = [&](const ThreadInfo& p) {
    if (p.comm.size() >= 2 && p.comm.ends_with("sh")) shell = &p;
    return true;
  };
  check(*m);
  each_ancestor(c, m, check);
  return shell && (v.i = static_cast<int64_t>(shell->pid), true);
}
bool x_pvpid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* p = parent_of(c, cur(c));
  return p && (v.i = p->vpid, true);
}

// libs' get_oldest_matching_ancestor: the thread whose tid is the id, or (in a pid
// namespace, for virtual ids) the eldest ancestor sharing the id.
template <typename Id>
const ThreadInfo* group_leader(Ctx c, const ThreadInfo* t, Id id_of, bool virtual_id) {
  int64_t id = id_of(*t);
  if (id == -1) return nullptr;
  if (!virtual_id || !in_pid_namespace(*t)) {
    if (const ThreadInfo* l = c.state->thread(static_cast<uint64_t>(id))) return l;
  }
  const ThreadInfo* found = nullptr;
  each_ancestor(c, t, [&](const ThreadInfo& p) {
    if (id_of(p) != id) return false;
    found = &p;
    return true;
  });
  return found;
}
enum class Group { Sid, Vpgid, Pgid };
template <Group G, Part P>
bool x_group(Ctx c, Ref, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  auto id_of = [](const ThreadInfo& x) {
    return G == Group::Sid ? x.sid : G == Group::Vpgid ? x.vpgid : x.pgid;
  };
  const ThreadInfo* l = group_leader(c, t, id_of, G != Group::Pgid);
  s.clear();
  if (l) append_part(*l, P, s);
  return v.s = s, true;
}
bool x_pgid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->pgid, true);
}
bool x_is_sid_leader(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->sid == t->vpid, true);
}
bool x_is_vpgid_leader(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->vpgid == t->vpid, true);
}
bool x_is_pgid_leader(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->pgid == static_cast<int64_t>(t->pid), true);
}
bool x_is_exe_lower_layer(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->usage.exe_lower_layer, true);
}

// libs' get_main_thread: the thread itself when it leads its process, else the leader if the
// table has it (no fallback: counts and limits are 0 without it, as libs).
const ThreadInfo* leader_of(Ctx c, const ThreadInfo* t) {
  return t->pid == t->tid ? t : c.state->thread(t->pid);
}
uint64_t fd_opencount(Ctx c, const ThreadInfo* t) {
  const ThreadInfo* m = leader_of(c, t);
  return m && m->fds ? m->fds->size() : 0;
}
bool x_fdopencount(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = fd_opencount(c, t), true);
}
bool x_fdlimit(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  const ThreadInfo* m = t ? leader_of(c, t) : nullptr;
  return t && (v.i = m ? m->fdlimit : 0, true);
}
bool x_fdusage(Ctx c, Ref, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  const ThreadInfo* m = leader_of(c, t);
  int64_t limit = m ? m->fdlimit : 0;
  double pct = 0;
  if (limit > 0) {
    uint64_t open = fd_opencount(c, t);
    pct = open <= static_cast<uint64_t>(limit) ? static_cast<double>(open) * 100 / static_cast<double>(limit)
                                               : 100;
  }
  set_double(v, pct, s);
  return true;
}
// libs reads proc.ppid.duration's parent start, and when the parent has none, falls through
// to proc.fdopencount's value (a missing break in sinsp_filtercheck_thread.cpp); kept so
// outputs match.
bool x_ppid_duration(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  const ThreadInfo* p = t ? ancestor_process(c, t, 1) : nullptr;
  if (!p) return false;
  if (p->clone_ts) return v.u = c.ev->ts - p->clone_ts, true;
  return v.u = fd_opencount(c, t), true;
}
bool x_pid_ts(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->clone_ts && (v.u = t->clone_ts, true);
}
bool x_ppid_ts(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* p = parent_of(c, cur(c));
  return p && (v.u = p->clone_ts, true);
}
bool x_ctime_pidns(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->usage.exe_ino_ctime_since_pidns_start &&
         (v.u = t->usage.exe_ino_ctime_since_pidns_start, true);
}
bool x_pidns_start(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->usage.pidns_init_start_ts && (v.u = t->usage.pidns_init_start_ts, true);
}

enum class Mem { Size, Rss, Swap };
template <Mem M>
uint64_t mem_kb(const ThreadInfo& t) {
  return M == Mem::Size ? t.usage.vmsize_kb : M == Mem::Rss ? t.usage.vmrss_kb : t.usage.vmswap_kb;
}
template <Mem M>
bool x_proc_mem(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = mem_kb<M>(*t), true);
}
template <Mem M, uint64_t Scale>
bool x_thread_mem(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = t->is_main_thread() ? mem_kb<M>(*t) * Scale : 0, true);
}
bool x_pfmajor(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = t->usage.pfmajor, true);
}
bool x_pfminor(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = t->usage.pfminor, true);
}
// A thread whose process is unknown (pid -1: first seen in an event) has no thread group in
// libs, so no threads.
bool x_nthreads(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = t->pid == replay::kUnknownTid ? 0 : c.state->live_threads(t->pid), true);
}
bool x_nchilds(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  if (t->pid == replay::kUnknownTid) return v.u = 0, true;
  uint64_t n = c.state->live_threads(t->pid);
  const ThreadInfo* m = c.state->thread(t->pid);
  if (n && m && !m->exit_ts) --n;
  return v.u = n, true;
}
bool x_nametid(Ctx c, Ref, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  s = t->comm.empty() ? std::string_view("<NA>")
                      : std::string_view(t->comm);  // libs' name of an unknown comm
  scap::append_int(s, c.ev->tid);
  return v.s = s, true;
}
bool x_exectime(Ctx c, Ref, FieldValue& v, std::string&) {
  return c.state && (v.u = c.state->event_exectime(), true);
}
bool x_totexectime(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.u = t->usage.totexectime, true);
}
// The subsystem's name as libs keeps it (sinsp_threadinfo::set_cgroups): without "_cgroup",
// perf -> perf_event, mem -> memory, and io -> blkio (its name before the kernel renamed it).
void append_subsystem(std::string_view name, std::string& out) {
  size_t at = out.size();
  if (size_t cut = name.find("_cgroup"); cut != std::string_view::npos) {
    out += name.substr(0, cut);
    out += name.substr(cut + 7);
  } else {
    out += name;
  }
  std::string_view got(out.data() + at, out.size() - at);
  const char* renamed = got == "perf"  ? "perf_event"
                        : got == "mem" ? "memory"
                        : got == "io"  ? "blkio"
                                       : nullptr;
  if (renamed) out.resize(at), out += renamed;
}

template <class F>
void for_each_cgroup(std::string_view cg, F&& f) {
  while (!cg.empty()) {
    size_t end = cg.find('\0');
    std::string_view item = cg.substr(0, end);
    cg = end == std::string_view::npos ? std::string_view() : cg.substr(end + 1);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos) f(item.substr(0, eq), item.substr(eq + 1));
  }
}

bool x_cgroups(Ctx c, Ref, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t || t->cgroups.empty()) return false;
  s.clear();
  for_each_cgroup(t->cgroups, [&](std::string_view subsys, std::string_view path) {
    if (!s.empty()) s += ' ';
    append_subsystem(subsys, s);
    s += '=';
    s += path;
  });
  return v.s = s, true;
}
bool x_cgroup(Ctx c, Ref r, FieldValue& v, std::string& name) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  bool found = false;  // `name` is the caller's scratch: no allocation per event once warm
  for_each_cgroup(t->cgroups, [&](std::string_view subsys, std::string_view path) {
    if (found) return;
    name.clear();
    append_subsystem(subsys, name);
    if (name == r.name_arg) found = true, v.s = path;
  });
  return found;
}
enum class Cpu { Total, User, System };
template <Cpu K>
bool x_cpu(Ctx c, Ref, FieldValue& v, std::string& s) {
  const ThreadInfo* t = cur(c);
  if (!t || c.ev->name() != "procinfo") return false;
  uint64_t d = K == Cpu::Total  ? t->usage.cpu_delta
               : K == Cpu::User ? t->usage.cpu_user_delta
                                : t->usage.cpu_sys_delta;
  set_double(v, static_cast<double>(d), s);
  return true;
}
template <int Fd, bool Name>
bool x_stdfd(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t || !t->fds) return false;
  const replay::FdInfo* f = t->fds->find(Fd);
  if (!f) return false;
  v.s = Name ? std::string_view(f->name) : std::string_view(replay::fd_type_name(f->type));
  return true;
}

const FieldDef kProcExtraFields[] = {
    {"proc.aexe", FieldType::String, FieldArg::Index,
     "ancestor's argv[0]: proc.aexe[1] is the parent; without an index, every ancestor's",
     x_ancestor<Part::Exe>},
    {"proc.acmdline", FieldType::String, FieldArg::Index,
     "ancestor's command line: proc.acmdline[1] is the parent's", x_ancestor<Part::Cmdline>},
    {"proc.aargs", FieldType::String, FieldArg::Index, "ancestor's arguments: proc.aargs[1] is the parent's",
     x_ancestor<Part::Args>},
    {"proc.cmdnargs", FieldType::Uint64, FieldArg::None, "number of command-line arguments", x_cmdnargs},
    {"proc.cmdlenargs", FieldType::Uint64, FieldArg::None, "total length of the command-line arguments",
     x_cmdlenargs},
    {"proc.exeline", FieldType::String, FieldArg::None, "argv[0] and the arguments", x_exeline},
    {"proc.env", FieldType::String, FieldArg::IndexOrName,
     "environment (space separated), or one variable: proc.env[HOME]", x_env, nullptr, true},
    {"proc.aenv", FieldType::String, FieldArg::IndexOrName,
     "an ancestor's environment (proc.aenv[1]) or the first ancestor's value of a variable (proc.aenv[HOME])",
     x_aenv, nullptr, true},
    {"proc.loginshellid", FieldType::Int64, FieldArg::None,
     "pid of the eldest shell (a command ending in sh) among the process and its ancestors", x_loginshellid},
    {"proc.pvpid", FieldType::Int64, FieldArg::None, "parent's pid in its pid namespace", x_pvpid},
    {"proc.sid.exe", FieldType::String, FieldArg::None, "session leader's argv[0]",
     x_group<Group::Sid, Part::Exe>},
    {"proc.sid.exepath", FieldType::String, FieldArg::None, "session leader's executable path",
     x_group<Group::Sid, Part::ExePath>},
    {"proc.vpgid.name", FieldType::String, FieldArg::None, "process group leader's command name",
     x_group<Group::Vpgid, Part::Name>},
    {"proc.vpgid.exe", FieldType::String, FieldArg::None, "process group leader's argv[0]",
     x_group<Group::Vpgid, Part::Exe>},
    {"proc.vpgid.exepath", FieldType::String, FieldArg::None, "process group leader's executable path",
     x_group<Group::Vpgid, Part::ExePath>},
    {"proc.pgid", FieldType::Int64, FieldArg::None, "process group id (host pid namespace)", x_pgid},
    {"proc.pgid.name", FieldType::String, FieldArg::None, "process group leader's command name (by pgid)",
     x_group<Group::Pgid, Part::Name>},
    {"proc.pgid.exe", FieldType::String, FieldArg::None, "process group leader's argv[0] (by pgid)",
     x_group<Group::Pgid, Part::Exe>},
    {"proc.pgid.exepath", FieldType::String, FieldArg::None,
     "process group leader's executable path (by pgid)", x_group<Group::Pgid, Part::ExePath>},
    {"proc.ppid.duration", FieldType::RelTime, FieldArg::None, "ns since the parent process started",
     x_ppid_duration},
    {"proc.pid.ts", FieldType::RelTime, FieldArg::None, "start time of the thread (ns since the epoch)",
     x_pid_ts},
    {"proc.ppid.ts", FieldType::RelTime, FieldArg::None, "start time of the parent (ns since the epoch)",
     x_ppid_ts},
    {"proc.is_exe_lower_layer", FieldType::Bool, FieldArg::None,
     "the executable is in an overlayfs lower layer", x_is_exe_lower_layer},
    {"proc.is_sid_leader", FieldType::Bool, FieldArg::None, "the process leads its session (sid = vpid)",
     x_is_sid_leader},
    {"proc.is_vpgid_leader", FieldType::Bool, FieldArg::None, "the process leads its group (vpgid = vpid)",
     x_is_vpgid_leader},
    {"proc.is_pgid_leader", FieldType::Bool, FieldArg::None, "the process leads its group (pgid = pid)",
     x_is_pgid_leader},
    {"proc.exe_ino.ctime_duration_pidns_start", FieldType::AbsTime, FieldArg::None,
     "ns between the pid namespace's start and the executable's ctime", x_ctime_pidns},
    {"proc.pidns_init_start_ts", FieldType::Uint64, FieldArg::None,
     "start time of the process's pid namespace (ns since the epoch)", x_pidns_start},
    {"proc.fdopencount", FieldType::Uint64, FieldArg::None, "open fds of the process", x_fdopencount},
    {"proc.fdlimit", FieldType::Int64, FieldArg::None, "the process's open-file limit", x_fdlimit},
    {"proc.fdusage", FieldType::Double, FieldArg::None, "open fds as a percentage of the limit", x_fdusage},
    {"proc.vmsize", FieldType::Uint64, FieldArg::None, "virtual memory size (KiB)", x_proc_mem<Mem::Size>},
    {"proc.vmrss", FieldType::Uint64, FieldArg::None, "resident memory (KiB)", x_proc_mem<Mem::Rss>},
    {"proc.vmswap", FieldType::Uint64, FieldArg::None, "swapped memory (KiB)", x_proc_mem<Mem::Swap>},
    {"proc.nthreads", FieldType::Uint64, FieldArg::None, "live threads of the process, the leader included",
     x_nthreads},
    {"proc.nchilds", FieldType::Uint64, FieldArg::None, "live threads of the process, the leader excluded",
     x_nchilds},
    {"proc.stdin.type", FieldType::String, FieldArg::None, "type of fd 0", x_stdfd<0, false>},
    {"proc.stdout.type", FieldType::String, FieldArg::None, "type of fd 1", x_stdfd<1, false>},
    {"proc.stderr.type", FieldType::String, FieldArg::None, "type of fd 2", x_stdfd<2, false>},
    {"proc.stdin.name", FieldType::String, FieldArg::None, "name of fd 0", x_stdfd<0, true>},
    {"proc.stdout.name", FieldType::String, FieldArg::None, "name of fd 1", x_stdfd<1, true>},
    {"proc.stderr.name", FieldType::String, FieldArg::None, "name of fd 2", x_stdfd<2, true>},
    {"thread.pfmajor", FieldType::Uint64, FieldArg::None, "major page faults of the thread", x_pfmajor},
    {"thread.pfminor", FieldType::Uint64, FieldArg::None, "minor page faults of the thread", x_pfminor},
    {"thread.nametid", FieldType::String, FieldArg::None, "command name and thread id together", x_nametid},
    {"thread.exectime", FieldType::RelTime, FieldArg::None,
     "switch events: ns the thread switched out ran on its CPU", x_exectime},
    {"thread.totexectime", FieldType::RelTime, FieldArg::None, "ns the thread ran, summed over switch events",
     x_totexectime},
    {"thread.cgroups", FieldType::String, FieldArg::None, "cgroups as subsystem=path, space separated",
     x_cgroups},
    {"thread.cgroup", FieldType::String, FieldArg::Name, "one subsystem's cgroup: thread.cgroup.cpu",
     x_cgroup},
    {"thread.cpu", FieldType::Double, FieldArg::None, "procinfo events: CPU used since the last one",
     x_cpu<Cpu::Total>},
    {"thread.cpu.user", FieldType::Double, FieldArg::None, "procinfo events: user CPU since the last one",
     x_cpu<Cpu::User>},
    {"thread.cpu.system", FieldType::Double, FieldArg::None, "procinfo events: system CPU since the last one",
     x_cpu<Cpu::System>},
    {"thread.vmsize", FieldType::Uint64, FieldArg::None, "main threads: virtual memory size (KiB); others 0",
     x_thread_mem<Mem::Size, 1>},
    {"thread.vmrss", FieldType::Uint64, FieldArg::None, "main threads: resident memory (KiB); others 0",
     x_thread_mem<Mem::Rss, 1>},
    {"thread.vmsize.b", FieldType::Uint64, FieldArg::None, "main threads: virtual memory size (bytes)",
     x_thread_mem<Mem::Size, 1024>},
    {"thread.vmrss.b", FieldType::Uint64, FieldArg::None, "main threads: resident memory (bytes)",
     x_thread_mem<Mem::Rss, 1024>},
};

}  // namespace

std::span<const FieldDef> proc_extra_fields() {
  return kProcExtraFields;
}

}  // namespace saker::query
