// `saker record --alert-output` (root: eBPF): alerts reach a loopback HTTP receiver in both
// modes, a hung receiver neither slows nor thins the recording (its drops are counted), an
// alert that opened a triggered capture names it, and a file output follows SIGHUP.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "live_record.h"
#include "loopback_http_collector.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;
const std::string kRule = "Sensitive file read by an untrusted program";

size_t count_lines(const std::string& s, const std::string& needle) {
  size_t n = 0;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) n += l.find(needle) != std::string::npos;
  return n;
}

TEST(RecordAlertOutputs, HungReceiverLosesNoEventAndDropsAreCounted) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  LoopbackHttpCollector hung(/*stall=*/true);
  std::string cap = (dir / "reads.scap").string();
  auto start = std::chrono::steady_clock::now();
  auto r = run_command(kBin + " record -w " + cap + " --alert-queue 2 --alert-output " + hung.url() +
                       " -- sh -c 'for i in $(seq 60); do cat /etc/shadow >/dev/null; done' 2>&1");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.status, 0) << r.out;
  // The command runs as fast as without outputs; the end waits at most the 5 s close timeout.
  EXPECT_LT(secs, 15.0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.out, m, std::regex(R"((\d+) alerts; alert outputs: \S+ (\d+) sent, (\d+) dropped, (\d+) failed)")))
      << r.out;
  EXPECT_GE(std::stoul(m[1]), 60u);
  EXPECT_EQ(std::stoul(m[2]), 0u);
  EXPECT_GE(std::stoul(m[3]), 50u) << "a queue of 2 in front of a receiver that never answers";
  EXPECT_EQ(std::stoul(m[1]), std::stoul(m[2]) + std::stoul(m[3]) + std::stoul(m[4]));
  // Every event is in the capture: the 60 reads, and the alerts a replay finds.
  auto opens =
      run_command(kBin + " print " + cap + " 'evt.type in (open, openat) and fd.name = /etc/shadow'");
  EXPECT_EQ(count_lines(opens.out, "/etc/shadow"), 60u);
  auto replay = run_command(kBin + " replay -q " + cap);
  EXPECT_EQ(count_lines(replay.out, "Sensitive file read"), 60u);
}

TEST(RecordAlertOutputs, ContinuousModeAlertsReachHttpAndProgram) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  LoopbackHttpCollector server;
  auto from_program = dir / "program.json";
  auto r =
      run_command(kBin + " record -q -w " + (dir / "c.scap").string() + " --alert-output " + server.url() +
                  " --alert-output " + shell_quote("program:cat > " + from_program.string()) +
                  " -- sh -c 'cat /etc/shadow > /dev/null' 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto got = server.requests();
  ASSERT_GE(got.size(), 1u) << r.out;
  auto j = nlohmann::json::parse(got[0].body);
  EXPECT_EQ(j["rule"], kRule);
  EXPECT_EQ(j["priority"], "Warning");
  EXPECT_EQ(j["source"], "syscall");
  EXPECT_EQ(j["output_fields"]["fd.name"], "/etc/shadow");
  EXPECT_EQ(j["output_fields"]["proc.name"], "cat");
  EXPECT_TRUE(j.contains("uuid") && j.contains("hostname") && j.contains("time") && j.contains("tags"));
  EXPECT_FALSE(j["output_fields"].contains("saker.capture"));
  std::ifstream in(from_program);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << "the program got the alert before the recorder ended";
  EXPECT_EQ(nlohmann::json::parse(line), j);
}

TEST(RecordAlertOutputs, TriggeringAlertNamesItsCapture) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  LoopbackHttpCollector server;
  auto out = dir / "incidents";
  auto r = run_command(kBin + " record --trigger -o " + out.string() + " --pre 1 --post 1 --alert-output " +
                       server.url() + " -- sh -c 'cat /etc/shadow > /dev/null' 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto got = server.requests();
  ASSERT_GE(got.size(), 1u) << r.out;
  auto j = nlohmann::json::parse(got[0].body);
  EXPECT_EQ(j["rule"], kRule);
  ASSERT_TRUE(j["output_fields"].contains("saker.capture")) << got[0].body;
  std::string capture = j["output_fields"]["saker.capture"];
  EXPECT_TRUE(fs::exists(capture)) << capture;
  EXPECT_EQ(fs::path(capture).parent_path(), out);
  // The sidecar holds the same alert (same uuid).
  std::ifstream sidecar(capture + ".alerts.json");
  std::string line;
  ASSERT_TRUE(std::getline(sidecar, line));
  EXPECT_EQ(nlohmann::json::parse(line)["uuid"], j["uuid"]);
}

TEST(RecordAlertOutputs, FileOutputIsOpenedAgainOnSighup) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  auto file = dir / "alerts.json";
  auto rotated = dir / "alerts.json.1";
  // The recorder is the command's parent: the shell rotates the file and sends SIGHUP itself.
  std::string script = "cat /etc/shadow >/dev/null; sleep 0.5; mv " + file.string() + " " + rotated.string() +
                       "; kill -HUP $PPID; sleep 0.5; cat /etc/shadow >/dev/null; sleep 0.3";
  auto r =
      run_command(kBin + " record -w " + (dir / "c.scap").string() + " --alert-output file:" + file.string() +
                  " -- sh -c " + shell_quote(script) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  EXPECT_EQ(count_lines(read(rotated), kRule), 1u) << read(rotated);
  EXPECT_EQ(count_lines(read(file), kRule), 1u) << read(file);
  EXPECT_NE(r.out.find("SIGHUP: rules reloaded"), std::string::npos) << r.out;
}

TEST(RecordAlertOutputs, BadOutputIsRefusedBeforeRecording) {
  TempDir dir;
  auto r = run_command(kBin + " record -w " + (dir / "c.scap").string() +
                       " --alert-output file:/nonexistent/dir/a.json -- true 2>&1");
  EXPECT_EQ(r.status, 3) << r.out;
  EXPECT_NE(r.out.find("saker record: alert output /nonexistent/dir/a.json: No such file or directory"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir / "c.scap"));
  auto u = run_command(kBin + " record -w " + (dir / "c.scap").string() +
                       " --alert-output http://:80/ -- true 2>&1");
  EXPECT_EQ(u.status, 2) << u.out;
  EXPECT_NE(u.out.find("bad URL"), std::string::npos) << u.out;
}

}  // namespace
}  // namespace saker::test
