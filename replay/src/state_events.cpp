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
constexpr uint32_t kOpenCloexec = 1u << 12;

// Parses a socket tuple parameter into fd endpoints; false if it is not an IP tuple.
bool read_tuple(const Param& p, FdInfo& f) {
  if (p.len >= 13 && p.data[0] == 2) {
    f.ipv6 = false;
    std::memcpy(f.cip.data(), p.data + 1, 4);
    std::memcpy(&f.cport, p.data + 5, 2);
    std::memcpy(f.sip.data(), p.data + 7, 4);
    std::memcpy(&f.sport, p.data + 11, 2);
    return true;
  }
  if (p.len >= 37 && p.data[0] == 10) {
    f.ipv6 = true;
    std::memcpy(f.cip.data(), p.data + 1, 16);
    std::memcpy(&f.cport, p.data + 17, 2);
    std::memcpy(f.sip.data(), p.data + 19, 16);
    std::memcpy(&f.sport, p.data + 35, 2);
    return true;
  }
  return false;
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

// "unix" tuple and sockaddr: the path after the addresses.
std::string unix_path(const Param& p, size_t skip) {
  if (p.len <= skip) return {};
  const char* s = reinterpret_cast<const char*>(p.data + skip);
  return std::string(s, strnlen(s, p.len - skip));
}

}  // namespace

void State::on_clone(const EventView& ev) {
  int64_t res = result(ev);
  if (res < 0) return;
  uint64_t child_tid = res == 0 ? ev.tid : static_cast<uint64_t>(res);
  ThreadInfo* existing = find(child_tid);
  if (existing && !existing->exit_ts && res > 0) return;  // the child's own event came first
  if (!existing && !make_room()) {
    ++dropped_threads_;
    return;
  }
  uint64_t parent_tid = res == 0 ? static_cast<uint64_t>(i64(ev, P::ptid, 0)) : ev.tid;
  uint32_t flags = 0;
  num_param(ev, P::flags, flags);
  auto t = std::make_unique<ThreadInfo>();
  t->tid = child_tid;
  t->clone_ts = ev.ts;
  t->flags = flags;
  int64_t pid = i64(ev, P::pid, -1);
  if (res == 0 && pid >= 0) {
    t->pid = static_cast<uint64_t>(pid);
  } else {
    // From the parent's side: a thread joins the parent's process, a fork starts one.
    t->pid = (flags & kCloneThread) ? static_cast<uint64_t>(pid >= 0 ? pid : static_cast<int64_t>(ev.tid))
                                    : child_tid;
  }
  // The parent is the thread that called clone; seen from a new thread's own side, libsinsp
  // takes its process leader.
  if (res > 0)
    t->ptid = ev.tid;
  else
    t->ptid = (flags & kCloneThread) ? t->pid : parent_tid;
  str_param(ev, P::exe, t->exe);
  bytes_param(ev, P::args, t->args);
  str_param(ev, P::cwd, t->cwd);
  str_param(ev, P::comm, t->comm);
  bytes_param(ev, P::cgroups, t->cgroups);
  num_param(ev, P::uid, t->uid);
  num_param(ev, P::gid, t->gid);
  num_param(ev, P::fdlimit, t->fdlimit);
  t->vtid = i64(ev, P::vtid, -1);
  t->vpid = i64(ev, P::vpid, -1);
  ThreadInfo* parent = find(parent_tid);
  if (parent) {
    if (t->comm.empty()) t->comm = parent->comm;
    if (t->exe.empty()) t->exe = parent->exe;
    if (t->cwd.empty()) t->cwd = parent->cwd;
    t->exepath = parent->exepath;
    t->env = parent->env;
    t->loginuid = parent->loginuid;
    t->tty = parent->tty;
    t->sid = parent->sid;
    t->vpgid = parent->vpgid;
    t->pgid = parent->pgid;
    t->root = parent->root;
    t->cap_inheritable = parent->cap_inheritable;
    t->cap_permitted = parent->cap_permitted;
    t->cap_effective = parent->cap_effective;
    t->exe_writable = parent->exe_writable;
    if (t->cgroups.empty()) t->cgroups = parent->cgroups;
  }
  // Threads (and CLONE_FILES children) share the fd table; forks get a copy.
  ThreadInfo* leader = find(t->pid);
  if ((flags & kCloneThread) && leader && leader->fds) {
    t->fds = leader->fds;
  } else if (parent && parent->fds) {
    t->fds = (flags & kCloneFiles) ? parent->fds : std::make_shared<FdTable>(*parent->fds);
  } else {
    t->fds = std::make_shared<FdTable>();
  }
  auto cg = container_from_cgroups(t->cgroups);
  if (!cg.id.empty()) {
    t->container_id = cg.id;
    containers_.touch(cg.id, cg.type);
  }
  forget(child_tid);
  threads_[child_tid] = std::move(t);
}

