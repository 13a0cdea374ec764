// Helpers for live recording tests: a recorder started in the background, a tmpfs mounted for one
// test, a file read whole.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "run_command.h"

// Skips a test that records live (eBPF needs root).
#define SAKER_REQUIRE_ROOT()                                              \
  do {                                                                    \
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)"; \
  } while (0)

namespace saker::test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// `cmd` run by the shell in the background, its output into `log`; waits (up to a minute) until
// the log holds `ready`. The process is not our child: wait() polls until it is gone.
class Background {
 public:
  Background(const std::string& cmd, const std::filesystem::path& log, const std::string& ready) : log_(log) {
    auto r = run_command(cmd + " > " + log.string() + " 2>&1 & echo $!");
    pid_ = static_cast<pid_t>(std::stoi(r.out));
    for (int i = 0; i < 600 && slurp(log_).find(ready) == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ~Background() {
    if (running()) ::kill(pid_, SIGKILL);
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  bool running() const { return ::kill(pid_, 0) == 0; }
  // Waits up to `seconds` for the process to end; false if it is still running.
  bool wait(int seconds) {
    for (int i = 0; i < seconds * 10 && running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return !running();
  }
  std::string log() const { return slurp(log_); }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

// A tmpfs mounted for one test, unmounted however the test ends.
class TmpfsMount {
 public:
  TmpfsMount(const std::filesystem::path& at, const std::string& options) : at_(at) {
    std::filesystem::create_directories(at);
    auto r = run_command("mount -t tmpfs -o " + options + " saker-test " + at.string() + " 2>&1");
    mounted_ = r.status == 0;
    error_ = r.out;
  }
  ~TmpfsMount() {
    if (mounted_) run_command("umount -l " + at_.string() + " 2>&1");
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path at_;
  bool mounted_ = false;
  std::string error_;
};

}  // namespace saker::test
