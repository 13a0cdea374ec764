// Filters and rule files built to hurt: nesting deep enough to exhaust the stack, macros that
// expand exponentially or refer to themselves, chains of lists, and files with thousands of
// items. Each gets a clear error (or loads), never a crash or a hang.
#include <gtest/gtest.h>

#include <string>

#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"
#include "saker/rules/ruleset.h"

namespace saker {
namespace {

using query::Filter;
using query::SyntaxError;

std::string error_of(const std::string& text, const query::FilterEnv* env = nullptr) {
  try {
    Filter::compile(text, env);
  } catch (const SyntaxError& e) {
    return e.what();
  }
  return "";
}

TEST(HostileFilters, DeepNotChainsAreRefused) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "not ";
  text += "evt.num = 1";
  auto e = error_of(text);
  EXPECT_NE(e.find("nested deeper than"), std::string::npos) << e;
}

TEST(HostileFilters, DeepTransformersAreRefused) {
  std::string text = "evt.num = 1 and ";
  for (int i = 0; i < 100000; ++i) text += "tolower(";
  text += "proc.name";
  text += std::string(100000, ')');
  text += " = x";
  auto e = error_of(text);
  EXPECT_NE(e.find("nested deeper than"), std::string::npos) << e;
  // The column points into the nesting, not at the start.
  EXPECT_EQ(e.rfind("column ", 0), 0u) << e;
}

TEST(HostileFilters, DeepListsInsideTransformersAreRefused) {
  std::string text = "proc.name in join(\",\", ";
  for (int i = 0; i < 100000; ++i) text += "(";
  auto e = error_of(text);
  EXPECT_NE(e.find("nested deeper than"), std::string::npos) << e;
}

TEST(HostileFilters, NestingWithinTheLimitStillCompiles) {
  std::string text = std::string(50, '(') + "evt.num = 1" + std::string(50, ')');
  EXPECT_EQ(error_of(text), "");
  text = "tolower(tolower(tolower(proc.name))) = bash";
  EXPECT_EQ(error_of(text), "");
}

TEST(HostileFilters, LongFlatConditionsCompile) {
  // Wide, not deep: 20000 alternatives is fine.
  std::string text = "evt.num = 0";
  for (int i = 1; i < 20000; ++i) text += " or evt.num = " + std::to_string(i);
  EXPECT_EQ(error_of(text), "");
}

rules::RuleSet load(const std::string& text) {
  rules::RuleSet rs;
  rs.load_text(text, "hostile.yaml");
  rs.compile();
  return rs;
}

const rules::LoadMessage* first_error(const rules::RuleSet& rs) {
  for (const auto& m : rs.messages())
    if (m.severity == rules::LoadMessage::Severity::Error) return &m;
  return nullptr;
}

std::string rule(const std::string& condition) {
  return "- rule: r\n  desc: d\n  condition: " + condition + "\n  output: o\n  priority: INFO\n";
}

TEST(HostileRules, DeeplyNestedConditionIsACompileError) {
  std::string cond = std::string(5000, '(') + "evt.type = open" + std::string(5000, ')');
  auto rs = load(rule(cond));
  const auto* m = first_error(rs);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->code, "LOAD_ERR_COMPILE_CONDITION");
  EXPECT_NE(m->message.find("nested deeper than"), std::string::npos) << m->message;
  EXPECT_EQ(m->pos.file, "hostile.yaml");
  EXPECT_GT(m->pos.line, 0u);
}

TEST(HostileRules, DeeplyNestedMacroConditionNamesTheMacro) {
  std::string cond = std::string(5000, '(') + "evt.type = open" + std::string(5000, ')');
  auto rs = load("- macro: deep\n  condition: " + cond + "\n" + rule("deep"));
  const auto* m = first_error(rs);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->item_type, "macro");  // every macro is compiled on its own, as Falco
  EXPECT_EQ(m->item_name, "deep");
  EXPECT_NE(m->message.find("nested deeper than"), std::string::npos) << m->message;
}

