// The proc.*, thread.*, user.*, group.* field classes: the event's thread from the state.
#include <fmt/format.h>

#include "fields/field_thread.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using replay::ThreadInfo;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

const ThreadInfo* cur(Ctx c) {
  return event_thread(c);
}

// The main thread of the N-th ancestor process (0: the event's process), as libsinsp's
// get_ancestor_process().
const ThreadInfo* ancestor(Ctx c, int64_t n) {
  const ThreadInfo* t = cur(c);
  return t ? c.state->ancestor(*t, n) : nullptr;
}

// libsinsp shows a thread's strings as they are: an empty one is "", not <NA>.
bool str_or_na(std::string_view s, FieldValue& v) {
  v.s = s;
  return true;
}

bool x_name(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  if (c.indexed) return c.indexed->has_proc_name && (v.s = c.indexed->proc_name, true);
  (void)scratch;
  const ThreadInfo* t = cur(c);
  return t && (v.s = t->comm, true);
}
bool x_pid(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.indexed) return c.indexed->has_pid && (v.i = c.indexed->pid, true);
  const ThreadInfo* t = cur(c);
  return t && (v.i = static_cast<int64_t>(t->pid), true);  // kUnknownTid shows as -1
}
bool x_ppid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* p = ancestor(c, 1);
  return p && (v.i = static_cast<int64_t>(p->pid), true);
}
bool x_exe(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && str_or_na(t->exe, v);
}
bool x_exepath(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && str_or_na(t->exepath, v);
}
bool x_args(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  scratch = t->args;
  for (auto& ch : scratch)
    if (ch == '\0') ch = ' ';
  v.s = scratch;
  return true;
}
// libsinsp's command line: the name, then each argument after a space (none without a name).
void cmdline_of(const ThreadInfo& t, std::string& out) {
  out = t.comm;
  if (t.comm.empty() || t.args.empty()) return;
  out += ' ';
  size_t at = out.size();
  out += t.args;
  for (size_t i = at; i < out.size(); ++i)
    if (out[i] == '\0') out[i] = ' ';
}
bool x_cmdline(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  cmdline_of(*t, scratch);
  v.s = scratch;
  return true;
}
bool x_cwd(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.s = c.state->cwd(*t), true);
}
bool x_tty(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->tty, true);
}
bool x_sid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->sid, true);
}
bool x_vpgid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->vpgid, true);
}
bool x_vpid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->vpid != -1 && (v.i = t->vpid, true);
}
bool x_vtid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->vtid != -1 && (v.i = t->vtid, true);
}
bool x_is_exe_writable(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->exe_writable, true);
}
bool x_pname(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.indexed) return c.indexed->has_pname && (v.s = c.indexed->pname, true);
  const ThreadInfo* p = ancestor(c, 1);
  return p && str_or_na(p->comm, v);
}
bool x_pexe(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* p = ancestor(c, 1);
  return p && str_or_na(p->exe, v);
}
bool x_pexepath(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* p = ancestor(c, 1);
  return p && str_or_na(p->exepath, v);
}
bool x_pcmdline(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const ThreadInfo* p = ancestor(c, 1);
  if (!p) return false;
  cmdline_of(*p, scratch);
  v.s = scratch;
  return true;
}
bool x_aname(Ctx c, Ref r, FieldValue& v, std::string&) {
  const ThreadInfo* a = ancestor(c, r.index < 0 ? 1 : r.index);
  return a && str_or_na(a->comm, v);
}
bool x_apid(Ctx c, Ref r, FieldValue& v, std::string&) {
  const ThreadInfo* a = ancestor(c, r.index < 0 ? 0 : r.index);
  return a && (v.i = static_cast<int64_t>(a->pid), true);
}
bool x_thread_ismain(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->is_main_thread(), true);
}
// user.* and group.* as libsinsp gives them: the thread's ids as they are (an unknown one is
// 4294967295), the names from the user and group tables, root's when the table lacks uid 0.
bool x_uid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->uid, true);
}
bool x_user_name(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.indexed) return c.indexed->has_user && (v.s = c.indexed->user_name, true);
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  if (const auto* u = c.state->user(t->uid)) return v.s = u->name, true;
  return t->uid == 0 && (v.s = "root", true);
}
bool x_user_home(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  if (const auto* u = c.state->user(t->uid)) return v.s = u->home, true;
  return t->uid == 0 && (v.s = "/root", true);
}
bool x_user_shell(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  const auto* u = c.state->user(t->uid);
  return u && (v.s = u->shell, true);
}
bool x_loginuid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->loginuid == 0xFFFFFFFF ? -1 : static_cast<int64_t>(t->loginuid), true);
}
bool x_loginname(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  if (const auto* u = c.state->user(t->loginuid)) return v.s = u->name, true;
  return t->loginuid == 0 && (v.s = "root", true);
}
bool x_gid(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->gid, true);
}
bool x_group_name(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  if (const auto* g = c.state->group(t->gid)) return v.s = g->name, true;
  return t->gid == 0 && (v.s = "root", true);
}

