// The metadata a capture section carries before its events: machine, interfaces, users,
// groups, threads and their file descriptors.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace saker::scap {

struct MachineInfo {
  uint32_t num_cpus = 0;
  uint64_t memory_bytes = 0;
  uint64_t max_pid = 0;
  std::string hostname;
  uint64_t boot_ts = 0;  // ns since the epoch; 0 in files before libs 0.10
  uint64_t flags = 0;
};

struct Interface {
  bool ipv6 = false;
  std::string name;
  std::array<uint8_t, 16> addr{};  // IPv4: first 4 bytes, network order
  std::array<uint8_t, 16> netmask{};
  std::array<uint8_t, 16> bcast{};
  uint64_t linkspeed = 0;
};

struct User {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string name, home, shell;
};

struct Group {
  uint32_t gid = 0;
  std::string name;
};

// One process-list entry (a thread). Fields missing from older layouts keep these defaults.
struct ThreadEntry {
  uint64_t tid = 0, pid = 0, ptid = 0;
  int64_t sid = -1, vpgid = -1;
  std::string comm, exe, exepath, args, cwd;  // args: NUL-separated argv[1..]
  int64_t fdlimit = 0;
  uint32_t flags = 0;  // PPM_CL_* bits
  uint32_t uid = 0, gid = 0;
  uint32_t vmsize_kb = 0, vmrss_kb = 0, vmswap_kb = 0;
  uint64_t pfmajor = 0, pfminor = 0;
  std::string env;  // NUL-separated K=V
  int64_t vtid = -1, vpid = -1;
  std::string cgroups;  // NUL-separated subsys=path
  std::string root;
  // PL_V9 tail
  uint64_t pidns_init_start_ts = 0;
  uint32_t tty = 0;
  uint32_t loginuid = 0xFFFFFFFF;
  bool exe_writable = false;
  uint64_t cap_inheritable = 0, cap_permitted = 0, cap_effective = 0;
  bool exe_upper_layer = false;
  uint64_t exe_ino = 0, exe_ino_ctime = 0, exe_ino_mtime = 0;
  bool exe_from_memfd = false, exe_lower_layer = false;
  int64_t pgid = -1;
  uint32_t tail_len = 0;  // bytes of the V9 tail present in the file (0 for older layouts)
};

enum class FdType : uint8_t {
  Unknown = 0,
  File = 1,
  Directory = 2,
  Ipv4Sock = 3,
  Ipv6Sock = 4,
  Ipv4ServSock = 5,
  Ipv6ServSock = 6,
  Fifo = 7,
  UnixSock = 8,
  Event = 9,
  Unsupported = 10,
  SignalFd = 11,
  EventPoll = 12,
  Inotify = 13,
  TimerFd = 14,
  Netlink = 15,
  FileV2 = 16,
  Bpf = 17,
  UserFaultFd = 18,
  IoUring = 19,
  MemFd = 20,
  PidFd = 21,
};

struct FdEntry {
  int64_t fd = 0;
  uint64_t ino = 0;
  FdType type = FdType::Unknown;
  std::string name;
  uint32_t open_flags = 0;      // FileV2
  std::optional<uint32_t> dev;  // FileV2 in FDL_V2, when present
  // Sockets: s = local, d = remote (the /proc convention). IPv4 uses the first 4 bytes.
  std::array<uint8_t, 16> sip{}, dip{};
  uint16_t sport = 0, dport = 0;
  uint8_t l4proto = 0;
  uint64_t unix_source = 0, unix_dest = 0;
};

struct FdTable {
  uint64_t tid = 0;
  std::vector<FdEntry> fds;
};

struct SectionInfo {
  uint16_t major = 1, minor = 2;
  uint64_t offset = 0;  // stream offset of the SHB
};

struct Metadata {
  SectionInfo section;
  std::optional<MachineInfo> machine;
  std::vector<Interface> interfaces;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<ThreadEntry> threads;
  std::vector<FdTable> fd_tables;
  // Blocks seen in this section's metadata phase, by block name ("PL_V9" -> 1, ...).
  std::map<std::string, uint64_t> block_counts;
};

}  // namespace saker::scap
