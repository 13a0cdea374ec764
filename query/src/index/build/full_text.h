// The full-text table (text_search, FTS5): command lines, executable paths, file paths and
// connection names, each with the row it names.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string_view>

#include "index/index_db.h"

namespace saker::query::index_build {

class FullText {
 public:
  explicit FullText(sqlite3* db)
      : insert_(db, "INSERT INTO text_search (kind, ref, text) VALUES (?, ?, ?)") {}
  void add(const char* kind, int64_t ref, std::string_view text) {
    insert_.text(1, kind);
    insert_.i64(2, ref);
    insert_.text(3, text);
    insert_.step();
  }

 private:
  index_db::Stmt insert_;
};

}  // namespace saker::query::index_build
