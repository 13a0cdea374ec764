#include "annotation_rows.h"

#include <algorithm>

namespace saker::inspector {

void drop_hidden_rows(std::vector<RowNum>& rows, const Annotations& a, const RowVisibility& v) {
  if (!v.filters(a)) return;
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](RowNum n) { return !v.shows(a, n); }), rows.end());
}

MarkedRow next_marked_row(const std::vector<RowNum>& rows, int from, bool backward, const Annotations& a) {
  MarkedRow out;
  const int n = static_cast<int>(rows.size());
  if (n == 0 || a.markedCount() == 0) return out;
  if (from < 0 || from >= n) from = backward ? n : -1;
  for (int step = 1; step <= n; ++step) {
    int r = backward ? from - step : from + step;
    const bool wrapped = r < 0 || r >= n;
    if (r < 0) r += n;
    if (r >= n) r -= n;
    if (a.marked(rows[r])) {
      out.row = r;
      out.wrapped = wrapped && r != from;
      return out;
    }
  }
  return out;
}

}  // namespace saker::inspector
