// Alerts in Falco's shapes: the text line and the JSON object
// {"hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"}.
#pragma once

#include <string>
#include <string_view>

#include "saker/rules/ruleset.h"

namespace saker::rules {

struct AlertText {
  std::string output;  // "08:00:00.000000000: Warning <rule output>"
  std::string json;    // one line
};

// What the alert outputs add to Falco's JSON: a `uuid` (falcosidekick's key) and fields of
// Saker's own in output_fields ("saker.capture": the triggered capture the alert is in).
struct AlertExtras {
  std::string_view uuid;
  std::string_view capture;  // empty: no saker.capture
};

void format_alert(const CompiledRule& rule, const query::EvalContext& ctx, const std::string& hostname,
                  bool with_json, AlertText& out, const AlertExtras* extras = nullptr);

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_uuid();

}  // namespace saker::rules
