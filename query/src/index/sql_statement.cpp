#include "index/sql_statement.h"

#include <fmt/format.h>

#include "saker/scap/command_error.h"

namespace saker::query {

namespace {

scap::CommandError sql_error(std::string what) {
  return scap::CommandError(scap::ErrorKind::Sql, std::move(what));
}

}  // namespace

ReadOnlyStatement::ReadOnlyStatement(const std::string& index_path, const std::string& sql) {
  if (sqlite3_open_v2(index_path.c_str(), &db_.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    throw scap::CommandError(scap::ErrorKind::Capture, index_path, scap::CommandError::kNoOffset,
                             sqlite3_errmsg(db_.db));
  sqlite3_stmt* s = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db_.db, sql.c_str(), -1, &s, &tail) != SQLITE_OK)
    throw sql_error(fmt::format("SQL error at offset {}: {}",
                                sqlite3_error_offset(db_.db) >= 0 ? sqlite3_error_offset(db_.db) : 0,
                                sqlite3_errmsg(db_.db)));
  stmt_.reset(s);
  // One statement: what follows the first may only be blanks, semicolons and comments.
  if (tail && *tail) {
    sqlite3_stmt* next = nullptr;
    const char* rest = nullptr;
    int rc = sqlite3_prepare_v2(db_.db, tail, -1, &next, &rest);
    sqlite3_finalize(next);
    if (rc != SQLITE_OK || next)
      throw sql_error(
          fmt::format("one statement at a time: more SQL follows at offset {}", tail - sql.c_str()));
  }
  if (!s) return;  // empty statement
  if (!sqlite3_stmt_readonly(s)) throw sql_error("the index is read-only: statements that write are refused");
  int cols = sqlite3_column_count(s);
  for (int i = 0; i < cols; ++i) columns_.emplace_back(sqlite3_column_name(s, i));
}

bool ReadOnlyStatement::next() {
  if (!stmt_) return false;
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) throw sql_error(sqlite3_errmsg(db_.db));
  return false;
}

std::optional<std::string> ReadOnlyStatement::text(int i) const {
  const unsigned char* t = sqlite3_column_text(stmt_.get(), i);
  if (!t) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(t),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), i)));
}

}  // namespace saker::query
