// How each kind of event changes the state.
#include <cstdio>
#include <cstring>

#include "event_params.h"
#include "net_format.h"
#include "paths.h"
#include "saker/replay/state.h"

namespace saker::replay {

using namespace detail;

using scap::EventView;
using scap::FdType;
using scap::Param;

namespace {

constexpr int64_t kAtFdcwd = -100;
constexpr uint32_t kCloneThread = 1u << 13;
constexpr uint32_t kCloneFiles = 1u << 0;

// Whether libs marks a new fd close-on-exec: its parsers keep the call's flags as the fd's open
// flags (a byte of timerfd_create's, 16 bits of eventfd2's, signalfd4's and inotify_init1's) and
// sinsp_fdinfo::is_close_on_exec() tests O_CLOEXEC there, MFD_CLOEXEC for a memfd;
// epoll_create1(EPOLL_CLOEXEC) and pidfd_getfd set O_CLOEXEC.
bool created_close_on_exec(const EventView& ev, FdType type) {
  using scap::EventType;
  if (ev.event_type() == EventType::SyscallPidfdGetfdX) return true;
  uint32_t flags = flags_param(ev);
  if (type == FdType::MemFd) return flags & 1u;
  switch (ev.event_type()) {
    case EventType::SyscallEpollCreate1X:
      return flags & 1u;
    case EventType::SyscallTimerfdCreateX:
      return (flags & 0xffu) & kOpenCloexec;
    case EventType::SyscallEventfd2X:
    case EventType::SyscallSignalfd4X:
    case EventType::SyscallInotifyInit1X:
      return (flags & 0xffffu) & kOpenCloexec;
    default:
      return flags & kOpenCloexec;
  }
}

// An absolute path with nothing to normalise ("//", "/./", "/../", a trailing "/." or "/..").
bool clean_absolute(std::string_view p) {
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] != '/') continue;
    char n = p[i + 1];
    if (n == '/') return false;
    if (n == '.') {
      size_t j = i + 2;
      if (j == p.size() || p[j] == '/') return false;
      if (p[j] == '.' && (j + 1 == p.size() || p[j + 1] == '/')) return false;
    }
  }
  return p.size() == 1 || p.back() != '/';
}

}  // namespace

namespace {

constexpr uint32_t kCloneNewPid = 1u << 6;
constexpr uint32_t kCloneParent = 1u << 8;
constexpr uint32_t kCloneInverted = 1u << 16;  // libsinsp's: the child's side created the entry
constexpr uint32_t kCloneVfork = 1u << 27;
constexpr uint32_t kChildInPidNs = 1u << 29;
constexpr uint64_t kCloneStaleTime = 2'000'000'000ull;

bool is_invalid(const ThreadInfo& t) {
  return t.pid == kUnknownTid || t.ptid == kUnknownTid;
}

// vtid and vpid from a clone's parameters, or (tid, -1) without them.
void read_virtual_ids(const EventView& ev, uint64_t tid, ThreadInfo& t) {
  const Param* vpid = param(ev, P::vpid);
  if (vpid && vpid->len >= 8) {
    t.vtid = i64(ev, P::vtid, -1);
    t.vpid = vpid->as<int64_t>();
  } else {
    t.vtid = static_cast<int64_t>(tid);
    t.vpid = -1;
  }
}

}  // namespace

