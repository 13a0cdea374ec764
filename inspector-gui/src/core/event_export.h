// Exports events of a view: as a new capture that replays the same (state-changing events
// left out of the selection are kept state-only, as `saker convert --filter` does), or as
// CSV or JSON rows of the view's columns.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "annotations.h"
#include "capture_scan.h"
#include "capture_store.h"

namespace saker::inspector {

enum class ExportFormat { Scap, Csv, Json };

struct ExportResult {
  uint64_t written = 0;
  uint64_t state_only = 0;
  std::string error;  // empty when every event was written
  bool cancelled = false;
};

// `events` must be sorted (a view's rows are). `columns` are field names (CSV, JSON). JSON
// objects keep the columns' order; numbers, times (ns) and booleans are JSON numbers and
// booleans, as `saker print -j` writes them, everything else the text the list shows. When
// an exported event has a comment in `notes`, CSV gets a last column `comment` and JSON objects
// a last key "comment" (empty, and null, for events without one).
ExportResult export_events(const CaptureInfo& info, const std::vector<RowNum>& events, ExportFormat format,
                           const std::string& out_path, const std::vector<std::string>& columns,
                           const std::atomic<bool>& cancel, const std::function<void(double)>& progress = {},
                           const Annotations* notes = nullptr);

// Whether any of `events` has a comment in `notes` (the exports' comment column).
bool any_commented(const std::vector<RowNum>& events, const Annotations* notes);

// The format a file name asks for (.csv, .json, anything else a capture).
ExportFormat export_format_for(const std::string& path);
// The format's extension: ".scap", ".csv", ".json".
const char* export_extension(ExportFormat format);
// `path` with the format's extension appended unless it already ends with it (any case).
std::string export_path_for(const std::string& path, ExportFormat format);

}  // namespace saker::inspector
