#include "syscall_catalog.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "saker/driver/flag_conversions.h"
#include "saker/driver/syscalls.h"

namespace saker::driver {

namespace {

constexpr int8_t RET = SAKER_ARG_RET, NONE = SAKER_ARG_NONE;

// A spec capturing nothing but the header (arguments and return value).
constexpr saker_sc_spec plain() {
  return saker_sc_spec{1, 0, 0, 0, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE};
}
constexpr saker_sc_spec strs(uint8_t mask) {
  auto s = plain();
  s.str_mask = mask;
  return s;
}
constexpr saker_sc_spec with_file(saker_sc_spec s, int8_t fd) {
  s.file_fd = fd;
  return s;
}
constexpr saker_sc_spec with_sock(saker_sc_spec s, int8_t fd) {
  s.sock_fd = fd;
  return s;
}
constexpr saker_sc_spec with_data(saker_sc_spec s, int8_t arg, int8_t len) {
  s.data_arg = arg;
  s.data_len = len;
  return s;
}
constexpr saker_sc_spec with_iov(saker_sc_spec s, int8_t arg, bool msghdr = false) {
  s.iov_arg = arg;
  if (msghdr) s.flags |= SAKER_SPEC_MSGHDR;
  return s;
}
constexpr saker_sc_spec with_sockaddr(saker_sc_spec s, int8_t arg, int8_t len) {
  s.sockaddr_arg = arg;
  s.sockaddr_len = len;
  return s;
}
constexpr saker_sc_spec with_mem(saker_sc_spec s, int8_t arg, uint8_t len) {
  s.mem_arg = arg;
  s.mem_len = len;
  return s;
}
constexpr saker_sc_spec proc(uint8_t flags = 0) {
  auto s = plain();
  s.flags = SAKER_SPEC_PROC | flags;
  return s;
}

uint32_t open_mode(uint64_t flags, uint64_t mode) {
  return (flags & (O_CREAT | 020000000 /* __O_TMPFILE */)) ? static_cast<uint32_t>(mode) : 0;
}

uint32_t opened_flags(const RawRecord& r, uint64_t kflags) {
  uint32_t f = open_flags_to_scap(static_cast<uint32_t>(kflags));
  saker_file file;
  if (r.fixed(SAKER_CH_FILE, file) && (file.fmode & 0x100000)) f |= 16384;  // FMODE_CREATED
  return f;
}

// ---- processes -------------------------------------------------------------------------

// argv captured from the mm: exe is argv[0], args the rest.
void exe_and_args(const RawRecord& r, EventOut& o, std::string_view fallback_exe) {
  auto args = r.chunk(SAKER_CH_ARGS);
  if (args.empty()) {
    o.str(fallback_exe).empty();
    return;
  }
  auto first = RawRecord::cstr(args);
  o.str(first);
  size_t skip = std::min(args.size(), first.size() + 1);
  o.bytes(args.subspan(skip));
}

void clone_like(const RawRecord& r, EventOut& o, uint64_t kflags) {
  saker_proc p{};
  r.fixed(SAKER_CH_PROC, p);
  std::string_view comm(p.comm, strnlen(p.comm, sizeof p.comm));
  o.i64(r.ret());
  exe_and_args(r, o, comm);
  o.i64(p.tid).i64(p.pid).i64(p.ptid).empty();  // cwd: inherited, kept by the state engine
  o.i64(static_cast<int64_t>(p.fdlimit)).u64(p.pgft_maj).u64(p.pgft_min);
  o.u32(static_cast<uint32_t>(p.vm_size_kb)).u32(static_cast<uint32_t>(p.vm_rss_kb));
  o.u32(static_cast<uint32_t>(p.vm_swap_kb)).str(comm);
  o.cgroups(r.chunk(SAKER_CH_CGROUP));
  uint32_t flags = clone_flags_to_scap(kflags);
  if (p.vtid != p.tid) flags |= 536870912;  // CLONE_CHILD_IN_PIDNS
  o.u32(flags).u32(p.uid).u32(p.gid).i64(p.vtid).i64(p.vpid).u64(p.pidns_init_start_ts);
}

void exec_like(const RawRecord& r, EventOut& o, std::string_view filename, bool with_filename) {
  saker_proc p{};
  r.fixed(SAKER_CH_PROC, p);
  std::string_view comm(p.comm, strnlen(p.comm, sizeof p.comm));
  o.i64(r.ret());
  exe_and_args(r, o, filename);
  o.i64(p.tid).i64(p.pid).i64(p.ptid);
  auto cwd = r.chunk(SAKER_CH_CWD);
  if (cwd.empty())
    o.empty();
  else
    o.path_components(cwd);
  o.u64(p.fdlimit).u64(p.pgft_maj).u64(p.pgft_min);
  o.u32(static_cast<uint32_t>(p.vm_size_kb)).u32(static_cast<uint32_t>(p.vm_rss_kb));
  o.u32(static_cast<uint32_t>(p.vm_swap_kb)).str(comm);
  o.cgroups(r.chunk(SAKER_CH_CGROUP));
  o.bytes(r.chunk(SAKER_CH_ENV));
  o.u32(p.tty).i64(p.vpgid).u32(p.loginuid).u32(p.exe_flags);
  o.u64(p.cap_inheritable).u64(p.cap_permitted).u64(p.cap_effective);
  o.u64(p.exe_ino).u64(0).u64(0).u32(p.euid);
  auto exepath = r.chunk(SAKER_CH_EXEPATH);
  if (exepath.empty())
    o.str(filename);
  else
    o.path_components(exepath);
  o.i64(p.pgid).u32(p.egid);
  if (with_filename) o.str(filename);
}

constexpr Encoding kEncodings[] = {
    // processes
    {"clone", "clone", proc(), [](const RawRecord& r, EventOut& o) { clone_like(r, o, r.arg(0)); }},
    {"clone3", "clone3", with_mem(proc(), 0, 8),
     [](const RawRecord& r, EventOut& o) {
       uint64_t flags = 0;
       auto m = r.chunk(SAKER_CH_MEM);
       if (m.size() >= 8) std::memcpy(&flags, m.data(), 8);
       clone_like(r, o, flags);
     }},
    {"fork", "fork", proc(), [](const RawRecord& r, EventOut& o) { clone_like(r, o, 0); }},
    {"vfork", "vfork", proc(),
     [](const RawRecord& r, EventOut& o) { clone_like(r, o, CLONE_VFORK | CLONE_VM); }},
    {"execve", "execve", [] { auto s = proc(SAKER_SPEC_EXEC); s.str_mask = 1; return s; }(),
     [](const RawRecord& r, EventOut& o) { exec_like(r, o, r.str(0), true); }},
    {"execveat", "execveat", [] { auto s = proc(SAKER_SPEC_EXEC); s.str_mask = 2; return s; }(),
     [](const RawRecord& r, EventOut& o) { exec_like(r, o, r.str(1), false); }},
    // files
    {"open", "open", with_file(strs(1), RET),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).str(r.str(0)).u32(opened_flags(r, r.arg(1))).u32(open_mode(r.arg(1), r.arg(2)));
       o.u32(EventOut::encoded_dev(r)).u64(EventOut::ino(r));
     }},
    {"openat", "openat", with_file(strs(2), RET),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(opened_flags(r, r.arg(2)));
       o.u32(open_mode(r.arg(2), r.arg(3))).u32(EventOut::encoded_dev(r)).u64(EventOut::ino(r));
     }},
    {"openat2", "openat2", with_mem(with_file(strs(2), RET), 2, 24),
     [](const RawRecord& r, EventOut& o) {
       uint64_t how[3] = {0, 0, 0};
       auto m = r.chunk(SAKER_CH_MEM);
       if (m.size() >= sizeof how) std::memcpy(how, m.data(), sizeof how);
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(opened_flags(r, how[0]));
       o.u32(open_mode(how[0], how[1])).u32(static_cast<uint32_t>(how[2]));
       o.u32(EventOut::encoded_dev(r)).u64(EventOut::ino(r));
     }},
    {"creat", "creat", with_file(strs(1), RET),
     [](const RawRecord& r, EventOut& o) {
       saker_file f;
       uint16_t created = r.fixed(SAKER_CH_FILE, f) && (f.fmode & 0x100000) ? 1 : 0;
       o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1)));
       o.u32(EventOut::encoded_dev(r)).u64(EventOut::ino(r)).u16(created);
     }},
    {"close", "close", plain(), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)); }},
    {"read", "read", with_data(plain(), 1, RET),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"write", "write", with_data(plain(), 1, 2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"pread64", "pread", with_data(plain(), 1, RET),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(2)));
       o.u64(r.arg(3));
     }},
    {"pwrite64", "pwrite", with_data(plain(), 1, 2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(2)));
       o.u64(r.arg(3));
     }},
    {"readv", "readv", with_iov(plain(), 1),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).u32(r.ret() > 0 ? static_cast<uint32_t>(r.ret()) : 0).bytes(r.chunk(SAKER_CH_DATA));
       o.i64(r.iarg(0));
     }},
    {"writev", "writev", with_iov(plain(), 1),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0));
       o.u32(r.ret() > 0 ? static_cast<uint32_t>(r.ret()) : 0);
     }},
    {"rename", "rename", strs(3),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).str(r.str(1)); }},
    {"renameat", "renameat", strs(2 | 8),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).i64(r.iarg(2)).str(r.str(3));
     }},
    {"renameat2", "renameat2", strs(2 | 8),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).i64(r.iarg(2)).str(r.str(3));
       o.u32(static_cast<uint32_t>(r.arg(4)));
     }},
    {"unlink", "unlink", strs(1), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)); }},
    {"unlinkat", "unlinkat", strs(2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"mkdir", "mkdir", strs(1),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1))); }},
    {"mkdirat", "mkdirat", strs(2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"rmdir", "rmdir", strs(1), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)); }},
    {"link", "link", strs(3),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).str(r.str(1)); }},
    {"linkat", "linkat", strs(2 | 8),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).i64(r.iarg(2)).str(r.str(3));
       o.u32(static_cast<uint32_t>(r.arg(4)));
     }},
    {"symlink", "symlink", strs(3),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).str(r.str(1)); }},
    {"symlinkat", "symlinkat", strs(1 | 4),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).i64(r.iarg(1)).str(r.str(2)); }},
    {"chmod", "chmod", strs(1),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1))); }},
    {"fchmod", "fchmod", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(1))); }},
    {"fchmodat", "fchmodat", strs(2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"chown", "chown", strs(1),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1))).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"lchown", "lchown", strs(1),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1))).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"fchown", "fchown", plain(),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(1))).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"fchownat", "fchownat", strs(2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(static_cast<uint32_t>(r.arg(2)));
       o.u32(static_cast<uint32_t>(r.arg(3))).u32(static_cast<uint32_t>(r.arg(4)));
     }},
    {"mount", "mount", strs(1 | 2 | 4),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).str(r.str(0)).str(r.str(1)).str(r.str(2)).u32(static_cast<uint32_t>(r.arg(3)));
     }},
    {"umount2", "umount2", strs(1),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1))); }},
    {"chdir", "chdir", strs(1), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)); }},
    {"fchdir", "fchdir", plain(), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)); }},
    {"dup", "dup", plain(), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)); }},
    {"dup2", "dup2", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)).i64(r.iarg(1)); }},
    {"dup3", "dup3", plain(),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).i64(r.iarg(1)).u32(open_flags_to_scap(static_cast<uint32_t>(r.arg(2)), false));
     }},
    {"fcntl", "fcntl", plain(),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).u8(fcntl_cmd_to_scap(static_cast<uint32_t>(r.arg(1)))).u64(r.arg(2));
     }},
    {"pipe", "pipe", with_file(with_mem(plain(), 0, 8), NONE),
     [](const RawRecord& r, EventOut& o) {
       int32_t fds[2] = {-1, -1};
       auto m = r.chunk(SAKER_CH_MEM);
       if (m.size() >= 8) std::memcpy(fds, m.data(), 8);
       o.i64(r.ret()).i64(fds[0]).i64(fds[1]).u64(0);
     }},
    {"pipe2", "pipe2", with_mem(plain(), 0, 8),
     [](const RawRecord& r, EventOut& o) {
       int32_t fds[2] = {-1, -1};
       auto m = r.chunk(SAKER_CH_MEM);
       if (m.size() >= 8) std::memcpy(fds, m.data(), 8);
       o.i64(r.ret()).i64(fds[0]).i64(fds[1]).u64(0);
       o.u32(open_flags_to_scap(static_cast<uint32_t>(r.arg(1)), false));
     }},
    {"memfd_create", "memfd_create", strs(1),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).str(r.str(0)).u32(static_cast<uint32_t>(r.arg(1))); }},
    {"mprotect", "mprotect", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).u64(r.arg(0)).u64(r.arg(1)).u32(static_cast<uint32_t>(r.arg(2))); }},
    // network
    {"socket", "socket", plain(),
     [](const RawRecord& r, EventOut& o) {
       uint32_t type = static_cast<uint32_t>(r.arg(1));
       o.i64(r.ret()).u32(static_cast<uint32_t>(r.arg(0))).u32(type & 0xF).u32(static_cast<uint32_t>(r.arg(2)));
       o.u32(socket_type_flags_to_scap(type));
     }},
    {"socketpair", "socketpair", with_mem(plain(), 3, 8),
     [](const RawRecord& r, EventOut& o) {
       int32_t fds[2] = {-1, -1};
       auto m = r.chunk(SAKER_CH_MEM);
       if (m.size() >= 8) std::memcpy(fds, m.data(), 8);
       o.i64(r.ret()).i64(fds[0]).i64(fds[1]).u64(0).u64(0);
       o.u32(static_cast<uint32_t>(r.arg(0))).u32(static_cast<uint32_t>(r.arg(1)) & 0xF).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"connect", "connect", with_sockaddr(with_sock(plain(), 0), 1, 2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).tuple(r, false, r.chunk(SAKER_CH_SOCKADDR)).i64(r.iarg(0)).sockaddr(r.chunk(SAKER_CH_SOCKADDR));
     }},
    {"bind", "bind", with_sockaddr(plain(), 1, 2),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).sockaddr(r.chunk(SAKER_CH_SOCKADDR)).i64(r.iarg(0)); }},
    {"listen", "listen", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)).i32(static_cast<int32_t>(r.arg(1))); }},
    {"accept", "accept", with_sock(plain(), RET),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).tuple(r, true).u8(0).u32(0).u32(0); }},
    {"accept4", "accept4", with_sock(plain(), RET),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).tuple(r, true).u8(0).u32(0).u32(0).i32(static_cast<int32_t>(r.arg(3)));
     }},
    {"sendto", "sendto", with_sockaddr(with_sock(with_data(plain(), 1, 2), 0), 4, 5),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0)).u32(static_cast<uint32_t>(r.arg(2)));
       o.tuple(r, false, r.chunk(SAKER_CH_SOCKADDR));
     }},
    {"recvfrom", "recvfrom", with_sockaddr(with_sock(with_data(plain(), 1, RET), 0), 4, NONE),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).tuple(r, false, r.chunk(SAKER_CH_SOCKADDR)).i64(r.iarg(0));
       o.u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"sendmsg", "sendmsg", with_sock(with_iov(plain(), 1, true), 0),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).bytes(r.chunk(SAKER_CH_DATA)).i64(r.iarg(0));
       o.u32(r.ret() > 0 ? static_cast<uint32_t>(r.ret()) : 0).tuple(r, false, r.chunk(SAKER_CH_SOCKADDR));
     }},
    {"recvmsg", "recvmsg", with_sock(with_iov(plain(), 1, true), 0),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).u32(r.ret() > 0 ? static_cast<uint32_t>(r.ret()) : 0).bytes(r.chunk(SAKER_CH_DATA));
       o.tuple(r, false, r.chunk(SAKER_CH_SOCKADDR)).empty().i64(r.iarg(0));
     }},
    // privileges and tampering
    {"setuid", "setuid", plain(), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).u32(static_cast<uint32_t>(r.arg(0))); }},
    {"setgid", "setgid", plain(), [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).u32(static_cast<uint32_t>(r.arg(0))); }},
    {"setresuid", "setresuid", plain(),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).u32(static_cast<uint32_t>(r.arg(0))).u32(static_cast<uint32_t>(r.arg(1))).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"setresgid", "setresgid", plain(),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).u32(static_cast<uint32_t>(r.arg(0))).u32(static_cast<uint32_t>(r.arg(1))).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"capset", "capset", proc(),
     [](const RawRecord& r, EventOut& o) {
       saker_proc p{};
       r.fixed(SAKER_CH_PROC, p);
       o.i64(r.ret()).u64(p.cap_inheritable).u64(p.cap_permitted).u64(p.cap_effective);
     }},
    {"ptrace", "ptrace", plain(),
     [](const RawRecord& r, EventOut& o) {
       uint8_t dyn[9] = {0};  // index 0: a UINT64 value
       o.i64(r.ret());
       std::memcpy(dyn + 1, &r.hdr().args[2], 8);
       o.bytes(dyn);
       std::memcpy(dyn + 1, &r.hdr().args[3], 8);
       o.bytes(dyn);
       o.u16(ptrace_request_to_scap(static_cast<uint32_t>(r.arg(0)))).i64(r.iarg(1));
     }},
    {"kill", "kill", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)).u8(static_cast<uint8_t>(r.arg(1))); }},
    {"tkill", "tkill", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).i64(r.iarg(0)).u8(static_cast<uint8_t>(r.arg(1))); }},
    {"tgkill", "tgkill", plain(),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).i64(r.iarg(1)).u8(static_cast<uint8_t>(r.arg(2)));
     }},
    {"init_module", "init_module", strs(4),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).empty().u64(r.arg(1)).str(r.str(2)); }},
    {"finit_module", "finit_module", strs(2),
     [](const RawRecord& r, EventOut& o) {
       o.i64(r.ret()).i64(r.iarg(0)).str(r.str(1)).u32(static_cast<uint32_t>(r.arg(2)));
     }},
    {"bpf", "bpf", plain(),
     [](const RawRecord& r, EventOut& o) { o.i64(r.ret()).u32(static_cast<uint32_t>(r.arg(0))); }},
    {"prctl", "prctl", strs(2),
     [](const RawRecord& r, EventOut& o) {
       uint32_t opt = static_cast<uint32_t>(r.arg(0));
       bool named = opt == PR_SET_NAME || opt == PR_GET_NAME;
       o.i64(r.ret()).u32(opt).str(named ? r.str(1) : std::string_view{}).i64(named ? 0 : r.sarg(1));
     }},
};

