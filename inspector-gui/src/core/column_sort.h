// Sorting the event list by a column: one pass over the capture (run_whole_capture) takes the
// sort key of every listed row, then order_rows sorts the rows by it. Numeric fields sort by
// value (signed ones as signed), text fields by their bytes (as `LC_ALL=C sort`), addresses
// numerically; rows without a value come first ascending, last descending; ties keep capture
// order. Text values are interned (each distinct value kept once) within a memory budget; a
// column with more distinct text than the budget is refused. The event number, and the event
// time of a capture whose times never go back, need no pass.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capture_scan.h"
#include "capture_store.h"

namespace saker::inspector {

inline constexpr size_t kSortTextBudget = size_t{256} << 20;

struct ColumnSortResult {
  std::vector<RowNum> rows;  // the rows in their new order; empty unless ok
  bool ok = false;
  bool cancelled = false;
  bool pass = false;    // a pass over the capture was run (false: the column is in capture order)
  std::string error;    // unknown field, damage, or the column's text passed the budget
  size_t distinct = 0;  // distinct values of a text or address column
  size_t memory = 0;    // bytes of keys and interned text at the peak (the rows not counted)
};

// `rows` are a view's rows in capture order. `progress` gets the fraction done from the pass.
ColumnSortResult sort_by_column(const CaptureInfo& info, std::vector<RowNum> rows, const std::string& field,
                                bool descending, const std::atomic<bool>& cancel,
                                const std::function<void(double)>& progress = {},
                                size_t text_budget = kSortTextBudget);

}  // namespace saker::inspector
