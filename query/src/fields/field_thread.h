// The event's thread as the field extractors of every class look it up.
#pragma once

#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

// The thread of the event being evaluated, or nullptr without a state.
inline const replay::ThreadInfo* event_thread(const EvalContext& c) {
  if (!c.state) return nullptr;
  const replay::ThreadInfo* t = c.state->current_thread();
  if (t && t->tid == c.ev->tid) return t;
  return c.state->thread(c.ev->tid);
}

}  // namespace saker::query
