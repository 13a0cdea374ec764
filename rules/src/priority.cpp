#include <algorithm>
#include <cctype>
#include <string>

#include "saker/rules/ruleset.h"

namespace saker::rules {

std::string_view priority_name(Priority p) {
  switch (p) {
    case Priority::Emergency:
      return "Emergency";
    case Priority::Alert:
      return "Alert";
    case Priority::Critical:
      return "Critical";
    case Priority::Error:
      return "Error";
    case Priority::Warning:
      return "Warning";
    case Priority::Notice:
      return "Notice";
    case Priority::Informational:
      return "Informational";
    case Priority::Debug:
      return "Debug";
  }
  return "Debug";
}

std::optional<Priority> parse_priority(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "emergency" || t == "emerg") return Priority::Emergency;
  if (t == "alert") return Priority::Alert;
  if (t == "critical" || t == "crit") return Priority::Critical;
  if (t == "error" || t == "err") return Priority::Error;
  if (t == "warning" || t == "warn") return Priority::Warning;
  if (t == "notice") return Priority::Notice;
  if (t == "informational" || t == "info") return Priority::Informational;
  if (t == "debug") return Priority::Debug;
  return std::nullopt;
}

}  // namespace saker::rules
