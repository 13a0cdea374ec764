// Every capture Saker writes is owner-only (mode 0600), whatever the umask and whatever the mode
// of a file it replaces.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

// An existing world-readable file at `p`.
void world_readable(const fs::path& p) {
  std::ofstream(p) << "old";
  fs::permissions(
      p, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST(RecordMode, RecordedFilesAreOwnerOnly) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)";
  TempDir dir;
  fs::path replaced = dir / "replaced.scap";
  world_readable(replaced);
  auto r = run_command("umask 022; " + kBin + " record -q --force -w " + replaced.string() + " -- true 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(mode_of(replaced), 0600u) << "a replaced file loses its old mode";

  // Rotated files, a reused name (-W) included.
  fs::path ring = dir / "ring.scap";
  world_readable(dir / "ring0.scap");
  r = run_command("umask 022; " + kBin + " record -q -G 0.2 -W 2 -w " + ring.string() +
                  " -- sh -c 'for i in 1 2 3 4 5 6; do ls / >/dev/null; sleep 0.1; done' 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* name : {"ring0.scap", "ring1.scap"}) EXPECT_EQ(mode_of(dir / name), 0600u) << name;
}

// The default layout is not read by Debian's sysdig 0.29: the recorder says so, and which flag
// writes what it reads.
TEST(RecordMode, TheDefaultLayoutNamesTheFlagOldReadersNeed) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)";
  TempDir dir;
  auto r = run_command(kBin + " record -w " + (dir / "a.scap").string() + " -- true 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Debian's sysdig 0.29 needs --compat"), std::string::npos) << r.out;
  r = run_command(kBin + " record --compat -w " + (dir / "b.scap").string() + " -- true 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("needs --compat"), std::string::npos) << r.out;
}

TEST(RecordMode, ConvertOutputIsOwnerOnly) {
  TempDir dir;
  fs::path in = samples_dir() / "shell-session.scap", out = dir / "out.scap",
           replaced = dir / "replaced.scap";
  auto r = run_command("umask 000; " + kBin + " convert " + in.string() + " " + out.string() + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(mode_of(out), 0600u);
  world_readable(replaced);
  r = run_command("umask 000; " + kBin + " convert -f " + in.string() + " " + replaced.string() +
                  " --compress zstd 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(mode_of(replaced), 0600u);
}

}  // namespace
}  // namespace saker::test
