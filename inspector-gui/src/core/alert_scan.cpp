#include "alert_scan.h"

#include <fmt/format.h>

#include "saker/rules/alert.h"
#include "saker/rules/commands.h"
#include "saker/rules/engine.h"
#include "saker/scap/error.h"

namespace saker::inspector {

RulesRun run_rules(const CaptureInfo& info, const std::vector<std::string>& rule_paths,
                   const std::atomic<bool>& cancel, const std::function<void(double)>& progress,
                   size_t max_alerts) {
  RulesRun run;
  rules::RuleSet rs;
  rules::load_rules(rs, rule_paths);
  for (const auto& m : rs.messages())
    if (m.severity == rules::LoadMessage::Severity::Error)
      run.rule_errors.push_back(fmt::format("{}:{}:{}: {} ({} '{}'): {}", m.pos.file, m.pos.line,
                                            m.pos.column, m.code, m.item_type, m.item_name, m.message));
  if (!rs.ok()) return run;
  rules::Engine engine(rs);
  run.rules = engine.rule_count();
  try {
    scap::Reader reader(info.path, scap::whole_capture_pass());
    replay::State state;
    state.load(reader.metadata());
    replay::StateRenderContext render(state);
    std::string hostname = reader.metadata().machine ? reader.metadata().machine->hostname : "";
    query::EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    ctx.first_ts = info.first_ts;
    scap::EventView ev;
    uint32_t section = 0;
    rules::AlertText text;
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
      }
      state.apply(ev);
      if ((++run.events & 0xFFFF) == 0) {
        if (cancel.load(std::memory_order_relaxed)) {
          run.cancelled = true;
          break;
        }
        if (progress && info.events) progress(static_cast<double>(ev.num) / static_cast<double>(info.events));
      }
      ctx.ev = &ev;
      engine.evaluate(ctx, [&](const rules::CompiledRule& r) {
        if (run.alerts.size() >= max_alerts) {
          run.truncated = true;
          return;
        }
        rules::format_alert(r, ctx, hostname, false, text);
        run.alerts.push_back({ev.num, ev.ts, r.rule->priority, r.rule->name, text.output});
      });
    }
  } catch (const scap::CaptureError& e) {
    run.error = e.what();
  }
  return run;
}

}  // namespace saker::inspector
