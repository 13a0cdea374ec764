// The ruleset the inspector reruns: rule files are checked before they join or replace the
// active ones, so a file with errors never leaves the inspector without its last good rules.
#pragma once

#include <string>
#include <vector>

#include "saker/rules/ruleset.h"

namespace saker::inspector {

struct RuleCheck {
  std::vector<std::string> errors;  // one per problem: "FILE:LINE:COLUMN: message"
  size_t rules = 0;                 // enabled rules that would run
  bool ok() const { return errors.empty(); }
};

// Loads and compiles `paths` (empty: Saker's default ruleset) as a rerun would, runs nothing.
RuleCheck check_rules(const std::vector<std::string>& paths);

// Every error of a loaded ruleset, "FILE:LINE:COLUMN: message (CODE, rule 'x')".
std::vector<std::string> rule_errors(const rules::RuleSet& rs);

// The rule paths after loading `files`: after the active ones (`add`; an empty `active`, the
// default ruleset, stands for its directory) or instead of them.
std::vector<std::string> combine_rule_paths(const std::vector<std::string>& active,
                                            const std::vector<std::string>& files, bool add);

}  // namespace saker::inspector
