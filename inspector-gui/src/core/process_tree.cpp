#include "process_tree.h"

#include "saker/replay/state.h"

namespace saker::inspector {

ProcessTree::ProcessTree() {
  auto table = scap::event_table();
  for (size_t t = 0; t < table.size() && t < scap::kEventTypeCount; ++t) {
    auto name = table[t].name;
    if ((name == "execve" || name == "execveat") && !scap::is_enter(static_cast<uint16_t>(t)))
      exec_exit_.set(t);
    if (name == "procexit") proc_exit_.set(t);
  }
}

int ProcessTree::node_for(int64_t pid, const replay::State& state, uint64_t tid, const scap::EventView& ev) {
  if (pid == last_pid_ && last_node_ >= 0 && !nodes_[last_node_].exit_ts) return last_node_;
  auto it = live_.find(pid);
  int idx;
  if (it != live_.end() && !nodes_[it->second].exit_ts) {
    idx = it->second;
  } else {
    ProcessNode n;
    n.pid = pid;
    const replay::ThreadInfo* t = state.thread(tid);
    if (t) {
      const replay::ThreadInfo* p = t->ptid == replay::kUnknownTid ? nullptr : state.thread(t->ptid);
      n.ppid = p ? static_cast<int64_t>(p->pid)
                 : (t->ptid == replay::kUnknownTid ? -1 : static_cast<int64_t>(t->ptid));
      n.comm = t->comm;
      n.cmdline = t->cmdline();
    }
    n.first_ts = ev.ts;
    n.first_num = ev.num;
    idx = static_cast<int>(nodes_.size());
    nodes_.push_back(std::move(n));
    live_[pid] = idx;
  }
  last_pid_ = pid;
  last_node_ = idx;
  return idx;
}

void ProcessTree::observe(const scap::EventView& ev, const replay::State& state) {
  const replay::ThreadInfo* t = state.current_thread();
  if (!t || !ev.returned()) return;
  int idx = node_for(static_cast<int64_t>(t->pid), state, t->tid, ev);
  ProcessNode& n = nodes_[idx];
  ++n.events;
  n.last_ts = ev.ts;
  if (exec_exit_.test(ev.type)) {
    const scap::Param* res = ev.nparams ? &ev.params[0] : nullptr;
    if (res && res->as<int64_t>() == 0) {
      n.execs.push_back(t->exe.empty() ? t->comm : t->exe);
      n.comm = t->comm;
      n.cmdline = t->cmdline();
    }
  } else if (proc_exit_.test(ev.type) && t->tid == t->pid) {
    n.exit_ts = ev.ts;
  }
}

void ProcessTree::finish() {
  roots_.clear();
  for (auto& n : nodes_) n.children.clear(), n.parent = -1;
  // A parent is the latest node of the parent pid that started no later than the child.
  std::unordered_map<int64_t, std::vector<int>> by_pid;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) by_pid[nodes_[i].pid].push_back(i);
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    ProcessNode& n = nodes_[i];
    auto it = by_pid.find(n.ppid);
    if (n.ppid >= 0 && n.ppid != n.pid && it != by_pid.end()) {
      for (int cand : it->second)
        if (cand != i && nodes_[cand].first_num <= n.first_num) n.parent = cand;
    }
    if (n.parent >= 0)
      nodes_[n.parent].children.push_back(i);
    else
      roots_.push_back(i);
  }
}

}  // namespace saker::inspector
