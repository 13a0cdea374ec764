// Checks several rules share are computed once per event (rules::Engine's CheckCache): on
// every event of the rule samples, the bundled sample and the shared captures, the rules the
// engine reports are exactly those whose filter matches when evaluated alone, without a cache.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "saker/replay/capture_pass.h"
#include "saker/rules/engine.h"
#include "saker/rules/ruleset.h"
#include "test_paths.h"

namespace saker::rules {
namespace {

std::vector<std::filesystem::path> captures() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(test::samples_dir() / "rules"))
    if (e.path().extension() == ".scap") out.push_back(e.path());
  out.push_back(test::samples_dir() / "shell-session.scap");
  for (const auto& c : test::shared_captures()) out.push_back(c);
  return out;
}

// Every event of every capture: the engine's matches against each rule's filter alone.
// Returns how many matches there were.
size_t compare_on_captures(const RuleSet& rs) {
  Engine engine(rs);
  size_t matches = 0;
  for (const auto& capture : captures()) {
    SCOPED_TRACE(capture.string());
    replay::CapturePass pass(capture.string());
    replay::State& state = pass.state();
    replay::StateRenderContext render(state);
    query::EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    scap::EventView ev;
    std::vector<const CompiledRule*> by_engine, alone;
    while (pass.next(ev)) {
      query::note_first_event(ctx, ev);
      state.apply(ev);
      if (!ev.returned()) continue;
      ctx.ev = &ev;
      by_engine.clear();
      alone.clear();
      engine.evaluate(ctx, [&](const CompiledRule& r) { by_engine.push_back(&r); });
      for (const auto& cr : rs.compiled())
        if (cr.filter.rule_event_types().test(ev.type) && cr.filter.matches(ctx)) alone.push_back(&cr);
      EXPECT_EQ(by_engine, alone) << "event " << ev.num;
      if (by_engine != alone) return matches;
      matches += alone.size();
    }
  }
  return matches;
}

RuleSet compiled(const std::string& path) {
  RuleSet rs;
  rs.load_path(path);
  rs.compile();
  EXPECT_TRUE(rs.ok()) << path;
  return rs;
}

TEST(SharedChecks, DefaultRulesMatchAsEachRuleAlone) {
  RuleSet rs = compiled(SAKER_DEFAULT_RULES);
  EXPECT_GT(rs.shared_checks(), 10u);  // the macros the rules have in common
  EXPECT_GT(compare_on_captures(rs), 30u);
}

TEST(SharedChecks, UpstreamRulesMatchAsEachRuleAlone) {
  RuleSet rs = compiled(std::string(SAKER_UPSTREAM_RULES) + "/falco-rules-2.0.0-falco_rules.yaml");
  EXPECT_GT(rs.shared_checks(), 10u);
  compare_on_captures(rs);
}

TEST(SharedChecks, FalcoRulesOfTheSharedFolderMatchAsEachRuleAlone) {
  SAKER_REQUIRE_SHARED();
  RuleSet rs = compiled((test::shared_dir() / "rules/falco_rules.yaml").string());
  EXPECT_GT(rs.shared_checks(), 10u);
  compare_on_captures(rs);
}

}  // namespace
}  // namespace saker::rules
