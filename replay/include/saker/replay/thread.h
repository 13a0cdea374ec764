// Threads and file descriptors as the state engine tracks them.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "saker/scap/metadata.h"

namespace saker::replay {

enum class L4Proto : uint8_t { Unknown = 0, NotApplicable = 1, Tcp = 2, Udp = 3, Icmp = 4, Raw = 5 };

// Which end of a socket this process is, as libsinsp keeps it: none until a connect, accept,
// bind, a datagram or the capture's fd table tells. A socket without a role has no addresses,
// ports or protocol in the fields.
enum class NetRole : uint8_t { None, Client, Server };

// sysdig's one-character and named fd types ('f', "file"), as fd.typechar and fd.type show.
char fd_type_char(scap::FdType type);
const char* fd_type_name(scap::FdType type);

struct FdInfo {
  int64_t fd = -1;
  scap::FdType type = scap::FdType::Unknown;
  std::string name;         // path, "1.2.3.4:5->6.7.8.9:10", unix path, ...
  uint32_t open_flags = 0;  // PPM_O_* bits
  uint64_t ino = 0;
  uint32_t dev = 0;
  L4Proto l4 = L4Proto::Unknown;
  // Sockets: client (initiator) and server endpoints; IPv4 in the first 4 bytes.
  std::array<uint8_t, 16> cip{}, sip{};
  uint16_t cport = 0, sport = 0;
  bool ipv6 = false;
  bool is_server = false;  // listening socket
  bool connected = false;  // a connect or accept succeeded
  NetRole role = NetRole::None;
  std::string name_raw;  // the path as the syscall gave it, before resolution
  bool cloexec() const { return open_flags & (1u << 12); }
  // Back to a fresh entry for `fd_number`; the strings keep their capacity.
  void reset(int64_t fd_number) {
    fd = fd_number;
    type = scap::FdType::Unknown;
    name.clear();
    name_raw.clear();
    open_flags = 0;
    ino = 0;
    dev = 0;
    l4 = L4Proto::Unknown;
    cip.fill(0);
    sip.fill(0);
    cport = sport = 0;
    ipv6 = is_server = connected = false;
    role = NetRole::None;
  }
  char type_char() const { return fd_type_char(type); }
  const char* type_name() const { return fd_type_name(type); }
};

// One process's fd table, shared by its threads.
class FdTable {
 public:
  // The entries' vector comes from (and goes back to) a per-thread pool of dropped tables'
  // vectors: a fork storm would otherwise allocate one per process.
  FdTable();
  ~FdTable();
  // A fork's copy: only the open fds are copied.
  FdTable(const FdTable& other);
  FdTable& operator=(const FdTable&) = delete;
  // Entries move when others are added or removed: a pointer is good until the table changes.
  FdInfo* find(int64_t fd);
  const FdInfo* find(int64_t fd) const;
  // Replaces an existing entry. Past kMaxFds open fds a new fd is not tracked: the entry
  // returned is scratch that no lookup finds (counted in dropped()).
  FdInfo& add(int64_t fd);
  void remove(int64_t fd);
  void clear();
  size_t size() const { return count_; }
  uint64_t dropped() const { return dropped_; }
  // A hostile capture cannot grow one process's table without bound (docs/security.md).
  static constexpr size_t kMaxFds = 65536;
  // In increasing fd order for the fds below kSmall, then the others.
  template <typename F>
  void for_each(F&& f) const {
    each_small([&](size_t fd) { f(entries_[slot_[fd] - 1]); });
    for (const auto& [fd, e] : large_) f(e);
  }
  template <typename F>
  void for_each(F&& f) {
    each_small([&](size_t fd) { f(entries_[slot_[fd] - 1]); });
    for (auto& [fd, e] : large_) f(e);
  }
  template <typename F>
  void remove_if(F&& pred);

