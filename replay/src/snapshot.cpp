// The state written back as capture metadata, for captures that start mid-stream (slices,
// triggered recordings).
#include <algorithm>

#include "saker/replay/state.h"

namespace saker::replay {

namespace {

scap::FdEntry fd_entry(const FdInfo& f) {
  scap::FdEntry e;
  e.fd = f.fd;
  e.ino = f.ino;
  e.type = f.type;
  e.name = f.name;
  e.open_flags = f.open_flags;
  if (f.type == scap::FdType::FileV2) e.dev = f.dev;
  e.l4proto = static_cast<uint8_t>(f.l4);
  switch (f.type) {
    case scap::FdType::Ipv4Sock:
    case scap::FdType::Ipv6Sock:
      // Process lists give local (s) and remote (d) ends.
      e.sip = f.role != NetRole::Server ? f.cip : f.sip;
      e.dip = f.role != NetRole::Server ? f.sip : f.cip;
      e.sport = f.role != NetRole::Server ? f.cport : f.sport;
      e.dport = f.role != NetRole::Server ? f.sport : f.cport;
      break;
    case scap::FdType::Ipv4ServSock:
    case scap::FdType::Ipv6ServSock:
      e.sip = f.sip;
      e.sport = f.sport;
      break;
    default:
      break;
  }
  return e;
}

}  // namespace

scap::Metadata State::snapshot() const {
  scap::Metadata m;
  m.machine = machine_;
  m.interfaces = interfaces_;
  for (const auto& [uid, u] : users_) m.users.push_back(u);
  for (const auto& [gid, g] : groups_) m.groups.push_back(g);
  std::sort(m.users.begin(), m.users.end(), [](auto& a, auto& b) { return a.uid < b.uid; });
  std::sort(m.groups.begin(), m.groups.end(), [](auto& a, auto& b) { return a.gid < b.gid; });
  std::vector<const ThreadInfo*> live;
  for (const auto& [tid, t] : threads_)
    if (!t->exit_ts) live.push_back(t.get());
  std::sort(live.begin(), live.end(), [](auto* a, auto* b) { return a->tid < b->tid; });
  for (const ThreadInfo* t : live) {
    scap::ThreadEntry e;
    e.tid = t->tid;
    e.pid = t->pid;
    e.ptid = t->ptid == kUnknownTid ? 0 : t->ptid;
    e.sid = t->sid;
    e.vpgid = t->vpgid;
    e.pgid = t->pgid;
    e.vtid = t->vtid;
    e.vpid = t->vpid;
    e.comm = t->comm;
    e.exe = t->exe;
    e.exepath = t->exepath;
    e.args = t->args;
    if (!e.args.empty()) e.args += '\0';
    e.cwd = t->cwd;
    e.env = t->env;
    e.cgroups = t->cgroups;
    e.root = t->root;
    e.uid = t->uid;  // kUnknownId round-trips as unknown
    e.gid = t->gid;
    e.loginuid = t->loginuid;
    e.tty = t->tty;
    e.flags = t->flags;
    e.fdlimit = t->fdlimit;
    e.vmsize_kb = t->usage.vmsize_kb, e.vmrss_kb = t->usage.vmrss_kb, e.vmswap_kb = t->usage.vmswap_kb;
    e.pfmajor = t->usage.pfmajor, e.pfminor = t->usage.pfminor;
    e.pidns_init_start_ts = t->usage.pidns_init_start_ts;
    e.exe_lower_layer = t->usage.exe_lower_layer;
    e.cap_inheritable = t->cap_inheritable;
    e.cap_permitted = t->cap_permitted;
    e.cap_effective = t->cap_effective;
    e.exe_writable = t->exe_writable;
    e.exe_upper_layer = t->exe_upper_layer;
    e.exe_from_memfd = t->exe_from_memfd;
    e.exe_ino = t->exe_ino;
    e.exe_ino_ctime = t->exe_ino_ctime;
    e.exe_ino_mtime = t->exe_ino_mtime;
    m.threads.push_back(std::move(e));
    scap::FdTable table;
    table.tid = t->tid;
    // Fds belong to the process leader (or a thread of unknown process); other threads get an
    // empty list, as libscap writes.
    if (t->fds && (t->tid == t->pid || t->pid == kUnknownTid)) {
      t->fds->for_each([&](const FdInfo& f) { table.fds.push_back(fd_entry(f)); });
      std::sort(table.fds.begin(), table.fds.end(), [](auto& a, auto& b) { return a.fd < b.fd; });
    }
    m.fd_tables.push_back(std::move(table));
  }
  return m;
}

}  // namespace saker::replay
