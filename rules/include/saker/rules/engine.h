// Evaluates compiled rules per event. Rules are indexed by the event types they can match,
// so an event meets only the rules that may fire on it.
#pragma once

#include <array>
#include <functional>
#include <vector>

#include "saker/rules/ruleset.h"

namespace saker::rules {

class Engine {
 public:
  // `min_priority`: rules less severe than this are not evaluated; nor are those `keep`
  // (when given) refuses.
  explicit Engine(const RuleSet& rules, Priority min_priority = Priority::Debug,
                  const std::function<bool(const CompiledRule&)>& keep = {});

  // Calls on_match(const CompiledRule&) for every rule the event matches, in file order.
  // Not for two threads at once: the engine keeps the event's shared check results.
  template <typename F>
  void evaluate(const query::EvalContext& ctx, F&& on_match) const {
    const auto& rules = by_type_[ctx.ev->type];
    if (rules.empty()) return;
    checks_.next_event();
    query::EvalContext with_cache = ctx;
    with_cache.checks = &checks_;
    for (const CompiledRule* r : rules)
      if (r->filter.matches(with_cache)) on_match(*r);
  }

  size_t rule_count() const { return count_; }

 private:
  std::array<std::vector<const CompiledRule*>, scap::kEventTypeCount> by_type_;
  size_t count_ = 0;
  mutable query::CheckCache checks_;
};

}  // namespace saker::rules
