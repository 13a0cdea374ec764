// Find (Ctrl+F), as Wireshark's find bar: which of a view's rows match a display filter, a
// string in the row's text (its columns as the list renders them) or a string in the event's
// details (every field with a value, the arguments, the ancestry, as the detail pane shows
// them). One pass over the capture (run_whole_capture) finds every match among the rows; the
// next or previous match from a row, in the order the list shows, wraps around.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capture_scan.h"
#include "capture_store.h"

namespace saker::inspector {

enum class FindMode { Filter, RowText, Details };

struct FindQuery {
  FindMode mode = FindMode::Filter;
  std::string text;                  // the filter, or the string looked for
  bool case_sensitive = false;       // strings: ASCII letters compared without case unless set
  std::vector<std::string> columns;  // RowText: the fields of the list's columns
  bool operator==(const FindQuery&) const = default;
};

struct FindResult {
  std::vector<RowNum> matches;  // the matching rows, ascending event numbers
  std::string error;            // a bad filter or column, or damage in the capture
  size_t error_column = 0;      // 1-based, for a filter's syntax error
  bool cancelled = false;
};

// `rows` are the view's rows in capture order (ascending event numbers).
FindResult find_events(const CaptureInfo& info, const std::vector<RowNum>& rows, const FindQuery& query,
                       const std::atomic<bool>& cancel, const std::function<void(double)>& progress = {});

// The next match after row `current` (before it when `backward`) in the list's order
// `shown` (-1: none selected; the search starts at the top, or the bottom backward), wrapping
// around the ends; `wrapped` says whether it did. -1 when nothing matches. `matches` ascending;
// `capture_order` says that `shown` is ascending too.
int next_match_row(const std::vector<RowNum>& shown, bool capture_order, const std::vector<RowNum>& matches,
                   int current, bool backward, bool& wrapped);

// Whether `text` contains `needle`: bytewise, or ASCII letters without case.
bool text_contains(std::string_view text, std::string_view needle, bool case_sensitive);

}  // namespace saker::inspector
