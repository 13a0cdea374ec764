// The SQL panel's backend: read-only SQL over the capture's SQLite index (`saker query`),
// building the index first when it is missing or stale.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace saker::inspector {

struct SqlResult {
  QStringList columns;
  std::vector<QStringList> rows;
  bool truncated = false;  // more rows than kept
  QString error;           // SQL error (with SQLite's offset), refused write, unreadable capture
  QString notes;           // "indexed N events into ..." when the index was built
};

// A table or view of the index and its columns, for the schema browser.
struct SqlTable {
  QString name;
  bool view = false;
  QStringList columns;  // "name type"
};

// Where the inspector reads the capture's index: CAPTURE.saker-index beside the capture when it
// is current there (made by `saker index`: read, never written), otherwise one in the user's
// cache folder (query::cached_index_path). The inspector never writes into the evidence folder.
std::string index_path_for(const std::string& capture);

// Builds the index when missing or stale; `progress` gets the events indexed so far.
SqlResult run_sql(const std::string& capture, const std::string& index_path, const std::string& sql,
                  size_t max_rows = 100000, const std::function<void(uint64_t events)>& progress = {});

// The index's tables and views with their columns (the full-text search's own tables left
// out); empty when the index is missing or unreadable.
std::vector<SqlTable> sql_schema(const std::string& capture, const std::string& index_path);

}  // namespace saker::inspector
