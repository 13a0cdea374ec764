// `saker search`: a Falco filter answered through the capture's index. The index narrows
// the events that can match (event types, event numbers, time ranges, proc.name, fd.name,
// container.id); those events are then evaluated exactly as `saker print` would, so the
// output is the same, line for line. docs/search.md describes the design.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "saker/query/capture_index.h"
#include "saker/query/filter_ast.h"

namespace saker::query {

struct SearchOptions {
  std::string capture;
  std::string filter;
  std::string format;    // -p; empty means print's default layout
  std::string index;     // empty: CAPTURE.saker-index
  int64_t limit = -1;    // -n
  bool explain = false;  // describe the narrowing on standard error
  // Restore a checkpoint only when it skips at least this many events. 0: when it skips
  // more events than restoring it costs, estimated from its size (docs/search.md).
  uint64_t jump_min = 0;
};

// Returns 0; throws as `saker print` (scap::CommandError, scap::CaptureError), and a Capture
// error naming the index when the index cannot be read.
int run_search(const SearchOptions& opts, std::FILE* out, std::FILE* err,
               const ObserverFactory& observers = {});

// What a filter's top-level AND conjuncts say about the events it can match. Everything
// here is a necessary condition: an event outside it cannot match the filter.
struct Narrowing {
  uint64_t num_lo = 0, num_hi = UINT64_MAX;  // evt.num, inclusive
  std::vector<uint64_t> num_set;             // evt.num = / in: one of these (when not empty)
  uint64_t ts_lo = 0, ts_hi = UINT64_MAX;    // evt.rawtime / evt.time, inclusive
  struct Strings {
    std::string field;                  // proc.name, fd.name or container.id
    std::vector<std::string> equals;    // the value is one of these ...
    std::vector<std::string> prefixes;  // ... or starts with one of these
  };
  std::vector<Strings> strings;      // every entry must hold
  bool enters = true, exits = true;  // evt.dir: which directions can match (applied to the event types)
  bool narrows() const {
    return num_lo > 0 || num_hi < UINT64_MAX || ts_lo > 0 || ts_hi < UINT64_MAX || !strings.empty();
  }
  std::string describe() const;
};

Narrowing extract_narrowing(const ast::Expr& filter);

}  // namespace saker::query
