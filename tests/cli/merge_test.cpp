// `saker merge` end to end: a capture split into time-contiguous pieces merges back into what
// `saker print` shows of the original, in any input order; refusals change no input.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "capture_pieces.h"
#include "file_bytes.h"
#include "run_command.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker {
namespace {

namespace fs = std::filesystem;

test::CommandResult saker(const std::string& args) {
  return test::run_command(std::string(SAKER_BIN) + " " + args + " 2>&1");
}

using test::split_capture;

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += " " + x;
  return s;
}

// Every event the original shows (print's whole output, event numbers and all) is what the
// merge of its pieces shows, whatever the order of the inputs.
void expect_merge_equals_original(const std::string& original, size_t pieces) {
  test::TempDir dir;
  auto in = split_capture(original, dir.path(), pieces);
  const std::string fmt =
      " -p '*%evt.num %evt.rawtime %evt.cpu %proc.name %thread.tid %proc.pname %evt.dir "
      "%evt.type %fd.name %user.name %evt.args'";
  auto want = saker("print --all" + fmt + " " + original);
  ASSERT_EQ(want.status, 0) << want.out;
  auto want_default = saker("print " + original);
  std::vector<std::string> reversed(in.rbegin(), in.rend());
  for (const auto& inputs : {in, reversed}) {
    auto out = (dir / "merged.scap").string();
    fs::remove(out);
    auto r = saker("merge -o " + out + joined(inputs));
    ASSERT_EQ(r.status, 0) << r.out;
    if (inputs == in) {  // the first input's tables are the original's: the same output
      EXPECT_EQ(saker("print --all" + fmt + " " + out).out, want.out) << original;
      EXPECT_EQ(saker("print " + out).out, want_default.out) << original;
    } else {  // the last piece's tables: the same events, in the same order
      auto a = saker("print --all -p '%evt.num %evt.rawtime %evt.cpu %thread.tid %evt.dir %evt.type' " + out);
      auto b =
          saker("print --all -p '%evt.num %evt.rawtime %evt.cpu %thread.tid %evt.dir %evt.type' " + original);
      EXPECT_EQ(a.out, b.out) << original;
    }
  }
}

TEST(CliMerge, PiecesOfTheBundledSampleMergeBackIntoTheOriginal) {
  expect_merge_equals_original((test::samples_dir() / "shell-session.scap").string(), 3);
}

TEST(CliMerge, PiecesOfARealCaptureMergeBackIntoTheOriginal) {
  SAKER_REQUIRE_SHARED();
  expect_merge_equals_original((test::shared_dir() / "captures/sample.scap").string(), 2);
}

// Compressed inputs and output; sysdig 0.29 reads the merge.
TEST(CliMerge, CompressedInputsAndSysdigReadsTheMerge) {
  test::TempDir dir;
  auto original = (test::samples_dir() / "shell-session.scap").string();
  auto in = split_capture(original, dir.path(), 2, scap::Compression::Gzip);
  auto zst = (dir / "piece-1.scap.zst").string();
  ASSERT_EQ(saker("convert --compress zstd " + in[1] + " " + zst).status, 0);
  auto out = (dir / "merged.scap.zst").string();
  auto r = saker("merge --compress zstd -o " + out + " " + in[0] + " " + zst);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("events from 2 captures"), std::string::npos) << r.out;
  const std::string p = " -p '%evt.num %evt.rawtime %thread.tid %evt.type %fd.name'";
  EXPECT_EQ(saker("print" + p + " " + out).out, saker("print" + p + " " + original).out);
  if (!test::have_sysdig()) GTEST_SKIP() << "sysdig is not installed";
  auto plain = (dir / "merged.scap").string();
  ASSERT_EQ(saker("merge -o " + plain + " " + in[0] + " " + zst).status, 0);
  auto theirs = test::run_command("sysdig -r " + plain + " 2>&1 >/dev/null; echo status $?");
  EXPECT_EQ(theirs.out, "status 0\n");
  auto a = test::run_command("sysdig -r " + plain + " -p '%evt.rawtime %thread.tid %evt.type' 2>/dev/null");
  auto b =
      test::run_command("sysdig -r " + original + " -p '%evt.rawtime %thread.tid %evt.type' 2>/dev/null");
  EXPECT_EQ(a.out, b.out);
  EXPECT_GT(a.out.size(), 100u);
}

