// The fleet's ClickHouse schema: per table a MergeTree table on every shard (`NAME_local`), a
// Distributed table over the cluster (`NAME_dist`, sharded by a hash of the host) and the
// view users query (`NAME`). docs/fleet.md describes it.
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace saker::fleet {

inline constexpr int kFleetSchemaVersion = 1;

struct ColumnSpec {
  const char* name;
  const char* type;  // ClickHouse type
};

struct TableSpec {
  const char* name;                     // the view users query
  std::span<const ColumnSpec> columns;  // after host, capture_hash, capture, batch
  const char* partition;                // PARTITION BY expression
  const char* order;                    // ORDER BY expression
  const char* sqlite_select;            // where ship reads the rows in the local index ("" for none)
};

// events, processes, files, connections, containers, alerts, captures.
std::span<const TableSpec> fleet_tables();
const TableSpec& fleet_table(std::string_view name);

struct InitOptions {
  std::string url;                  // a server of the cluster
  std::vector<std::string> shards;  // every shard's URL (default: url alone)
  std::string cluster = "saker";    // the cluster name in the servers' remote_servers
  std::string database = "saker";
};

// Creates (if missing) the database, tables, Distributed tables and views on every shard.
// Exit status: 0; 1 for schema errors the server reports; 3 when a server cannot be reached or
// the cluster is not configured.
int run_fleet_init(const InitOptions& opts, std::FILE* out, std::FILE* err);

// The statements run_fleet_init runs on each shard (for docs and tests).
std::vector<std::string> fleet_schema_statements(const std::string& database, const std::string& cluster);

}  // namespace saker::fleet
