#include "saker/capture/record_stats.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/capture/live_alerts.h"
#include "saker/capture/rotating_writer.h"
#include "saker/capture/trigger.h"
#include "saker/driver/driver.h"

namespace saker::capture {

RecorderCounters collect_counters(const CounterSources& from, bool running, uint64_t events, double uptime_s,
                                  uint64_t interval_events, double interval_s) {
  RecorderCounters c;
  c.mode = from.trigger ? "trigger" : "continuous";
  c.running = running;
  c.uptime_s = uptime_s;
  c.events = events;
  c.events_per_s = interval_s > 0 ? interval_events / interval_s : 0;
  auto st = from.driver->stats();
  c.kernel_drops = st.drops;
  c.ring_bytes = st.ring_bytes;
  c.ring_used_peak = st.ring_used_peak;
  const DirQuota& quota = from.trigger ? from.trigger->quota() : from.writer->quota();
  c.quota_limit = quota.limit();
  c.quota_removed_files = quota.removed_files();
  c.quota_removed_bytes = quota.removed_bytes();
  if (from.trigger) {
    const auto& ts = from.trigger->stats();
    c.alerts = ts.alerts;
    c.captures = ts.captures;
    c.write_errors = ts.write_errors;
    c.quota_stops = ts.quota_stops;
    c.history_bytes = from.trigger->history_bytes();
    c.history_limit = from.history_limit;
  } else {
    c.alerts = from.live ? from.live->alerts() : 0;
    c.captures = from.writer->files_opened();
    c.bytes_written = from.writer->bytes_written();
    c.quota_stops = from.writer->quota_stops();
  }
  if (from.outputs) c.outputs = from.outputs->stats();
  return c;
}

std::string stats_json(const RecorderCounters& c) {
  nlohmann::ordered_json j;
  j["mode"] = c.mode;
  j["running"] = c.running;
  j["pid"] = static_cast<int>(::getpid());
  j["uptime_seconds"] = c.uptime_s;
  j["events"] = c.events;
  j["events_per_second"] = c.events_per_s;
  j["drops"] = {{"kernel", c.kernel_drops}, {"alert_outputs", 0}};
  j["ring"] = {{"bytes", c.ring_bytes}, {"peak_used_bytes", c.ring_used_peak}};
  if (c.mode == "trigger") j["history"] = {{"bytes", c.history_bytes}, {"limit_bytes", c.history_limit}};
  j["alerts"] = c.alerts;
  j["captures"] = c.captures;
  if (c.mode != "trigger") j["bytes_written"] = c.bytes_written;
  j["write_errors"] = c.write_errors;
  j["quota"] = {{"limit_bytes", c.quota_limit},
                {"removed_files", c.quota_removed_files},
                {"removed_bytes", c.quota_removed_bytes},
                {"stops", c.quota_stops}};
  uint64_t output_drops = 0;
  nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
  for (const auto& o : c.outputs) {
    output_drops += o.dropped;
    outputs.push_back({{"name", o.name},
                       {"sent", o.sent},
                       {"dropped", o.dropped},
                       {"failed", o.failed},
                       {"retries", o.retries},
                       {"restarts", o.restarts},
                       {"last_error", o.last_error}});
  }
  j["drops"]["alert_outputs"] = output_drops;
  j["alert_outputs"] = outputs;
  return j.dump() + "\n";
}

std::string write_stats_file(const std::string& path, const std::string& text) {
  std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return fmt::format("{}: {}", tmp, std::strerror(errno));
  ::fchmod(fd, 0644);  // readable by a monitoring agent whatever the recorder's umask
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return fmt::format("{}: {}", tmp, std::strerror(e));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return fmt::format("{}: {}", path, std::strerror(e));
  }
  return {};
}

std::string quota_summary(const RecorderCounters& c) {
  if (!c.quota_removed_files && !c.quota_stops) return {};
  std::string out = fmt::format("quota ({:.1f} MiB): ", c.quota_limit / 1048576.0);
  if (c.quota_removed_files)
    out += fmt::format("{} files removed ({:.1f} MiB)", c.quota_removed_files,
                       c.quota_removed_bytes / 1048576.0);
  if (c.quota_stops)
    out += fmt::format("{}{} {} ended at the quota", c.quota_removed_files ? ", " : "", c.quota_stops,
                       c.mode == "trigger" ? "captures" : "files");
  return out;
}

}  // namespace saker::capture