// Refusals: another machine, the output an input (by name or through a link), an output that
// is a symbolic link, a read-only folder. The inputs stay byte for byte.
TEST(CliMerge, RefusalsLeaveEveryInputAlone) {
  test::TempDir dir;
  auto in = split_capture((test::samples_dir() / "shell-session.scap").string(), dir.path(), 2);
  std::vector<std::string> before;
  for (const auto& f : in) before.push_back(test::read_file(f));
  auto unchanged = [&] {
    for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(test::read_file(in[i]), before[i]) << in[i];
  };
  for (const auto& target : {in[0], in[1]}) {
    auto r = saker("merge -f -o " + target + joined(in));
    EXPECT_EQ(r.status, 3) << r.out;
    EXPECT_NE(r.out.find(target), std::string::npos) << r.out;
    unchanged();
  }
  fs::create_symlink(in[1], dir / "link.scap");
  fs::create_symlink(dir / "nowhere", dir / "dangling.scap");
  for (const std::string link : {"link.scap", "dangling.scap"}) {
    auto r = saker("merge -f -o " + (dir / link).string() + joined(in));
    EXPECT_EQ(r.status, 3) << r.out;
    EXPECT_TRUE(fs::is_symlink(dir / link));
    unchanged();
  }
  EXPECT_FALSE(fs::exists(dir / "nowhere"));
  // Another host: refused with both names, unless asked for.
  scap::Reader r0(in[0]);
  auto meta = r0.metadata();
  ASSERT_TRUE(meta.machine);
  meta.machine->hostname = "elsewhere";
  auto other = (dir / "other.scap").string();
  {
    scap::Writer w(other);
    w.begin_section(meta);
    scap::EventBuilder b;
    w.write_event(b.begin(scap::EventType::SyscallCloseE, 1, 1).num<int64_t>(3).view());
    w.close();
  }
  auto out = (dir / "out.scap").string();
  auto r = saker("merge -o " + out + " " + in[0] + " " + other);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(in[0] + " and " + other + " were recorded on different machines (hostname"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(out));
  r = saker("merge --allow-other-machines -o " + out + " " + in[0] + " " + other);
  EXPECT_EQ(r.status, 0) << r.out;
  unchanged();
  // A folder the user cannot write to (run as nobody, since root writes anywhere).
  if (::geteuid() == 0 && ::access("/usr/bin/setpriv", X_OK) == 0) {
    auto ro = dir / "ro";
    fs::create_directory(ro);
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(ro, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    for (const auto& f : in)
      fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    auto nobody =
        test::run_command("setpriv --reuid=65534 --regid=65534 --clear-groups " + std::string(SAKER_BIN) +
                          " merge -o " + (ro / "new.scap").string() + joined(in) + " 2>&1");
    EXPECT_EQ(nobody.status, 3) << nobody.out;
    EXPECT_NE(nobody.out.find("Permission denied"), std::string::npos) << nobody.out;
    EXPECT_TRUE(fs::is_empty(ro));
    unchanged();
  }
}

// A truncated input: its events before the cut are merged, the error names it and the offset,
// the exit status says the input was bad and the output is kept.
TEST(CliMerge, ATruncatedInputKeepsItsEventsBeforeTheDamage) {
  test::TempDir dir;
  auto original = (test::samples_dir() / "shell-session.scap").string();
  auto in = split_capture(original, dir.path(), 2);
  auto bytes = test::read_file(in[1]);
  test::write_file(in[1], bytes.substr(0, bytes.size() - 10));
  auto out = (dir / "merged.scap").string();
  auto r = saker("merge -o " + out + joined(in));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("saker merge: " + in[1] + ": offset "), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(out));
  // Every event but the cut last one.
  const std::string p = " --all -p '%evt.num %evt.rawtime %thread.tid %evt.type'";
  auto whole = saker("print" + p + " " + original).out;
  auto merged = saker("print" + p + " " + out).out;
  ASSERT_FALSE(merged.empty());
  EXPECT_EQ(whole.substr(0, merged.size()), merged);
  EXPECT_LT(merged.size(), whole.size());
  EXPECT_GT(merged.size(), whole.size() * 9 / 10);
}

TEST(CliMerge, HelpAndUsage) {
  auto r = saker("merge --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("EXAMPLES"), std::string::npos);
  EXPECT_NE(r.out.find("--allow-other-machines"), std::string::npos);
  EXPECT_EQ(saker("merge a.scap b.scap").status, 2);  // no -o
  EXPECT_EQ(saker("merge -o x.scap").status, 2);      // no input
}

}  // namespace
}  // namespace saker
