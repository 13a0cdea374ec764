#include "metadata_blocks.h"

namespace saker::scap::detail {

namespace {
constexpr size_t kPathLimit = 1024;
constexpr size_t kListLimit = 4096;
// Tails of at most this size use the pre-libs-0.10 layout (loginuid, exe_writable, caps).
constexpr size_t kOldTailMax = 29;

template <typename T>
bool get_if_fits(Cursor& c, T& out, const char* what) {
  if (c.remaining() < sizeof(T)) return false;
  out = c.get<T>(what);
  return true;
}

void read_tail(Cursor& c, ThreadEntry& t) {
  t.tail_len = static_cast<uint32_t>(c.remaining());
  uint8_t b = 0;
  if (c.remaining() <= kOldTailMax) {
    get_if_fits(c, t.loginuid, "loginuid");
    if (get_if_fits(c, b, "exe_writable")) t.exe_writable = b != 0;
    get_if_fits(c, t.cap_inheritable, "cap_inheritable");
    get_if_fits(c, t.cap_permitted, "cap_permitted");
    get_if_fits(c, t.cap_effective, "cap_effective");
    return;
  }
  get_if_fits(c, t.pidns_init_start_ts, "pidns_init_start_ts");
  get_if_fits(c, t.tty, "tty");
  get_if_fits(c, t.loginuid, "loginuid");
  if (get_if_fits(c, b, "exe_writable")) t.exe_writable = b != 0;
  get_if_fits(c, t.cap_inheritable, "cap_inheritable");
  get_if_fits(c, t.cap_permitted, "cap_permitted");
  get_if_fits(c, t.cap_effective, "cap_effective");
  if (get_if_fits(c, b, "exe_upper_layer")) t.exe_upper_layer = b != 0;
  get_if_fits(c, t.exe_ino, "exe_ino");
  get_if_fits(c, t.exe_ino_ctime, "exe_ino_ctime");
  get_if_fits(c, t.exe_ino_mtime, "exe_ino_mtime");
  if (get_if_fits(c, b, "exe_from_memfd")) t.exe_from_memfd = b != 0;
  if (get_if_fits(c, b, "exe_lower_layer")) t.exe_lower_layer = b != 0;
  get_if_fits(c, t.pgid, "pgid");
}

void read_entry(Cursor& c, uint8_t v, ThreadEntry& t) {
  t.tid = c.get<uint64_t>("tid");
  t.pid = c.get<uint64_t>("pid");
  t.ptid = c.get<uint64_t>("ptid");
  if (v >= 6) t.sid = c.get<int64_t>("sid");
  if (v >= 8) t.vpgid = c.get<int64_t>("vpgid");
  t.comm = c.lstr(kPathLimit, "comm");
  t.exe = c.lstr(kPathLimit, "exe");
  if (v >= 7) t.exepath = c.lstr(kPathLimit, "exepath");
  t.args = c.lstr(kListLimit, "args");
  t.cwd = c.lstr(kPathLimit, "cwd");
  t.fdlimit = c.get<int64_t>("fdlimit");
  t.flags = c.get<uint32_t>("flags");
  t.uid = c.get<uint32_t>("uid");
  t.gid = c.get<uint32_t>("gid");
  if (v >= 2) {
    t.vmsize_kb = c.get<uint32_t>("vmsize");
    t.vmrss_kb = c.get<uint32_t>("vmrss");
    t.vmswap_kb = c.get<uint32_t>("vmswap");
    t.pfmajor = c.get<uint64_t>("pfmajor");
    t.pfminor = c.get<uint64_t>("pfminor");
  }
  if (v >= 3) t.env = c.lstr(kListLimit, "env");
  if (v >= 4) {
    t.vtid = c.get<int64_t>("vtid");
    t.vpid = c.get<int64_t>("vpid");
    t.cgroups = c.lstr(kListLimit, "cgroups");
  }
  if (v >= 5) t.root = c.lstr(kPathLimit, "root");
  if (v >= 9) read_tail(c, t);
}
}  // namespace

bool read_process_list(Cursor& c, uint8_t version, std::vector<ThreadEntry>& out, size_t limit) {
  while (c.remaining() >= 4) {
    if (out.size() >= limit) return false;
    ThreadEntry t;
    if (version >= 9) {
      Cursor entry = c.sized_entry("process entry length", "process entry");
      read_entry(entry, version, t);
    } else {
      read_entry(c, version, t);
    }
    out.push_back(std::move(t));
  }
  return true;
}

void write_process_list(std::vector<uint8_t>& body, const std::vector<ThreadEntry>& threads) {
  Appender a(body);
  for (const auto& t : threads) {
    size_t at = a.size();
    a.put<uint32_t>(0);
    a.put<uint64_t>(t.tid);
    a.put<uint64_t>(t.pid);
    a.put<uint64_t>(t.ptid);
    a.put<int64_t>(t.sid);
    a.put<int64_t>(t.vpgid);
    a.lstr(t.comm, kPathLimit);
    a.lstr(t.exe, kPathLimit);
    a.lstr(t.exepath, kPathLimit);
    a.lstr(t.args, kListLimit);
    a.lstr(t.cwd, kPathLimit);
    a.put<int64_t>(t.fdlimit);
    a.put<uint32_t>(t.flags);
    a.put<uint32_t>(t.uid);
    a.put<uint32_t>(t.gid);
    a.put<uint32_t>(t.vmsize_kb);
    a.put<uint32_t>(t.vmrss_kb);
    a.put<uint32_t>(t.vmswap_kb);
    a.put<uint64_t>(t.pfmajor);
    a.put<uint64_t>(t.pfminor);
    a.lstr(t.env, kListLimit);
    a.put<int64_t>(t.vtid);
    a.put<int64_t>(t.vpid);
    a.lstr(t.cgroups, kListLimit);
    a.lstr(t.root, kPathLimit);
    // The full current tail (76 bytes).
    a.put<uint64_t>(t.pidns_init_start_ts);
    a.put<uint32_t>(t.tty);
    a.put<uint32_t>(t.loginuid);
    a.put<uint8_t>(t.exe_writable);
    a.put<uint64_t>(t.cap_inheritable);
    a.put<uint64_t>(t.cap_permitted);
    a.put<uint64_t>(t.cap_effective);
    a.put<uint8_t>(t.exe_upper_layer);
    a.put<uint64_t>(t.exe_ino);
    a.put<uint64_t>(t.exe_ino_ctime);
    a.put<uint64_t>(t.exe_ino_mtime);
    a.put<uint8_t>(t.exe_from_memfd);
    a.put<uint8_t>(t.exe_lower_layer);
    a.put<int64_t>(t.pgid);
    a.patch_u32(at, static_cast<uint32_t>(a.size() - at));
  }
}

}  // namespace saker::scap::detail
