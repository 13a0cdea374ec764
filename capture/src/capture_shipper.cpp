#include "saker/capture/capture_shipper.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/ship.h"
#include "saker/rules/index_alerts.h"

namespace saker::capture {

namespace fs = std::filesystem;

CaptureShipper::CaptureShipper(CaptureShipperOptions opts, std::FILE* log)
    : opts_(std::move(opts)), log_(log) {
  std::string tmpl = (fs::temp_directory_path() / "saker-ship-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error(fmt::format("cannot make a scratch folder {}", tmpl));
  scratch_ = tmpl;
  worker_ = std::thread([this] { run(); });
}

CaptureShipper::~CaptureShipper() {
  finish();
}

void CaptureShipper::enqueue(const std::string& capture) {
  {
    std::lock_guard l(mu_);
    if (stopping_) return;
    queue_.push_back(capture);
  }
  cv_.notify_all();
}

void CaptureShipper::finish() {
  {
    std::lock_guard l(mu_);
    if (finished_) return;
    finished_ = stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
  std::error_code ec;
  fs::remove_all(scratch_, ec);
}

CaptureShipperStats CaptureShipper::stats() const {
  std::lock_guard l(mu_);
  return stats_;
}

int CaptureShipper::ship(const std::string& capture) {
  fleet::ShipOptions so;
  so.captures = {capture};
  so.url = opts_.url;
  so.host = opts_.host;
  so.database = opts_.database;
  so.quiet = true;
  so.index_path = (fs::path(scratch_) / "capture.saker-index").string();
  // ship's messages go to the recorder's log, one line each.
  int rc = fleet::run_ship(so, log_, rules::alert_observer_factory({}));
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(scratch_, ec)) fs::remove(e.path(), ec);
  return rc;
}

void CaptureShipper::run() {
  // Shipping indexes the capture again: the recording keeps the CPU first.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
  using clock = std::chrono::steady_clock;
  auto after = [](double seconds) {
    return clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  };
  clock::time_point retry_at{}, deadline{};
  bool stop_seen = false;
  std::unique_lock l(mu_);
  for (;;) {
    if (stopping_ && !stop_seen) {
      // At the end every queued capture gets one more try now, within final_seconds.
      stop_seen = true;
      deadline = after(opts_.final_seconds);
      retry_at = {};
    }
    if (queue_.empty()) {
      if (stopping_) return;
      cv_.wait(l);
      continue;
    }
    if (stopping_ && clock::now() >= deadline) break;
    if (clock::now() < retry_at) {
      cv_.wait_until(l, retry_at);
      continue;
    }
    std::string capture = queue_.front();
    l.unlock();
    bool there = fs::exists(capture);
    if (!there) fmt::print(log_, "saker record: {} was removed before it could be shipped\n", capture);
    int rc = there ? ship(capture) : 1;
    l.lock();
    if (rc == 3) {
      // The server is away: this capture and those after it wait; the ship resumes later.
      ++stats_.retries;
      stats_.last_error = "the fleet server could not be reached";
      if (stopping_) break;
      retry_at = after(opts_.retry_seconds);
      continue;
    }
    if (rc == 0) {
      ++stats_.shipped;
    } else {
      ++stats_.failed;
      stats_.last_error = fmt::format("{} could not be shipped", capture);
    }
    queue_.pop_front();
  }
  for (const auto& c : queue_)
    fmt::print(log_, "saker record: {} was not shipped; ship it with: saker ship {} --clickhouse {}{}\n", c,
               c, fleet::url_without_credentials(opts_.url),
               opts_.host.empty() ? std::string() : " --host " + opts_.host);
  queue_.clear();
}

}  // namespace saker::capture
