// Process lifecycles (the `processes` table): a row per process image, started by the
// capture's metadata, a clone or an exec, ended by an exec or an exit, linked to its parent's
// and previous image's rows; each event's `process` column is the current image's row.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "index/build/full_text.h"
#include "saker/replay/state.h"
#include "saker/scap/event.h"
#include "saker/scap/event_table.h"

namespace saker::query::index_build {

class ProcessLifecycles {
 public:
  ProcessLifecycles();

  // The processes of a section's metadata; at a new section, the rows of the previous one are
  // no longer current.
  void start_section(const scap::Metadata& meta, const replay::State& state, bool first);
  // Before the event's row, so the event belongs to the image it starts.
  void on_event(const scap::EventView& ev, const replay::ThreadInfo* t, const replay::State& state) {
    if (kind_[ev.type] != Kind::None) on_lifecycle_event(ev, t, state);
  }
  // The row of the current image of process `pid`, 0 when none.
  uint64_t row_of(uint64_t pid) {
    auto& slot = cache_[pid & (kCache - 1)];
    if (slot.pid != pid) {
      auto it = rows_.find(pid);
      slot.pid = pid;
      slot.row = it == rows_.end() ? 0 : it->second;
    }
    return slot.row;
  }
  // The rows, with command lines and executable paths in the full-text table.
  void write(sqlite3* db, FullText& text) const;
  size_t size() const { return processes_.size(); }

 private:
  enum class Kind : uint8_t { None, CloneExit, ExecExit, ProcExit };
  struct Row {
    uint64_t pid = 0, tid = 0;
    int64_t ppid = -1;
    int64_t parent = 0, previous = 0;  // row ids, 0 = none
    std::string name, exe, exepath, cmdline, cwd, user, container;
    int64_t uid = -1;
    const char* start_kind = "metadata";
    uint64_t start_num = 0, start_ts = 0;
    const char* end_kind = nullptr;
    uint64_t end_num = 0, end_ts = 0;
  };

  void on_lifecycle_event(const scap::EventView& ev, const replay::ThreadInfo* t, const replay::State& state);
  Row describe(const replay::ThreadInfo& t, const replay::State& state) const;
  void set_row(uint64_t pid, uint64_t row);
  uint64_t push(Row row);

  std::array<Kind, scap::kEventTypeCount> kind_{};
  std::deque<Row> processes_;                    // grows without moving its rows
  std::unordered_map<uint64_t, uint64_t> rows_;  // pid -> current image's row id
  struct Slot {
    uint64_t pid = UINT64_MAX, row = 0;
  };
  static constexpr size_t kCache = 1024;
  std::array<Slot, kCache> cache_{};
};

}  // namespace saker::query::index_build
