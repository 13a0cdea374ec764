// Which searches the index answers alone: every field the filter and the output format use
// must be one the index stores exactly (docs/decisions.md lists them and why).
#pragma once

#include <string>

#include "saker/query/filter_ast.h"
#include "saker/query/output_format.h"

namespace saker::query::index_answer {

// True when the index answers the field (a field name as the registry has it, "evt.arg").
bool answers(std::string_view field);

// Empty when the index answers every field `filter` (may be null) and `format` use, else
// the first field it does not answer, as "proc.pname".
std::string unanswered_field(const ast::Expr* filter, const OutputFormat& format);

}  // namespace saker::query::index_answer
