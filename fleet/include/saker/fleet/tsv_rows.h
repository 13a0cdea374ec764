// Reading ClickHouse's TabSeparated answers, which come from a server and are checked: every
// row must have the columns asked for.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace saker::fleet {

// Splits a TabSeparated answer into rows of `columns` fields, unescaping each field; a field
// of exactly \N is NULL. next() throws FleetBrowseError(BadAnswer) on a row with another
// number of fields; field() views stay valid until the next call of next().
class TsvRows {
 public:
  TsvRows(std::string_view answer, size_t columns);
  // False at the end.
  bool next();
  std::string_view field(size_t i) const { return fields_[i]; }
  bool null(size_t i) const { return nulls_[i]; }
  size_t line() const { return line_; }

 private:
  std::string_view answer_;
  size_t pos_ = 0, line_ = 0, columns_;
  std::vector<std::string> buf_;  // unescaped fields, reused from row to row
  std::vector<std::string_view> fields_;
  std::vector<bool> nulls_;
};

}  // namespace saker::fleet
