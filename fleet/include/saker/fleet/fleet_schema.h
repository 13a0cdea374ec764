// The fleet's ClickHouse schema: per table a MergeTree table on every shard (`NAME_local`), a
// Distributed table over the cluster (`NAME_dist`, sharded by a hash of the host) and the
// view users query (`NAME`). docs/fleet.md describes it.
#pragma once

#include <cstdint>
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

class ClickHouse;

// Where each shard of the cluster answers over HTTP, as `fleet init --shards` found them (the
// `shards` table): ship inserts a host's rows straight into its shard's local tables, so the
// rows are parsed once instead of by a Distributed table and again by the shard.
struct ShardRoute {
  uint32_t shard_num = 0;
  uint32_t weight = 1;
  std::string url;  // without credentials
};
struct ShardMap {
  std::string cluster;
  std::vector<ShardRoute> shards;  // every shard of the cluster, in shard_num order

  // The shard a Distributed table sharded by `key` writes to (the key modulo the sum of the
  // weights, walked over the shards in order); nullptr when a shard has no known URL.
  const ShardRoute* shard_for(uint64_t key) const;
};

// The shard map of `database`; empty when `fleet init` did not record one (then rows go
// through the Distributed tables).
ShardMap read_shard_map(ClickHouse& ch, const std::string& database);

// The statements run_fleet_init runs on each shard (for docs and tests).
std::vector<std::string> fleet_schema_statements(const std::string& database, const std::string& cluster);

}  // namespace saker::fleet