// Follows libsinsp's two clone parsers: the caller's exit creates the child unless the child
// lives in another pid namespace or is a vfork child (the child's own exit creates it then),
// and the child's exit creates it unless a recent entry exists.
void State::on_clone(const EventView& ev) {
  const int64_t res = result(ev);
  if (res < 0) return;
  uint32_t flags = 0;
  num_param(ev, P::flags, flags);
  const bool new_thread = flags & kCloneThread;
  const uint64_t child_tid = res == 0 ? ev.tid : static_cast<uint64_t>(res);
  const int64_t pid_param = i64(ev, P::pid, -1);
  const int64_t ptid_param = i64(ev, P::ptid, -1);
  auto as_tid = [](int64_t v) { return v < 0 ? kUnknownTid : static_cast<uint64_t>(v); };

  // The thread the child's data comes from: the caller, or (child's side) the parent or the
  // thread leader.
  ThreadInfo* source = nullptr;
  bool valid_source = false;
  if (res > 0) {
    source = get_or_create(ev.tid, ev.ts);
    if (!source) return;
    valid_source = !is_invalid(*source);
    if (!valid_source) {
      source->pid = as_tid(pid_param);
      source->ptid = as_tid(ptid_param);
      read_virtual_ids(ev, ev.tid, *source);
    }
    if ((flags & (kChildInPidNs | kCloneNewPid | kCloneParent | kCloneVfork)) || ev.name() == "vfork" ||
        source->vtid != static_cast<int64_t>(ev.tid))
      return;
    if (ThreadInfo* existing = find(child_tid); existing && (existing->flags & kCloneInverted)) return;
  } else {
    if (ThreadInfo* existing = find(child_tid);
        existing && existing->clone_ts && ev.ts - existing->clone_ts < kCloneStaleTime)
      return;
    const uint64_t lookup = as_tid(new_thread ? pid_param : ptid_param);
    source = lookup == kUnknownTid || lookup == 0 ? nullptr : get_or_create(lookup, ev.ts);
    valid_source = source && !is_invalid(*source);
  }
  if (res == 0 && source && !valid_source && new_thread) {
    // The leader was unknown: what the new thread tells about its process is the leader's.
    source->pid = as_tid(pid_param);
    source->ptid = as_tid(ptid_param);
    read_virtual_ids(ev, child_tid, *source);
    source->vtid = source->vpid;
  }
  if (!find(child_tid) && !make_room()) {
    ++dropped_threads_;
    return;
  }

  auto t = std::make_unique<ThreadInfo>();
  t->tid = child_tid;
  t->clone_ts = ev.ts;
  t->flags = flags;
  if (res > 0) {
    t->pid = new_thread ? source->pid : child_tid;
    t->ptid = new_thread ? source->ptid : ev.tid;
    t->vtid = static_cast<int64_t>(t->tid);
    t->vpid = static_cast<int64_t>(t->pid);
  } else {
    t->pid = as_tid(pid_param);
    t->ptid = as_tid(ptid_param);
    read_virtual_ids(ev, child_tid, *t);
    t->flags |= kCloneInverted;
  }
  str_param(ev, P::exe, t->exe);
  bytes_param_or_empty(ev, P::args, t->args);
  if (!str_param(ev, P::comm, t->comm) || t->comm.empty()) t->comm = t->exe;
  bytes_param(ev, P::cgroups, t->cgroups);
  num_param(ev, P::uid, t->uid);
  num_param(ev, P::gid, t->gid);
  num_param(ev, P::fdlimit, t->fdlimit);
  if (valid_source) {
    t->exepath = source->exepath;
    t->exe_writable = source->exe_writable;
    t->exe_upper_layer = source->exe_upper_layer;
    t->exe_from_memfd = source->exe_from_memfd;
    t->root = source->root;
    t->sid = source->sid;
    t->vpgid = source->vpgid;
    t->pgid = source->pgid;
    t->tty = source->tty;
    t->loginuid = source->loginuid;
    t->cap_inheritable = source->cap_inheritable;
    t->cap_permitted = source->cap_permitted;
    t->cap_effective = source->cap_effective;
    t->exe_ino = source->exe_ino;
    t->exe_ino_ctime = source->exe_ino_ctime;
    t->exe_ino_mtime = source->exe_ino_mtime;
    if (!new_thread) {
      t->cwd = cwd(*source);
      t->env = source->env;
    }
  } else if (source && (res > 0 || new_thread)) {
    // An unknown caller (or leader) learns its program from its child.
    source->exe = t->exe;
    source->comm = t->comm;
    source->args = t->args;
  }
  // Threads share their leader's fd table; CLONE_FILES children share the caller's; forks
  // get a copy.
  ThreadInfo* leader = new_thread ? find(t->pid) : nullptr;
  if (leader && leader->fds) {
    t->fds = leader->fds;
  } else if (valid_source && source->fds) {
    t->fds = (new_thread || (flags & kCloneFiles)) ? source->fds : std::make_shared<FdTable>(*source->fds);
  } else {
    t->fds = std::make_shared<FdTable>();
  }
  auto cg = container_from_cgroups(t->cgroups);
  if (!cg.id.empty()) {
    t->container_id = cg.id;
    containers_.touch(cg.id, cg.type);
  }
  const uint64_t parent = t->ptid, source_parent = valid_source ? source->ptid : kUnknownTid;
  forget(child_tid);
  threads_[child_tid] = std::move(t);
  mark_parent(parent);
  mark_parent(source_parent);
}

