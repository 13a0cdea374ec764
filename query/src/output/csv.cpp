#include "saker/query/csv.h"

namespace saker::query {

void append_csv_field(std::string& line, std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) {
    line += value;
    return;
  }
  line += '"';
  for (char c : value) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

void append_csv_line(std::string& text, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) text += ',';
    append_csv_field(text, fields[i]);
  }
  text += '\n';
}

}  // namespace saker::query
