// File > Export events: which events to write. All the displayed rows, the selected ones, the
// marked events (every marked event of the capture, whatever the view shows: marks collect
// evidence across filters) or the displayed rows numbered first to last; ignored events can be
// left out of any of them.
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

#include "annotations.h"
#include "capture_scan.h"

namespace saker::inspector {

enum class ExportScope { Displayed, Selected, Marked, Range };

struct ExportSelection {
  ExportScope scope = ExportScope::Displayed;
  uint64_t first = 0, last = 0;  // Range: event numbers, both included
  bool drop_ignored = false;
};

struct ExportEvents {
  std::vector<RowNum> events;  // ascending, as export_events wants them
  QString error;               // why nothing can be exported (a bad range, nothing selected)
};

// `displayed`: the view's rows (any order); `selected`: the selected rows' events;
// `capture_events`: the capture's last event number (ranges must lie within 1 to it).
ExportEvents select_export_events(const std::vector<RowNum>& displayed, const std::vector<RowNum>& selected,
                                  const Annotations& annotations, const ExportSelection& sel,
                                  uint64_t capture_events);

// "" when first to last is a range of the capture's events, else why not.
QString check_export_range(uint64_t first, uint64_t last, uint64_t capture_events);

}  // namespace saker::inspector
