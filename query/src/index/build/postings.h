// The posting lists of the index (event numbers per event type, process name, fd name and
// container, delta-encoded varints), kept in memory and written at the end.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "index/index_format.h"

namespace saker::query::index_build {

// Event numbers with one key, as varint deltas.
struct Posting {
  uint64_t last = 0;
  uint64_t count = 0;
  std::vector<uint8_t> bytes;
  void add(uint64_t num) {
    index_format::put_varint(bytes, num - last);
    last = num;
    ++count;
  }
};

class Postings {
 public:
  void add(uint32_t key, uint64_t num) {
    if (key >= lists_.size()) lists_.resize(std::max<size_t>(key + 1, lists_.size() * 2));
    lists_[key].add(num);
  }
  const std::vector<Posting>& lists() const { return lists_; }

 private:
  std::vector<Posting> lists_;
};

// The four kinds of posting lists a build keeps.
struct EventPostings {
  Postings by_type, by_proc, by_fd, by_container;
  void write(sqlite3* db) const;
};

}  // namespace saker::query::index_build
