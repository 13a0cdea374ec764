// The SQL panel's backend: read-only SQL over the capture's SQLite index (`saker query`),
// building the index first when it is missing or stale.
#pragma once

#include <QString>
#include <QStringList>
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

// CAPTURE.saker-index beside the capture when its directory is writable, else a file in the
// user's cache directory named after the capture's path.
std::string index_path_for(const std::string& capture);

SqlResult run_sql(const std::string& capture, const std::string& index_path, const std::string& sql,
                  size_t max_rows = 100000);

}  // namespace saker::inspector
