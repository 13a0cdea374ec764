// Which syscalls a recording asks the kernel for.
#pragma once

#include <string>
#include <vector>

#include "saker/rules/ruleset.h"

namespace saker::capture {

// `spec`: "auto" (what the compiled rules can match plus what the state engine needs),
// "all" (every syscall), a comma-separated list of syscall or scap event names
// ("open,openat,execve"; "pread" selects pread64) to which the state engine's syscalls are
// added (process and fd attribution, as Falco's base_syscalls.repair), or such a list after
// '=' for exactly those ("=read,write"). Throws std::invalid_argument naming an unknown name.
std::vector<std::string> select_syscalls(const std::string& spec, const rules::RuleSet* rules);

}  // namespace saker::capture
