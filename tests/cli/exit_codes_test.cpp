// Every subcommand follows one exit-status table (docs/exit-codes.md): 0 ok, 1 bad input
// (capture, rules, filter, SQL), 2 usage, 3 output or environment; errors are one line
// "saker CMD: FILE: offset N: what" on standard error, never an uncaught exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "run_command.h"
#include "test_paths.h"

namespace saker {
namespace {

struct Run {
  int status;
  std::string out, err;
};

// Standard output and standard error apart.
Run saker_run(const std::string& args, const std::string& redirect = "") {
  static int n = 0;
  auto err_file = std::filesystem::temp_directory_path() /
                  ("saker-exit-err-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  auto r =
      test::run_command(std::string(SAKER_BIN) + " " + args + " 2>" + err_file.string() + " " + redirect);
  std::ifstream f(err_file);
  std::string err((std::istreambuf_iterator<char>(f)), {});
  std::filesystem::remove(err_file);
  return {r.status, r.out, err};
}

class ExitCodes : public ::testing::Test {
 protected:
  void SetUp() override {
    cap_ = (dir_ / "s.scap").string();
    std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", cap_);
    bad_ = (dir_ / "bad.scap").string();
    std::ofstream(bad_) << "definitely not a capture";
    rules_ = (dir_ / "bad.yaml").string();
    std::ofstream(rules_)
        << "- rule: x\n  desc: d\n  condition: evt.type = open and nosuch_macro\n  output: o\n"
           "  priority: INFO\n";
  }
  test::TempDir dir_;
  std::string cap_, bad_, rules_;
};

// A bad --filter is shown with its text and a caret under the fault, as print shows it.
TEST_F(ExitCodes, ConvertFilterCaret) {
  auto out = (dir_ / "out.scap").string();
  auto r = saker_run("convert " + cap_ + " " + out + " --filter 'evt.type = openat and fd.nme = x'");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err,
            "saker convert: bad filter at column 23: unknown field 'fd.nme'\n"
            "  evt.type = openat and fd.nme = x\n"
            "                        ^~~~~~\n");
  auto p = saker_run("print " + cap_ + " 'evt.type = openat and fd.nme = x'");
  EXPECT_EQ(p.err.substr(p.err.find('\n')), r.err.substr(r.err.find('\n')));
}

TEST_F(ExitCodes, PrintExplain) {
  auto r = saker_run("print --explain 'evt.type = openat'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("event types: syscall, openat\n0000 EVENT_TYPE", 0), 0u) << r.out;
  r = saker_run("print --explain 'evt.type = = openat'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("saker print: bad filter at column", 0), 0u) << r.err;
  r = saker_run("print --explain");
  EXPECT_EQ(r.status, 2) << r.err;
}

TEST_F(ExitCodes, Print) {
  EXPECT_EQ(saker_run("print -n 3 " + cap_).status, 0);
  auto r = saker_run("print /nonexistent/x.scap");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err.rfind("saker print: /nonexistent/x.scap: ", 0), 0u) << r.err;
  r = saker_run("print " + bad_);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("saker print: " + bad_ + ": offset 0: ", 0), 0u) << r.err;
  r = saker_run("print " + cap_ + " 'evt.type = = openat'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("saker print: bad filter at column", 0), 0u) << r.err;
  r = saker_run("print " + cap_ + " -p '%evt.nosuch'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad output format at column"), std::string::npos) << r.err;
  r = saker_run("print --no-such-option " + cap_);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("saker print: ", 0), 0u) << r.err;
  r = saker_run("print -n x " + cap_);
  EXPECT_EQ(r.status, 2);
}

TEST_F(ExitCodes, InfoReportsDamageOnStandardError) {
  EXPECT_EQ(saker_run("info " + cap_).status, 0);
  auto r = saker_run("info " + bad_);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("saker info: " + bad_, 0), 0u) << r.err;
  EXPECT_EQ(r.out, "");
  // A capture cut in the middle of a block: the summary of what was read, and exit 1.
  auto cut = (dir_ / "cut.scap").string();
  std::filesystem::copy_file(cap_, cut);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) - 100);
  r = saker_run("info " + cut);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("events"), std::string::npos);
  EXPECT_EQ(r.err.rfind("saker info: " + cut + ": offset ", 0), 0u) << r.err;
}

