// The saker program end to end: help, errors, info, convert.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "run_command.h"
#include "test_paths.h"

namespace saker {
namespace {

test::CommandResult saker(const std::string& args) { return test::run_command(std::string(SAKER_BIN) + " " + args + " 2>&1"); }

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* sub : {"print", "info", "convert"}) {
    auto r = saker(std::string(sub) + " --help");
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
  auto v = saker("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_NE(v.out.find("saker "), std::string::npos);
}

TEST(Cli, MissingAndBadCapturesAreClearErrors) {
  auto r = saker("print /nonexistent/file.scap");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("/nonexistent/file.scap"), std::string::npos) << r.out;
  test::TempDir dir;
  auto bad = (dir / "bad.scap").string();
  std::ofstream(bad) << "definitely not a capture";
  r = saker("print " + bad);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find(bad), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not a .scap capture"), std::string::npos) << r.out;
}

TEST(Cli, BadOutputFormatNamesTheColumn) {
  SAKER_REQUIRE_SHARED();
  auto r = saker("print " + (test::shared_dir() / "captures/sample.scap").string() + " -p '%evt.num %evt.nosuch'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("column 11"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("evt.nosuch"), std::string::npos) << r.out;
}

TEST(Cli, InfoSummarisesACapture) {
  SAKER_REQUIRE_SHARED();
  auto r = saker("info " + (test::shared_dir() / "captures/sample.scap").string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("ubuntu2204.localdomain"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("events             572"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EV_V2            572"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("switch >"), std::string::npos) << r.out;
  auto j = saker("info --json " + (test::shared_dir() / "captures/sample.scap").string());
  EXPECT_EQ(j.status, 0);
  EXPECT_NE(j.out.find("\"events\": 572"), std::string::npos) << j.out;
}

TEST(Cli, LimitStopsAfterNLines) {
  SAKER_REQUIRE_SHARED();
  auto r = saker("print -n 7 " + (test::shared_dir() / "captures/curl_google.scap").string());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 7);
}

TEST(Cli, ConvertWritesAReadableCompressedCapture) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto in = (test::shared_dir() / "captures/connect_localhost.scap").string();  // no exit lacks its enter
  auto out = (dir / "out.scap.zst").string();
  auto r = saker("convert " + in + " " + out + " --compress zstd");
  ASSERT_EQ(r.status, 0) << r.out;
  auto a = saker("print --all -p '%evt.num %evt.type %evt.dir %thread.tid' " + in);
  auto b = saker("print --all -p '%evt.num %evt.type %evt.dir %thread.tid' " + out);
  EXPECT_EQ(a.out, b.out);
  EXPECT_GT(a.out.size(), 1000u);
}

}  // namespace
}  // namespace saker
