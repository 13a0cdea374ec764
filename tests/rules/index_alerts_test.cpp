// The index's alerts table holds exactly the alerts saker replay prints.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "captured_output.h"
#include "saker/rules/commands.h"
#include "saker/rules/index_alerts.h"
#include "test_paths.h"

namespace saker::rules {
namespace {

std::vector<std::string> replay_lines(const std::string& capture) {
  ReplayOptions o;
  o.captures = {capture};
  o.rule_paths = {SAKER_DEFAULT_RULES};
  o.quiet = true;
  auto r = test::capture_output([&](std::FILE* out, std::FILE* err) { return run_replay(o, out, err); });
  EXPECT_EQ(r.status, 0);
  return test::split_lines(r.out);
}

std::vector<std::string> index_lines(const std::string& index) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(index.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT line FROM alerts ORDER BY id", -1, &s, nullptr), SQLITE_OK);
  std::vector<std::string> lines;
  while (sqlite3_step(s) == SQLITE_ROW)
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return lines;
}

TEST(IndexAlerts, SameAsReplayOnEveryRuleSample) {
  test::TempDir dir;
  auto observer = make_alert_observer({SAKER_DEFAULT_RULES});
  size_t total = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::samples_dir() / "rules")) {
    if (e.path().extension() != ".scap") continue;
    std::string index = (dir / (e.path().stem().string() + ".idx")).string();
    query::IndexOptions o;
    o.observers.push_back(observer.get());
    auto built = query::build_index(e.path().string(), index, o);
    auto want = replay_lines(e.path().string());
    EXPECT_EQ(index_lines(index), want) << e.path();
    EXPECT_EQ(built.alerts, want.size());
    total += want.size();
  }
  EXPECT_GT(total, 30u);  // every rule sample but the benign one alerts
}

TEST(IndexAlerts, RuleErrorsAreReported) {
  test::TempDir dir;
  std::string bad = (dir / "bad.yaml").string();
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs("- rule: broken\n  desc: x\n  condition: proc.name = = x\n  output: x\n  priority: WARNING\n",
             f);
  std::fclose(f);
  try {
    make_alert_observer({bad});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.yaml"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace saker::rules
