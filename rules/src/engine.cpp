#include "saker/rules/engine.h"

namespace saker::rules {

Engine::Engine(const RuleSet& rules, Priority min_priority,
               const std::function<bool(const CompiledRule&)>& keep) {
  checks_.resize(rules.shared_checks());
  // Rules stay in file order under each event type, catch-all rules included, as in Falco's
  // event-type index.
  for (const auto& cr : rules.compiled()) {
    if (cr.rule->priority > min_priority) continue;
    if (keep && !keep(cr)) continue;
    ++count_;
    const auto& types = cr.filter.rule_event_types();
    for (size_t t = 0; t < types.size(); ++t)
      if (types.test(t)) by_type_[t].push_back(&cr);
  }
}

}  // namespace saker::rules
