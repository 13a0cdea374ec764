// How each fd name was used (the `files` and `connections` tables): events, first and last
// event, and the type and endpoints of the fd when first seen.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "index/build/full_text.h"
#include "index/build/interner.h"
#include "saker/query/capture_index.h"
#include "saker/replay/state.h"

namespace saker::query::index_build {

struct FdUse {
  uint64_t events = 0, first = 0, last = 0;
  scap::FdType type = scap::FdType::Unknown;
  replay::L4Proto l4 = replay::L4Proto::Unknown;
  std::array<uint8_t, 16> cip{}, sip{};
  uint16_t cport = 0, sport = 0;
  bool ipv6 = false;
};

class FdUses {
 public:
  // Event `num` used the fd named `fd_id` (an interned string), the state's current fd.
  void add(uint32_t fd_id, uint64_t num, const replay::State& state) {
    if (fd_id >= uses_.size()) uses_.resize(std::max<size_t>(fd_id + 1, uses_.size() * 2));
    FdUse& u = uses_[fd_id];
    if (!u.events) {
      u.first = num;
      if (const replay::FdInfo* f = state.current_fd()) {
        u.type = f->type;
        u.l4 = f->l4;
        u.cip = f->cip;
        u.sip = f->sip;
        u.cport = f->cport;
        u.sport = f->sport;
        u.ipv6 = f->ipv6;
      }
    } else if (u.type == scap::FdType::Unknown) {
      if (const replay::FdInfo* f = state.current_fd()) u.type = f->type;
    }
    u.last = num;
    ++u.events;
  }
  // The files and connections, with their names in the full-text table; counted in `result`.
  void write(sqlite3* db, const Interner& strings, FullText& text, IndexResult& result) const;

 private:
  std::vector<FdUse> uses_;  // by interned name
};

}  // namespace saker::query::index_build
