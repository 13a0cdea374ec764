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

// libs' is_in_pid_namespace: the clone flag, or a virtual tid that differs from the tid.
inline bool in_pid_namespace(const replay::ThreadInfo& t) {
  constexpr uint32_t kChildInPidns = 1u << 29;
  return (t.flags & kChildInPidns) || (t.vtid >= 0 && static_cast<uint64_t>(t.vtid) != t.tid);
}

}  // namespace saker::query
