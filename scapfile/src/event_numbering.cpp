#include "saker/scap/event_numbering.h"

namespace saker::scap {

namespace {

// State events that current libs consume before delivering events when they come first.
bool is_initial_state_type(uint16_t type) {
  switch (type) {
    case 324:  // container JSON
    case 354:  // useradded
    case 356:  // userdeleted
    case 358:  // groupadded
    case 360:  // groupdeleted
    case 402:  // asyncevent
      return true;
    default:
      return false;
  }
}

}  // namespace

void EventNumbering::assign(EventView& ev) {
  ev.initial_state = !seen_regular_ && is_initial_state_type(ev.type);
  if (ev.initial_state) {
    ev.num = 0;
    return;
  }
  seen_regular_ = true;
  ev.num = next_++;
}

}  // namespace saker::scap
