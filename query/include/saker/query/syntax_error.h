#pragma once

#include <stdexcept>
#include <string>

#include "saker/scap/command_error.h"

namespace saker::query {

// A located error in a filter or output format; `column` is 1-based.
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(size_t column, const std::string& message)
      : std::runtime_error("column " + std::to_string(column) + ": " + message),
        column_(column),
        message_(message) {}
  size_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  size_t column_;
  std::string message_;
};

// The typed errors of a filter or an output format that does not compile: the column, and for a
// filter the text with a caret under it.
inline scap::CommandError filter_error(const SyntaxError& e, const std::string& filter) {
  return scap::CommandError(scap::ErrorKind::Filter, "bad filter at " + std::string(e.what()) + "\n  " +
                                                         filter + "\n  " + std::string(e.column() - 1, ' ') +
                                                         "^");
}
inline scap::CommandError format_error(const SyntaxError& e) {
  return scap::CommandError(scap::ErrorKind::Filter, "bad output format at " + std::string(e.what()));
}

}  // namespace saker::query
