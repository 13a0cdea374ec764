#include "saker/capture/live_alerts.h"

#include <memory>

namespace saker::capture {

LiveAlerts::LiveAlerts(const rules::RuleSet& rules, const scap::Metadata& initial,
                       scap::WriterProfile profile, rules::AlertOutputs& outputs)
    : numbering_(profile), engine_(rules), render_(state_), outputs_(outputs) {
  state_.load(initial);
  hostname_ = initial.machine ? initial.machine->hostname : "";
}

void LiveAlerts::on_event(const scap::EventView& live) {
  scap::EventView ev = live;
  numbering_.assign(ev);
  state_.apply(ev);
  if (!ev.returned()) return;  // rules see what a replay of the written capture returns
  query::EvalContext ctx;
  ctx.ev = &ev;
  ctx.state = &state_;
  ctx.render = &render_;
  engine_.evaluate(ctx, [&](const rules::CompiledRule& r) {
    ++alerts_;
    std::string uuid = rules::new_uuid();
    rules::AlertExtras extras{uuid, {}};
    rules::format_alert(r, ctx, hostname_, true, text_, &extras);
    outputs_.publish(
        std::make_shared<rules::Alert>(rules::Alert{r.rule->priority, text_.output, text_.json}));
  });
}

}  // namespace saker::capture
