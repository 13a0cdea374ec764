#include "saker/replay/state.h"

#include <algorithm>

#include "event_params.h"
#include "net_format.h"
#include "paths.h"

namespace saker::replay {

using namespace detail;

using scap::EventView;
using scap::FdType;
using scap::Param;

enum class State::Handler : uint8_t {
  None,
  Clone,
  Execve,
  ProcExit,
  Open,
  Socket,
  Connect,
  Accept,
  Bind,
  Listen,
  Pipe,
  SocketPair,
  EventFd,
  SignalFd,
  Inotify,
  TimerFd,
  EpollCreate,
  MemFd,
  UserFaultFd,
  PidFd,
  IoUring,
  Bpf,
  Dup,
  Fcntl,
  Close,
  CloseRange,
  SendTuple,
  RecvTuple,
  Chdir,
  Fchdir,
  SetId,
  UserGroup,
  Container,
};

State::State() {
  auto table = scap::event_table();
  auto set = [&](std::string_view name, bool exit, Handler h) {
    for (uint16_t t = 0; t < table.size(); ++t)
      if (table[t].name == name && scap::is_enter(t) != exit && !(table[t].flags & scap::kUnused))
        handlers_[t] = h;
  };
  // The parameter naming the event's fd ("fd"; pipe and socketpair: the last one created).
  for (uint16_t t = 0; t < table.size(); ++t) {
    fd_param_[t] = -1;
    const auto& ps = table[t].params;
    for (size_t i = 0; i < ps.size(); ++i)
      if (ps[i].name == "fd") fd_param_[t] = static_cast<int8_t>(i);
    if (fd_param_[t] < 0)
      for (size_t i = 0; i < ps.size(); ++i)
        if (ps[i].name == "fd2") fd_param_[t] = static_cast<int8_t>(i);
    // Calls on a directory fd (unlinkat, mkdirat, symlinkat, ...): libsinsp's fd is the dirfd
    // (scap_event.c, get_exit_event_fd_location).
    if (fd_param_[t] < 0 && (table[t].flags & scap::kUsesFd))
      for (size_t i = 0; i < ps.size(); ++i)
        if (ps[i].name == "dirfd" || ps[i].name == "linkdirfd") fd_param_[t] = static_cast<int8_t>(i);
    // dup family: the new fd is the result.
    if (fd_param_[t] < 0 && table[t].name.substr(0, 3) == "dup" && !ps.empty() && ps[0].name == "res")
      fd_param_[t] = 0;
  }
  for (auto n : {"clone", "fork", "vfork", "clone3"}) set(n, true, Handler::Clone);
  for (auto n : {"execve", "execveat"}) set(n, true, Handler::Execve);
  set("procexit", false, Handler::ProcExit);
  for (auto n : {"open", "openat", "openat2", "creat", "open_by_handle_at"}) set(n, true, Handler::Open);
  set("socket", true, Handler::Socket);
  set("connect", true, Handler::Connect);
  for (auto n : {"accept", "accept4"}) set(n, true, Handler::Accept);
  set("bind", true, Handler::Bind);
  set("listen", true, Handler::Listen);
  for (auto n : {"pipe", "pipe2"}) set(n, true, Handler::Pipe);
  set("socketpair", true, Handler::SocketPair);
  for (auto n : {"eventfd", "eventfd2"}) set(n, true, Handler::EventFd);
  for (auto n : {"signalfd", "signalfd4"}) set(n, true, Handler::SignalFd);
  for (auto n : {"inotify_init", "inotify_init1"}) set(n, true, Handler::Inotify);
  set("timerfd_create", true, Handler::TimerFd);
  for (auto n : {"epoll_create", "epoll_create1"}) set(n, true, Handler::EpollCreate);
  set("memfd_create", true, Handler::MemFd);
  set("userfaultfd", true, Handler::UserFaultFd);
  for (auto n : {"pidfd_open", "pidfd_getfd"}) set(n, true, Handler::PidFd);
  set("io_uring_setup", true, Handler::IoUring);
  set("bpf", true, Handler::Bpf);
  for (auto n : {"dup", "dup2", "dup3"}) set(n, true, Handler::Dup);
  set("fcntl", true, Handler::Fcntl);
  set("close", true, Handler::Close);
  set("close_range", true, Handler::CloseRange);
  for (auto n : {"send", "sendto", "sendmsg", "sendmmsg"}) set(n, true, Handler::SendTuple);
  for (auto n : {"recv", "recvfrom", "recvmsg", "recvmmsg"}) set(n, true, Handler::RecvTuple);
  set("chdir", true, Handler::Chdir);
  set("fchdir", true, Handler::Fchdir);
  for (auto n : {"setuid", "setgid", "setresuid", "setresgid", "setreuid", "setregid"})
    set(n, true, Handler::SetId);
  for (auto n : {"useradded", "userdeleted", "groupadded", "groupdeleted"}) set(n, false, Handler::UserGroup);
  set("container", false, Handler::Container);
}

State::~State() = default;

void State::clear_tables() {
  threads_.clear();
  last_ = nullptr;
  last_tid_ = UINT64_MAX;
  cache_.fill(CacheSlot{});
  cur_thread_ = nullptr;
  cur_fd_ = nullptr;
  cur_fd_num_ = -1;
  use_transient_fd_ = false;
  name_changed_ = false;
  pending_close_table_.reset();
  exited_.clear();
  users_.clear();
  groups_.clear();
  containers_.clear();
  interfaces_.clear();
}

void State::load(const scap::Metadata& meta, bool exact_fd_names) {
  clear_tables();
  reparent_budget_ = kMaxReparentBudget;
  machine_ = meta.machine;
  interfaces_ = meta.interfaces;
  for (const auto& u : meta.users) users_[u.uid] = u;
  for (const auto& g : meta.groups) groups_[g.gid] = g;

  dropped_threads_ = 0;
  threads_.reserve(std::min(meta.threads.size(), kMaxThreads) * 2);
  for (const auto& e : meta.threads) {
    if (threads_.size() >= kMaxThreads && !threads_.count(e.tid)) {
      ++dropped_threads_;
      continue;
    }
    auto t = std::make_unique<ThreadInfo>();
    t->tid = e.tid;
    t->pid = e.pid;
    t->ptid = e.ptid;
    t->sid = e.sid;
    t->vpgid = e.vpgid;
    t->pgid = e.pgid;
    t->vtid = e.vtid;
    t->vpid = e.vpid;
    t->comm = e.comm;
    t->exe = e.exe;
    set_exepath(*t, e.exepath);
    t->args = e.args;
    if (!t->args.empty() && t->args.back() == '\0') t->args.pop_back();
    // A process's directory is its main thread's, kept with a trailing slash (libsinsp).
    if (e.tid == e.pid) {
      t->cwd = e.cwd;
      if (t->cwd.empty() || t->cwd.back() != '/') t->cwd += '/';
    }
    t->env = e.env;
    t->cgroups = e.cgroups;
    t->root = e.root;
    t->uid = e.uid;
    t->gid = e.gid;
    t->loginuid = e.loginuid;
    t->tty = e.tty;
    t->flags = e.flags;
    t->fdlimit = e.fdlimit;
    t->cap_inheritable = e.cap_inheritable;
    t->cap_permitted = e.cap_permitted;
    t->cap_effective = e.cap_effective;
    t->exe_writable = e.exe_writable;
    t->exe_upper_layer = e.exe_upper_layer;
    t->exe_from_memfd = e.exe_from_memfd;
    t->exe_ino = e.exe_ino;
    t->exe_ino_ctime = e.exe_ino_ctime;
    t->exe_ino_mtime = e.exe_ino_mtime;
    t->from_metadata = true;
    t->usage.vmsize_kb = e.vmsize_kb, t->usage.vmrss_kb = e.vmrss_kb, t->usage.vmswap_kb = e.vmswap_kb;
    t->usage.pfmajor = e.pfmajor, t->usage.pfminor = e.pfminor;
    t->usage.pidns_init_start_ts = e.pidns_init_start_ts;
    t->usage.exe_lower_layer = e.exe_lower_layer;
    auto cg = container_from_cgroups(t->cgroups);
    if (!cg.id.empty()) {
      t->container_id = cg.id;
      containers_.touch(cg.id, cg.type);
    }
    threads_[e.tid] = std::move(t);
  }
  for (const auto& [tid, t] : threads_) mark_parent(t->ptid);
  // Threads share their process's fd table.
  for (auto& [tid, t] : threads_) {
    if (t->fds) continue;
    ThreadInfo* leader = find(t->pid);
    if (leader && !leader->fds) leader->fds = std::make_shared<FdTable>();
    t->fds = leader ? leader->fds : std::make_shared<FdTable>();
  }
  for (const auto& table : meta.fd_tables) {
    ThreadInfo* t = find(table.tid);
    if (!t) continue;
    for (const auto& e : table.fds) {
      FdInfo& f = t->fds->add(e.fd);
      f.type = e.type == FdType::File ? FdType::FileV2 : e.type;
      f.name = e.name;
      f.ino = e.ino;
      f.open_flags = e.open_flags;
      f.dev = e.dev.value_or(0);
      f.l4 = static_cast<L4Proto>(e.l4proto);
      switch (e.type) {
        case FdType::Ipv4Sock:
        case FdType::Ipv6Sock:
          // The process list gives local (s) and remote (d) ends.
          f.ipv6 = e.type == FdType::Ipv6Sock;
          f.cip = e.sip;
          f.sip = e.dip;
          f.cport = e.sport;
          f.sport = e.dport;
          // libs gives IPv4 sockets of the process list a role (orient_sockets_from_proc),
          // IPv6 ones none.
          if (!f.ipv6) f.role = NetRole::Client;
          if (exact_fd_names)
            f.name = e.name;
          else
            write_tuple_name(f.name, f);
          break;
        case FdType::Ipv4ServSock:
        case FdType::Ipv6ServSock: {
          f.ipv6 = e.type == FdType::Ipv6ServSock;
          f.sip = e.sip;
          f.sport = e.sport;
          f.is_server = true;
          if (exact_fd_names)
            f.name = e.name;
          else
            write_endpoint(f.name, f.sip.data(), f.ipv6, f.sport);
          break;
        }
        case FdType::UnixSock:
          // libs: a unix socket of the process list without a path is a client's.
          f.role = f.name.empty() ? NetRole::Client : NetRole::Server;
          break;
        default:
          break;
      }
    }
  }
  orient_sockets_from_proc(exact_fd_names);
}

// As libs (sinsp_threadinfo::fix_sockets_coming_from_proc): the process list gives an IPv4
// connection's local end first; where the local port is one a server socket of the capture's
// fd tables listens on, this process is the server end.
void State::orient_sockets_from_proc(bool exact_fd_names) {
  std::vector<uint16_t> server_ports;
  for (const auto& [tid, t] : threads_)
    if (t->fds)
      t->fds->for_each([&](const FdInfo& f) {
        if (f.type == FdType::Ipv4ServSock || f.type == FdType::Ipv6ServSock) server_ports.push_back(f.sport);
      });
  if (server_ports.empty()) return;
  std::sort(server_ports.begin(), server_ports.end());
  for (const auto& [tid, t] : threads_) {
    if (!t->fds || t->tid != t->pid) continue;  // threads share their leader's table
    t->fds->for_each([&](FdInfo& f) {
      if (f.type != FdType::Ipv4Sock || f.role != NetRole::Client) return;
      if (!std::binary_search(server_ports.begin(), server_ports.end(), f.cport)) return;
      std::swap(f.cip, f.sip);
      std::swap(f.cport, f.sport);
      f.role = NetRole::Server;
      if (!exact_fd_names) write_tuple_name(f.name, f);
    });
  }
}

ThreadInfo* State::find(uint64_t tid) {
  if (tid == last_tid_ && last_) return last_;
  auto& slot = cache_[tid & (kThreadCache - 1)];
  if (slot.tid == tid && slot.thread) {
    last_tid_ = tid;
    return last_ = slot.thread;
  }
  auto it = threads_.find(tid);
  if (it == threads_.end()) return nullptr;
  last_tid_ = tid;
  last_ = it->second.get();
  slot = {tid, last_};
  return last_;
}

const ThreadInfo* State::thread(uint64_t tid) const {
  return const_cast<State*>(this)->find(tid);
}

bool State::make_room() {
  if (threads_.size() < kMaxThreads) return true;
  // Exited threads go first, whatever their age.
  for (uint64_t tid : exited_) {
    auto it = threads_.find(tid);
    if (it == threads_.end() || !it->second->exit_ts) continue;  // gone, or the tid was reused
    forget(tid);
    threads_.erase(it);
  }
  exited_.clear();
  return threads_.size() < kMaxThreads;
}

ThreadInfo* State::get_or_create(uint64_t tid, uint64_t ts) {
  if (ThreadInfo* t = find(tid)) return t;
  if (!make_room()) {
    ++dropped_threads_;
    return nullptr;
  }
  // What libsinsp makes of a thread it cannot look up: an invalid entry (pid and parent
  // unknown, name "<NA>", no start time) that a later execve or clone completes.
  (void)ts;
  auto t = std::make_unique<ThreadInfo>();
  t->tid = tid;
  t->pid = t->ptid = kUnknownTid;
  t->uid = t->gid = kUnknownId;
  t->comm = t->exe = "<NA>";
  t->fds = std::make_shared<FdTable>();
  ThreadInfo* raw = t.get();
  forget(tid);
  threads_[tid] = std::move(t);
  last_tid_ = tid;
  last_ = raw;
  return raw;
}

const ThreadInfo* State::main_thread(const ThreadInfo& t) const {
  if (t.is_main_thread()) return &t;
  const ThreadInfo* m = t.pid == kUnknownTid ? nullptr : thread(t.pid);
  return m && m->is_main_thread() ? m : nullptr;
}

const ThreadInfo* State::parent_process(const ThreadInfo& process) const {
  if (process.ptid == kUnknownTid) return nullptr;
  const ThreadInfo* parent = thread(process.ptid);
  return parent ? main_thread(*parent) : nullptr;
}

const ThreadInfo* State::ancestor(const ThreadInfo& t, int64_t n) const {
  const ThreadInfo* cur = main_thread(t);
  if (n < 0) return nullptr;
  // More steps than threads means the parent chain loops (a hostile capture can make one):
  // the answer is where the loop is after the remaining steps, found without walking them all.
  const int64_t bound = static_cast<int64_t>(threads_.size()) + 1;
  int64_t i = 0;
  for (; i < n && cur; ++i) {
    if (i == bound) {
      int64_t loop = 1;
      for (const ThreadInfo* p = parent_process(*cur); p != cur; p = parent_process(*p)) ++loop;
      for (int64_t left = (n - i) % loop; left > 0; --left) cur = parent_process(*cur);
      return cur;
    }
    cur = parent_process(*cur);
  }
  return cur;
}

const ThreadInfo* State::session_leader(const ThreadInfo& t) const {
  if (t.sid < 0) return nullptr;
  constexpr uint32_t kChildInPidNs = 1u << 29;
  const bool in_pid_ns = (t.flags & kChildInPidNs) || (t.vtid >= 0 && static_cast<uint64_t>(t.vtid) != t.tid);
  if (!in_pid_ns)
    if (const ThreadInfo* s = thread(static_cast<uint64_t>(t.sid))) return s;
  // Parent threads while they are in the same session; the walk is bounded against loops.
  const ThreadInfo* found = nullptr;
  const ThreadInfo* p = t.ptid == kUnknownTid ? nullptr : thread(t.ptid);
  for (size_t steps = 0; p && p->sid == t.sid && steps < threads_.size(); ++steps) {
    found = p;
    if (p->ptid == p->tid || p->ptid == kUnknownTid) break;
    p = thread(p->ptid);
  }
  return found;
}

std::string_view State::cwd(const ThreadInfo& t) const {
  const ThreadInfo* m = main_thread(t);
  return m ? std::string_view(m->cwd) : std::string_view("./");
}

const scap::User* State::user(uint32_t uid) const {
  auto it = users_.find(uid);
  return it == users_.end() ? nullptr : &it->second;
}

const scap::Group* State::group(uint32_t gid) const {
  auto it = groups_.find(gid);
  return it == groups_.end() ? nullptr : &it->second;
}

const Container* State::container(std::string_view id) const {
  return containers_.find(id);
}

size_t State::fd_count() const {
  size_t n = 0;
  for (const auto& [tid, t] : threads_)
    if (t->fds && t->tid == t->pid) n += t->fds->size();
  return n;
}

void State::finish_pending() {
  if (pending_close_table_) {
    pending_close_table_->remove(pending_close_fd_);
    pending_close_table_.reset();
  }
}

void State::purge_exited(uint64_t now) {
  size_t done = 0;
  for (; done < exited_.size(); ++done) {
    auto it = threads_.find(exited_[done]);
    if (it == threads_.end() || !it->second->exit_ts) continue;  // gone, or the tid was reused
    if (it->second->exit_ts + kPurgeDelay > now) break;
    forget(it->first);
    threads_.erase(it);
  }
  exited_.erase(exited_.begin(), exited_.begin() + static_cast<std::ptrdiff_t>(done));
}

void State::set_current_fd(ThreadInfo* t, const EventView& ev) {
  cur_fd_ = nullptr;
  cur_fd_num_ = -1;
  if (!t || !(ev.info->flags & (scap::kUsesFd | scap::kCreatesFd | scap::kDestroysFd))) return;
  const int8_t idx = fd_param_[ev.type];
  if (idx < 0 || static_cast<uint32_t>(idx) >= ev.nparams) return;
  const Param* p = &ev.params[static_cast<uint32_t>(idx)];
  if (p->len < 8) return;
  cur_fd_num_ = p->as<int64_t>();
  if (use_transient_fd_ && (transient_fd_.fd == cur_fd_num_ || cur_fd_num_ < 0)) {
    cur_fd_ = &transient_fd_;
    // A failed open has no fd: -1, as libsinsp (the error code is not an fd).
    if (cur_fd_num_ < 0 && !ev.is_enter() && (ev.info->flags & scap::kCreatesFd)) cur_fd_num_ = -1;
  } else if (cur_fd_num_ >= 0 && t->fds) {
    cur_fd_ = t->fds->find(cur_fd_num_);
  }
}

void State::apply(const EventView& ev) {
  // Libs' parser never sees the events their converter drops: what they carried reaches the
  // state through the exit events they complete.
  if (ev.fate == scap::EventFate::kDropped) return;
  track_clocks(ev);
  finish_pending();
  if (reparent_budget_ < kMaxReparentBudget) reparent_budget_ += kReparentBudgetPerEvent;
  use_transient_fd_ = false;
  name_changed_ = false;
  if (!exited_.empty() && ev.ts > last_purge_ts_ + kPurgeDelay / 4) {
    last_purge_ts_ = ev.ts;
    purge_exited(ev.ts);
  }
  const Handler h = handlers_[ev.type];
  cur_thread_ = nullptr;
  cur_fd_ = nullptr;
  cur_fd_num_ = -1;
  switch (h) {
    case Handler::UserGroup:
      on_user_event(ev);
      return;
    case Handler::Container:
      last_container_id_.clear();
      if (ev.nparams > 0) {
        if (const Container* c = containers_.add_json(ev.params[0].str())) last_container_id_ = c->id;
      }
      return;
    case Handler::Clone:
      on_clone(ev);
      break;
    default:
      break;
  }
  // Threads first seen in an event (started before the capture and missed by its process
  // list) get an entry with what is known: their tid.
  ThreadInfo* t = find(ev.tid);
  // Only syscalls create them, not scheduler or meta events, and never for tid 0 (the idle
  // task) or -1, as libsinsp does.
  constexpr uint32_t kSyscallCategory = 0x200;
  if (!t && ev.tid != UINT64_MAX && ev.tid != 0 && (ev.info->category & kSyscallCategory))
    t = get_or_create(ev.tid, ev.ts);
  cur_thread_ = t;
  if (!t) return;
  // Success of an exit event: its first parameter (res) is not negative.
  const bool ok = ev.is_enter() || ev.nparams == 0 || ev.params[0].len < 8 || ev.params[0].as<int64_t>() >= 0;
  bool fd_from_result = false;
  switch (h) {
    case Handler::Execve:
      if (ok) on_execve(ev, *t);
      break;
    case Handler::ProcExit:
      if (!t->exit_ts) {
        t->exit_ts = ev.ts ? ev.ts : 1;
        exited_.push_back(t->tid);
        reparent_children(*t, i64(ev, P::reaper_tid, -1));
      }
      break;
    case Handler::Open:
      on_open(ev, *t);
      break;
    case Handler::Socket:
      on_socket(ev, *t);
      break;
    case Handler::Connect:
      on_connect(ev, *t, false);
      break;
    case Handler::Accept:
      on_connect(ev, *t, true);
      break;
    case Handler::Bind:
      on_bind_listen(ev, *t, false);
      break;
    case Handler::Listen:
      on_bind_listen(ev, *t, true);
      break;
    case Handler::Pipe:
      on_pipe(ev, *t, false);
      break;
    case Handler::SocketPair:
      on_pipe(ev, *t, true);
      break;
    case Handler::EventFd:
      on_new_fd(ev, *t, FdType::Event, "");
      break;
    case Handler::SignalFd:
      on_new_fd(ev, *t, FdType::SignalFd, "");
      break;
    case Handler::Inotify:
      on_new_fd(ev, *t, FdType::Inotify, "");
      break;
    case Handler::TimerFd:
      on_new_fd(ev, *t, FdType::TimerFd, "");
      break;
    case Handler::EpollCreate:
      on_new_fd(ev, *t, FdType::EventPoll, "");
      break;
    case Handler::MemFd: {
      std::string name;
      str_param(ev, P::name, name);
      on_new_fd(ev, *t, FdType::MemFd, std::move(name));  // libs: the name as given
      break;
    }
    case Handler::UserFaultFd:
      on_new_fd(ev, *t, FdType::UserFaultFd, "");
      break;
    case Handler::PidFd:
      on_new_fd(ev, *t, FdType::PidFd, "anon_inode:[pidfd]");
      break;
    case Handler::IoUring:
      on_new_fd(ev, *t, FdType::IoUring, "");
      break;
    case Handler::Bpf:
      on_new_fd(ev, *t, FdType::Bpf, "");
      break;
    case Handler::Dup:
      on_dup(ev, *t);
      break;
    case Handler::Fcntl:
      fd_from_result = on_dup(ev, *t);
      break;
    case Handler::Close:
      set_current_fd(t, ev);
      on_close(ev, *t);
      return;
    case Handler::CloseRange:
      if (ok) on_close_range(ev, *t);
      break;
    case Handler::SendTuple:
      on_transfer_tuple(ev, *t, false);
      break;
    case Handler::RecvTuple:
      on_transfer_tuple(ev, *t, true);
      break;
    case Handler::Chdir:
      if (ok) on_chdir(ev, *t, false);
      break;
    case Handler::Fchdir:
      if (ok) on_chdir(ev, *t, true);
      break;
    case Handler::SetId:
      if (ok) on_setid(ev, *t);
      break;
    default:
      break;
  }
  track_usage(ev, *t);
  set_current_fd(t, ev);
  if (fd_from_result) cur_fd_ = t->fds->find(cur_fd_num_ = result(ev));  // fcntl F_DUPFD: the new fd
  // As libs' read and write parsers: a successful transfer on an IP socket connects it (send*
  // and recv* before their tuple changes the fd, in on_transfer_tuple).
  if (cur_fd_ && !ev.is_enter() && h != Handler::SendTuple && h != Handler::RecvTuple &&
      (ev.info->flags & (scap::kReadsFromFd | scap::kWritesToFd)) &&
      (cur_fd_->type == FdType::Ipv4Sock || cur_fd_->type == FdType::Ipv6Sock) && result(ev) >= 0)
    cur_fd_->connected = true;
}

}  // namespace saker::replay
