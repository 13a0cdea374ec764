#include "saker/fleet/fleet_schema.h"

#include <array>
#include <ctime>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/tsv_rows.h"

namespace saker::fleet {

namespace {

// Event rows: the columns of the local index's `events` view, whether `saker print` shows the
// event (`hidden` 0) and the line it prints, so fleet search prints without the capture.
constexpr ColumnSpec kEvents[] = {
    {"num", "UInt64"},
    {"ts", "UInt64"},
    {"cpu", "Int32"},
    {"tid", "Int64"},
    {"pid", "Nullable(Int64)"},
    {"type", "String"},
    {"dir", "String"},
    {"res", "Nullable(Int64)"},
    {"fd", "Nullable(Int64)"},
    {"fd_name", "Nullable(String)"},
    {"proc_name", "Nullable(String)"},
    {"user_name", "Nullable(String)"},
    {"container_id", "Nullable(String)"},
    {"process", "Nullable(Int64)"},
    {"offset", "UInt64"},
    {"etype", "UInt16"},
    {"pname", "Nullable(String)"},
    {"hidden", "UInt8"},
    {"line", "String"},
};

constexpr ColumnSpec kProcesses[] = {
    {"day", "Date"},
    {"id", "Int64"},
    {"pid", "Int64"},
    {"tid", "Int64"},
    {"ppid", "Nullable(Int64)"},
    {"parent", "Nullable(Int64)"},
    {"previous", "Nullable(Int64)"},
    {"name", "Nullable(String)"},
    {"exe", "Nullable(String)"},
    {"exepath", "Nullable(String)"},
    {"cmdline", "Nullable(String)"},
    {"cwd", "Nullable(String)"},
    {"uid", "Nullable(Int64)"},
    {"user_name", "Nullable(String)"},
    {"container_id", "Nullable(String)"},
    {"start_kind", "Nullable(String)"},
    {"start_num", "Nullable(Int64)"},
    {"start_ts", "Nullable(Int64)"},
    {"end_kind", "Nullable(String)"},
    {"end_num", "Nullable(Int64)"},
    {"end_ts", "Nullable(Int64)"},
};

constexpr ColumnSpec kFiles[] = {
    {"day", "Date"},    {"id", "Int64"},     {"path", "String"},     {"name_id", "Int64"},
    {"type", "String"}, {"events", "Int64"}, {"first_num", "Int64"}, {"last_num", "Int64"},
};

constexpr ColumnSpec kConnections[] = {
    {"day", "Date"},
    {"id", "Int64"},
    {"name", "String"},
    {"name_id", "Int64"},
    {"type", "String"},
    {"l4proto", "Nullable(String)"},
    {"client_ip", "Nullable(String)"},
    {"client_port", "Nullable(Int64)"},
    {"server_ip", "Nullable(String)"},
    {"server_port", "Nullable(Int64)"},
    {"events", "Int64"},
    {"first_num", "Int64"},
    {"last_num", "Int64"},
};

constexpr ColumnSpec kContainers[] = {
    {"day", "Date"},
    {"id", "String"},
    {"full_id", "Nullable(String)"},
    {"name", "Nullable(String)"},
    {"image", "Nullable(String)"},
    {"type", "Nullable(String)"},
    {"privileged", "Nullable(Int64)"},
    {"events", "Int64"},
    {"first_num", "Int64"},
    {"last_num", "Int64"},
};

constexpr ColumnSpec kAlerts[] = {
    {"id", "Int64"},        {"num", "Int64"},   {"ts", "UInt64"},   {"rule", "String"},
    {"priority", "String"}, {"tags", "String"}, {"line", "String"},
};

// Alerts as a recorder's rules fire them (`record --ship`), before any capture is shipped:
// Falco's JSON alert and its parts. capture_hash stays empty; `capture` names the triggered
// capture the alert opened or extended, if any.
constexpr ColumnSpec kLiveAlerts[] = {
    {"ts", "UInt64"},     {"rule", "String"},   {"priority", "String"}, {"tags", "String"},
    {"source", "String"}, {"output", "String"}, {"json", "String"},
};

// One row per shipped capture, written last: its presence means the capture is complete.
constexpr ColumnSpec kCaptures[] = {
    {"day", "Date"},
    {"path", "String"},
    {"size", "UInt64"},
    {"first_ts", "UInt64"},
    {"last_ts", "UInt64"},
    {"events", "UInt64"},
    {"processes", "UInt64"},
    {"files", "UInt64"},
    {"connections", "UInt64"},
    {"containers", "UInt64"},
    {"alerts", "UInt64"},
    {"batches", "UInt64"},
    {"shipped_at", "DateTime"},
    {"saker_version", "String"},
};

// Day partitions; times are UInt64 ns (18.16 has no DateTime64).
constexpr const char* kEventDay = "toYYYYMMDD(toDateTime(intDiv(ts, 1000000000)))";
constexpr const char* kCaptureDay = "toYYYYMMDD(day)";

const std::array<TableSpec, 8> kTables = {{
    {"events", kEvents, kEventDay, "(host, ts, num)",
     "SELECT num, ts, cpu, tid, pid, type, dir, res, fd, fd_name, proc_name, user_name, container_id, "
     "process, offset, etype, pname FROM events ORDER BY num"},
    {"processes", kProcesses, kCaptureDay, "(host, capture_hash, id)",
     "SELECT id, pid, tid, ppid, parent, previous, name, exe, exepath, cmdline, cwd, uid, user_name, "
     "container_id, start_kind, start_num, start_ts, end_kind, end_num, end_ts FROM processes ORDER BY id"},
    {"files", kFiles, kCaptureDay, "(host, path)",
     "SELECT id, path, name_id, type, events, first_num, last_num FROM files ORDER BY id"},
    {"connections", kConnections, kCaptureDay, "(host, name)",
     "SELECT id, name, name_id, type, l4proto, client_ip, client_port, server_ip, server_port, events, "
     "first_num, last_num FROM connections ORDER BY id"},
    {"containers", kContainers, kCaptureDay, "(host, id)",
     "SELECT id, full_id, name, image, type, privileged, events, first_num, last_num FROM containers "
     "ORDER BY id"},
    {"alerts", kAlerts, kEventDay, "(host, ts, num)",
     "SELECT id, num, ts, rule, priority, tags, line FROM alerts ORDER BY id"},
    {"live_alerts", kLiveAlerts, kEventDay, "(host, ts)", ""},
    {"captures", kCaptures, kCaptureDay, "(host, capture_hash)", ""},
}};

}  // namespace

std::span<const TableSpec> fleet_tables() {
  return kTables;
}

const TableSpec& fleet_table(std::string_view name) {
  for (const auto& t : kTables)
    if (name == t.name) return t;
  throw std::logic_error(fmt::format("no fleet table {}", name));
}

std::vector<std::string> fleet_schema_statements(const std::string& db, const std::string& cluster) {
  std::vector<std::string> out;
  out.push_back(fmt::format("CREATE DATABASE IF NOT EXISTS {}", db));
  for (const auto& t : kTables) {
    std::string cols = "host String, capture_hash String, capture String, batch UInt32";
    std::string names = "host, capture_hash, capture, batch";
    for (const auto& c : t.columns) {
      cols += fmt::format(", `{}` {}", c.name, c.type);
      names += fmt::format(", `{}`", c.name);
    }
    out.push_back(
        fmt::format("CREATE TABLE IF NOT EXISTS {}.{}_local ({}) ENGINE = MergeTree "
                    "PARTITION BY {} ORDER BY {}",
                    db, t.name, cols, t.partition, t.order));
    // A host's rows all live on one shard, so per-host questions touch one server.
    out.push_back(
        fmt::format("CREATE TABLE IF NOT EXISTS {0}.{1}_dist AS {0}.{1}_local "
                    "ENGINE = Distributed({2}, {0}, {1}_local, cityHash64(host))",
                    db, t.name, cluster));
    out.push_back(
        fmt::format("CREATE VIEW IF NOT EXISTS {0}.{1} AS SELECT {2} FROM {0}.{1}_dist", db, t.name, names));
  }
  // The same on every server: one row per shard, the latest `fleet init` wins.
  out.push_back(fmt::format(
      "CREATE TABLE IF NOT EXISTS {}.shards (cluster String, shard_num UInt32, url String, set_at DateTime) "
      "ENGINE = ReplacingMergeTree(set_at) ORDER BY (cluster, shard_num)",
      db));
  return out;
}

const ShardRoute* ShardMap::shard_for(uint64_t key) const {
  uint64_t total = 0;
  for (const auto& s : shards) total += s.weight;
  if (total == 0) return nullptr;
  uint64_t slot = key % total;
  for (const auto& s : shards) {
    if (slot < s.weight) return s.url.empty() ? nullptr : &s;
    slot -= s.weight;
  }
  return nullptr;
}

ShardMap read_shard_map(ClickHouse& ch, const std::string& database) {
  ShardMap map;
  std::string exists = ch.execute(fmt::format(
      "SELECT count() FROM system.tables WHERE database = {} AND name = 'shards'", sql_quote(database)));
  if (std::stoull(exists) == 0) return map;
  std::string rows = ch.execute(fmt::format(
      "SELECT cluster, shard_num, url FROM {}.shards FINAL ORDER BY set_at DESC, shard_num", database));
  // TsvRows: the URLs were written escaped for TabSeparated; a malformed answer throws.
  std::map<uint32_t, std::string> urls;
  for (TsvRows r(rows, 3); r.next();) {
    if (map.cluster.empty()) map.cluster = r.field(0);
    if (r.field(0) != map.cluster) continue;  // an older init for another cluster
    urls.emplace(static_cast<uint32_t>(std::stoul(std::string(r.field(1)))), std::string(r.field(2)));
  }
  if (map.cluster.empty()) return map;
  std::string weights = ch.execute(fmt::format(
      "SELECT shard_num, any(shard_weight) FROM system.clusters WHERE cluster = {} GROUP BY shard_num "
      "ORDER BY shard_num",
      sql_quote(map.cluster)));
  for (TsvRows r(weights, 2); r.next();) {
    ShardRoute route;
    route.shard_num = static_cast<uint32_t>(std::stoul(std::string(r.field(0))));
    route.weight = static_cast<uint32_t>(std::stoul(std::string(r.field(1))));
    if (auto it = urls.find(route.shard_num); it != urls.end()) route.url = it->second;
    map.shards.push_back(std::move(route));
  }
  return map;
}

int run_fleet_init(const InitOptions& opts, std::FILE* out, std::FILE* err) {
  std::vector<std::string> shards = opts.shards;
  if (shards.empty()) shards.push_back(opts.url);
  try {
    ClickHouse first(opts.url);
    std::string n = first.execute(
        fmt::format("SELECT count() FROM system.clusters WHERE cluster = {}", sql_quote(opts.cluster)));
    if (std::stoll(n) == 0) {
      fmt::print(err,
                 "saker fleet init: {} has no cluster '{}' in its remote_servers (docs/fleet.md has an "
                 "example configuration)\n",
                 opts.url, opts.cluster);
      return 3;
    }
    auto statements = fleet_schema_statements(opts.database, opts.cluster);
    std::string routes;  // TabSeparated rows of the shards table
    for (const auto& url : shards) {
      ClickHouse shard(url);
      for (const auto& s : statements) shard.execute(s);
      fmt::print(out, "{}: database {}: {} tables, {} Distributed tables and {} views on cluster {}\n", url,
                 opts.database, kTables.size(), kTables.size(), kTables.size(), opts.cluster);
      std::string num = shard.execute(
          fmt::format("SELECT shard_num FROM system.clusters WHERE cluster = {} AND is_local = 1 LIMIT 1",
                      sql_quote(opts.cluster)));
      while (!num.empty() && num.back() == '\n') num.pop_back();
      if (num.empty()) {
        fmt::print(
            err,
            "saker fleet init: {} is no shard of cluster '{}' by its own remote_servers: ship will send "
            "rows through the Distributed tables\n",
            url, opts.cluster);
        routes.clear();
        break;
      }
      append_tsv(routes, opts.cluster);
      routes += '\t' + num + '\t';
      append_tsv(routes, url_without_credentials(url));
      routes += fmt::format("\t{}\n", static_cast<uint64_t>(std::time(nullptr)));
    }
    if (!routes.empty()) {
      for (const auto& url : shards)
        ClickHouse(url).insert(fmt::format("INSERT INTO {}.shards FORMAT TabSeparated", opts.database),
                               routes);
    }
    return 0;
  } catch (const ClickHouseError& e) {
    fmt::print(err, "saker fleet init: {}\n", e.what());
    return e.kind() == ClickHouseError::Kind::Unreachable ? 3 : 1;
  }
}

}  // namespace saker::fleet
