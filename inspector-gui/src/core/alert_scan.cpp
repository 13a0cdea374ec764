#include "alert_scan.h"

#include <fmt/format.h>

#include "rule_files.h"
#include "saker/rules/alert.h"
#include "saker/rules/commands.h"
#include "saker/rules/engine.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

RulesRun run_rules(const CaptureInfo& info, const std::vector<std::string>& rule_paths,
                   const std::atomic<bool>& cancel, const std::function<void(double)>& progress,
                   size_t max_alerts) {
  RulesRun run;
  rules::RuleSet rs;
  rules::load_rules(rs, rule_paths);
  run.rule_errors = rule_errors(rs);
  if (!rs.ok()) return run;
  rules::Engine engine(rs);
  run.rules = engine.rule_count();
  rules::AlertText text;
  PassHooks hooks;
  hooks.cancel = &cancel;
  hooks.tick = [&](PassContext&, const scap::EventView& ev) {
    if (progress && info.events) progress(static_cast<double>(ev.num) / static_cast<double>(info.events));
  };
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    engine.evaluate(pc.eval, [&](const rules::CompiledRule& r) {
      if (run.alerts.size() >= max_alerts) {
        run.truncated = true;
        return;
      }
      rules::format_alert(r, pc.eval, /*hostname (JSON only)*/ {}, false, text);
      run.alerts.push_back({ev.num, ev.ts, r.rule->priority, r.rule->name, text.output});
    });
    return true;
  };
  PassOutcome out = run_whole_capture(info, hooks, kNothingBefore, each);
  run.events = out.events;
  run.cancelled = out.cancelled;
  run.error = out.error;
  return run;
}

}  // namespace saker::inspector
