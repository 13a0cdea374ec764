#include "saker/capture/record_config.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <set>

#include <fmt/format.h>

#include "saker/rules/alert_outputs.h"

namespace saker::capture {

namespace {

struct Ctx {
  const std::string& path;
  [[noreturn]] void fail(const YAML::Node& n, const std::string& msg) const {
    auto m = n.Mark();
    throw ConfigError(fmt::format("{}:{}:{}: {}", path, m.line + 1, m.column + 1, msg));
  }
};

template <typename T>
T scalar(const Ctx& c, const YAML::Node& n, const char* what) {
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    c.fail(n, fmt::format("{} expects {}", what, std::is_same_v<T, bool> ? "true or false" : "a number"));
  }
}

// "64M", "10G", "4096": bytes.
uint64_t size_value(const Ctx& c, const YAML::Node& n, const char* what) {
  std::string s = n.as<std::string>();
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) c.fail(n, fmt::format("{} expects a size like 64M", what));
  double v = std::stod(s.substr(0, i));
  std::string unit = s.substr(i);
  for (auto& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  uint64_t mult = 1;
  if (unit == "" || unit == "b")
    mult = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    mult = 1ull << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    mult = 1ull << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    mult = 1ull << 30;
  else
    c.fail(n, fmt::format("{}: unknown unit '{}' (use K, M or G)", what, s.substr(i)));
  return static_cast<uint64_t>(v * static_cast<double>(mult));
}

std::vector<std::string> string_list(const Ctx& c, const YAML::Node& n, const char* what) {
  std::vector<std::string> out;
  if (n.IsScalar()) return {n.as<std::string>()};
  if (!n.IsSequence()) c.fail(n, fmt::format("{} expects a list", what));
  for (const auto& item : n) out.push_back(item.as<std::string>());
  return out;
}

void check_keys(const Ctx& c, const YAML::Node& map, const std::set<std::string>& known,
                const char* section) {
  if (!map.IsMap()) c.fail(map, fmt::format("{} must be a mapping", section));
  for (const auto& kv : map) {
    auto key = kv.first.as<std::string>();
    if (!known.count(key)) c.fail(kv.first, fmt::format("unknown key '{}' in {}", key, section));
  }
}

}  // namespace

