// Which rules open a capture: resolve_trigger_policy over small rule files.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "saker/capture/trigger_policy.h"

namespace saker::capture {
namespace {

rules::RuleSet ruleset(const std::string& yaml) {
  rules::RuleSet rs;
  rs.load_text(yaml, "test.yaml");
  rs.compile();
  EXPECT_TRUE(rs.ok());
  return rs;
}

const char* kNoCaptureKeys = R"(
- rule: Shell
  desc: a shell
  condition: evt.type = execve and proc.name = bash
  output: shell
  priority: WARNING
  tags: [shell]
- rule: Read
  desc: a read
  condition: evt.type = read
  output: read
  priority: INFO
- rule: Tmp exec
  desc: tmp
  condition: evt.type = execve and proc.exepath startswith /tmp
  output: tmp
  priority: CRITICAL
)";

std::set<std::string> names(const TriggerPolicy& p) {
  std::set<std::string> out;
  for (const auto* r : p.rules) out.insert(r->name);
  return out;
}

TEST(TriggerPolicy, WithoutCaptureKeysEveryAlertAtOrAboveWarningTriggers) {
  auto rs = ruleset(kNoCaptureKeys);
  auto p = resolve_trigger_policy(TriggerOptions{}, rs);
  EXPECT_EQ(names(p), (std::set<std::string>{"Shell", "Tmp exec"}));
  EXPECT_NE(p.summary.find("at or above Warning"), std::string::npos) << p.summary;
  EXPECT_NE(p.summary.find("2 of 3 enabled rules"), std::string::npos) << p.summary;
}

TEST(TriggerPolicy, APriorityChangesTheFloor) {
  auto rs = ruleset(kNoCaptureKeys);
  TriggerOptions o;
  o.min_priority = rules::Priority::Critical;
  EXPECT_EQ(names(resolve_trigger_policy(o, rs)), (std::set<std::string>{"Tmp exec"}));
  o.min_priority = rules::Priority::Debug;
  EXPECT_EQ(names(resolve_trigger_policy(o, rs)).size(), 3u);
}

TEST(TriggerPolicy, CaptureKeysWinOverThePriorityFloor) {
  auto rs = ruleset(std::string(kNoCaptureKeys) + R"(
- rule: Reads of shadow
  desc: shadow
  condition: evt.type = read and fd.name = /etc/shadow
  output: shadow
  priority: NOTICE
  capture: true
)");
  EXPECT_EQ(names(resolve_trigger_policy(TriggerOptions{}, rs)), (std::set<std::string>{"Reads of shadow"}));
}

TEST(TriggerPolicy, NamesAndTagsSelectRules) {
  auto rs = ruleset(kNoCaptureKeys);
  TriggerOptions o;
  o.rules = {"Re*"};
  o.tags = {"shell"};
  EXPECT_EQ(names(resolve_trigger_policy(o, rs)), (std::set<std::string>{"Read", "Shell"}));
}

TEST(TriggerPolicy, AllModeTakesEveryAlert) {
  auto rs = ruleset(kNoCaptureKeys);
  TriggerOptions o;
  o.mode = TriggerMode::All;
  EXPECT_EQ(names(resolve_trigger_policy(o, rs)).size(), 3u);
}

TEST(TriggerPolicy, UnknownNamesAndTagsAreErrors) {
  auto rs = ruleset(kNoCaptureKeys);
  TriggerOptions o;
  o.rules = {"No such rule"};
  try {
    resolve_trigger_policy(o, rs);
    FAIL() << "accepted an unknown rule name";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--trigger-rule 'No such rule' matches no enabled rule"),
              std::string::npos)
        << e.what();
  }
  o.rules.clear();
  o.tags = {"nope"};
  EXPECT_THROW(resolve_trigger_policy(o, rs), std::invalid_argument);
}

TEST(TriggerPolicy, RulesModeWithNothingSelectedIsAnError) {
  auto rs = ruleset(kNoCaptureKeys);
  TriggerOptions o;
  o.mode = TriggerMode::Rules;
  EXPECT_THROW(resolve_trigger_policy(o, rs), std::invalid_argument);
}

}  // namespace
}  // namespace saker::capture
