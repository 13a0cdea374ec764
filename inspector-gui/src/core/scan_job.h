// Runs a capture pass (load, filter, rules, follow, export) on a worker thread and reports
// back on the thread that created the job. Cancel with cancel(); destroying the job
// cancels and waits.
#pragma once

#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace saker::inspector {

class ScanJob : public QObject {
  Q_OBJECT
 public:
  // `work` runs on the worker; it polls `cancel` and may call post() to run code on the
  // creating thread (results, progress).
  using Work = std::function<void(ScanJob& job, const std::atomic<bool>& cancel)>;
  explicit ScanJob(QObject* parent = nullptr);
  ~ScanJob() override;

  void start(Work work);
  void cancel() { cancel_ = true; }
  bool running() const { return running_; }
  bool cancelled() const { return cancel_; }
  // Queues `fn` to the job's thread; dropped when the job is gone by then.
  void post(std::function<void()> fn);
  // Blocks until the worker returned (tests and shutdown).
  void wait();

 signals:
  void finished();

 private:
  std::thread thread_;
  std::atomic<bool> cancel_{false};
  bool running_ = false;
  std::atomic<uint64_t> gen_{0};  // posts of an earlier run are dropped
};

}  // namespace saker::inspector
