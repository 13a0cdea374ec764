#include "capture_properties.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <ctime>
#include <iterator>

namespace saker::inspector {

namespace {

std::string address_text(const scap::Interface& i) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(i.ipv6 ? AF_INET6 : AF_INET, i.addr.data(), buf, sizeof buf)) return i.name;
  return fmt::format("{} {}", i.name, buf);
}

}  // namespace

void read_properties(scap::Reader& reader, CaptureProperties& p) {
  p.compression = std::string(scap::compression_name(reader.compression()));
  p.seekable_frames = reader.seekable_frames();
  p.stream_bytes = reader.stream_size();
  const scap::Metadata& m = reader.metadata();
  p.format_version = fmt::format("{}.{}", m.section.major, m.section.minor);
  if (m.machine) {
    p.has_machine = true;
    p.hostname = m.machine->hostname;
    p.num_cpus = m.machine->num_cpus;
    p.memory_bytes = m.machine->memory_bytes;
    p.boot_ts = m.machine->boot_ts;
  }
  p.users = m.users.size();
  p.groups = m.groups.size();
  p.threads = m.threads.size();
  for (const auto& i : m.interfaces) p.interfaces.push_back(address_text(i));
}

std::string byte_size_text(uint64_t bytes) {
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  double v = static_cast<double>(bytes) / 1024;
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(units)) {
    v /= 1024;
    ++u;
  }
  return fmt::format("{:.2f} {} ({} bytes)", v, units[u], bytes);
}

std::string utc_time_text(uint64_t ns) {
  time_t secs = static_cast<time_t>(ns / 1000000000ull);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:09} UTC", buf, ns % 1000000000ull);
}

std::vector<PropertyRow> property_rows(const CaptureInfo& info, const CaptureProperties& p,
                                       uint64_t file_bytes, uint64_t listed) {
  std::vector<PropertyRow> rows;
  auto add = [&](std::string name, std::string value) {
    rows.push_back({std::move(name), std::move(value)});
  };
  add("File", info.original);
  for (size_t i = 0; i < info.merged_from.size(); ++i)
    add(fmt::format("Merged from ({} of {})", i + 1, info.merged_from.size()), info.merged_from[i]);
  add("File size", byte_size_text(file_bytes));
  std::string compression = p.compression;
  if (p.seekable_frames) compression += fmt::format(" (seekable, {} frames)", p.seekable_frames);
  add("Compression", compression);
  if (p.stream_bytes && p.compression != "none") add("Decompressed size", byte_size_text(p.stream_bytes));
  add("Format version", p.format_version);
  add("Events", fmt::format("{} numbered, {} listed", info.events, listed));
  if (listed) {
    add("First event", utc_time_text(info.listed_first_ts));
    add("Last event", utc_time_text(info.listed_last_ts));
    add("Time span",
        fmt::format("{:.6f} s", static_cast<double>(info.listed_last_ts - info.listed_first_ts) / 1e9));
  }
  add("Drop events", p.drop_events ? fmt::format("{} (the driver's ring buffer overflowed)", p.drop_events)
                                   : std::string("0 (no drop event in the capture)"));
  if (p.has_machine) {
    add("Host name", p.hostname);
    add("CPUs", std::to_string(p.num_cpus));
    add("Memory", byte_size_text(p.memory_bytes));
    add("Boot time", p.boot_ts ? utc_time_text(p.boot_ts) : std::string("not recorded"));
  } else {
    add("Machine", "the capture has no machine block");
  }
  add("Operating system", "not recorded (the scap format has no field for it)");
  std::string ifs;
  for (const auto& i : p.interfaces) ifs += (ifs.empty() ? "" : ", ") + i;
  add("Interfaces", ifs.empty() ? std::string("none listed") : ifs);
  add("Metadata", fmt::format("{} threads, {} users, {} groups", p.threads, p.users, p.groups));
  return rows;
}

}  // namespace saker::inspector