void State::on_execve(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter()) return;
  str_param(ev, P::exe, t.exe);
  if (!str_param(ev, P::comm, t.comm) || t.comm.empty()) t.comm = t.exe;
  bytes_param_or_empty(ev, P::args, t.args);
  // The cwd parameter is not read: libsinsp follows the directory through chdir alone.
  const Param* env = param(ev, P::env);
  // Kept as the event gives it (trailing NULs too): libs drops one and keeps empty entries.
  if (env && !env->empty()) t.env.assign(env->bytes());
  if (bytes_param(ev, P::cgroups, t.cgroups)) {
    auto cg = container_from_cgroups(t.cgroups);
    t.container_id = cg.id;
    if (!cg.id.empty()) containers_.touch(cg.id, cg.type);
  }
  const Param* trusted = param(ev, P::trusted_exepath);
  if (trusted && !trusted->empty()) {
    set_exepath(t, trusted->str());
  } else {
    std::string filename;
    if (str_param(ev, P::filename, filename))
      set_exepath(t, filename == "<NA>" ? filename : resolve_path(cwd(t), filename));
    else if (!t.exe.empty() && t.exe[0] == '/')
      t.exepath = t.exe;
  }
  num_param(ev, P::uid, t.uid);
  num_param(ev, P::gid, t.gid);
  num_param(ev, P::loginuid, t.loginuid);
  num_param(ev, P::tty, t.tty);
  num_param(ev, P::fdlimit, t.fdlimit);
  num_param(ev, P::cap_inheritable, t.cap_inheritable);
  num_param(ev, P::cap_permitted, t.cap_permitted);
  num_param(ev, P::cap_effective, t.cap_effective);
  num_param(ev, P::exe_ino, t.exe_ino);
  num_param(ev, P::exe_ino_ctime, t.exe_ino_ctime);
  num_param(ev, P::exe_ino_mtime, t.exe_ino_mtime);
  uint32_t exe_flags = 0;
  if (num_param(ev, P::flags, exe_flags)) {
    t.exe_writable = exe_flags & 1;
    t.exe_upper_layer = exe_flags & 2;
    t.exe_from_memfd = exe_flags & 4;
  }
  int64_t v = i64(ev, P::vpgid, -1);
  if (v >= 0) t.vpgid = v;
  v = i64(ev, P::pgid, -1);
  if (v >= 0) t.pgid = v;
  const bool was_invalid = is_invalid(t);
  int64_t pid = i64(ev, P::pid, -1);
  if (pid > 0) t.pid = static_cast<uint64_t>(pid);
  if (was_invalid) {
    // An entry made up for an unknown thread learns its parent, and outside a pid namespace
    // its virtual ids, from the execve.
    int64_t ptid = i64(ev, P::ptid, -1);
    if (ptid >= 0) t.ptid = static_cast<uint64_t>(ptid), mark_parent(t.ptid);
    if (!(t.flags & kChildInPidNs)) {
      t.vtid = static_cast<int64_t>(t.tid);
      t.vpid = static_cast<int64_t>(t.pid);
    }
  }
  // Close-on-exec fds go away.
  if (t.fds) t.fds->remove_if([](const FdInfo& f) { return f.cloexec(); });
}

