// One read-only SQL statement over an index, as `saker query` accepts it: a single statement
// that does not write.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index_db.h"

namespace saker::query {

class ReadOnlyStatement {
 public:
  // Opens `index_path` read-only and prepares `sql`. Throws scap::CommandError: Capture when
  // the index cannot be opened, Sql for SQL errors, several statements or one that writes.
  ReadOnlyStatement(const std::string& index_path, const std::string& sql);

  // True for SQL with no statement (blanks, comments): it has no columns and no rows.
  bool empty() const { return !stmt_; }
  const std::vector<std::string>& columns() const { return columns_; }
  // Steps to the next row; false after the last. Throws scap::CommandError (Sql).
  bool next();
  // The current row's statement, for reading values by type.
  sqlite3_stmt* row() const { return stmt_.get(); }
  // The current row's column `i` as SQLite's text of it; std::nullopt for NULL.
  std::optional<std::string> text(int i) const;

 private:
  index_db::Db db_;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt_{nullptr, sqlite3_finalize};
  std::vector<std::string> columns_;
};

}  // namespace saker::query
