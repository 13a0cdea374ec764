// Pieces of Falco's rule loader shared by reading and compiling: exception checks, and the
// text substitutions Falco applies to conditions (list names, exception clauses).
#pragma once

#include <string>
#include <vector>

#include "saker/rules/ruleset.h"

namespace saker::rules {

// Falco's checks of an exception against its rule's source (rule_loader_collector.cpp):
// fields and comps of equal length, known comparison operators, known fields. Fills in the
// default comps (`=` per field, or `in` for a single field). False with `why` on an error.
bool check_exception(Exception& ex, std::string& why);

// The operators the filter language knows, and "op oneof|anyof|allof" on string operators.
bool is_comparison_operator(const std::string& op);
bool is_list_operator(const std::string& op);

// `(condition) and not (...)` for each exception with values, as Falco writes it. Throws
// std::runtime_error (a LOAD_ERR_VALIDATE) when a values tuple does not match the fields.
std::string condition_with_exceptions(const std::string& condition, const std::vector<Exception>& exceptions);

// Replaces every occurrence of the list's name, delimited by blanks, parentheses, commas or
// '=', by its items (quoted when they contain a space), as Falco's loader does before
// parsing. True when the name occurred.
bool substitute_list(std::string& condition, const std::string& name, const std::vector<std::string>& items);

}  // namespace saker::rules
