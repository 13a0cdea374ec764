// CSV as RFC 4180 writes it: the one quoting rule of `saker query --format csv` and the
// inspector's CSV export.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace saker::query {

// Appends `value` to `line` as one CSV field: as is, or in double quotes (quotes doubled) when
// it holds a comma, a quote, a newline or a carriage return.
void append_csv_field(std::string& line, std::string_view value);
// Appends `fields` as one CSV line, newline included.
void append_csv_line(std::string& text, const std::vector<std::string>& fields);

}  // namespace saker::query
