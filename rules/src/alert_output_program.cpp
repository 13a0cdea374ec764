// A program fed JSON alert lines on its standard input, run through `sh -c` as Falco's
// program_output does, and started again when it dies. It runs in its own process group, so
// a Ctrl-C meant for Saker does not kill it before the last alerts reach it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "alert_output_factories.h"

extern char** environ;

namespace saker::rules {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRespawnInterval = std::chrono::milliseconds(100);

// The worker blocks SIGPIPE (AlertOutputs); a write to a dead program leaves it pending.
void discard_sigpipe() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGPIPE);
  timespec zero{};
  while (sigtimedwait(&s, nullptr, &zero) == SIGPIPE) {
  }
}

class ProgramOutput : public AlertOutput {
 public:
  ProgramOutput(std::string name, std::string command)
      : name_(std::move(name)), command_(std::move(command)) {}
  ~ProgramOutput() override {
    std::atomic<bool> now{true};
    close(now);
  }
  const std::string& name() const override { return name_; }
  int pid() const override { return pid_; }
  uint64_t restarts() const override { return spawns_ > 1 ? spawns_ - 1 : 0; }

  void write(const Alert& alert, const std::atomic<bool>& abandon) override {
    line_.assign(alert.json).push_back('\n');
    if (!alive()) start(abandon);
    if (send(abandon)) return;
    // It died since the last alert: once more with a new one.
    stop_process();
    start(abandon);
    if (!send(abandon))
      throw std::runtime_error(fmt::format("{}: the program exits without reading", command_));
  }

  void close(const std::atomic<bool>& abandon) override {
    if (fd_ >= 0) ::close(fd_), fd_ = -1;  // end of input: the program finishes and exits
    while (pid_ > 0 && !abandon) {
      if (reaped()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop_process();
  }

 private:
  bool reaped() {
    int st;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == 0) return false;
    pid_ = -1;  // exited (or reaped by the recorder, its subreaper: ECHILD)
    return true;
  }
  bool alive() { return pid_ > 0 && fd_ >= 0 && !reaped(); }

  void stop_process() {
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  void start(const std::atomic<bool>& abandon) {
    // A program that dies at once is not started more than ten times a second.
    while (Clock::now() - last_spawn_ < kRespawnInterval && !abandon)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    last_spawn_ = Clock::now();
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[0], 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    const char* argv[] = {"sh", "-c", command_.c_str(), nullptr};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(p[0]);
    if (rc != 0) {
      ::close(p[1]);
      throw std::runtime_error(fmt::format("cannot run sh -c '{}': {}", command_, std::strerror(rc)));
    }
    ::fcntl(p[1], F_SETFL, O_NONBLOCK);
    pid_ = pid;
    fd_ = p[1];
    ++spawns_;
  }

  // False when the program is gone (EPIPE); throws when it stops reading and we give up.
  bool send(const std::atomic<bool>& abandon) {
    size_t done = 0;
    while (done < line_.size()) {
      ssize_t n = ::write(fd_, line_.data() + done, line_.size() - done);
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EPIPE) {
        discard_sigpipe();
        return false;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        throw std::runtime_error(fmt::format("{}: write failed: {}", command_, std::strerror(errno)));
      if (abandon) throw std::runtime_error(fmt::format("{}: does not read its input", command_));
      pollfd pf{fd_, POLLOUT, 0};
      ::poll(&pf, 1, 100);
    }
    return true;
  }

  std::string name_, command_, line_;
  pid_t pid_ = -1;
  int fd_ = -1;
  uint64_t spawns_ = 0;
  Clock::time_point last_spawn_{};
};

}  // namespace

std::unique_ptr<AlertOutput> make_program_output(const std::string& name, const std::string& command) {
  return std::make_unique<ProgramOutput>(name, command);
}

}  // namespace saker::rules