void State::on_open(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || !t.fds) return;
  int64_t fd = result(ev);
  const Param* np = param(ev, P::name);
  if (!np) np = param(ev, P::path);
  std::string_view name = np ? np->str() : std::string_view();
  if (fd < 0) {
    // A failed open still names the path it tried, for this event only.
    if (name.empty()) return;
    transient_fd_.reset(fd);  // keeps the strings' buffers
    append_resolved_path(transient_fd_.name, cwd(t), name);
    transient_fd_.name_raw = name;
    use_transient_fd_ = true;
    return;
  }
  uint32_t flags = 0;
  num_param(ev, P::flags, flags);
  FdInfo& f = t.fds->add(fd);
  f.type = (flags & (1u << 10)) ? FdType::Directory : FdType::FileV2;
  if (!name.empty() && name[0] == '/' && clean_absolute(name)) {
    f.name.assign(name);  // the common case: no copy beyond the name itself
  } else if (!name.empty()) {
    std::string_view dir = cwd(t);
    int64_t dirfd = i64(ev, P::dirfd, kAtFdcwd);
    if (name[0] != '/' && dirfd != kAtFdcwd) {
      if (const FdInfo* d = t.fds->find(dirfd)) dir = d->name;
    }
    f.name.clear();  // add() gave a fresh entry; `dir` is another fd's name or the directory
    append_resolved_path(f.name, dir, name);
  }
  f.name_raw.assign(name);
  name_changed_ = !f.name.empty();  // a new fd's name counts as a change (libsinsp)
  f.open_flags = flags;
  if (ev.name() == "creat") f.open_flags |= (1u << 1) | (1u << 2) | (1u << 8);  // O_WRONLY|O_CREAT|O_TRUNC
  num_param(ev, P::ino, f.ino);
  num_param(ev, P::dev, f.dev);
}

void State::on_pipe(const EventView& ev, ThreadInfo& t, bool socketpair) {
  if (ev.is_enter() || result(ev) < 0 || !t.fds) return;
  for (P n : {P::fd1, P::fd2}) {
    int64_t fd = i64(ev, n, -1);
    if (fd < 0) continue;
    FdInfo& f = t.fds->add(fd);
    f.type = socketpair ? FdType::UnixSock : FdType::Fifo;
    num_param(ev, P::ino, f.ino);
    if (!socketpair) set_close_on_exec(f, flags_param(ev) & kOpenCloexec);
  }
}

void State::on_new_fd(const EventView& ev, ThreadInfo& t, FdType type, std::string name) {
  if (ev.is_enter() || !t.fds) return;
  int64_t fd = result(ev);
  if (fd < 0) return;
  FdInfo& f = t.fds->add(fd);
  f.type = type;
  f.name = std::move(name);
  name_changed_ = !f.name.empty();  // a new fd's name counts as a change (libsinsp)
  set_close_on_exec(f, created_close_on_exec(ev, type));
}

// As libs: close_range(CLOSE_RANGE_CLOEXEC) marks the fds of the range close-on-exec, without
// it they are closed.
void State::on_close_range(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || !t.fds) return;
  constexpr uint32_t kCloseRangeCloexec = 1u << 2;  // PPM_CLOSE_RANGE_CLOEXEC
  uint32_t first = 0, last = 0, flags = 0;
  if (!num_param(ev, P::first, first) || !num_param(ev, P::last, last)) return;
  num_param(ev, P::flags, flags);
  auto in_range = [&](const FdInfo& f) {
    return f.fd >= 0 && static_cast<uint64_t>(f.fd) >= first && static_cast<uint64_t>(f.fd) <= last;
  };
  if (flags & kCloseRangeCloexec) {
    t.fds->for_each([&](FdInfo& f) {
      if (in_range(f)) set_close_on_exec(f, true);
    });
  } else {
    t.fds->remove_if(in_range);
  }
}

