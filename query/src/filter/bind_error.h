// Errors found while binding a filter: a SyntaxError at a 0-based offset, spanning `length`
// characters of the filter text (for the caret line).
#pragma once

#include <string>

#include "saker/query/syntax_error.h"

namespace saker::query::filter {

[[noreturn]] inline void fail(size_t pos, const std::string& msg, size_t length = 1) {
  throw SyntaxError(pos + 1, msg, length);
}

}  // namespace saker::query::filter
