// A view's rows and the annotations: which rows the list leaves out (ignored events, or every
// unmarked one while only marked events are shown) and where the next marked row is.
#pragma once

#include <vector>

#include "annotations.h"
#include "capture_scan.h"

namespace saker::inspector {

struct RowVisibility {
  bool show_ignored = false;  // ignored events are listed (greyed) instead of left out
  bool only_marked = false;   // only marked events are listed
  bool filters(const Annotations& a) const { return only_marked || (!show_ignored && a.ignoredCount() > 0); }
  bool shows(const Annotations& a, RowNum num) const {
    const Annotation* x = a.find(num);
    if (only_marked && !(x && x->marked)) return false;
    return show_ignored || !(x && x->ignored);
  }
};

// Removes the rows `v` does not show, keeping the others' order. Looks nothing up when no row
// can be left out (no ignored events, all shown).
void drop_hidden_rows(std::vector<RowNum>& rows, const Annotations& a, const RowVisibility& v);

struct MarkedRow {
  int row = -1;  // -1: no row of the view is marked
  bool wrapped = false;
};

// The first marked row after `from` (before it when `backward`) in the rows' order, wrapping
// around past the end (start); `from` -1 starts at the top (bottom).
MarkedRow next_marked_row(const std::vector<RowNum>& rows, int from, bool backward, const Annotations& a);

}  // namespace saker::inspector
