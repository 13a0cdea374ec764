// State checkpoints (the `checkpoints` table): the state before event N, saved on the reading
// thread and compressed on the row writer's thread, for a search to restore and seek to N's
// block.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <deque>
#include <string>

#include "index/build/row_writer.h"
#include "index/index_db.h"
#include "saker/replay/state.h"
#include "saker/scap/event.h"

namespace saker::query::index_build {

// Declared before the RowWriter whose thread compresses them, so they outlive it.
class Checkpoints {
 public:
  explicit Checkpoints(sqlite3* db)
      : insert_(db, "INSERT INTO checkpoints (num, offset, state) VALUES (?, ?, ?)") {}
  // The state before `ev`.
  void save(const scap::EventView& ev, const replay::State& state, RowWriter& writer);
  // Forgets them all (a capture whose old events were converted: after a seek, exits would
  // miss their stored enters).
  void discard() { pending_.clear(); }
  size_t size() const { return pending_.size(); }
  // After the row writer finished (every compression done).
  void write();

 private:
  struct Pending {
    uint64_t num = 0, offset = 0;
    std::string raw, state;  // state: raw compressed, once the writer thread got to it
  };
  std::deque<Pending> pending_;  // stable addresses for the deferred compression
  index_db::Stmt insert_;
};

}  // namespace saker::query::index_build
