// The recorder's YAML configuration: the packaged example loads, mistakes name their place.
#include <gtest/gtest.h>

#include <fstream>

#include "saker/capture/record_config.h"
#include "test_paths.h"

namespace saker::capture {
namespace {

// packaging/record.yaml.in as `cmake --install` writes it (tests/packaging checks the paths).
TEST(RecordConfig, PackagedExampleLoads) {
  RecordOptions o;
  load_record_config(SAKER_PACKAGED_CONFIG, o);
  EXPECT_TRUE(o.trigger);
  EXPECT_EQ(o.trigger_opts.dir, "/var/lib/saker/incidents");
  EXPECT_EQ(o.trigger_opts.pre_s, 60);
  EXPECT_EQ(o.trigger_opts.ring_mem, 256u << 20);
  EXPECT_EQ(o.trigger_opts.dir_quota, 20ull << 30);
  ASSERT_TRUE(o.trigger_opts.min_priority);
  EXPECT_EQ(*o.trigger_opts.min_priority, rules::Priority::Warning);
  EXPECT_EQ(o.compress, "zstd");
  EXPECT_EQ(o.ring_bytes, 8u << 20);
  EXPECT_EQ(o.rule_paths, std::vector<std::string>{SAKER_PACKAGED_RULES_DIR});
  EXPECT_EQ(o.container_sockets,
            (std::vector<std::string>{"/var/run/docker.sock", "/run/podman/podman.sock"}));
  EXPECT_EQ(o.alert_outputs, (std::vector<std::string>{"file:/var/log/saker/alerts.json", "syslog"}));
  EXPECT_EQ(o.alert_queue, 1024u);
  EXPECT_EQ(o.stats_file, "/var/lib/saker/stats.json");
  EXPECT_EQ(o.stats_interval, 10);
}

std::string error_of(const std::string& text) {
  test::TempDir dir;
  std::string path = (dir / "c.yaml").string();
  std::ofstream(path) << text;
  RecordOptions o;
  try {
    load_record_config(path, o);
  } catch (const ConfigError& e) {
    std::string msg = e.what();
    return msg.substr(msg.find("c.yaml") + 6);
  }
  return "no error";
}

TEST(RecordConfig, MistakesNameLineAndColumn) {
  EXPECT_EQ(error_of("trigger:\n  pre: soon\n"), ":2:8: pre expects a number");
  EXPECT_EQ(error_of("trigger:\n  dri: /tmp\n"), ":2:3: unknown key 'dri' in trigger");
  EXPECT_EQ(error_of("ring_size: 8Q\n"), ":1:12: ring_size: unknown unit 'Q' (use K, M or G)");
  EXPECT_EQ(error_of("compress: lzma\n"), ":1:11: compress expects none, gzip or zstd");
  EXPECT_EQ(error_of("compress_level: high\n"), ":1:17: compress_level expects a number");
  EXPECT_EQ(error_of("trigger:\n  priority: loud\n"), ":2:13: unknown priority 'loud'");
  EXPECT_NE(error_of("trigger: [unclosed\n").find(":2:1:"), std::string::npos);
  EXPECT_EQ(error_of("alert_outputs:\n  - stdout\n  - pigeon\n"),
            ":3:5: unknown alert output 'pigeon' (stdout, json, file:PATH, program:COMMAND, syslog, "
            "syslog:/SOCKET, http://HOST:PORT/PATH)");
  EXPECT_EQ(error_of("alert_queue: 0\n"), ":1:14: alert_queue expects at least 1");
  EXPECT_EQ(error_of("stats_interval: 0\n"), ":1:17: stats_interval expects a positive number of seconds");
}

TEST(RecordConfig, CompressionLevel) {
  test::TempDir dir;
  std::string path = (dir / "c.yaml").string();
  std::ofstream(path) << "compress: zstd\ncompress_level: 12\n";
  RecordOptions o;
  load_record_config(path, o);
  EXPECT_EQ(o.compress, "zstd");
  EXPECT_EQ(o.compress_level, 12);
}

TEST(RecordConfig, SyscallListsJoin) {
  test::TempDir dir;
  std::string path = (dir / "c.yaml").string();
  std::ofstream(path)
      << "syscalls: [open, openat, execve]\nrotation:\n  file_size: 100M\n  limit: 6\n  dir_quota: 1G\n";
  RecordOptions o;
  load_record_config(path, o);
  EXPECT_EQ(o.syscalls, "open,openat,execve");
  EXPECT_EQ(o.compress_level, 0);
  EXPECT_EQ(o.rotation.max_bytes, 100u << 20);
  EXPECT_EQ(o.rotation.max_files, 6u);
  EXPECT_EQ(o.trigger_opts.dir_quota, 1ull << 30);  // the one --dir-quota
  EXPECT_FALSE(o.trigger);
}

TEST(RecordConfig, ContainerSocketsTakeAListOrOnePath) {
  test::TempDir dir;
  std::string path = (dir / "c.yaml").string();
  std::ofstream(path) << "container_sockets: /run/user/1000/podman/podman.sock\n";
  RecordOptions o;
  load_record_config(path, o);
  EXPECT_EQ(o.container_sockets, std::vector<std::string>{"/run/user/1000/podman/podman.sock"});
  EXPECT_EQ(error_of("container_sockets: {a: b}\n"), ":1:20: container_sockets expects a list");
}

TEST(RecordConfig, ShipTakesAUrlOrAMap) {
  test::TempDir dir;
  std::string path = (dir / "c.yaml").string();
  std::ofstream(path) << "ship: http://ch1:8123\n";
  RecordOptions o;
  load_record_config(path, o);
  EXPECT_EQ(o.ship_url, "http://ch1:8123");
  EXPECT_EQ(o.ship_database, "saker");
  std::ofstream(path) << "ship:\n  url: https://ch1:8443/?user=saker\n  host: web-7\n  database: fleet\n";
  RecordOptions m;
  load_record_config(path, m);
  EXPECT_EQ(m.ship_url, "https://ch1:8443/?user=saker");
  EXPECT_EQ(m.ship_host, "web-7");
  EXPECT_EQ(m.ship_database, "fleet");
  EXPECT_EQ(error_of("ship: ch1:8123\n"), ":1:7: ship expects a ClickHouse URL: http://host:8123");
  EXPECT_EQ(error_of("ship:\n  host: a\n"), ":2:3: ship needs a url");
  EXPECT_EQ(error_of("ship:\n  url: http://a\n  shard: 2\n"), ":3:3: unknown key 'shard' in ship");
}

}  // namespace
}  // namespace saker::capture
