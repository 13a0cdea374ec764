// Parses Falco filter conditions into a syntax tree. Throws SyntaxError with the column.
#pragma once

#include <memory>
#include <string_view>

#include "saker/query/filter_ast.h"
#include "saker/query/syntax_error.h"

namespace saker::query {

// Deeper nesting than this is refused with an error rather than risking the stack.
inline constexpr size_t kMaxFilterDepth = 200;

std::unique_ptr<ast::Expr> parse_filter(std::string_view text);

}  // namespace saker::query
