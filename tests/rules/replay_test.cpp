// saker replay end to end: the bundled sample through the default rules, JSON alerts in
// Falco's shape, and Falco's rules over every shared capture.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "captured_output.h"
#include "saker/rules/commands.h"
#include "test_paths.h"

namespace saker::rules {
namespace {

std::string run(ReplayOptions o, int* status = nullptr) {
  auto r = test::capture_output([&](std::FILE* out, std::FILE* err) { return run_replay(o, out, err); });
  if (status) *status = r.status;
  return r.out;
}

TEST(Replay, DefaultRulesFindTheSampleIncident) {
  ReplayOptions o;
  o.captures = {(test::samples_dir() / "shell-session.scap").string()};
  o.rule_paths = {SAKER_DEFAULT_RULES};
  o.json = true;
  o.quiet = true;
  int status = -1;
  std::string text = run(o, &status);
  EXPECT_EQ(status, 0);
  std::set<std::string> rules;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    for (const char* key :
         {"hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"})
      EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["source"], "syscall");
    EXPECT_EQ(j["hostname"], "saker-sample");
    EXPECT_TRUE(j["output_fields"].contains("evt.time"));
    rules.insert(j["rule"].get<std::string>());
  }
  // The scenario the sample records: each step must be caught.
  std::set<std::string> expected = {"Sensitive file read by an untrusted program",
                                    "Download tool connects outside the private network",
                                    "Permission change below a temporary directory",
                                    "Program run from a temporary directory",
                                    "Network connection from a program in a temporary directory",
                                    "User switched to root",
                                    "Shell history opened by another program",
                                    "File deleted below a temporary directory"};
  EXPECT_EQ(rules, expected);
}

TEST(Replay, TextAlertsAndPriorityFloor) {
  ReplayOptions o;
  o.captures = {(test::samples_dir() / "shell-session.scap").string()};
  o.rule_paths = {SAKER_DEFAULT_RULES};
  o.quiet = true;
  o.min_priority = Priority::Error;
  std::string text = run(o);
  EXPECT_NE(text.find(": Critical Network connection from a program in a temporary directory"),
            std::string::npos);
  EXPECT_NE(text.find(": Error Program run from a temporary directory | exe=/tmp/payload.sh"),
            std::string::npos);
  EXPECT_EQ(text.find("Notice"), std::string::npos);
}

TEST(Replay, BadRulesAreReportedAndNothingRuns) {
  test::TempDir dir;
  auto bad = (dir / "bad.yaml").string();
  std::ofstream(bad) << "- rule: x\n  desc: d\n  condition: evt.type = \n  output: o\n  priority: INFO\n";
  ReplayOptions o;
  o.captures = {(test::samples_dir() / "shell-session.scap").string()};
  o.rule_paths = {bad};
  int status = 0;
  run(o, &status);
  EXPECT_EQ(status, 1);
}

TEST(Replay, TagSelectionFirstMatchAndPatterns) {
  ReplayOptions o;
  o.captures = {(test::samples_dir() / "shell-session.scap").string()};
  o.rule_paths = {SAKER_DEFAULT_RULES};
  o.quiet = true;
  o.enabled_tags = {"network"};
  std::string text = run(o);
  EXPECT_NE(text.find("Download tool"), std::string::npos);
  EXPECT_EQ(text.find("Sensitive file"), std::string::npos);
  o.enabled_tags.clear();
  o.disabled_rules = {"temporary directory"};  // a substring, as Falco's -D
  text = run(o);
  EXPECT_EQ(text.find("temporary directory"), std::string::npos);
  EXPECT_NE(text.find("Sensitive file"), std::string::npos);
  o.disabled_rules.clear();
  o.enabled_tags = {"network"};
  o.disabled_tags = {"process"};
  int status = 0;
  run(o, &status);
  EXPECT_EQ(status, 2);  // -t and -T cannot be combined: usage
}

TEST(Replay, UnreadableCaptureExitsOne) {
  test::TempDir dir;
  auto bad = (dir / "bad.scap").string();
  std::ofstream(bad) << "not a capture";
  ReplayOptions o;
  o.captures = {bad};
  o.rule_paths = {SAKER_DEFAULT_RULES};
  o.quiet = true;
  int status = 0;
  run(o, &status);
  EXPECT_EQ(status, 1);
}

TEST(Replay, FalcoRulesOverEverySharedCapture) {
  SAKER_REQUIRE_SHARED();
  for (const auto& cap : test::shared_captures()) {
    ReplayOptions o;
    o.captures = {cap.string()};
    o.rule_paths = {(test::shared_dir() / "rules/falco_rules.yaml").string()};
    o.quiet = true;
    int status = -1;
    run(o, &status);
    EXPECT_EQ(status, 0) << cap;
  }
}

}  // namespace
}  // namespace saker::rules
