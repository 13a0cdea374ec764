// `saker print`: one line per event, in sysdig's layout or a -p format.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace saker::query {

struct PrintOptions {
  std::string capture;
  std::string filter;  // Falco filter expression; empty prints every event
  std::string format;  // -p; empty means the default layout
  int64_t limit = -1;  // -n: stop after this many printed lines
  bool all = false;    // --all: also internal events (procinfo, ...) and state-only ones
  bool quiet = false;  // -q: read, track state and filter every event, print nothing
};

// Returns the process exit status: 0, or 1 after a read error (reported on `err` once
// every event before the damage was printed), 2 for a bad format or filter.
int run_print(const PrintOptions& opts, std::FILE* out, std::FILE* err);

}  // namespace saker::query
