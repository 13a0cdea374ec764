#include "saker/capture/container_watcher.h"

#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "saker/capture/container_metadata.h"

namespace saker::capture {

ContainerWatcher::ContainerWatcher(const std::vector<std::string>& sockets, HttpLimits limits)
    : limits_(limits) {
  for (const auto& s : sockets) {
    struct stat st {};
    if (stat(s.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) sockets_.push_back(s);
  }
  if (sockets_.empty()) return;
  cancel_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  limits_.cancel_fd = cancel_fd_;
  worker_ = std::thread([this] { run(); });
}

ContainerWatcher::~ContainerWatcher() {
  if (worker_.joinable()) {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    uint64_t one = 1;
    if (cancel_fd_ >= 0) (void)!write(cancel_fd_, &one, sizeof one);
    worker_.join();
  }
  if (cancel_fd_ >= 0) close(cancel_fd_);
}

void ContainerWatcher::request(std::string_view full_id, std::string_view type) {
  if (!active() || full_id.empty()) return;
  if (!seen_.insert(std::string(full_id.substr(0, 12))).second) return;
  {
    std::lock_guard lock(mu_);
    queue_.push_back({std::string(full_id), std::string(type)});
  }
  cv_.notify_one();
}

void ContainerWatcher::take(std::vector<ContainerFound>& out) {
  std::lock_guard lock(mu_);
  for (auto& f : done_) out.push_back(std::move(f));
  done_.clear();
}

bool ContainerWatcher::wait_idle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_until(lock, deadline, [this] { return queue_.empty() && !busy_; });
}

ContainerWatcher::Stats ContainerWatcher::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void ContainerWatcher::run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();

    std::string runtime = job.type == "podman" ? "podman" : "docker";
    LookupResult found;
    std::string error;
    for (const auto& sock : sockets_) {
      auto get = [&](std::string_view target) { return unix_http_get(sock, target, limits_); };
      LookupResult r = lookup_container(get, job.id, runtime);
      if (r.found) {
        found = std::move(r);
        break;
      }
      if (!r.error.empty()) error = fmt::format("{}: {}", sock, r.error);
    }

    lock.lock();
    busy_ = false;
    if (found.found) {
      ++stats_.found;
      done_.push_back({job.id.substr(0, 12), std::move(found.json)});
    } else if (!error.empty()) {
      ++stats_.failed;
      stats_.last_error = fmt::format("container {}: {}", job.id.substr(0, 12), error);
    } else {
      ++stats_.unknown;
    }
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

}  // namespace saker::capture
