#include "saker/fleet/tsv_rows.h"

#include <fmt/format.h>

#include "saker/fleet/fleet_browse.h"

namespace saker::fleet {

namespace {

[[noreturn]] void bad_row(size_t line, size_t column, std::string_view why) {
  throw FleetBrowseError(FleetBrowseError::Kind::BadAnswer,
                         fmt::format("the server's answer, line {} field {}: {}", line, column + 1, why));
}

}  // namespace

TsvRows::TsvRows(std::string_view answer, size_t columns)
    : answer_(answer), columns_(columns), buf_(columns), fields_(columns), nulls_(columns) {}

bool TsvRows::next() {
  if (pos_ >= answer_.size()) return false;
  ++line_;
  size_t nl = answer_.find('\n', pos_);
  if (nl == std::string_view::npos) nl = answer_.size();
  std::string_view row = answer_.substr(pos_, nl - pos_);
  pos_ = nl + 1;
  size_t col = 0, start = 0;
  for (size_t i = 0; i <= row.size(); ++i) {
    if (i < row.size() && row[i] != '\t') continue;
    if (col >= columns_) bad_row(line_, col, fmt::format("more than {} fields", columns_));
    std::string_view raw = row.substr(start, i - start);
    nulls_[col] = raw == "\\N";
    if (raw.find('\\') == std::string_view::npos || nulls_[col]) {
      fields_[col] = raw;
    } else {
      std::string& out = buf_[col];
      out.clear();
      for (size_t k = 0; k < raw.size(); ++k) {
        char c = raw[k];
        if (c != '\\') {
          out += c;
          continue;
        }
        if (++k == raw.size()) bad_row(line_, col, "a backslash at the end of the field");
        switch (raw[k]) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case '0':
            out += '\0';
            break;
          default:  // \\, \', and any other character stands for itself
            out += raw[k];
        }
      }
      fields_[col] = out;
    }
    ++col;
    start = i + 1;
  }
  if (col != columns_) bad_row(line_, col, fmt::format("{} fields, {} expected", col, columns_));
  return true;
}

}  // namespace saker::fleet
