// Falco filter text built from values the capture holds (drill-down from the statistics
// tables): a value is written bare when the filter language reads it back unchanged as a bare
// word, otherwise in single quotes with the escapes the parser decodes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace saker::inspector {

// `value` as a filter literal: `/etc/hosts`, `curl`, `'a b'`, `'it\'s'`, `''`.
std::string filter_literal(std::string_view value);

// `field = value`, the value written by filter_literal.
std::string filter_equals(std::string_view field, std::string_view value);

// `field = N`.
std::string filter_equals(std::string_view field, int64_t value);

}  // namespace saker::inspector
