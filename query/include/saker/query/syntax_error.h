#pragma once

#include <stdexcept>
#include <string>

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

}  // namespace saker::query
