// A full disk in continuous mode: a clear error (status 3), what was written kept and readable,
// no empty file left behind (root only: live capture and a tmpfs).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "live_record.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;
const std::string kLoop = SAKER_SYSCALL_LOOP;

// Records a flood into a 256 KiB tmpfs; the captures left must hold at least `min_kept` bytes.
void fills_the_disk(const std::string& options, const std::string& name, uint64_t min_kept) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)";
  TempDir dir;
  fs::path out = dir / "out";
  TmpfsMount mount(out, "size=256k,mode=0700");
  if (!mount.mounted()) GTEST_SKIP() << "cannot mount a tmpfs: " << mount.error();
  auto r = run_command(kBin + " record --syscalls openat,read,close " + options + " -w " +
                       (out / name).string() + " -- " + kLoop + " 20000 2>&1");
  EXPECT_EQ(r.status, 3) << r.out;
  EXPECT_NE(r.out.find("write failed: No space left on device"), std::string::npos) << r.out;
  // The file in progress keeps what the disk took, or is removed when that was nothing (a
  // rotation onto the full disk, the first zstd frame not yet complete).
  EXPECT_TRUE(r.out.find("keeps the events written before the error") != std::string::npos ||
              r.out.find("nothing could be written to it") != std::string::npos)
      << r.out;
  size_t captures = 0;
  uint64_t kept = 0;
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().extension() != ".scap") continue;
    ++captures;
    EXPECT_GT(e.file_size(), 0u) << e.path() << " is empty";
    kept += e.file_size();
    auto info = run_command(kBin + " info " + e.path().string() + " 2>&1");
    EXPECT_EQ(info.status, 0) << e.path() << ": " << info.out.substr(0, 2000);
  }
  EXPECT_GE(captures, 1u) << r.out;
  EXPECT_GE(kept, min_kept) << r.out;
}

TEST(RecordDiskFull, ASingleFileKeepsWhatWasWritten) {
  fills_the_disk("", "full.scap", 200 * 1024);  // the whole blocks the disk took
}

TEST(RecordDiskFull, RotationLeavesNoEmptyFile) {
  fills_the_disk("-C 100K", "ring.scap", 100 * 1024);
}

TEST(RecordDiskFull, ZstdKeepsWhatWasWritten) {
  fills_the_disk("--compress zstd -C 100K", "ring.scap", 1);
}

}  // namespace
}  // namespace saker::test