void State::on_execve(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter()) return;
  str_param(ev, P::comm, t.comm);
  str_param(ev, P::exe, t.exe);
  bytes_param(ev, P::args, t.args);
  str_param(ev, P::cwd, t.cwd);
  bytes_param(ev, P::env, t.env);
  if (bytes_param(ev, P::cgroups, t.cgroups)) {
    auto cg = container_from_cgroups(t.cgroups);
    t.container_id = cg.id;
    if (!cg.id.empty()) containers_.touch(cg.id, cg.type);
  }
  if (!str_param(ev, P::trusted_exepath, t.exepath)) {
    std::string filename;
    if (str_param(ev, P::filename, filename))
      t.exepath = resolve_path(t.cwd, filename);
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
  int64_t pid = i64(ev, P::pid, -1);
  if (pid > 0) t.pid = static_cast<uint64_t>(pid);
  int64_t ptid = i64(ev, P::ptid, -1);
  if (ptid > 0) t.ptid = static_cast<uint64_t>(ptid);
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
    transient_fd_ = FdInfo{};
    transient_fd_.fd = fd;
    transient_fd_.name = resolve_path(t.cwd, name);
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
    std::string_view dir = t.cwd;
    int64_t dirfd = i64(ev, P::dirfd, kAtFdcwd);
    if (name[0] != '/' && dirfd != kAtFdcwd) {
      if (const FdInfo* d = t.fds->find(dirfd)) dir = d->name;
    }
    f.name = resolve_path(dir, name);
  }
  f.name_raw.assign(name);
  f.open_flags = flags;
  if (ev.name() == "creat") f.open_flags |= (1u << 1) | (1u << 2) | (1u << 8);  // O_WRONLY|O_CREAT|O_TRUNC
  num_param(ev, P::ino, f.ino);
  num_param(ev, P::dev, f.dev);
}

void State::on_socket(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter()) return;
  int64_t fd = result(ev);
  if (fd < 0 || !t.fds) return;
  uint32_t domain = 0, type = 0;
  num_param(ev, P::domain, domain);
  num_param(ev, P::type, type);
  FdInfo& f = t.fds->add(fd);
  switch (domain) {
    case 1:
      f.type = FdType::UnixSock;
      break;
    case 2:
      f.type = FdType::Ipv4Sock;
      break;
    case 10:
      f.type = FdType::Ipv6Sock, f.ipv6 = true;
      break;
    case 16:
      f.type = FdType::Netlink;
      break;
    default:
      f.type = FdType::Unsupported;
      break;
  }
  switch (type & 0xf) {
    case 1:
      f.l4 = L4Proto::Tcp;
      break;
    case 2:
      f.l4 = L4Proto::Udp;
      break;
    case 3:
      f.l4 = L4Proto::Raw;
      break;
    default:
      break;
  }
}

void State::on_connect(const EventView& ev, ThreadInfo& t, bool accept) {
  if (ev.is_enter() || !t.fds) return;
  int64_t res = result(ev);
  int64_t fd = accept ? res : i64(ev, P::fd, -1);
  // A failed connect still names the socket by the tuple it tried, as libsinsp does.
  if (fd < 0) return;
  const Param* tuple = param(ev, P::tuple);
  FdInfo* f = t.fds->find(fd);
  if (!accept && res < 0 && res != -115) {
    // A failed connect names the socket for this event only (what libsinsp shows).
    transient_fd_ = f ? *f : FdInfo{};
    transient_fd_.fd = fd;
    f = &transient_fd_;
    use_transient_fd_ = true;
  } else if (accept) {
    f = &t.fds->add(fd);
    f->l4 = L4Proto::Tcp;
  } else if (!f) {
    f = &t.fds->add(fd);
  }
  f->local_is_client = !accept;
  f->connected = res >= 0 || accept;
  name_changed_ = true;
  if (tuple && read_tuple(*tuple, *f)) {
    f->type = f->ipv6 ? FdType::Ipv6Sock : FdType::Ipv4Sock;
    if (f->l4 == L4Proto::Unknown) f->l4 = L4Proto::Tcp;
    write_tuple_name(f->name, *f);
  } else if (tuple && tuple->len >= 17 && tuple->data[0] == 1) {
    f->type = FdType::UnixSock;
    uint64_t src = 0, dst = 0;
    std::memcpy(&src, tuple->data + 1, 8);
    std::memcpy(&dst, tuple->data + 9, 8);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%llx->%llx ", static_cast<unsigned long long>(src),
                  static_cast<unsigned long long>(dst));
    f->name = buf + unix_path(*tuple, 17);
  }
}

