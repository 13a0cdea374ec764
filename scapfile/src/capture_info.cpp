#include "saker/scap/capture_info.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "saker/scap/error.h"
#include "saker/scap/reader.h"

namespace saker::scap {

namespace {

std::string format_ts(uint64_t ns) {
  time_t secs = static_cast<time_t>(ns / 1000000000ull);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:09} UTC ({})", buf, ns % 1000000000ull, ns);
}

void absorb_metadata(CaptureInfo& info, const Metadata& m) {
  info.sections.push_back(m.section);
  if (m.machine) info.machine = m.machine;
  info.threads += m.threads.size();
  for (const auto& t : m.fd_tables) info.fds += t.fds.size();
  info.users += m.users.size();
  info.groups += m.groups.size();
  info.interfaces += m.interfaces.size();
}

}  // namespace

CaptureInfo collect_capture_info(const std::string& path) {
  CaptureInfo info;
  info.path = path;
  // What the file holds: the events libs drop on read are counted too.
  ReaderOptions ropts;
  ropts.deliver_dropped = true;
  Reader reader(path, ropts);
  info.compression = reader.compression();
  info.seekable_frames = reader.seekable_frames();
  absorb_metadata(info, reader.metadata());
  EventView ev;
  uint32_t section = 0;
  try {
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        absorb_metadata(info, reader.metadata());
      }
      ++info.events;
      if (ev.ts != 0) {
        if (info.first_ts == 0 || ev.ts < info.first_ts) info.first_ts = ev.ts;
        if (ev.ts > info.last_ts) info.last_ts = ev.ts;
      }
      std::string key = fmt::format("{} {}", ev.name(), ev.dir());
      ++info.events_by_type[key];
      if (ev.event_type() == EventType::DropE || ev.event_type() == EventType::DropX) ++info.drop_events;
      if (ev.dump_flags & 1) ++info.state_only_events;
    }
  } catch (const CaptureError& e) {
    info.error = e.what();
  }
  info.blocks = reader.stats().blocks;
  info.skipped_events = reader.stats().skipped_events;
  info.warnings = reader.warnings();
  return info;
}

std::string format_capture_info(const CaptureInfo& info) {
  std::string out;
  auto line = [&](std::string_view k, const std::string& v) {
    fmt::format_to(std::back_inserter(out), "{:<18} {}\n", k, v);
  };
  line("file", info.path);
  line("compression",
       info.seekable_frames
           ? fmt::format("{}, seekable ({} frames)", compression_name(info.compression), info.seekable_frames)
           : std::string(compression_name(info.compression)));
  for (size_t i = 0; i < info.sections.size(); ++i)
    line(i == 0 ? "format version" : "", fmt::format("{}.{} (section at offset {})", info.sections[i].major,
                                                     info.sections[i].minor, info.sections[i].offset));
  if (info.machine) {
    line("hostname", info.machine->hostname);
    line("cpus", std::to_string(info.machine->num_cpus));
    line("memory", fmt::format("{} MiB", info.machine->memory_bytes / (1024 * 1024)));
    if (info.machine->boot_ts) line("boot time", format_ts(info.machine->boot_ts));
  }
  line("threads", std::to_string(info.threads));
  line("fds", std::to_string(info.fds));
  line("users / groups", fmt::format("{} / {}", info.users, info.groups));
  line("interfaces", std::to_string(info.interfaces));
  line("events", std::to_string(info.events));
  if (info.skipped_events) line("skipped events", std::to_string(info.skipped_events));
  if (info.first_ts) {
    line("first event", format_ts(info.first_ts));
    line("last event", format_ts(info.last_ts));
    line("duration", fmt::format("{:.3f} s", static_cast<double>(info.last_ts - info.first_ts) / 1e9));
  }
  line("drop events", std::to_string(info.drop_events));
  if (info.state_only_events) line("state-only events", std::to_string(info.state_only_events));
  out += "blocks:\n";
  for (const auto& [name, n] : info.blocks) fmt::format_to(std::back_inserter(out), "  {:<16} {}\n", name, n);
  out += "events by type:\n";
  std::vector<std::pair<std::string, uint64_t>> types(info.events_by_type.begin(), info.events_by_type.end());
  std::stable_sort(types.begin(), types.end(), [](auto& a, auto& b) { return a.second > b.second; });
  for (const auto& [name, n] : types) fmt::format_to(std::back_inserter(out), "  {:<24} {}\n", name, n);
  for (const auto& w : info.warnings) fmt::format_to(std::back_inserter(out), "warning: {}\n", w);
  if (info.error) fmt::format_to(std::back_inserter(out), "error: {}\n", *info.error);
  return out;
}

std::string format_capture_info_json(const CaptureInfo& info) {
  nlohmann::ordered_json j;
  j["file"] = info.path;
  j["compression"] = std::string(compression_name(info.compression));
  j["seekable_frames"] = info.seekable_frames;
  auto& secs = j["sections"] = nlohmann::json::array();
  for (const auto& s : info.sections)
    secs.push_back({{"version", fmt::format("{}.{}", s.major, s.minor)}, {"offset", s.offset}});
  if (info.machine) {
    j["machine"] = {{"hostname", info.machine->hostname},
                    {"num_cpus", info.machine->num_cpus},
                    {"memory_bytes", info.machine->memory_bytes},
                    {"boot_ts", info.machine->boot_ts}};
  }
  j["threads"] = info.threads;
  j["fds"] = info.fds;
  j["users"] = info.users;
  j["groups"] = info.groups;
  j["interfaces"] = info.interfaces;
  j["events"] = info.events;
  j["skipped_events"] = info.skipped_events;
  j["first_ts"] = info.first_ts;
  j["last_ts"] = info.last_ts;
  j["drop_events"] = info.drop_events;
  j["state_only_events"] = info.state_only_events;
  j["blocks"] = info.blocks;
  j["events_by_type"] = info.events_by_type;
  j["warnings"] = info.warnings;
  if (info.error) j["error"] = *info.error;
  return j.dump(2) + "\n";
}

}  // namespace saker::scap
