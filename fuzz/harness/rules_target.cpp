// Rule-file harness: load, compile, and run the rules over the sample capture.
#include <string>

#include "harness.h"
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
  rules::AlertText text;
  replay_sample([&](const query::EvalContext& ctx) {
    engine.evaluate(ctx,
                    [&](const rules::CompiledRule& r) { rules::format_alert(r, ctx, "host", true, text); });
  });
  return 0;
}

}  // namespace saker::fuzz