void load_record_config(const std::string& path, RecordOptions& o) {
  Ctx c{path};
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError(fmt::format("{}: cannot read the file", path));
  } catch (const YAML::ParserException& e) {
    throw ConfigError(fmt::format("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (root.IsNull()) return;
  check_keys(c, root,
             {"output", "syscalls", "rules", "duration", "max_events", "snaplen", "compress",
              "compress_level", "compat", "ring_size", "rotation", "trigger", "container_sockets",
              "alert_outputs", "alert_queue", "stats_file", "stats_interval", "ship"},
             "the configuration");
  if (auto n = root["output"]) o.output = n.as<std::string>();
  if (auto n = root["syscalls"]) {
    auto list = string_list(c, n, "syscalls");
    o.syscalls.clear();
    for (size_t i = 0; i < list.size(); ++i) o.syscalls += (i ? "," : "") + list[i];
  }
  if (auto n = root["rules"]) o.rule_paths = string_list(c, n, "rules");
  if (auto n = root["duration"]) o.duration = scalar<double>(c, n, "duration");
  if (auto n = root["max_events"]) o.max_events = scalar<uint64_t>(c, n, "max_events");
  if (auto n = root["snaplen"]) o.snaplen = scalar<uint32_t>(c, n, "snaplen");
  if (auto n = root["compress"]) {
    o.compress = n.as<std::string>();
    if (o.compress != "none" && o.compress != "gzip" && o.compress != "zstd")
      c.fail(n, "compress expects none, gzip or zstd");
  }
  if (auto n = root["compress_level"]) o.compress_level = scalar<int>(c, n, "compress_level");
  if (auto n = root["compat"]) o.compat = scalar<bool>(c, n, "compat");
  if (auto n = root["ring_size"]) o.ring_bytes = size_value(c, n, "ring_size");
  if (auto n = root["container_sockets"]) o.container_sockets = string_list(c, n, "container_sockets");
  if (auto n = root["alert_outputs"]) {
    o.alert_outputs = string_list(c, n, "alert_outputs");
    for (size_t i = 0; i < o.alert_outputs.size(); ++i) try {
        rules::parse_alert_output(o.alert_outputs[i]);
      } catch (const std::exception& e) {
        c.fail(n.IsSequence() ? n[i] : n, e.what());
      }
  }
  if (auto n = root["alert_queue"]) {
    o.alert_queue = scalar<size_t>(c, n, "alert_queue");
    if (o.alert_queue == 0) c.fail(n, "alert_queue expects at least 1");
  }
  if (auto n = root["stats_file"]) o.stats_file = n.as<std::string>();
  if (auto n = root["stats_interval"]) {
    o.stats_interval = scalar<double>(c, n, "stats_interval");
    if (!(o.stats_interval > 0)) c.fail(n, "stats_interval expects a positive number of seconds");
  }
  if (auto n = root["ship"]) {
    // `ship: URL`, or `ship: {url: URL, host: NAME, database: DB}`.
    if (n.IsMap()) {
      check_keys(c, n, {"url", "host", "database"}, "ship");
      if (!n["url"]) c.fail(n, "ship needs a url");
      o.ship_url = n["url"].as<std::string>();
      if (auto h = n["host"]) o.ship_host = h.as<std::string>();
      if (auto d = n["database"]) o.ship_database = d.as<std::string>();
    } else {
      o.ship_url = n.as<std::string>();
    }
    if (!o.ship_url.starts_with("http://") && !o.ship_url.starts_with("https://"))
      c.fail(n.IsMap() ? n["url"] : n, "ship expects a ClickHouse URL: http://host:8123");
  }
  if (auto r = root["rotation"]) {
    check_keys(c, r, {"file_size", "seconds", "limit", "dir_quota"}, "rotation");
    if (auto n = r["file_size"]) o.rotation.max_bytes = size_value(c, n, "file_size");
    if (auto n = r["seconds"]) o.rotation.max_seconds = scalar<double>(c, n, "seconds");
    if (auto n = r["limit"]) o.rotation.max_files = scalar<uint32_t>(c, n, "limit");
    // The one --dir-quota: continuous mode reads it from the trigger options too.
    if (auto n = r["dir_quota"]) o.trigger_opts.dir_quota = size_value(c, n, "dir_quota");
  }
  if (auto t = root["trigger"]) {
    check_keys(c, t,
               {"enabled", "dir", "mode", "rules", "tags", "priority", "pre", "post", "max_capture",
                "ring_mem", "rate_limit", "dir_quota"},
               "trigger");
    auto& to = o.trigger_opts;
    o.trigger = true;
    if (auto n = t["enabled"]) o.trigger = scalar<bool>(c, n, "enabled");
    if (auto n = t["dir"]) to.dir = n.as<std::string>();
    if (auto n = t["mode"]) {
      auto m = n.as<std::string>();
      if (m != "auto" && m != "rules" && m != "all") c.fail(n, "mode expects auto, rules or all");
      to.mode = m == "all" ? TriggerMode::All : m == "rules" ? TriggerMode::Rules : TriggerMode::Auto;
    }
    if (auto n = t["rules"]) to.rules = string_list(c, n, "rules");
    if (auto n = t["tags"]) to.tags = string_list(c, n, "tags");
    if (auto n = t["priority"]) {
      to.min_priority = rules::parse_priority(n.as<std::string>());
      if (!to.min_priority) c.fail(n, fmt::format("unknown priority '{}'", n.as<std::string>()));
    }
    if (auto n = t["pre"]) to.pre_s = scalar<double>(c, n, "pre");
    if (auto n = t["post"]) to.post_s = scalar<double>(c, n, "post");
    if (auto n = t["max_capture"]) to.max_capture_s = scalar<double>(c, n, "max_capture");
    if (auto n = t["ring_mem"]) to.ring_mem = size_value(c, n, "ring_mem");
    if (auto n = t["rate_limit"]) to.rate_limit_s = scalar<double>(c, n, "rate_limit");
    if (auto n = t["dir_quota"]) to.dir_quota = size_value(c, n, "dir_quota");
  }
}

}  // namespace saker::capture