 private:
  static constexpr int64_t kSmall = 1024;  // fds below this are found through slot_
  // Calls f(fd) for each open fd below kSmall, in increasing order: a bit per fd, so copying
  // or dropping a table with fd 255 open (a shell's child) touches only the open fds.
  template <typename F>
  void each_small(F&& f) const {
    for (size_t w = 0; w < open_.size(); ++w)
      for (uint64_t bits = open_[w]; bits; bits &= bits - 1)
        f(w * 64 + static_cast<size_t>(std::countr_zero(bits)));
  }
  void remove_small(size_t fd);
  // The open fds below kSmall, densely: entries_[0, small_count_); the entries after them are
  // free ones that keep their strings' buffers. A process holds a handful of fds whatever
  // their numbers, so a table is an entry per open fd and two bytes per fd number, not an
  // entry per fd number (a shell child's fd 255 made that 36 KB per process).
  std::vector<FdInfo> entries_;
  std::vector<uint16_t> slot_;  // fd -> 1 + its index in entries_, 0 when closed
  size_t small_count_ = 0;
  std::array<uint64_t, kSmall / 64> open_{};  // which fds below kSmall are open
  std::unordered_map<int64_t, FdInfo> large_;
  size_t count_ = 0;
  FdInfo overflow_;  // what add() hands out when the table is full
  uint64_t dropped_ = 0;
};

template <typename F>
void FdTable::remove_if(F&& pred) {
  // Collected first: removing moves the last entry into the removed one's place.
  std::array<uint64_t, kSmall / 64> doomed{};
  each_small([&](size_t fd) {
    if (pred(entries_[slot_[fd] - 1])) doomed[fd / 64] |= uint64_t{1} << (fd % 64);
  });
  for (size_t w = 0; w < doomed.size(); ++w)
    for (uint64_t bits = doomed[w]; bits; bits &= bits - 1)
      remove_small(w * 64 + static_cast<size_t>(std::countr_zero(bits)));
  for (auto it = large_.begin(); it != large_.end();) {
    if (pred(it->second)) {
      it = large_.erase(it);
      --count_;
    } else {
      ++it;
    }
  }
}

// A parent tid the capture does not tell.
inline constexpr uint64_t kUnknownTid = UINT64_MAX;
// A uid or gid the capture does not tell.
inline constexpr uint32_t kUnknownId = UINT32_MAX;

// Resource figures libs keeps per thread (thread.vmsize, proc.vmrss, thread.pfminor,
// thread.cpu, thread.totexectime, ...), from the process list and from clone, execve,
// switch, brk/mmap/munmap and procinfo events. Plain data, saved as one block.
struct ThreadUsage {
  uint32_t vmsize_kb = 0, vmrss_kb = 0, vmswap_kb = 0;
  uint64_t pfmajor = 0, pfminor = 0;
  uint64_t pidns_init_start_ts = 0;              // ns since the epoch, 0 when unknown
  uint64_t exe_ino_ctime_since_pidns_start = 0;  // set at execve, as libs does
  uint64_t exe_ino_ctime_since_clone = 0;  // set at execve with the exe_ino parameters, inherited at clone
  bool exe_lower_layer = false;
  bool procinfo_seen = false;                                     // a procinfo event gave cpu figures
  uint64_t cpu_user = 0, cpu_sys = 0;                             // last procinfo figures
  uint64_t cpu_delta = 0, cpu_user_delta = 0, cpu_sys_delta = 0;  // change at the last procinfo
  uint64_t totexectime = 0;  // ns on CPU, summed over the switch events seen
};

struct ThreadInfo {
  uint64_t tid = 0, pid = 0, ptid = 0;
  int64_t sid = -1, vpgid = -1, pgid = -1;
  int64_t vtid = -1, vpid = -1;
  std::string comm, exe, exepath, cwd;
  std::string args;     // argv[1..], NUL-separated
  std::string env;      // NUL-separated K=V
  std::string cgroups;  // NUL-separated subsys=path
  std::string root;
  std::string container_id;  // "" on the host
  uint32_t uid = 0, gid = 0;
  uint32_t loginuid = 0xFFFFFFFF;
  uint32_t tty = 0;
  uint32_t flags = 0;
  int64_t fdlimit = 0;
  uint64_t cap_inheritable = 0, cap_permitted = 0, cap_effective = 0;
  bool exe_writable = false;
  bool exe_upper_layer = false;
  bool exe_from_memfd = false;
  bool is_reaper = false;          // libs: init of a pid namespace, or a process seen adopting orphans
  bool may_have_children = false;  // some thread named it as parent: its exit looks for orphans
  uint64_t exe_ino = 0;
  uint64_t exe_ino_ctime = 0, exe_ino_mtime = 0;
  uint64_t clone_ts = 0;         // creation time when seen in the capture
  uint64_t exit_ts = 0;          // 0 while alive
  bool from_metadata = false;    // present in the capture's process list
  std::shared_ptr<FdTable> fds;  // the thread group's table
  ThreadUsage usage;

  bool is_main_thread() const { return tid == pid; }
  std::vector<std::string> argv() const;  // args split
  std::string cmdline() const;            // "comm arg1 arg2"
  std::string env_value(std::string_view key) const;
};

}  // namespace saker::replay