bool State::on_dup(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || !t.fds) return false;
  int64_t res = result(ev);
  if (res < 0) return false;
  int64_t oldfd = i64(ev, P::oldfd, -1);
  // PPM_FCNTL_F_DUPFD = 1, F_SETFD = 3, F_DUPFD_CLOEXEC = 26 (ppm_events_public.h)
  constexpr uint8_t kDupFd = 1, kSetFd = 3, kDupFdCloexec = 26;
  bool cloexec = false;
  if (ev.name() == "fcntl") {
    uint8_t cmd = 0;
    num_param(ev, P::cmd, cmd);
    if (cmd == kSetFd) {
      // As libs: F_SETFD sets or clears close-on-exec from FD_CLOEXEC (1) in its argument.
      uint64_t arg = 0;
      if (FdInfo* f = t.fds->find(i64(ev, P::fd, -1)); f && num_param(ev, P::arg, arg))
        set_close_on_exec(*f, arg & 1);
      return false;
    }
    if (cmd != kDupFd && cmd != kDupFdCloexec) return false;
    cloexec = cmd == kDupFdCloexec;
    oldfd = i64(ev, P::fd, -1);
  } else if (ev.name() == "dup3") {
    uint32_t flags = 0;
    cloexec = num_param(ev, P::flags, flags) && (flags & kOpenCloexec);
  }
  if (oldfd < 0 || oldfd == res) return false;
  const FdInfo* src = t.fds->find(oldfd);
  if (!src) return false;
  FdInfo copy = *src;
  FdInfo& f = t.fds->add(res);
  f = copy;
  f.fd = res;
  set_close_on_exec(f, cloexec);
  return true;
}

void State::on_close(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || result(ev) < 0 || !t.fds) return;
  int64_t fd = i64(ev, P::fd, -1);
  if (fd < 0) return;
  pending_close_table_ = t.fds;
  pending_close_fd_ = fd;
}

void State::on_chdir(const EventView& ev, ThreadInfo& t, bool by_fd) {
  if (ev.is_enter()) return;
  std::string_view path;
  std::string scratch;
  if (by_fd) {
    const FdInfo* f = t.fds ? t.fds->find(i64(ev, P::fd, -1)) : nullptr;
    if (!f) return;
    path = f->name;
  } else {
    if (!str_param(ev, P::path, scratch)) return;
    path = scratch;
  }
  // As libsinsp: the process's directory becomes the path joined to the thread's own
  // directory, with a trailing slash.
  ThreadInfo* m = const_cast<ThreadInfo*>(main_thread(t));
  if (!m) return;
  std::string dir = resolve_path(cwd(t), path);
  if (dir.back() != '/') dir += '/';
  m->cwd = std::move(dir);
}

void State::on_setid(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter()) return;
  uint32_t v = 0;
  auto name = ev.name();
  if (name == "setuid" && num_param(ev, P::uid, v)) t.uid = v;
  if (name == "setgid" && num_param(ev, P::gid, v)) t.gid = v;
  if ((name == "setresuid" || name == "setreuid") && num_param(ev, P::euid, v) && v != 0xFFFFFFFF) t.uid = v;
  if ((name == "setresgid" || name == "setregid") && num_param(ev, P::egid, v) && v != 0xFFFFFFFF) t.gid = v;
}

void State::on_user_event(const EventView& ev) {
  // Bounded memory against a capture made of user events (docs/security.md).
  constexpr size_t kMaxUsersOrGroups = 65536;
  auto name = ev.name();
  uint32_t uid = 0, gid = 0;
  if (name == "useradded") {
    scap::User u;
    num_param(ev, P::uid, u.uid);
    num_param(ev, P::gid, u.gid);
    str_param(ev, P::name, u.name);
    str_param(ev, P::home, u.home);
    str_param(ev, P::shell, u.shell);
    if (users_.size() < kMaxUsersOrGroups || users_.count(u.uid)) users_[u.uid] = u;
  } else if (name == "userdeleted" && num_param(ev, P::uid, uid)) {
    users_.erase(uid);
  } else if (name == "groupadded") {
    scap::Group g;
    num_param(ev, P::gid, g.gid);
    str_param(ev, P::name, g.name);
    if (groups_.size() < kMaxUsersOrGroups || groups_.count(g.gid)) groups_[g.gid] = g;
  } else if (name == "groupdeleted" && num_param(ev, P::gid, gid)) {
    groups_.erase(gid);
  }
}