struct NameTable {
  std::unordered_map<std::string_view, int> by_name;
  std::array<std::string_view, SAKER_MAX_SYSCALLS> by_nr{};
  NameTable() {
    static constexpr std::pair<int, std::string_view> kNames[] = {
#include "syscall_names.inc"
    };
    for (auto [nr, name] : kNames) {
      by_name.emplace(name, nr);
      if (nr >= 0 && nr < SAKER_MAX_SYSCALLS) by_nr[nr] = name;
    }
  }
};

const NameTable& names() {
  static const NameTable t;
  return t;
}

}  // namespace

std::span<const Encoding> encodings() {
  return kEncodings;
}

const Encoding* find_encoding(std::string_view syscall) {
  for (const auto& e : kEncodings)
    if (e.syscall == syscall) return &e;
  return nullptr;
}

std::string_view syscall_name_of(uint32_t nr) {
  return nr < SAKER_MAX_SYSCALLS ? names().by_nr[nr] : std::string_view{};
}

int syscall_nr_of(std::string_view name) {
  auto it = names().by_name.find(name);
  return it == names().by_name.end() ? -1 : it->second;
}

std::vector<std::string_view> all_syscalls() {
  std::vector<std::string_view> out;
  for (auto n : names().by_nr)
    if (!n.empty()) out.push_back(n);
  return out;
}

bool is_syscall(std::string_view name) {
  return syscall_nr_of(name) >= 0;
}

bool has_dedicated_event(std::string_view name) {
  return find_encoding(name) != nullptr;
}

std::string_view event_name_for(std::string_view syscall) {
  const Encoding* e = find_encoding(syscall);
  return e ? e->event : std::string_view("syscall");
}

std::vector<std::string_view> syscalls_for_event(std::string_view event_name) {
  std::vector<std::string_view> out;
  for (const auto& e : kEncodings)
    if (e.event == event_name) out.push_back(e.syscall);
  return out;
}

std::vector<std::string_view> state_syscalls() {
  return {"clone",   "clone3", "fork",   "vfork",      "execve",    "execveat",  "open",        "openat",
          "openat2", "creat",  "close",  "socket",     "connect",   "accept",    "accept4",     "bind",
          "listen",  "pipe",   "pipe2",  "socketpair", "dup",       "dup2",      "dup3",        "fcntl",
          "chdir",   "fchdir", "setuid", "setgid",     "setresuid", "setresgid", "memfd_create"};
}

}  // namespace saker::driver
