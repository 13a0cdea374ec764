// One recorder per output file or directory (root only: live capture).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "live_record.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;
const std::string kWorkload =
    "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do "
    "cat /etc/hostname >/dev/null; sleep 0.1; done";

// A second recorder started while `first` runs fails at once, names `target`, and the first's
// capture is whole.
void second_is_refused(const std::string& first, const std::string& second, const std::string& target,
                       const fs::path& log, const fs::path& capture) {
  Background one(kBin + " record " + first + " -- sh -c " + shell_quote(kWorkload), log, "recording ");
  ASSERT_TRUE(one.running()) << one.log();
  auto t0 = std::chrono::steady_clock::now();
  auto two = run_command(kBin + " record " + second + " -- true 2>&1");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(two.status, 3) << two.out;
  EXPECT_NE(two.out.find("saker record: " + target + ": another saker record (pid "), std::string::npos)
      << two.out;
  EXPECT_LT(secs, 2.0) << "refused before the driver loads";
  ASSERT_TRUE(one.wait(60)) << one.log();
  EXPECT_NE(one.log().find("command exited with status 0"), std::string::npos) << one.log();
  auto info = run_command(kBin + " info " + capture.string() + " 2>&1");
  EXPECT_EQ(info.status, 0) << info.out;
  auto opens = run_command(kBin + " print " + capture.string() +
                           " 'evt.type = openat and fd.name = /etc/hostname' -p '%fd.name' | wc -l");
  EXPECT_EQ(std::stoi(opens.out), 20) << "the first recorder's capture is whole";
}

TEST(RecordLock, ASecondRecorderOnTheSameFileFailsFast) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = (dir / "one.scap").string();
  second_is_refused("-w " + cap, "--force -w " + cap, cap, dir / "log", cap);
  EXPECT_FALSE(fs::exists(dir / ".one.scap.saker-record.lock")) << "removed at the end";
}

TEST(RecordLock, ASecondRecorderOnTheSameRotationFailsFast) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = (dir / "ring.scap").string();
  second_is_refused("-C 100M -w " + cap, "-C 1M -w " + cap, cap, dir / "log", dir / "ring0.scap");
}

TEST(RecordLock, ASecondRecorderOnTheSameTriggerDirectoryFailsFast) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  fs::path out = dir / "out";
  Background one(kBin + " record --trigger -o " + out.string() + " -- sh -c " + shell_quote(kWorkload),
                 dir / "log", "armed: ");
  ASSERT_TRUE(one.running()) << one.log();
  auto two = run_command(kBin + " record --trigger -o " + out.string() + " -- true 2>&1");
  EXPECT_EQ(two.status, 3) << two.out;
  EXPECT_NE(two.out.find("saker record: " + out.string() + ": another saker record is writing into it"),
            std::string::npos)
      << two.out;
  ASSERT_TRUE(one.wait(60)) << one.log();
}

}  // namespace
}  // namespace saker::test
