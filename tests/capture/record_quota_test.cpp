// --dir-quota is a hard bound, in continuous mode (-C/-G) and for triggered captures (root only:
// live capture).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "live_record.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;
const std::string kLoop = SAKER_SYSCALL_LOOP;

// The bytes of the regular files in `dir` whose names start with `prefix`, and how many.
std::pair<uint64_t, size_t> usage(const fs::path& dir, const std::string& prefix) {
  uint64_t bytes = 0;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().starts_with(prefix))
      bytes += e.file_size(), ++files;
  return {bytes, files};
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

void every_capture_reads(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".scap") continue;
    auto info = run_command(kBin + " info " + e.path().string() + " 2>&1");
    EXPECT_EQ(info.status, 0) << e.path() << ": " << info.out.substr(0, 2000);
  }
}

TEST(RecordQuota, ContinuousModeRemovesTheOldestFilesAndStaysUnderTheQuota) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string ring = (dir / "ring.scap").string();
  // Each file: 100K of events after a snapshot of the host (about 200K on a test machine).
  auto r = run_command(kBin + " record --syscalls openat,read,close -C 100K --dir-quota 1M -w " + ring +
                       " -- " + kLoop + " 40000 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto [bytes, files] = usage(dir.path(), "ring");
  EXPECT_LE(bytes, 1u << 20) << r.out;
  EXPECT_GE(files, 2u);
  EXPECT_GE(count(r.out, "rotated to "), 5u) << "the workload fills several times the quota";
  EXPECT_NE(r.out.find("quota: removed " + (dir / "ring0.scap").string()), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "ring0.scap")) << "the oldest goes first";
  // The summary says what the quota cost.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m,
                                std::regex(R"(\nquota \(1\.0 MiB\): (\d+) files removed \([0-9.]+ MiB\)\n)")))
      << r.out;
  EXPECT_EQ(std::stoul(m[1]), count(r.out, "quota: removed "));
  every_capture_reads(dir.path());
}

// Files removed are never silent: --quiet drops the rotations and the summary, not the quota.
TEST(RecordQuota, QuietStillSaysWhatTheQuotaRemoved) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  auto r = run_command(kBin + " record -q --syscalls openat,read,close -C 100K --dir-quota 1M -w " +
                       (dir / "ring.scap").string() + " -- " + kLoop + " 40000 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("quota: removed " + (dir / "ring0.scap").string()), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("rotated to "), std::string::npos) << r.out;
}

TEST(RecordQuota, AFileLargerThanTheQuotaEndsAtTheQuota) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string ring = (dir / "big.scap").string();
  // -C alone would make 10 MB files: the quota ends each one early.
  auto r = run_command(kBin + " record --syscalls openat,read,close -C 10M --dir-quota 200K -w " + ring +
                       " -- " + kLoop + " 20000 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_LE(usage(dir.path(), "big").first, 200u * 1024) << r.out;
  EXPECT_NE(r.out.find("rotated to "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("quota: " + (dir / "big0.scap").string() +
                       " alone reached --dir-quota (204800 bytes); "
                       "it ends here"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(\nquota \(0\.2 MiB\): .*\d+ files ended at the quota\n)")))
      << r.out;
  every_capture_reads(dir.path());
}

TEST(RecordQuota, DirQuotaWithoutRotationOrTriggerIsRefused) {
  TempDir dir;
  auto r = run_command(kBin + " record --dir-quota 1M -w " + (dir / "x.scap").string() + " -- true 2>&1");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("--dir-quota needs --trigger or -C/-G"), std::string::npos) << r.out;
}

// The issue's measurement: 1 MiB of quota kept 1.2 MB, because only captures already closed
// were counted when a new one opened. Two incidents, each followed by a flood several times the
// quota: the first capture ends at the quota, the second removes it as it grows.
TEST(RecordQuota, TriggeredCapturesNeverPassTheQuota) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = (dir / "rules.yaml").string();
  std::ofstream(rules) << "- rule: Read shadow\n"
                          "  desc: a process read /etc/shadow\n"
                          "  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = "
                          "/etc/shadow\n"
                          "  output: shadow read by %proc.name\n"
                          "  priority: WARNING\n"
                          "  capture: true\n";
  fs::path out = dir / "out";
  std::string loop = kLoop + " 40000";
  std::string workload = "cat /etc/shadow >/dev/null; " + loop + "; sleep 1.5; cat /etc/shadow >/dev/null; " +
                         loop + "; sleep 0.5";
  auto r = run_command(kBin + " record --trigger -o " + out.string() + " -r " + rules +
                       " --syscalls openat,read,close --pre 5 --post 60 --rate-limit 0 --ring-size 64M "
                       "--dir-quota 1M -- sh -c " +
                       shell_quote(workload) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto [bytes, files] = usage(out, "saker-");
  EXPECT_LE(bytes, 1u << 20) << r.out;
  EXPECT_GE(files, 1u);
  EXPECT_GE(count(r.out, "alone reached --dir-quota"), 1u) << r.out;
  EXPECT_GE(count(r.out, "quota: removed "), 1u) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.out, m,
      std::regex(
          R"(\nquota \(1\.0 MiB\): (\d+) files removed \([0-9.]+ MiB\), (\d+) captures ended at the quota\n)")))
      << r.out;
  EXPECT_EQ(std::stoul(m[1]), count(r.out, "quota: removed "));
  EXPECT_EQ(std::stoul(m[2]), count(r.out, "alone reached --dir-quota"));
  // The second incident's 5 s of history hold the end of the first flood: only its newest
  // half-quota is kept, so the incident itself is in the capture.
  EXPECT_NE(r.out.find("quota: the capture keeps the newest "), std::string::npos) << r.out;
  every_capture_reads(out);
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().extension() != ".scap") continue;
    auto shadow = run_command(kBin + " print " + e.path().string() +
                              " 'evt.type = openat and fd.name = /etc/shadow' -p '%fd.name' 2>&1");
    EXPECT_EQ(shadow.out, "/etc/shadow\n") << e.path() << " holds its incident";
  }
}

}  // namespace
}  // namespace saker::test
