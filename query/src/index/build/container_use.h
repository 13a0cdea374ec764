// The containers events ran in (the `containers` table): events, first and last event, and
// what the state knows of each at the end.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <vector>

#include "index/build/interner.h"
#include "saker/replay/state.h"

namespace saker::query::index_build {

class ContainerUses {
 public:
  // Event `num` ran in the container whose id is the interned string `id`.
  void add(uint32_t id, uint64_t num) {
    if (id >= spans_.size()) spans_.resize(id + 64);
    Span& s = spans_[id];
    if (!s.events) s.first = num;
    s.last = num;
    ++s.events;
  }
  void write(sqlite3* db, const Interner& strings, const replay::State& state) const;

 private:
  struct Span {
    uint64_t events = 0, first = 0, last = 0;
  };
  std::vector<Span> spans_;  // by interned id
};

}  // namespace saker::query::index_build
