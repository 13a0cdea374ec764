// Falco's own ruleset loads unchanged, every rule compiles, every field it names is known.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "saker/query/field.h"
#include "saker/rules/ruleset.h"
#include "test_paths.h"

namespace saker::rules {
namespace {

std::string falco_rules() {
  return (test::shared_dir() / "rules/falco_rules.yaml").string();
}

TEST(FalcoRules, LoadWithoutErrorsAndEveryRuleCompiles) {
  SAKER_REQUIRE_SHARED();
  RuleSet rs;
  rs.load_path(falco_rules());
  rs.compile();
  for (const auto& m : rs.messages())
    EXPECT_NE(m.severity, LoadMessage::Severity::Error) << m.code << " " << m.item_name << ": " << m.message;
  size_t enabled = 0;
  for (const auto& r : rs.rules()) enabled += r.enabled;
  EXPECT_GT(enabled, 10u);
  EXPECT_EQ(rs.compiled().size(), enabled);
  for (const auto& cr : rs.compiled()) EXPECT_FALSE(cr.filter.event_types().all()) << cr.rule->name;
}

TEST(FalcoRules, EveryFieldTheRulesUseIsKnown) {
  SAKER_REQUIRE_SHARED();
  // Every condition and output of the file (comments mention fields of other versions).
  std::string text;
  for (const auto& item : YAML::LoadFile(falco_rules())) {
    for (const char* key : {"condition", "output"})
      if (item[key]) text += item[key].as<std::string>() + "\n";
  }
  // Field references in conditions and outputs: class.name with optional [arg].
  std::regex field_re(
      R"((?:^|[\s(%!,=])((?:evt|proc|thread|fd|fs\.path|user|group|container|k8s|syscall)\.[a-z0-9_.]+)(\[[^\]]*\])?)");
  std::set<std::string> fields;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), field_re); it != std::sregex_iterator();
       ++it) {
    std::string f = (*it)[1].str();
    while (!f.empty() && f.back() == '.') f.pop_back();
    fields.insert(f + (*it)[2].str());
  }
  ASSERT_GT(fields.size(), 50u);
  for (const auto& f : fields) {
    query::FieldRef ref;
    std::string err;
    EXPECT_TRUE(query::resolve_field(f, ref, err)) << f << ": " << err;
  }
}

}  // namespace
}  // namespace saker::rules
