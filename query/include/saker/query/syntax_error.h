#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>

#include "saker/scap/command_error.h"

namespace saker::query {

// A located error in a filter or output format; `column` is 1-based, `length` the characters
// of the offending text from there (at least 1).
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(size_t column, const std::string& message, size_t length = 1)
      : std::runtime_error("column " + std::to_string(column) + ": " + message),
        column_(column),
        length_(length ? length : 1),
        message_(message) {}
  size_t column() const { return column_; }
  size_t length() const { return length_; }
  const std::string& message() const { return message_; }

 private:
  size_t column_;
  size_t length_;
  std::string message_;
};

// The caret line under a filter: `^` at the error's column, `~` under the rest of its text.
inline std::string caret_line(const SyntaxError& e, const std::string& filter) {
  size_t at = e.column() - 1;
  size_t tail = at < filter.size() ? std::min(e.length(), filter.size() - at) : 1;
  return std::string(at, ' ') + "^" + std::string(tail ? tail - 1 : 0, '~');
}

// The typed errors of a filter or an output format that does not compile: the column, and for a
// filter the text with a caret under it.
inline scap::CommandError filter_error(const SyntaxError& e, const std::string& filter) {
  return scap::CommandError(scap::ErrorKind::Filter, "bad filter at " + std::string(e.what()) + "\n  " +
                                                         filter + "\n  " + caret_line(e, filter));
}
inline scap::CommandError format_error(const SyntaxError& e) {
  return scap::CommandError(scap::ErrorKind::Filter, "bad output format at " + std::string(e.what()));
}

}  // namespace saker::query
