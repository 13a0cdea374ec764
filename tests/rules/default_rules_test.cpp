// Saker's default ruleset: every rule fires on its own sample and none fires on a benign one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <set>

#include "captured_output.h"
#include "saker/rules/commands.h"
#include "saker/rules/ruleset.h"
#include "test_paths.h"

namespace saker::rules {
namespace {

std::string slug(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::set<std::string> fired(const std::filesystem::path& capture) {
  ReplayOptions o;
  o.captures = {capture.string()};
  o.rule_paths = {SAKER_DEFAULT_RULES};
  o.json = true;
  o.quiet = true;
  auto r = test::capture_output([&](std::FILE* out, std::FILE* err) { return run_replay(o, out, err); });
  EXPECT_EQ(r.status, 0) << capture;
  std::set<std::string> rules;
  for (const auto& line : test::split_lines(r.out))
    if (!line.empty()) rules.insert(nlohmann::json::parse(line)["rule"].get<std::string>());
  return rules;
}

TEST(DefaultRules, LoadCleanlyWithAtLeastThirtyRules) {
  RuleSet rs;
  rs.load_path(SAKER_DEFAULT_RULES);
  rs.compile();
  for (const auto& m : rs.messages()) ADD_FAILURE() << m.code << " " << m.item_name << ": " << m.message;
  EXPECT_GE(rs.compiled().size(), 30u);
}

TEST(DefaultRules, EachRuleFiresOnItsSample) {
  RuleSet rs;
  rs.load_path(SAKER_DEFAULT_RULES);
  rs.compile();
  for (const auto& r : rs.rules()) {
    auto sample = test::samples_dir() / "rules" / (slug(r.name) + ".scap");
    ASSERT_TRUE(std::filesystem::exists(sample)) << "no sample for rule '" << r.name << "': " << sample;
    auto rules = fired(sample);
    EXPECT_TRUE(rules.count(r.name)) << r.name << " did not fire on " << sample;
  }
}

TEST(DefaultRules, NoRuleFiresOnTheBenignSample) {
  auto rules = fired(test::samples_dir() / "rules" / "benign.scap");
  for (const auto& r : rules) ADD_FAILURE() << "fired on benign activity: " << r;
}

}  // namespace
}  // namespace saker::rules
