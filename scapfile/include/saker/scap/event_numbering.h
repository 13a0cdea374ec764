// Which events current libs return, and their evt.num. One rule for every path that numbers
// events: the Reader numbers what it decodes with EventNumbering::assign, and `saker record`
// numbers the live events its rules see with the same function (through StreamNumbering, which
// first replays the writer's profile), so a live alert's evt.num is the number a replay of the
// written capture gives. docs/decisions.md ("Event numbering") explains the rule.
#pragma once

#include <cstdint>

#include "saker/scap/event.h"

namespace saker::scap {

// What libs' savefile converter does with an event of wire type `wire_type` (the type as
// stored, before an old version is upgraded): kDropped for the enter events it stores for their
// exit (or drops outright), kParserOnly for the enter events it passes and sinsp filters out
// after parsing (open, openat, openat2, creat, connect, execve, execveat), else kReturned.
EventFate converter_fate(uint16_t wire_type);

// True for an event that sets libs' evt.reltime base when no earlier event has: a delivered
// event that is not a meta event (EC_METAEVENT: container, user and group, procinfo, ...).
inline bool starts_relative_time(const EventView& ev) {
  constexpr uint32_t kMetaEventCategory = 0x1000;
  return ev.fate != EventFate::kDropped && !(ev.info->category & kMetaEventCategory);
}

class EventNumbering {
 public:
  // Numbers `ev`, the next event of a stream as a reader decodes it (after old versions are
  // upgraded): sets ev.fate, ev.num (0 for dropped events) and ev.initial_state.
  void assign(EventView& ev);
  // An event libs' converter drops before numbering, whose type Saker does not deliver at all
  // (unused table slots): it ends the initial state as a dropped event does.
  void skip() { seen_regular_ = true; }
  // A new section of a concatenated capture: libs restart their state and consume its initial
  // state events again, and go on numbering.
  void new_section() { seen_regular_ = false; }
  // Random access: the next numbered event gets `next`, and the stream is past its initial state.
  void restart_at(uint64_t next) {
    next_ = next;
    seen_regular_ = true;
  }
  uint64_t next() const { return next_; }

 private:
  uint64_t next_ = 1;
  bool seen_regular_ = false;
};

}  // namespace saker::scap
