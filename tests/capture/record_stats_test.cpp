// `saker record --stats-file` (root: eBPF): the recorder's health as JSON, replaced atomically
// while it records and once more at the end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "live_record.h"
#include "loopback_http_collector.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;

TEST(RecordStats, WrittenWhileRecordingAndAtTheEnd) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  LoopbackHttpCollector server;
  fs::path stats = dir / "stats.json";
  fs::path during = dir / "during.json";
  // The command keeps a copy of the file as it is after about two intervals.
  std::string script =
      "cat /etc/shadow >/dev/null; sleep 2.4; cp " + stats.string() + " " + during.string() + "; sleep 0.2";
  auto r =
      run_command(kBin + " record --trigger -o " + (dir / "inc").string() +
                  " --pre 1 --post 1 --stats-file " + stats.string() + " --stats-interval 1 --alert-output " +
                  server.url() + " -- sh -c " + shell_quote(script) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;

  ASSERT_TRUE(fs::exists(during)) << r.out;
  auto d = nlohmann::json::parse(slurp(during));
  EXPECT_EQ(d["mode"], "trigger");
  EXPECT_EQ(d["running"], true);
  EXPECT_GE(d["uptime_seconds"].get<double>(), 1.0) << "updated since the first write, at the start";
  EXPECT_GT(d["events"].get<uint64_t>(), 0u);
  EXPECT_GE(d["events_per_second"].get<double>(), 0.0);
  EXPECT_EQ(d["ring"]["bytes"], 8u << 20);
  EXPECT_GE(d["alerts"].get<uint64_t>(), 1u);

  auto e = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(e["running"], false);
  EXPECT_GE(e["uptime_seconds"].get<double>(), 2.4);
  EXPECT_GE(e["events"].get<uint64_t>(), d["events"].get<uint64_t>());
  EXPECT_EQ(e["drops"]["kernel"], 0u);
  EXPECT_EQ(e["drops"]["alert_outputs"], 0u);
  EXPECT_EQ(e["captures"], 1u);
  EXPECT_GE(e["alerts"].get<uint64_t>(), 1u);
  EXPECT_GT(e["ring"]["peak_used_bytes"].get<uint64_t>(), 0u);
  EXPECT_LE(e["ring"]["peak_used_bytes"].get<uint64_t>(), 8u << 20);
  EXPECT_GT(e["history"]["limit_bytes"].get<uint64_t>(), 0u);
  EXPECT_EQ(e["quota"]["removed_files"], 0u);
  ASSERT_EQ(e["alert_outputs"].size(), 1u);
  EXPECT_EQ(e["alert_outputs"][0]["name"], server.url());
  EXPECT_GE(e["alert_outputs"][0]["sent"].get<uint64_t>(), 1u);
  EXPECT_EQ(fs::status(stats).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  // Written beside the file and renamed over it: nothing else is left in the folder.
  for (const auto& f : fs::directory_iterator(dir.path()))
    EXPECT_EQ(f.path().string().find(".tmp-"), std::string::npos) << f.path();
}

TEST(RecordStats, ContinuousModeCountsFilesBytesAndQuotaRemovals) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  fs::path stats = dir / "stats.json";
  auto r = run_command(kBin + " record -q --syscalls openat,read,close -C 100K --dir-quota 1M -w " +
                       (dir / "ring.scap").string() + " --stats-file " + stats.string() + " -- " +
                       SAKER_SYSCALL_LOOP + " 40000 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto e = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(e["mode"], "continuous");
  EXPECT_GE(e["captures"].get<uint64_t>(), 5u);
  EXPECT_GT(e["bytes_written"].get<uint64_t>(), 1u << 20);
  EXPECT_EQ(e["quota"]["limit_bytes"], 1u << 20);
  EXPECT_GE(e["quota"]["removed_files"].get<uint64_t>(), 1u);
  EXPECT_GT(e["quota"]["removed_bytes"].get<uint64_t>(), 0u);
  EXPECT_FALSE(e.contains("history"));
}

TEST(RecordStats, AnUnwritableFileIsReportedOnceAndTheRecordingGoesOn) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  auto r = run_command(kBin + " record -w " + (dir / "c.scap").string() +
                       " --stats-file /nonexistent/dir/stats.json --stats-interval 0.2 -- sleep 0.7 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("saker record: cannot write the stats file: /nonexistent/dir/stats.json"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("cannot write the stats file"), r.out.rfind("cannot write the stats file")) << r.out;
}

TEST(RecordStats, IntervalMustBePositive) {
  TempDir dir;
  auto r = run_command(kBin + " record -w " + (dir / "c.scap").string() +
                       " --stats-file s.json --stats-interval 0 -- true 2>&1");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("--stats-interval must be a positive number of seconds"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace saker::test
