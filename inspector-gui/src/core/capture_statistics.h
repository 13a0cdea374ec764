// The Statistics menu's tables (as Wireshark's Statistics and Sysdig Inspect's drill-down
// views): event types, processes, files, directories, connections, containers, errors and the
// top I/O, counted in one pass over the capture through the state engine and the field
// registry (the values are the fields' own: evt.type, proc.name, fd.name, evt.buflen.in, ...),
// over every listed event or over a view's rows. Each row carries the Falco filter that lists
// exactly the events it counts (its drill-down), so a row's events equal the rows that filter
// shows. The capture's properties (file, format, machine) are read in the same pass.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "capture_properties.h"
#include "capture_scan.h"
#include "capture_store.h"

namespace saker::inspector {

enum class StatsKind { EventTypes, Processes, Files, Directories, Connections, Containers, Errors, TopIo };
inline constexpr int kStatsKinds = 8;

struct StatsTable {
  StatsKind kind = StatsKind::EventTypes;
  std::string title;                 // "Event types"
  std::vector<std::string> columns;  // "Event type", "Events", "% of events"
  std::vector<bool> numeric;         // per column: sorted by value, aligned right
  struct Row {
    std::vector<std::string> cells;  // the text shown and copied
    std::vector<double> values;      // per column: the value numeric columns sort by
    std::string filter;              // the drill-down: lists exactly the events the row counts
  };
  std::vector<Row> rows;  // most events (bytes for the top I/O) first
  // More distinct keys than StatsOptions::max_keys: the events of further keys are in no row.
  bool truncated = false;
  std::string note;  // what the table counts, for its tooltip
};

struct CaptureStatistics {
  std::vector<StatsTable> tables;      // one per StatsKind, in its order (empty when nothing was read)
  uint64_t events = 0;                 // listed events counted (the view's rows, or every listed event)
  uint64_t listed = 0;                 // every listed event of the capture
  uint64_t first_ts = 0, last_ts = 0;  // of the counted events
  CaptureProperties properties;
  bool displayed_only = false;
  bool cancelled = false;
  std::string error;  // damage in the capture: the tables count the events before it
};

struct StatsOptions {
  // The rows to count (capture order); null: every listed event.
  const std::vector<RowNum>* rows = nullptr;
  // Distinct keys per table; keys past it are not tabulated (the table says so).
  size_t max_keys = size_t{1} << 20;
};

CaptureStatistics compute_statistics(const CaptureInfo& info, const StatsOptions& opts,
                                     const std::atomic<bool>& cancel,
                                     const std::function<void(double)>& progress = {});

// The table of `kind` in `stats` (null when the pass read nothing).
const StatsTable* stats_table(const CaptureStatistics& stats, StatsKind kind);

}  // namespace saker::inspector