bool x_aexepath(Ctx c, Ref r, FieldValue& v, std::string&) {
  const ThreadInfo* a = ancestor(c, r.index < 0 ? 1 : r.index);
  return a && str_or_na(a->exepath, v);
}
// Times from the event's own thread's creation, as libsinsp (not its process's).
bool x_duration(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->clone_ts && c.ev->ts >= t->clone_ts && (v.u = c.ev->ts - t->clone_ts, true);
}
bool x_start_ts(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->clone_ts && (v.u = t->clone_ts, true);
}
bool x_exe_ino(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->exe_ino && (v.i = static_cast<int64_t>(t->exe_ino), true);
}
bool x_exe_ino_ctime(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->exe_ino_ctime && (v.u = t->exe_ino_ctime, true);
}
bool x_exe_ino_mtime(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && t->exe_ino_mtime && (v.u = t->exe_ino_mtime, true);
}
bool x_exe_ino_ctime_since_start(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  // As libs: worked out at execve from the clone time, and inherited by threads cloned later.
  return t && t->usage.exe_ino_ctime_since_clone && (v.u = t->usage.exe_ino_ctime_since_clone, true);
}
bool x_exe_from_memfd(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->exe_from_memfd, true);
}
bool x_exe_upper_layer(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  return t && (v.i = t->exe_upper_layer, true);
}
// The session leader's name: the thread numbered by the session id, else the oldest ancestor
// in the same session, else "" (libsinsp's get_ancestor_field_as_string).
bool x_sname(Ctx c, Ref, FieldValue& v, std::string&) {
  const ThreadInfo* t = cur(c);
  if (!t) return false;
  const ThreadInfo* s = c.state->session_leader(*t);
  v.s = s ? std::string_view(s->comm) : std::string_view();
  return true;
}

// Capability names by bit, as Linux numbers them.
constexpr std::string_view kCapNames[] = {"CAP_CHOWN",
                                          "CAP_DAC_OVERRIDE",
                                          "CAP_DAC_READ_SEARCH",
                                          "CAP_FOWNER",
                                          "CAP_FSETID",
                                          "CAP_KILL",
                                          "CAP_SETGID",
                                          "CAP_SETUID",
                                          "CAP_SETPCAP",
                                          "CAP_LINUX_IMMUTABLE",
                                          "CAP_NET_BIND_SERVICE",
                                          "CAP_NET_BROADCAST",
                                          "CAP_NET_ADMIN",
                                          "CAP_NET_RAW",
                                          "CAP_IPC_LOCK",
                                          "CAP_IPC_OWNER",
                                          "CAP_SYS_MODULE",
                                          "CAP_SYS_RAWIO",
                                          "CAP_SYS_CHROOT",
                                          "CAP_SYS_PTRACE",
                                          "CAP_SYS_PACCT",
                                          "CAP_SYS_ADMIN",
                                          "CAP_SYS_BOOT",
                                          "CAP_SYS_NICE",
                                          "CAP_SYS_RESOURCE",
                                          "CAP_SYS_TIME",
                                          "CAP_SYS_TTY_CONFIG",
                                          "CAP_MKNOD",
                                          "CAP_LEASE",
                                          "CAP_AUDIT_WRITE",
                                          "CAP_AUDIT_CONTROL",
                                          "CAP_SETFCAP",
                                          "CAP_MAC_OVERRIDE",
                                          "CAP_MAC_ADMIN",
                                          "CAP_SYSLOG",
                                          "CAP_WAKE_ALARM",
                                          "CAP_BLOCK_SUSPEND",
                                          "CAP_AUDIT_READ",
                                          "CAP_PERFMON",
                                          "CAP_BPF",
                                          "CAP_CHECKPOINT_RESTORE"};

bool caps_text(uint64_t caps, FieldValue& v, std::string& scratch) {
  scratch.clear();
  for (size_t i = 0; i < std::size(kCapNames); ++i) {
    if (!(caps & (1ull << i))) continue;
    if (!scratch.empty()) scratch += ' ';
    scratch += kCapNames[i];
  }
  return v.s = scratch, true;
}
bool x_cap_effective(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const ThreadInfo* t = cur(c);
  return t && caps_text(t->cap_effective, v, scratch);
}
bool x_cap_permitted(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const ThreadInfo* t = cur(c);
  return t && caps_text(t->cap_permitted, v, scratch);
}
bool x_cap_inheritable(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const ThreadInfo* t = cur(c);
  return t && caps_text(t->cap_inheritable, v, scratch);
}

