// Alerts in Falco's shapes: the text line and the JSON object
// {"hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"}.
#pragma once

#include <string>

#include "saker/rules/ruleset.h"

namespace saker::rules {

struct AlertText {
  std::string output;  // "08:00:00.000000000: Warning <rule output>"
  std::string json;    // one line
};

void format_alert(const CompiledRule& rule, const query::EvalContext& ctx, const std::string& hostname,
                  bool with_json, AlertText& out);

}  // namespace saker::rules
