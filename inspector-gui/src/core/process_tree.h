// The processes of a whole capture: who started whom, what each executed, when it lived
// and how many events it made. Built while the capture loads, from the state engine.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "saker/scap/event.h"
#include "saker/scap/event_table.h"

namespace saker::replay {
class State;
}

namespace saker::inspector {

struct ProcessNode {
  int64_t pid = 0;
  int64_t ppid = -1;
  std::string comm;
  std::string cmdline;
  std::vector<std::string> execs;  // exe of each successful execve, in order
  uint64_t first_ts = 0, last_ts = 0, exit_ts = 0;
  uint64_t first_num = 0;
  uint64_t events = 0;
  int parent = -1;  // index in ProcessTree::nodes(), -1 for a root
  std::vector<int> children;
};

class ProcessTree {
 public:
  ProcessTree();
  // Call after State::apply(ev).
  void observe(const scap::EventView& ev, const replay::State& state);
  // Links parents and children; call once every event was observed.
  void finish();

  const std::vector<ProcessNode>& nodes() const { return nodes_; }
  const std::vector<int>& roots() const { return roots_; }

 private:
  int node_for(int64_t pid, const replay::State& state, uint64_t tid, const scap::EventView& ev);

  std::vector<ProcessNode> nodes_;
  std::vector<int> roots_;
  std::unordered_map<int64_t, int> live_;  // pid -> latest node
  int64_t last_pid_ = INT64_MIN;
  int last_node_ = -1;
  std::bitset<scap::kEventTypeCount> exec_exit_, proc_exit_;
};

}  // namespace saker::inspector
