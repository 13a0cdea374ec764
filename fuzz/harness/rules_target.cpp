// Rule-file harness: load, compile, and run the rules over the sample capture.
#include <string>

#include "harness.h"
#include "saker/replay/state.h"
#include "saker/rules/alert.h"
#include "saker/rules/engine.h"
#include "saker/rules/ruleset.h"
#include "support.h"

namespace saker::fuzz {

int rule_file(const uint8_t* data, size_t size) {
  rules::RuleSet rs;
  rs.load_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  rs.compile();
  if (rs.compiled().empty()) return 0;
  rules::Engine engine(rs);
  const SampleCapture& sample = sample_capture();
  replay::State state;
  state.load(sample.meta);
  replay::StateRenderContext render(state);
  rules::AlertText text;
  for (const auto& ev : sample.events) {
    state.apply(ev);
    query::EvalContext ctx{&ev, &state, &render, sample.events.front().ts};
    engine.evaluate(ctx,
                    [&](const rules::CompiledRule& r) { rules::format_alert(r, ctx, "host", true, text); });
  }
  return 0;
}

}  // namespace saker::fuzz
