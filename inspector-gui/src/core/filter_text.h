// Falco filter text built from values the capture holds (drill-down from the statistics
// tables, the detail pane's Apply and Prepare as Filter): a value is written bare when the
// filter language reads it back unchanged as a bare word, otherwise in single quotes with the
// escapes the parser decodes; a term joins a filter already written as Wireshark joins them.
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

// How Apply / Prepare as Filter joins a term with the filter already there (Wireshark's
// Selected, Not Selected, ...and Selected, ...or Selected, ...and not Selected, ...or not
// Selected).
enum class FilterJoin { Selected, NotSelected, AndSelected, OrSelected, AndNotSelected, OrNotSelected };

// `term` joined to `current` as `how` says: `term`, `not term`, `(current) and term`,
// `(current) or not term`, ... The current filter is parenthesised whole, so its own `or`s keep
// their meaning; when it is empty (only blanks) the `...and`/`...or` joins give the term alone
// (`not term` for the negated ones). `term` must be one condition (`field = value`).
std::string join_filter(std::string_view current, std::string_view term, FilterJoin how);

}  // namespace saker::inspector
