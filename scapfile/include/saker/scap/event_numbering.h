// evt.num: which events get a number, and which number. One rule for every path that numbers
// events: the Reader numbers what it delivers with EventNumbering::assign, and `saker record`
// numbers the live events its rules see with the same function (through StreamNumbering, which
// first replays the writer's profile), so a live alert's evt.num is the number a replay of the
// written capture gives. docs/decisions.md ("Event numbering") explains the rule.
#pragma once

#include <cstdint>

#include "saker/scap/event.h"

namespace saker::scap {

class EventNumbering {
 public:
  // Numbers `ev`, the next event of a stream as a reader delivers it (after old versions are
  // upgraded): sets ev.num (0: the event gets no number) and ev.initial_state.
  void assign(EventView& ev);
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
