#include "saker/rules/index_alerts.h"

#include <stdexcept>

#include <fmt/format.h>

#include "saker/rules/alert.h"
#include "saker/rules/commands.h"
#include "saker/rules/engine.h"

namespace saker::rules {

namespace {

class AlertObserver final : public query::IndexObserver {
 public:
  AlertObserver(std::unique_ptr<RuleSet> rules, std::string description)
      : rules_(std::move(rules)), engine_(*rules_), description_(std::move(description)) {
    for (const auto& r : rules_->compiled()) tags_.push_back(fmt::format("{}", fmt::join(r.rule->tags, ",")));
  }
  std::string description() const override { return description_; }
  void on_event(const query::EvalContext& ctx, const std::string& hostname,
                query::IndexAlertSink& alerts) override {
    engine_.evaluate(ctx, [&](const CompiledRule& r) {
      format_alert(r, ctx, hostname, false, text_);
      const std::string& tags = tags_[static_cast<size_t>(&r - rules_->compiled().data())];
      alerts.add_alert(*ctx.ev, r.rule->name, priority_name(r.rule->priority), tags, text_.output);
    });
  }

 private:
  std::unique_ptr<RuleSet> rules_;
  Engine engine_;
  std::string description_;
  std::vector<std::string> tags_;
  AlertText text_;
};

}  // namespace

std::unique_ptr<query::IndexObserver> make_alert_observer(const std::vector<std::string>& rule_paths) {
  auto rs = std::make_unique<RuleSet>();
  load_rules(*rs, rule_paths);
  if (!rs->ok()) {
    std::string msg = "the rules have errors:";
    for (const auto& m : rs->messages())
      if (m.severity == LoadMessage::Severity::Error) msg += "\n  " + format_message(m);
    throw std::runtime_error(msg);
  }
  std::string description = rule_paths.empty() ? std::string("rules: default")
                                               : fmt::format("rules: {}", fmt::join(rule_paths, ", "));
  return std::make_unique<AlertObserver>(std::move(rs), std::move(description));
}

query::ObserverFactory alert_observer_factory(std::vector<std::string> rule_paths) {
  return [paths = std::move(rule_paths)] {
    std::vector<std::unique_ptr<query::IndexObserver>> out;
    out.push_back(make_alert_observer(paths));
    return out;
  };
}

}  // namespace saker::rules
