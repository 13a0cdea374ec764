// Fetches container metadata from the runtime sockets on a worker thread, so the recording
// loop never waits on a container daemon: it queues ids and takes the answers as they come.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "saker/capture/unix_http.h"

namespace saker::capture {

// Docker's and podman's API sockets (podman serves the same API).
inline const std::vector<std::string> kDefaultContainerSockets = {"/var/run/docker.sock",
                                                                  "/run/podman/podman.sock"};

struct ContainerFound {
  std::string id;    // 12-character short id
  std::string json;  // the container JSON event's parameter
};

class ContainerWatcher {
 public:
  // Only `sockets` that exist as unix sockets are asked; with none the watcher is inactive
  // and starts no thread.
  explicit ContainerWatcher(const std::vector<std::string>& sockets, HttpLimits limits = {});
  ~ContainerWatcher();
  ContainerWatcher(const ContainerWatcher&) = delete;
  ContainerWatcher& operator=(const ContainerWatcher&) = delete;

  bool active() const { return !sockets_.empty(); }
  const std::vector<std::string>& sockets() const { return sockets_; }

  // Queues a lookup of `full_id` (runtime type as found from its cgroup) unless it was queued
  // before. Call from one thread only.
  void request(std::string_view full_id, std::string_view type);
  // Appends the containers found since the last call.
  void take(std::vector<ContainerFound>& out);
  // Waits until every queued lookup has finished, or the deadline; true if all finished.
  bool wait_idle(std::chrono::steady_clock::time_point deadline);

  struct Stats {
    uint64_t found = 0, unknown = 0, failed = 0;  // unknown: no socket knew the id
    std::string last_error;
  };
  Stats stats() const;

 private:
  struct Job {
    std::string id, type;
  };
  void run();

  std::vector<std::string> sockets_;
  HttpLimits limits_;
  int cancel_fd_ = -1;
  std::unordered_set<std::string> seen_;  // short ids; used by the requesting thread only

  mutable std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::deque<Job> queue_;
  std::vector<ContainerFound> done_;
  bool busy_ = false, stop_ = false;
  Stats stats_;
  std::thread worker_;
};

}  // namespace saker::capture