TEST_F(ExitCodes, Convert) {
  auto out = (dir_ / "out.scap").string();
  EXPECT_EQ(saker_run("convert " + cap_ + " " + out).status, 0);
  auto r = saker_run("convert " + cap_ + " " + out);
  EXPECT_EQ(r.status, 3);  // exists: not replaced without --force
  EXPECT_NE(r.err.find("exists: not replaced"), std::string::npos) << r.err;
  EXPECT_EQ(saker_run("convert -f " + cap_ + " " + out).status, 0);
  EXPECT_EQ(saker_run("convert /nonexistent.scap " + (dir_ / "o2.scap").string()).status, 1);
  EXPECT_EQ(
      saker_run("convert " + cap_ + " " + (dir_ / "o3.scap").string() + " --filter 'evt.type ='").status, 1);
  EXPECT_EQ(saker_run("convert " + cap_ + " " + (dir_ / "o4.scap").string() + " --events x-y").status, 2);
  EXPECT_EQ(saker_run("convert " + cap_ + " " + (dir_ / "o5.scap").string() + " --compress lz77").status, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "o2.scap"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "o3.scap"));
  EXPECT_EQ(std::filesystem::status(out).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(ExitCodes, ReplayAndRules) {
  EXPECT_EQ(saker_run("replay -q " + cap_).status, 0);
  EXPECT_EQ(saker_run("replay -r " + rules_ + " " + cap_).status, 1);
  EXPECT_EQ(saker_run("replay --min-priority loud " + cap_).status, 2);
  EXPECT_EQ(saker_run("replay -t network -T process " + cap_).status, 2);
  EXPECT_EQ(saker_run("replay -f 'evt.type =' " + cap_).status, 1);
  EXPECT_EQ(saker_run("replay " + bad_).status, 1);
  EXPECT_EQ(saker_run("rules validate " + rules_).status, 1);
  auto r = saker_run("rules list " + rules_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("saker rules list: the rules have errors"), std::string::npos) << r.err;
  EXPECT_EQ(saker_run("rules").status, 2);
  EXPECT_EQ(saker_run("rules list").status, 0);
}

TEST_F(ExitCodes, IndexQueryAndSearch) {
  EXPECT_EQ(saker_run("index --no-rules /nonexistent.scap").status, 1);
  EXPECT_EQ(saker_run("index -r /nonexistent/rules.yaml " + cap_).status, 1);
  EXPECT_EQ(saker_run("query " + cap_ + " 'SELECT count(*) FROM events'").status, 0);
  auto r = saker_run("query " + cap_ + " 'SELEKT 1'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("saker query: SQL error at offset 0", 0), 0u) << r.err;
  r = saker_run("query " + cap_ + " 'SELECT 1; DELETE FROM meta'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("one statement at a time"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(saker_run("query " + cap_ + " 'SELECT 1;  -- fine\n'").status, 0);
  EXPECT_EQ(saker_run("query " + cap_ + " 'DELETE FROM meta'").status, 1);
  EXPECT_EQ(saker_run("query /nonexistent.scap 'SELECT 1'").status, 1);
  EXPECT_EQ(saker_run("search " + cap_ + " 'proc.name ='").status, 1);
  EXPECT_EQ(saker_run("search " + cap_ + " 'proc.name = cat'").status, 0);
  EXPECT_EQ(saker_run("search /nonexistent.scap").status, 1);
}

TEST_F(ExitCodes, FieldsAndRecordAndUsage) {
  EXPECT_EQ(saker_run("fields proc.").status, 0);
  EXPECT_EQ(saker_run("fields nosuchclass.").status, 2);
  EXPECT_EQ(saker_run("record").status, 2);  // -w FILE is required
  EXPECT_EQ(saker_run("nosuchcommand").status, 2);
  EXPECT_EQ(saker_run("").status, 2);
}

// Standard output on a full device: exit 3 and a message naming it, for every subcommand that
// writes there; never an abort.
TEST_F(ExitCodes, StandardOutputOnAFullDiskIsExit3) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::vector<std::string> commands = {
      "print " + cap_,
      "print -n 1 " + cap_,
      "info " + cap_,
      "info --json " + cap_,
      "replay -q " + cap_,
      "replay -q --json " + cap_,
      "rules list",
      "rules list --json",
      "rules validate " + std::string(SAKER_DEFAULT_RULES),
      "query " + cap_ + " 'SELECT * FROM events'",
      "query --format csv " + cap_ + " 'SELECT * FROM events'",
      "query --format json " + cap_ + " 'SELECT * FROM events'",
      "search " + cap_ + " 'proc.name = cat'",
      "search " + cap_,
      "fields",
      "fields --json",
      "--help",
      "print --help",
  };
  for (const auto& c : commands) {
    auto r = saker_run(c, ">/dev/full");
    EXPECT_EQ(r.status, 3) << c << ": " << r.err;
    EXPECT_NE(r.err.find("standard output: write failed: No space left on device"), std::string::npos)
        << c << ": " << r.err;
  }
}

// A reader that goes away early (`| head`) ends the command quietly.
TEST_F(ExitCodes, AClosedPipeEndsQuietly) {
  // Output far beyond a pipe's buffer, so the reader is gone before the writer ends.
  auto big = (dir_ / "big.scap").string();
  auto g =
      test::run_command(std::string(SAKER_GENCAP) + " --scenario load --events 20000 -o " + big + " 2>&1");
  ASSERT_EQ(g.status, 0) << g.out;
  for (const std::string c : {"print", "search", "query --format csv"}) {
    std::string what = c.rfind("query", 0) == 0 ? " 'SELECT * FROM events'" : "";
    for (const std::string trap : {"", "trap '' PIPE; "}) {  // SIGPIPE as it comes, or ignored by the parent
      auto err = (dir_ / "err").string();
      auto r = test::run_command(
          "bash -c " + test::shell_quote(trap + std::string(SAKER_BIN) + " " + c + " " + big + what + " 2>" +
                                         err + " | head -1 >/dev/null; echo ${PIPESTATUS[0]}"));
      EXPECT_EQ(r.out, "141\n") << c << trap;
      std::ifstream f(err);
      std::string text((std::istreambuf_iterator<char>(f)), {});
      EXPECT_EQ(text.find("saker " + c.substr(0, c.find(' ')) + ":"), std::string::npos) << text;
    }
  }
}

}  // namespace
}  // namespace saker