void describe_fd_type(scap::FdType type, L4Proto l4, bool unnamed, std::string& out) {
  out += '<';
  out += fd_type_char(type);
  bool role_none = unnamed && (type == FdType::Ipv4Sock || type == FdType::Ipv6Sock);
  if (!role_none && (type == FdType::Ipv4Sock || type == FdType::Ipv6Sock || type == FdType::Ipv4ServSock ||
                     type == FdType::Ipv6ServSock)) {
    switch (l4) {
      case L4Proto::Tcp:
        out += 't';
        break;
      case L4Proto::Udp:
        out += 'u';
        break;
      case L4Proto::Raw:
        out += 'r';
        break;
      case L4Proto::Icmp:
        out += 'i';
        break;
      default:
        break;
    }
  }
  out += '>';
}

void describe_fd(const FdInfo& f, std::string& out) {
  describe_fd_type(f.type, f.l4, f.name.empty(), out);
  out += f.name;
}

bool StateRenderContext::describe_fd(const EventView& ev, int64_t fd, std::string& out) const {
  const ThreadInfo* t = state_.thread(ev.tid);
  if (!t || !t->fds) return false;
  const FdInfo* f = t->fds->find(fd);
  if (!f) return false;
  replay::describe_fd(*f, out);
  return true;
}

// As user.name and group.name: the capture's lists, and root for id 0 when they lack it.
bool StateRenderContext::user_name(uint32_t uid, std::string& out) const {
  if (const scap::User* u = state_.user(uid)) return out += u->name, true;
  return uid == 0 && (out += "root", true);
}

bool StateRenderContext::group_name(uint32_t gid, std::string& out) const {
  if (const scap::Group* g = state_.group(gid)) return out += g->name, true;
  return gid == 0 && (out += "root", true);
}

// libs (sinsp_evt::get_base_dir): a path relative to the thread's directory, or to its dirfd
// parameter's directory unless that is AT_FDCWD; a dirfd the table does not know gives "".
bool StateRenderContext::resolve_path(const EventView& ev, uint32_t index, std::string& out) const {
  const ThreadInfo* t = state_.thread(ev.tid);
  if (!t || index >= ev.nparams || index >= ev.info->params.size()) return false;
  const scap::ParamInfo& pi = ev.info->params[index];
  std::string base(state_.cwd(*t));
  const int8_t d = pi.dirfd_index;
  if (pi.type == scap::ParamType::FsRelPath && d >= 0 && static_cast<uint32_t>(d) < ev.nparams &&
      static_cast<size_t>(d) < ev.info->params.size() && ev.info->params[d].type == scap::ParamType::Fd &&
      ev.params[d].len >= 8) {
    const int64_t dirfd = ev.params[d].as<int64_t>();
    if (dirfd != kAtFdcwd) {
      const FdInfo* f = t->fds ? t->fds->find(dirfd) : nullptr;
      base = f ? f->name : std::string();
    }
  }
  std::string_view path = ev.params[index].str();
  if (base.empty()) {
    out += replay::resolve_path("", path).substr(1);  // libs joins nothing: the path, normalised
    return true;
  }
  out += replay::resolve_path(base, path);
  return true;
}

bool StateRenderContext::fd_typechar(const EventView& ev, int64_t fd, std::string& out) const {
  const ThreadInfo* t = state_.thread(ev.tid);
  if (!t) return false;
  const FdInfo* f = t->fds ? t->fds->find(fd) : nullptr;
  out += f ? f->type_char() : '?';
  return true;
}

bool StateRenderContext::thread_name(int64_t tid, std::string& out) const {
  const ThreadInfo* t = state_.thread(static_cast<uint64_t>(tid));
  if (!t || t->comm.empty()) return false;
  out += t->comm;
  return true;
}

}  // namespace saker::replay
