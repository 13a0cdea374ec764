// Pieces of small test captures: metadata (a thread, a table of open files) and a TCP
// connection's events.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "saker/scap/metadata.h"
#include "saker/scap/writer.h"

namespace saker::test {

// A thread that is its own process's main thread.
inline scap::ThreadEntry thread_entry(uint64_t tid, const std::string& comm) {
  scap::ThreadEntry t;
  t.tid = t.pid = tid;
  t.comm = comm;
  return t;
}

// Thread `tid`'s fds, each open on the file `name`.
inline scap::FdTable file_fds(uint64_t tid, std::initializer_list<int64_t> fds, const std::string& name,
                              uint32_t open_flags = 0) {
  scap::FdTable table;
  table.tid = tid;
  for (int64_t fd : fds) {
    scap::FdEntry e;
    e.fd = fd;
    e.type = scap::FdType::FileV2;
    e.name = name;
    e.open_flags = open_flags;
    table.fds.push_back(e);
  }
  return table;
}

// Who a cloned thread is, as a clone exit carries it.
struct CloneIdentity {
  std::string exe = "bash", cwd = "/root", comm = "bash";
  uint32_t uid = 0, gid = 0;
};

// clone exit (PPME_SYSCALL_CLONE_20_X) as seen by the child (res 0) or the parent (res = the
// child's tid).
inline const scap::EventView& clone_exit(scap::EventBuilder& b, uint64_t ts, uint64_t tid, int64_t res,
                                         uint64_t pid, uint64_t ptid, uint32_t flags = 0,
                                         const CloneIdentity& who = {}) {
  return b.begin(scap::EventType::SyscallClone_20X, ts, tid)
      .num<int64_t>(res)
      .str(who.exe)
      .bytes("", 0)
      .num<int64_t>(static_cast<int64_t>(tid))
      .num<int64_t>(static_cast<int64_t>(pid))
      .num<int64_t>(static_cast<int64_t>(ptid))
      .str(who.cwd)
      .num<int64_t>(1024)
      .num<uint64_t>(0)
      .num<uint64_t>(0)
      .num<uint32_t>(0)
      .num<uint32_t>(0)
      .num<uint32_t>(0)
      .str(who.comm)
      .bytes("", 0)
      .num<uint32_t>(flags)
      .num<uint32_t>(who.uid)
      .num<uint32_t>(who.gid)
      .view();
}

// socket(AF_INET, type, 0) = fd, as its exit event (type 1: SOCK_STREAM, 2: SOCK_DGRAM).
inline const scap::EventView& inet_socket_exit(scap::EventBuilder& b, uint64_t ts, uint64_t tid, int64_t fd,
                                               uint32_t type) {
  return b.begin(scap::EventType::SocketSocketX, ts, tid)
      .num<int64_t>(fd)
      .num<uint32_t>(2)
      .num<uint32_t>(type)
      .num<uint32_t>(0)
      .num<uint32_t>(0)
      .view();
}

// socket(AF_INET, SOCK_STREAM, 0) = fd, as its exit event.
inline const scap::EventView& tcp_socket_exit(scap::EventBuilder& b, uint64_t ts, uint64_t tid, int64_t fd) {
  return inet_socket_exit(b, ts, tid, fd, 1);
}

// The socket tuple of 10.0.0.5:40001 -> 93.184.216.34:80 (ports in host order).
inline constexpr uint8_t kTcpTuple[13] = {2, 10, 0, 0, 5, 0x41, 0x9c, 93, 184, 216, 34, 80, 0};

}  // namespace saker::test
