// Reruns Falco rules over a capture (the same loader and engine as `saker replay`) and
// keeps every alert with the event that triggered it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capture_store.h"
#include "saker/rules/ruleset.h"

namespace saker::inspector {

struct AlertRecord {
  uint64_t num = 0, ts = 0;
  rules::Priority priority = rules::Priority::Debug;
  std::string rule;
  std::string output;  // the rule's output line, as `saker replay` prints it
};

struct RulesRun {
  std::vector<AlertRecord> alerts;
  std::vector<std::string> rule_errors;  // file:line:column: message; nothing ran when set
  size_t rules = 0;
  uint64_t events = 0;
  bool truncated = false;  // more alerts than kept
  std::string error;       // damage in the capture
  bool cancelled = false;
};

// `rule_paths` empty: Saker's default ruleset.
RulesRun run_rules(const CaptureInfo& info, const std::vector<std::string>& rule_paths,
                   const std::atomic<bool>& cancel, const std::function<void(double)>& progress = {},
                   size_t max_alerts = 1'000'000);

}  // namespace saker::inspector
