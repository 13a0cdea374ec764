// Alert outputs as Falco has them: standard output (text or JSON), a file (appended, opened
// again on SIGHUP), a program (JSON lines on its standard input, restarted when it dies),
// syslog, and an HTTP POST of Falco's JSON alert (what falcosidekick accepts). Several at once.
//
// Outputs never hold up the caller: each has a bounded queue drained by its own thread, and an
// alert that finds the queue full is dropped and counted (or, with `block`, waits: replay).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saker/rules/alert_output.h"

namespace saker::rules {

enum class AlertOutputKind { Stdout, Json, File, Program, Syslog, Http };

struct AlertOutputSpec {
  AlertOutputKind kind = AlertOutputKind::Stdout;
  std::string target;  // the path, the command, the syslog socket ("" for /dev/log) or the URL
  std::string text;    // as given
};

// "stdout", "json", "file:PATH", "program:CMD", "syslog" (/dev/log), "syslog:/SOCKET",
// "http://HOST[:PORT]/PATH" (https too).
// Throws scap::CommandError (Usage) naming the bad spec.
AlertOutputSpec parse_alert_output(std::string_view text);

// Opens an output: a file is created (mode 0600) or appended to, a URL is checked. Throws
// scap::CommandError: Usage for a bad URL or command, Output for a file that cannot be written.
std::unique_ptr<AlertOutput> make_alert_output(const AlertOutputSpec& spec);

struct AlertOutputsOptions {
  size_t queue = 1024;         // alerts waiting per output
  bool block = false;          // a full queue waits instead of dropping (replay)
  double close_timeout_s = 5;  // at the end, how long outputs get to send what is queued
  std::FILE* log = nullptr;    // delivery errors, at most one line per output every 10 s
  std::string log_prefix;      // "saker record"
};

struct AlertOutputStats {
  std::string name;
  uint64_t sent = 0, dropped = 0, failed = 0, restarts = 0, retries = 0;
  std::string last_error;
};

class AlertOutputs {
 public:
  // Throws scap::CommandError as make_alert_output does; nothing is started then. `extra`:
  // outputs made by the caller (the recorder's fleet output), after those of `specs`.
  AlertOutputs(const std::vector<std::string>& specs, const AlertOutputsOptions& opts,
               std::vector<std::unique_ptr<AlertOutput>> extra = {});
  ~AlertOutputs();
  AlertOutputs(const AlertOutputs&) = delete;
  AlertOutputs& operator=(const AlertOutputs&) = delete;

  bool empty() const { return channels_.empty(); }
  // Queues the alert on every output; never waits unless `block`.
  void publish(std::shared_ptr<const Alert> alert);
  // SIGHUP: file outputs open their path again before their next alert.
  void reopen();
  // Sends what is queued (at most close_timeout_s, then the rest is dropped) and stops the
  // threads. Idempotent.
  void close();
  std::vector<AlertOutputStats> stats() const;
  // "alert outputs: http://x/ 120 sent, 3 dropped, 1 failed; stdout 123 sent"
  std::string summary() const;
  // A stdout or json output found standard output closed by its reader.
  bool broken_pipe() const;
  // The processes of program outputs (the recorder, a subreaper, must not wait for them).
  std::vector<int> pids() const;

 private:
  struct Channel;
  AlertOutputsOptions opts_;
  std::vector<std::unique_ptr<Channel>> channels_;
  bool closed_ = false;
};

}  // namespace saker::rules
