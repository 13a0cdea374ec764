// The index-answered search: when the index answers every field the filter and the format
// use (index_answer.h), each candidate event is read at its block offset and evaluated from
// the raw event and its event_rows row, with no state replayed (docs/search.md).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "search/event_bitmap.h"
#include "output/print_support.h"
#include "saker/query/filter.h"
#include "saker/query/output_format.h"

namespace saker::query {

struct IndexedSearch {
  std::string capture, index_path;
  sqlite3* db = nullptr;  // the index, open read-only
  const Bitmap* candidates = nullptr;
  uint64_t first_ts = 0;
  uint64_t first_num = 0;
  bool damaged = false;     // read on past the last candidate to the damage, as print does
  bool sequential = false;  // never seek (converted events, several sections)
  bool packs = false;       // rows from row packs (dense candidates), else looked up one by one
  bool direct = false;      // a plain capture, not sequential: events read at their offsets
  const Filter* filter = nullptr;
  const EventTypeSet* types = nullptr;
  const OutputFormat* format = nullptr;
  // Copies for a second thread that filters and formats large results (null: one thread).
  const Filter* worker_filter = nullptr;
  const OutputFormat* worker_format = nullptr;
  int64_t limit = -1;
  bool explain = false;
};

// Prints the matching events. Throws scap::CaptureError for the capture's damage and
// std::runtime_error naming the index for a malformed index.
void search_indexed(const IndexedSearch& s, print_support::OutputBuffer& buf, std::FILE* err);

}  // namespace saker::query
