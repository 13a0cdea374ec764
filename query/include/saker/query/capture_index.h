// The SQLite index of a capture: one row per event and per process, so questions about a
// capture answer from the index instead of a full read. docs/index.md has the schema.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace saker::query {

inline constexpr int kIndexSchemaVersion = 1;

// Where the index of `capture` lives by default: CAPTURE.saker-index beside it.
std::string default_index_path(const std::string& capture);

struct IndexResult {
  uint64_t events = 0;
  uint64_t processes = 0;
  std::string read_error;  // damage in the capture; everything before it is indexed
};

// Builds (replacing) the index. Throws std::runtime_error for SQLite failures and
// scap::CaptureError when the capture cannot be opened.
IndexResult build_index(const std::string& capture, const std::string& index_path,
                        const std::function<void(uint64_t)>& progress = {});

// True when `index_path` exists, has the current schema and was built from `capture` as it is
// now (same size and modification time).
bool index_is_current(const std::string& capture, const std::string& index_path);

enum class QueryFormat { Table, Csv, Json };

// Runs read-only SQL over the capture's index, building it first when it is missing or stale.
// Exit status: 0; 1 for SQL errors or statements that would write; 2 when the capture cannot
// be read.
int run_query(const std::string& capture, const std::string& index_path, const std::string& sql,
              QueryFormat format, std::FILE* out, std::FILE* err);

}  // namespace saker::query
