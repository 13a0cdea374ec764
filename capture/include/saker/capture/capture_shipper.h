// `record --ship URL`: each capture the recorder finishes (a rotated file, an incident capture,
// the file at the end) is shipped to the fleet by a background thread, at a lower CPU priority
// than the recording. The index ship needs is built in a scratch folder and removed after, so
// the capture directory and its --dir-quota hold captures only.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace saker::capture {

struct CaptureShipperOptions {
  std::string url;
  std::string database = "saker";
  std::string host;           // empty: the capture's machine name
  double retry_seconds = 30;  // after the server could not be reached (the ship resumes)
  double final_seconds = 60;  // at the end, how long the queue gets before the rest is named
};

struct CaptureShipperStats {
  uint64_t shipped = 0, failed = 0, retries = 0;
  std::string last_error;
};

class CaptureShipper {
 public:
  CaptureShipper(CaptureShipperOptions opts, std::FILE* log);
  ~CaptureShipper();  // finish()
  CaptureShipper(const CaptureShipper&) = delete;
  CaptureShipper& operator=(const CaptureShipper&) = delete;

  // Queues a finished capture; never waits.
  void enqueue(const std::string& capture);
  // Ships what is queued (for at most final_seconds), names what is left, stops the thread.
  // Idempotent.
  void finish();
  CaptureShipperStats stats() const;

 private:
  void run();
  // 0 shipped or no longer there; 3 the server could not be reached (try again).
  int ship(const std::string& capture);

  CaptureShipperOptions opts_;
  std::FILE* log_;
  std::string scratch_;  // the indexes' folder
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false, finished_ = false;
  CaptureShipperStats stats_;
  std::thread worker_;
};

}  // namespace saker::capture
