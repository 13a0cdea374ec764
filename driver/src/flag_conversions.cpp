#include "saker/driver/flag_conversions.h"

#include <fcntl.h>
#include <linux/ptrace.h>
#include <sched.h>
#include <sys/socket.h>

#include <utility>

namespace saker::driver {

namespace {

template <typename Map>
uint32_t map_bits(uint64_t v, const Map& m) {
  uint32_t out = 0;
  for (auto [k, p] : m)
    if (k && (v & k) == k) out |= p;
  return out;
}

}  // namespace

uint32_t open_flags_to_scap(uint32_t f, bool with_access_mode) {
  static constexpr std::pair<uint64_t, uint32_t> kBits[] = {
      {O_CREAT, 4},        {O_APPEND, 8},
      {O_DSYNC, 16},       {O_EXCL, 32},
      {O_NONBLOCK, 64},    {04000000 /* __O_SYNC */, 128},
      {O_TRUNC, 256},      {O_DIRECT, 512},
      {O_DIRECTORY, 1024}, {0100000 /* kernel O_LARGEFILE */, 2048},
      {O_CLOEXEC, 4096},   {020000000 /* __O_TMPFILE */, 8192},
  };
  uint32_t out = map_bits(f, kBits);
  if (with_access_mode) {
    switch (f & O_ACCMODE) {
      case O_RDONLY:
        out |= 1;
        break;
      case O_WRONLY:
        out |= 2;
        break;
      case O_RDWR:
        out |= 3;
        break;
    }
  }
  return out;
}

uint32_t clone_flags_to_scap(uint64_t f) {
  static constexpr std::pair<uint64_t, uint32_t> kBits[] = {
      {CLONE_FILES, 1},
      {CLONE_FS, 2},
      {CLONE_IO, 4},
      {CLONE_NEWIPC, 8},
      {CLONE_NEWNET, 16},
      {CLONE_NEWNS, 32},
      {CLONE_NEWPID, 64},
      {CLONE_NEWUTS, 128},
      {CLONE_PARENT, 256},
      {CLONE_PARENT_SETTID, 512},
      {CLONE_PTRACE, 1024},
      {CLONE_SIGHAND, 2048},
      {CLONE_SYSVSEM, 4096},
      {CLONE_THREAD, 8192},
      {CLONE_UNTRACED, 16384},
      {CLONE_VM, 32768},
      {CLONE_NEWUSER, 1048576},
      {CLONE_CHILD_CLEARTID, 8388608},
      {CLONE_CHILD_SETTID, 16777216},
      {CLONE_SETTLS, 33554432},
      {CLONE_VFORK, 134217728},
      {CLONE_NEWCGROUP, 268435456},
  };
  return map_bits(f, kBits);
}

uint8_t fcntl_cmd_to_scap(uint32_t cmd) {
  switch (cmd) {
    case F_DUPFD:
      return 1;
    case F_GETFD:
      return 2;
    case F_SETFD:
      return 3;
    case F_GETFL:
      return 4;
    case F_SETFL:
      return 5;
    case F_GETLK:
      return 6;
    case F_SETLK:
      return 8;
    case F_SETLKW:
      return 9;
    case F_SETOWN:
      return 10;
    case F_GETOWN:
      return 12;
    case F_SETSIG:
      return 13;
    case F_GETSIG:
      return 15;
    case F_SETOWN_EX:
      return 21;
    case F_GETOWN_EX:
      return 22;
    case F_SETLEASE:
      return 23;
    case F_GETLEASE:
      return 24;
    case 1029:
      return 25;  // F_CANCELLK
    case F_DUPFD_CLOEXEC:
      return 26;
    case F_NOTIFY:
      return 27;
    case F_SETPIPE_SZ:
      return 28;
    case F_GETPIPE_SZ:
      return 29;
    case F_OFD_GETLK:
      return 30;
    case F_OFD_SETLK:
      return 31;
    case F_OFD_SETLKW:
      return 32;
    default:
      return 0;
  }
}

uint16_t ptrace_request_to_scap(uint32_t req) {
  switch (req) {
    case PTRACE_TRACEME:
      return 1;
    case PTRACE_PEEKTEXT:
      return 2;
    case PTRACE_PEEKDATA:
      return 3;
    case PTRACE_PEEKUSR:
      return 4;
    case PTRACE_POKETEXT:
      return 5;
    case PTRACE_POKEDATA:
      return 6;
    case PTRACE_POKEUSR:
      return 7;
    case PTRACE_CONT:
      return 8;
    case PTRACE_KILL:
      return 9;
    case PTRACE_SINGLESTEP:
      return 10;
    case PTRACE_ATTACH:
      return 11;
    case PTRACE_DETACH:
      return 12;
    case PTRACE_SYSCALL:
      return 13;
    case PTRACE_SETOPTIONS:
      return 14;
    case PTRACE_GETEVENTMSG:
      return 15;
    case PTRACE_GETSIGINFO:
      return 16;
    case PTRACE_SETSIGINFO:
      return 17;
    case PTRACE_GETREGSET:
      return 18;
    case PTRACE_SETREGSET:
      return 19;
    case PTRACE_SEIZE:
      return 20;
    case PTRACE_INTERRUPT:
      return 21;
    case PTRACE_LISTEN:
      return 22;
    case PTRACE_PEEKSIGINFO:
      return 23;
    case PTRACE_GETSIGMASK:
      return 24;
    case PTRACE_SETSIGMASK:
      return 25;
    case 12:
      return 26;  // PTRACE_GETREGS
    case 13:
      return 27;  // PTRACE_SETREGS
    case 14:
      return 28;  // PTRACE_GETFPREGS
    case 15:
      return 29;  // PTRACE_SETFPREGS
    case 18:
      return 30;  // PTRACE_GETFPXREGS
    case 19:
      return 31;  // PTRACE_SETFPXREGS
    case 25:
      return 33;  // PTRACE_GET_THREAD_AREA
    case 26:
      return 34;  // PTRACE_SET_THREAD_AREA
    case 30:
      return 35;  // PTRACE_ARCH_PRCTL
    case 31:
      return 36;  // PTRACE_SYSEMU
    case 32:
      return 37;  // PTRACE_SYSEMU_SINGLESTEP
    case 33:
      return 38;  // PTRACE_SINGLEBLOCK
    default:
      return 0;
  }
}

uint32_t socket_type_flags_to_scap(uint32_t type) {
  uint32_t out = 0;
  if (type & SOCK_NONBLOCK) out |= 64;
  if (type & SOCK_CLOEXEC) out |= 4096;
  return out;
}

uint32_t encode_dev(uint32_t kdev) {
  uint32_t major = kdev >> 20, minor = kdev & 0xFFFFF;
  return (minor & 0xFF) | (major << 8) | ((minor & ~0xFFu) << 12);
}

}  // namespace saker::driver
