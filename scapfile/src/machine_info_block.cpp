#include <cstring>

#include "metadata_blocks.h"

namespace saker::scap::detail {

namespace {
constexpr size_t kHostnameLen = 128;
}

void read_machine_info(Cursor& c, MachineInfo& out) {
  out.num_cpus = c.get<uint32_t>("machine info num_cpus");
  out.memory_bytes = c.get<uint64_t>("machine info memory");
  out.max_pid = c.get<uint64_t>("machine info max_pid");
  char host[kHostnameLen];
  c.bytes(host, kHostnameLen, "machine info hostname");
  out.hostname.assign(host, strnlen(host, kHostnameLen));
  out.boot_ts = c.get<uint64_t>("machine info boot time");
  out.flags = c.get<uint64_t>("machine info flags");
  c.skip(16, "machine info reserved fields");
}

void write_machine_info(std::vector<uint8_t>& body, const MachineInfo& mi) {
  Appender a(body);
  a.put<uint32_t>(mi.num_cpus);
  a.put<uint64_t>(mi.memory_bytes);
  a.put<uint64_t>(mi.max_pid);
  char host[kHostnameLen] = {};
  std::memcpy(host, mi.hostname.data(), std::min(mi.hostname.size(), kHostnameLen - 1));
  a.bytes(host, kHostnameLen);
  a.put<uint64_t>(mi.boot_ts);
  a.put<uint64_t>(mi.flags);
  a.put<uint64_t>(0);
  a.put<uint64_t>(0);
}

}  // namespace saker::scap::detail
