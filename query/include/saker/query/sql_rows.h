// Read-only SQL over a capture's index returned as rows, for programs that show the result
// themselves (the inspector's SQL panel) rather than print it as `saker query` does.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "saker/query/capture_index.h"

namespace saker::query {

struct SqlRows {
  std::vector<std::string> columns;
  // Each value as SQLite's text of it; std::nullopt for NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;
  bool truncated = false;  // more rows followed the first max_rows
};

// Runs one read-only SQL statement over the capture's index, building it first when it is
// missing or stale (reported on `err`, as query_index does), and keeps the first `max_rows`
// rows. Throws as query_index: scap::CommandError (Sql for SQL errors, several statements or
// statements that would write) and scap::CaptureError.
SqlRows query_rows(const std::string& capture, const std::string& index_path, const std::string& sql,
                   size_t max_rows, std::FILE* err, const ObserverFactory& observers = {});

}  // namespace saker::query
