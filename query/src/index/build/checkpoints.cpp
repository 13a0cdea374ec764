#include "index/build/checkpoints.h"

#include "index/index_format.h"

namespace saker::query::index_build {

void Checkpoints::save(const scap::EventView& ev, const replay::State& state, RowWriter& writer) {
  Pending& cp = pending_.emplace_back();
  cp.num = ev.num;
  cp.offset = ev.offset;
  state.save(cp.raw);
  writer.defer([&cp] {
    index_format::compress(cp.raw, cp.state);
    std::string().swap(cp.raw);
  });
}

void Checkpoints::write() {
  for (const auto& c : pending_) {
    insert_.i64(1, static_cast<int64_t>(c.num));
    insert_.i64(2, static_cast<int64_t>(c.offset));
    insert_.blob(3, c.state.data(), c.state.size());
    insert_.step();
  }
}

}  // namespace saker::query::index_build
