#include "saker/capture/trigger_policy.h"

#include <fnmatch.h>

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace saker::capture {

namespace {

bool named(const std::vector<std::string>& patterns, const rules::Rule& r) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return fnmatch(p.c_str(), r.name.c_str(), 0) == 0; });
}

bool tagged(const std::vector<std::string>& tags, const rules::Rule& r) {
  return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
    return std::find(r.tags.begin(), r.tags.end(), t) != r.tags.end();
  });
}

// Each --trigger-rule and --trigger-tag must name at least one enabled rule: a typo would
// otherwise leave the recorder armed for an alert that can never come.
void check_selectors(const TriggerOptions& opts, const std::vector<rules::CompiledRule>& compiled) {
  for (const auto& p : opts.rules)
    if (std::none_of(compiled.begin(), compiled.end(),
                     [&](const rules::CompiledRule& c) { return named({p}, *c.rule); }))
      throw std::invalid_argument(fmt::format("--trigger-rule '{}' matches no enabled rule", p));
  for (const auto& t : opts.tags)
    if (std::none_of(compiled.begin(), compiled.end(),
                     [&](const rules::CompiledRule& c) { return tagged({t}, *c.rule); }))
      throw std::invalid_argument(fmt::format("--trigger-tag '{}' matches no enabled rule", t));
}

}  // namespace

TriggerPolicy resolve_trigger_policy(const TriggerOptions& opts, const rules::RuleSet& rules) {
  const auto& compiled = rules.compiled();
  check_selectors(opts, compiled);
  const bool any_capture_key = std::any_of(compiled.begin(), compiled.end(),
                                           [](const rules::CompiledRule& c) { return c.rule->capture; });
  const bool selected = any_capture_key || !opts.rules.empty() || !opts.tags.empty();
  TriggerMode mode = opts.mode;
  if (mode == TriggerMode::Auto && selected) mode = TriggerMode::Rules;
  std::optional<rules::Priority> floor = opts.min_priority;
  if (mode == TriggerMode::Auto && !floor) floor = rules::Priority::Warning;

  TriggerPolicy policy;
  for (const auto& c : compiled) {
    const rules::Rule& r = *c.rule;
    if (floor && r.priority > *floor) continue;  // lower value: more severe
    if (mode == TriggerMode::Rules && !r.capture && !named(opts.rules, r) && !tagged(opts.tags, r)) continue;
    policy.rules.insert(&r);
  }
  const std::string at_least = floor ? fmt::format(" at or above {}", rules::priority_name(*floor)) : "";
  switch (mode) {
    case TriggerMode::All:
      policy.summary = fmt::format("every alert{} triggers", at_least);
      break;
    case TriggerMode::Auto:
      policy.summary = fmt::format("no rule has capture: true, so every alert{} triggers", at_least);
      break;
    case TriggerMode::Rules:
      policy.summary =
          fmt::format("rules with capture: true{}{}{} trigger", opts.rules.empty() ? "" : ", --trigger-rule",
                      opts.tags.empty() ? "" : ", --trigger-tag", at_least);
      break;
  }
  if (policy.rules.empty())
    throw std::invalid_argument(
        fmt::format("no enabled rule can trigger a capture ({}); of {} enabled rules, none "
                    "qualifies: lower --trigger-priority or use --trigger-mode all",
                    policy.summary, compiled.size()));
  policy.summary += fmt::format(": {} of {} enabled rules", policy.rules.size(), compiled.size());
  return policy;
}

}  // namespace saker::capture
