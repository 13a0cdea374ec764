// The rules engine's alerts during an index build (the `alerts` table), kept until the row
// writer is done with the connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/index_db.h"

namespace saker::query::index_build {

class AlertRows {
 public:
  explicit AlertRows(sqlite3* db)
      : insert_(db, "INSERT INTO alerts (num, ts, rule, priority, tags, line) VALUES (?,?,?,?,?,?)") {}
  void add(uint64_t num, uint64_t ts, std::string_view rule, std::string_view priority, std::string_view tags,
           std::string_view line) {
    pending_.push_back(
        {num, ts, std::string(rule), std::string(priority), std::string(tags), std::string(line)});
  }
  void write() {
    for (const auto& a : pending_) {
      insert_.i64(1, static_cast<int64_t>(a.num));
      insert_.i64(2, static_cast<int64_t>(a.ts));
      insert_.text(3, a.rule);
      insert_.text(4, a.priority);
      insert_.text(5, a.tags);
      insert_.text(6, a.line);
      insert_.step();
    }
  }

 private:
  struct Pending {
    uint64_t num, ts;
    std::string rule, priority, tags, line;
  };
  index_db::Stmt insert_;
  std::vector<Pending> pending_;
};

}  // namespace saker::query::index_build