const FieldDef kProcFields[] = {
    {"proc.name", FieldType::String, FieldArg::None, "command name of the process (comm)", x_name},
    {"proc.pid", FieldType::Int64, FieldArg::None, "process id", x_pid},
    {"proc.ppid", FieldType::Int64, FieldArg::None, "parent process id", x_ppid},
    {"proc.exe", FieldType::String, FieldArg::None, "first command-line argument (argv[0])", x_exe},
    {"proc.exepath", FieldType::String, FieldArg::None, "full path of the executable", x_exepath},
    {"proc.args", FieldType::String, FieldArg::None, "arguments after argv[0], space separated", x_args},
    {"proc.cmdline", FieldType::String, FieldArg::None, "command name and arguments", x_cmdline},
    {"proc.cwd", FieldType::String, FieldArg::None, "current working directory", x_cwd},
    {"proc.tty", FieldType::Int64, FieldArg::None, "controlling terminal (0 for none)", x_tty},
    {"proc.sid", FieldType::Int64, FieldArg::None, "session id", x_sid},
    {"proc.vpgid", FieldType::Int64, FieldArg::None, "process group id in its pid namespace", x_vpgid},
    {"proc.vpid", FieldType::Int64, FieldArg::None, "process id in its pid namespace", x_vpid},
    {"proc.is_exe_writable", FieldType::Bool, FieldArg::None,
     "the executable is writable by the process's user", x_is_exe_writable},
    {"proc.pname", FieldType::String, FieldArg::None, "parent's command name", x_pname},
    {"proc.pexe", FieldType::String, FieldArg::None, "parent's argv[0]", x_pexe},
    {"proc.pexepath", FieldType::String, FieldArg::None, "parent's executable path", x_pexepath},
    {"proc.pcmdline", FieldType::String, FieldArg::None, "parent's command line", x_pcmdline},
    {"proc.aname", FieldType::String, FieldArg::Index, "ancestor's command name: proc.aname[1] is the parent",
     x_aname},
    {"proc.apid", FieldType::Int64, FieldArg::Index, "ancestor's pid: proc.apid[1] is the parent", x_apid},
    {"proc.aexepath", FieldType::String, FieldArg::Index, "ancestor's executable path: proc.aexepath[2]",
     x_aexepath},
    {"proc.duration", FieldType::RelTime, FieldArg::None,
     "ns since the process started (when the capture saw it)", x_duration},
    {"proc.start_ts", FieldType::AbsTime, FieldArg::None, "process start time (when the capture saw it)",
     x_start_ts},
    {"proc.exe_ino", FieldType::Int64, FieldArg::None, "inode of the executable", x_exe_ino},
    {"proc.exe_ino.ctime", FieldType::AbsTime, FieldArg::None, "status change time of the executable",
     x_exe_ino_ctime},
    {"proc.exe_ino.mtime", FieldType::AbsTime, FieldArg::None, "modification time of the executable",
     x_exe_ino_mtime},
    {"proc.exe_ino.ctime_duration_proc_start", FieldType::RelTime, FieldArg::None,
     "ns between the executable's ctime and the process start", x_exe_ino_ctime_since_start},
    {"proc.is_exe_from_memfd", FieldType::Bool, FieldArg::None, "the executable is a memfd",
     x_exe_from_memfd},
    {"proc.is_exe_upper_layer", FieldType::Bool, FieldArg::None,
     "the executable is in an overlayfs upper layer", x_exe_upper_layer},
    {"proc.sname", FieldType::String, FieldArg::None, "session leader's command name", x_sname},
    {"thread.cap_effective", FieldType::String, FieldArg::None, "effective capabilities, space separated",
     x_cap_effective},
    {"thread.cap_permitted", FieldType::String, FieldArg::None, "permitted capabilities", x_cap_permitted},
    {"thread.cap_inheritable", FieldType::String, FieldArg::None, "inheritable capabilities",
     x_cap_inheritable},
    {"thread.vtid", FieldType::Int64, FieldArg::None, "thread id in its pid namespace", x_vtid},
    {"thread.ismain", FieldType::Bool, FieldArg::None, "the thread is its process's main thread",
     x_thread_ismain},
    {"user.uid", FieldType::Int64, FieldArg::None, "user id", x_uid},
    {"user.name", FieldType::String, FieldArg::None, "user name", x_user_name},
    {"user.homedir", FieldType::String, FieldArg::None, "user's home directory", x_user_home},
    {"user.shell", FieldType::String, FieldArg::None, "user's shell", x_user_shell},
    {"user.loginuid", FieldType::Int64, FieldArg::None, "audit login uid (-1 when unset)", x_loginuid},
    {"user.loginname", FieldType::String, FieldArg::None, "audit login user name", x_loginname},
    {"group.gid", FieldType::Int64, FieldArg::None, "group id", x_gid},
    {"group.name", FieldType::String, FieldArg::None, "group name", x_group_name},
};

}  // namespace

std::span<const FieldDef> proc_fields() {
  return kProcFields;
}

}  // namespace saker::query
