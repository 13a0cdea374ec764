// Who adopts an exiting thread's children, as libsinsp's thread manager decides
// (sinsp_thread_manager::remove_thread and find_new_reaper, after the kernel's find_new_reaper).
#include "event_params.h"
#include "saker/replay/state.h"

namespace saker::replay {

namespace {

constexpr uint32_t kChildInPidNs = 1u << 29;

bool in_pid_namespace(const ThreadInfo& t) {
  return (t.flags & kChildInPidNs) || (t.vtid >= 0 && static_cast<uint64_t>(t.vtid) != t.tid);
}

}  // namespace

// libs: another live thread of the exiting thread's process; else the nearest ancestor process
// that is a reaper (a pid namespace's init, or one seen adopting orphans) in the same pid
// namespace level; else none.
ThreadInfo* State::find_new_reaper(const ThreadInfo& exiting) {
  ThreadInfo* sibling = nullptr;
  for (auto& [tid, t] : threads_) {
    if (t->pid != exiting.pid || t.get() == &exiting || t->exit_ts) continue;
    if (!sibling || t->is_main_thread() || (!sibling->is_main_thread() && t->tid < sibling->tid))
      sibling = t.get();
  }
  if (sibling) return sibling;
  const bool in_ns = in_pid_namespace(exiting);
  ThreadInfo* p = exiting.ptid == kUnknownTid ? nullptr : find(exiting.ptid);
  // Bounded against loops in a hostile capture's parent links.
  for (size_t steps = 0; p && steps < threads_.size(); ++steps) {
    if (p == &exiting || in_pid_namespace(*p) != in_ns) break;
    const ThreadInfo* leader = p->is_main_thread() ? p : find(p->pid);
    const bool reaper = leader && (leader->is_reaper || leader->pid == 1 || leader->vpid == 1);
    if (reaper) {
      if (!leader->exit_ts) return find(leader->tid);
      // A live thread of the reaper's process, paid from the budget like the other walks.
      if (reparent_budget_ < threads_.size()) return nullptr;
      reparent_budget_ -= threads_.size();
      for (auto& [tid, t] : threads_)
        if (t->pid == leader->pid && !t->exit_ts) return t.get();
    }
    if (p->ptid == p->tid || p->ptid == kUnknownTid) break;
    p = find(p->ptid);
  }
  return nullptr;
}

void State::mark_parent(uint64_t ptid) {
  if (ptid == kUnknownTid) return;
  if (ThreadInfo* p = find(ptid)) p->may_have_children = true;
}

// The children of an exiting thread get the reaper the kernel named (when the capture knows
// it) or libs' guess as parent, or parent 0 without one.
void State::reparent_children(const ThreadInfo& exiting, int64_t reaper_tid) {
  // Most exiting threads never cloned: no walk over the table for them.
  if (!exiting.may_have_children) return;
  // Up to three walks over the table (children, siblings, adoption). Past the budget the
  // children keep their exited parent (as Saker did before adopting).
  const uint64_t cost = 3 * static_cast<uint64_t>(threads_.size());
  if (cost > reparent_budget_) return;
  reparent_budget_ -= cost;
  bool has_children = false;
  for (const auto& [tid, t] : threads_)
    if (t->ptid == exiting.tid && t.get() != &exiting) {
      has_children = true;
      break;
    }
  if (!has_children) return;
  ThreadInfo* reaper = reaper_tid > 0 ? find(static_cast<uint64_t>(reaper_tid)) : nullptr;
  if (reaper && (reaper->pid == kUnknownTid || reaper->ptid == kUnknownTid)) reaper = nullptr;
  if (!reaper) reaper = find_new_reaper(exiting);
  if (reaper == &exiting) reaper = nullptr;
  if (reaper && reaper->pid != exiting.pid) {
    ThreadInfo* leader = reaper->is_main_thread() ? reaper : find(reaper->pid);
    (leader ? leader : reaper)->is_reaper = true;
  }
  if (reaper) reaper->may_have_children = true;
  const uint64_t parent = reaper ? reaper->tid : 0;
  for (auto& [tid, t] : threads_)
    if (t->ptid == exiting.tid && t.get() != &exiting) t->ptid = parent;
}

}  // namespace saker::replay
