// `saker replay` (rerun rules over a capture) and `saker rules validate|list`.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "saker/rules/ruleset.h"

namespace saker::rules {

// Saker's own default ruleset directory (rules/default in the source tree, or installed).
std::string default_rules_dir();

struct ReplayOptions {
  std::vector<std::string> captures;
  std::vector<std::string> rule_paths;  // empty: the default ruleset
  bool with_default_rules = false;      // load the default ruleset first, then rule_paths
  bool json = false;
  std::string output_file;  // alerts go here instead of standard output (scap::SafeOutput)
  bool force = false;       // replace output_file when it is a regular file
  Priority min_priority = Priority::Debug;
  std::vector<std::string> disabled_rules;  // substrings of rule names (-D), as Falco's -D
  std::vector<std::string> disabled_tags;   // -T
  std::vector<std::string> enabled_tags;    // -t: only rules with one of these tags
  bool first_match = false;                 // stop at the first matching rule per event
  std::string filter;                       // only events matching this Falco filter meet the rules
  bool quiet = false;                       // no summary on standard error
  // --alert-output: the alerts go to these outputs (rules/include/saker/rules/alert_outputs.h)
  // instead of standard output; -o FILE still gets them too. Replay waits for a full queue.
  std::vector<std::string> alert_outputs;
  size_t alert_queue = 1024;
};

// Exit status: 0; 1 for rule errors, a bad filter or bad options; 2 when a capture cannot
// be read (alerts up to the damage were written).
// Returns 0. Throws scap::CommandError (rules with errors, bad options, a filter, an output
// that cannot be written) and scap::CaptureError (the first damaged capture, once every capture
// was replayed).
int run_replay(const ReplayOptions& opts, std::FILE* out, std::FILE* err);

struct ValidateOptions {
  std::vector<std::string> paths;
  bool json = false;
  bool strict = false;  // problems of macros no rule uses are errors (Falco: warnings)
};
int run_rules_validate(const ValidateOptions& opts, std::FILE* out);
int run_rules_list(const std::vector<std::string>& paths, bool json, std::FILE* out, std::FILE* err);

// Loads and compiles `paths` (empty: the default ruleset; `with_defaults`: the default ruleset
// first, then `paths`).
void load_rules(RuleSet& rs, const std::vector<std::string>& paths, bool with_defaults = false);
// "FILE:LINE:COLUMN: error CODE (rule 'x'): message", as every command prints load problems.
std::string format_message(const LoadMessage& m);
void print_messages(const RuleSet& rs, std::FILE* err, bool warnings);

}  // namespace saker::rules
