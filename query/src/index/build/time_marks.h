// Time marks: the time range of each run of index_format::kMarkEvents events, and whether the
// capture's times only grow.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "index/index_db.h"
#include "index/index_format.h"

namespace saker::query::index_build {

class TimeMarks {
 public:
  void add(uint64_t num, uint64_t ts) {
    if (count_ == 0) {
      first_ = num;
      min_ = max_ = ts;
    }
    min_ = std::min(min_, ts);
    max_ = std::max(max_, ts);
    last_ = num;
    if (++count_ == index_format::kMarkEvents) flush();
    if (ts < last_ts_) sorted_ = false;
    last_ts_ = ts;
  }
  bool ts_sorted() const { return sorted_; }

  void write(sqlite3* db) {
    flush();
    index_db::Stmt s(db, "INSERT INTO time_marks (first_num, last_num, min_ts, max_ts) VALUES (?,?,?,?)");
    for (const auto& m : marks_) {
      for (int i = 0; i < 4; ++i) s.i64(i + 1, static_cast<int64_t>(m[i]));
      s.step();
    }
  }

 private:
  void flush() {
    if (!count_) return;
    marks_.push_back({first_, last_, min_, max_});
    count_ = 0;
  }

  std::vector<std::array<uint64_t, 4>> marks_;  // first_num, last_num, min_ts, max_ts
  uint64_t first_ = 0, last_ = 0, min_ = 0, max_ = 0, count_ = 0;
  uint64_t last_ts_ = 0;
  bool sorted_ = true;
};

}  // namespace saker::query::index_build