void State::on_bind_listen(const EventView& ev, ThreadInfo& t, bool listen) {
  if (ev.is_enter() || result(ev) < 0 || !t.fds) return;
  FdInfo* f = t.fds->find(i64(ev, P::fd, -1));
  if (!f) return;
  if (listen) {
    f->is_server = true;
    if (f->type == FdType::Ipv4Sock) f->type = FdType::Ipv4ServSock;
    if (f->type == FdType::Ipv6Sock) f->type = FdType::Ipv6ServSock;
    return;
  }
  const Param* addr = param(ev, P::addr);
  if (!addr || addr->empty()) return;
  if (addr->data[0] == 2 && addr->len >= 7) {
    f->ipv6 = false;
    std::memcpy(f->sip.data(), addr->data + 1, 4);
    std::memcpy(&f->sport, addr->data + 5, 2);
  } else if (addr->data[0] == 10 && addr->len >= 19) {
    f->ipv6 = true;
    std::memcpy(f->sip.data(), addr->data + 1, 16);
    std::memcpy(&f->sport, addr->data + 17, 2);
  } else if (addr->data[0] == 1) {
    f->name = unix_path(*addr, 1);
    return;
  } else {
    return;
  }
  write_endpoint(f->name, f->sip.data(), f->ipv6, f->sport);
}

void State::on_pipe(const EventView& ev, ThreadInfo& t, bool socketpair) {
  if (ev.is_enter() || result(ev) < 0 || !t.fds) return;
  for (P n : {P::fd1, P::fd2}) {
    int64_t fd = i64(ev, n, -1);
    if (fd < 0) continue;
    FdInfo& f = t.fds->add(fd);
    f.type = socketpair ? FdType::UnixSock : FdType::Fifo;
    num_param(ev, P::ino, f.ino);
  }
}

void State::on_new_fd(const EventView& ev, ThreadInfo& t, FdType type, std::string name) {
  if (ev.is_enter() || !t.fds) return;
  int64_t fd = result(ev);
  if (fd < 0) return;
  FdInfo& f = t.fds->add(fd);
  f.type = type;
  f.name = std::move(name);
}

void State::on_dup(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || !t.fds) return;
  int64_t res = result(ev);
  if (res < 0) return;
  int64_t oldfd = i64(ev, P::oldfd, -1);
  if (ev.name() == "fcntl") {
    uint8_t cmd = 0;
    num_param(ev, P::cmd, cmd);
    // PPM_FCNTL_F_DUPFD = 1, PPM_FCNTL_F_DUPFD_CLOEXEC = 14
    if (cmd != 1 && cmd != 14) return;
    oldfd = i64(ev, P::fd, -1);
  }
  if (oldfd < 0 || oldfd == res) return;
  const FdInfo* src = t.fds->find(oldfd);
  if (!src) return;
  FdInfo copy = *src;
  FdInfo& f = t.fds->add(res);
  f = copy;
  f.fd = res;
  f.open_flags &= ~kOpenCloexec;
}

void State::on_close(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || result(ev) < 0 || !t.fds) return;
  int64_t fd = i64(ev, P::fd, -1);
  if (fd < 0) return;
  pending_close_table_ = t.fds;
  pending_close_fd_ = fd;
}

void State::on_udp_tuple(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter() || !t.fds) return;
  const Param* tuple = param(ev, P::tuple);
  if (!tuple || tuple->empty()) return;
  FdInfo* f = t.fds->find(i64(ev, P::fd, -1));
  // The first datagram names an unconnected UDP socket; later ones do not turn it around.
  if (!f || f->l4 != L4Proto::Udp || !f->name.empty()) return;
  if (read_tuple(*tuple, *f)) {
    f->type = f->ipv6 ? FdType::Ipv6Sock : FdType::Ipv4Sock;
    write_tuple_name(f->name, *f);
    name_changed_ = true;
  }
}

void State::on_chdir(const EventView& ev, ThreadInfo& t, bool by_fd) {
  if (ev.is_enter()) return;
  if (by_fd) {
    const FdInfo* f = t.fds ? t.fds->find(i64(ev, P::fd, -1)) : nullptr;
    if (f) t.cwd = f->name;
    return;
  }
  std::string path;
  if (str_param(ev, P::path, path)) t.cwd = resolve_path(t.cwd, path);
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

void describe_fd_type(scap::FdType type, L4Proto l4, std::string& out) {
  out += '<';
  out += fd_type_char(type);
  if (type == FdType::Ipv4Sock || type == FdType::Ipv6Sock || type == FdType::Ipv4ServSock ||
      type == FdType::Ipv6ServSock) {
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
  describe_fd_type(f.type, f.l4, out);
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

bool StateRenderContext::thread_name(int64_t tid, std::string& out) const {
  const ThreadInfo* t = state_.thread(static_cast<uint64_t>(tid));
  if (!t || t->comm.empty()) return false;
  out += t->comm;
  return true;
}

}  // namespace saker::replay