TEST(HostileRules, LongMacroChainsStopAtTheDepthLimit) {
  // m0 -> m1 -> ... -> m1999: each macro is shallow, the chain is not. A macro sees only the
  // macros defined before it (as Falco), so the chain is written from its end.
  std::string text;
  const int n = 2000;
  for (int i = n - 1; i >= 0; --i)
    text += "- macro: m" + std::to_string(i) +
            "\n  condition: " + (i + 1 < n ? "m" + std::to_string(i + 1) : std::string("evt.type = open")) +
            "\n";
  auto rs = load(text + rule("m0"));
  const auto* m = first_error(rs);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->code, "LOAD_ERR_COMPILE_CONDITION");
  EXPECT_NE(m->message.find("macros nested deeper than"), std::string::npos) << m->message.substr(0, 300);
}

TEST(HostileRules, ExponentialMacroExpansionIsRefused) {
  // x0 = x1 and x1, x1 = x2 and x2, ...: 2^40 references if expanded.
  std::string text = "- macro: x40\n  condition: evt.type = open\n";
  for (int i = 39; i >= 0; --i)
    text += "- macro: x" + std::to_string(i) + "\n  condition: x" + std::to_string(i + 1) + " and x" +
            std::to_string(i + 1) + "\n";
  auto rs = load(text + rule("x0"));
  const auto* m = first_error(rs);
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->message.find("expands more than"), std::string::npos) << m->message.substr(0, 300);
}

TEST(HostileRules, SelfRecursiveMacroIsAClearError) {
  auto rs = load("- macro: me\n  condition: evt.type = open and (me or proc.name = x)\n" + rule("me"));
  const auto* m = first_error(rs);
  ASSERT_NE(m, nullptr);
  // As Falco: a macro does not see itself.
  EXPECT_EQ(m->code, "LOAD_ERR_VALIDATE");
  EXPECT_NE(m->message.find("Undefined macro 'me'"), std::string::npos) << m->message;
}

TEST(HostileRules, LongListChainsExpandOneLevel) {
  // As Falco, a list expands the lists defined before it by one level, never recursively:
  // a long chain cannot recurse.
  std::string text;
  const int n = 1000;
  for (int i = n - 1; i >= 0; --i)
    text += "- list: l" + std::to_string(i) + "\n  items: [" +
            (i + 1 < n ? "l" + std::to_string(i + 1) : std::string("bash")) + "]\n";
  auto rs = load(text + rule("evt.type = execve and proc.name in (l0)"));
  EXPECT_EQ(first_error(rs), nullptr);
}

TEST(HostileRules, HugeRuleFilesLoad) {
  // 3000 rules, 3000 macros and a 20000-item list: loads and compiles, no errors.
  // (Each rule naming a list gets its own copy of the items: see docs/security.md.)
  const int kRules = 3000;
  std::string text = "- list: big\n  items: [";
  for (int i = 0; i < 20000; ++i) text += (i ? ", p" : "p") + std::to_string(i);
  text += "]\n";
  for (int i = 0; i < kRules; ++i) {
    auto s = std::to_string(i);
    text += "- macro: mac" + s + "\n  condition: proc.name = p" + s + "\n";
    text += "- rule: rule" + s + "\n  desc: d\n  condition: evt.type = execve and (mac" + s +
            (i % 100 == 0 ? " or proc.name in (big)" : "") +
            ")\n  output: \"%proc.name\"\n  priority: INFO\n";
  }
  auto rs = load(text);
  const auto* e = first_error(rs);
  EXPECT_EQ(e, nullptr) << e->message;
  EXPECT_EQ(rs.compiled().size(), static_cast<size_t>(kRules));
}

TEST(HostileRules, DeepYamlNestingIsAParseError) {
  std::string text = "- rule: r\n  desc: " + std::string(100000, '[') + "\n";
  auto rs = load(text);
  const auto* m = first_error(rs);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->code, "LOAD_ERR_YAML_PARSE");
}

TEST(HostileRules, StrayCommaBetweenDocumentsIsAParseErrorNotAHang) {
  // yaml-cpp 0.7's LoadAll loops forever here (its issue 1040).
  for (const std::string text :
       {",", "- list: a\n  items: [b]\n,\n", "- list: a\n  items: [b]\n---\n, x\n"}) {
    auto rs = load(text);
    const auto* m = first_error(rs);
    ASSERT_NE(m, nullptr) << text;
    EXPECT_EQ(m->code, "LOAD_ERR_YAML_PARSE");
    EXPECT_NE(m->message.find("unexpected ','"), std::string::npos) << m->message;
    EXPECT_GT(m->pos.line, 0u);
  }
}

}  // namespace
}  // namespace saker
