// One pass over a capture through the state engine: the loading pass (which also records
// checkpoints, the process tree and the capture's time range) and the filtering passes
// the views run whenever the filter or time range changes. Runs on a worker thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "capture_store.h"
#include "process_tree.h"
#include "timeline_bins.h"

namespace saker::inspector {

using RowNum = uint32_t;  // rows hold event numbers; captures past 2^32 events are cut there

struct ScanOptions {
  std::string filter;  // Falco filter; empty lists every event
  uint64_t from_ts = 0, to_ts = UINT64_MAX;
  bool build = false;        // the loading pass
  size_t bins = 400;         // about one bar per 3 pixels of a wide window
  size_t first_batch = 512;  // rows delivered at once so the list fills while the pass runs
};

struct ScanCallbacks {
  std::function<void(std::vector<RowNum>&&)> rows;
  // Events read so far and the fraction done (negative when unknown).
  std::function<void(uint64_t, double)> progress;
};

struct ScanResult {
  uint64_t events_read = 0;
  uint64_t rows = 0;
  TimelineBins bins;
  ProcessTree tree;                    // build passes only
  std::string error;                   // damage in the capture (everything before it was scanned)
  uint64_t error_offset = UINT64_MAX;  // where the damage is, in the (decompressed) stream
  bool not_capture = false;            // the file does not start as a capture (or is empty): nothing read
  std::string filter_error;            // the filter did not compile: nothing was scanned
  size_t filter_error_column = 0;
  bool cancelled = false;
};

// `info` is filled in (time range, event count, checkpoints) by a build pass; other passes
// only read it. Throws nothing: problems are in the result.
ScanResult scan_capture(CaptureInfo& info, const ScanOptions& opts, const ScanCallbacks& cb,
                        const std::atomic<bool>& cancel);

}  // namespace saker::inspector
