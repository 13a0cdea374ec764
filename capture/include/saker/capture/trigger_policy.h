// Which rules open a capture in triggered recording (docs/record.md, "What triggers").
#pragma once

#include <string>
#include <unordered_set>

#include "saker/capture/trigger.h"
#include "saker/rules/ruleset.h"

namespace saker::capture {

struct TriggerPolicy {
  std::unordered_set<const rules::Rule*> rules;  // enabled rules whose alerts open a capture
  std::string summary;                           // one line for the operator: what triggers, how many
};

// Auto (the default): rules with Falco's `capture: true` key, --trigger-rule and --trigger-tag
// trigger when any are given or present; otherwise every alert at or above --trigger-priority
// (Warning unless set). Rules: only those. All: every alert (at or above --trigger-priority when
// set). Throws std::invalid_argument when a --trigger-rule or --trigger-tag matches no enabled
// rule, or when no rule at all can trigger (the recorder would never write a capture).
TriggerPolicy resolve_trigger_policy(const TriggerOptions& opts, const rules::RuleSet& rules);

}  // namespace saker::capture
