// `saker print`: one line per event, in sysdig's layout or a -p format.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "saker/scap/param_format.h"

namespace saker::query {

struct PrintOptions {
  std::string capture;
  std::string filter;    // Falco filter expression; empty prints every event
  std::string format;    // -p; empty means the default layout
  int64_t limit = -1;    // -n: stop after this many printed lines
  bool all = false;      // --all: also internal events (procinfo, ...) and state-only ones
  bool quiet = false;    // -q: read, track state and filter every event, print nothing
  bool json = false;     // -j: one JSON object per event, in sysdig's shape
  bool verbose = false;  // -v: data buffers whole instead of cut at 80 bytes
  // -A, -x, -X, -b: how data buffers are written (only Normal is cut at 80 bytes)
  scap::BufferFormat buffer_format = scap::BufferFormat::Normal;
  // -s: when not 0, only the first bytes of each data buffer are shown, in every format
  uint32_t snaplen = 0;
  // Control bytes from the capture shown as \xNN (cli/ sets it when standard output is a
  // terminal and --raw is not given).
  bool escape_controls = false;
};

// Returns 0. Throws scap::CommandError (a bad format or filter, a failed write) and
// scap::CaptureError (after every event before the damage was printed).
int run_print(const PrintOptions& opts, std::FILE* out, std::FILE* err);

}  // namespace saker::query
