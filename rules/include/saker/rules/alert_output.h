// One destination of alerts (standard output, a file, a program, syslog, an HTTP endpoint).
// An output is used by one worker thread only (rules/include/saker/rules/alert_outputs.h).
#pragma once

#include <atomic>
#include <string>

#include "saker/rules/ruleset.h"

namespace saker::rules {

// An alert as the outputs receive it: made once, shared by every output's queue.
struct Alert {
  Priority priority = Priority::Debug;
  std::string text;  // "08:00:00.000000000: Warning <rule output>"
  std::string json;  // Falco's JSON alert with a uuid, one line
};

class AlertOutput {
 public:
  virtual ~AlertOutput() = default;
  // The output as the user named it ("stdout", "file:/var/log/alerts.json", "http://...").
  virtual const std::string& name() const = 0;
  // Delivers one alert. Throws std::runtime_error when it could not; the caller counts it.
  // `abandon` becomes true when the recorder stops waiting for the output.
  virtual void write(const Alert& alert, const std::atomic<bool>& abandon) = 0;
  // SIGHUP: a file output opens its path again (log rotation). Called by the worker thread.
  virtual void reopen() {}
  // The end: a program output closes its standard input and waits for it.
  virtual void close(const std::atomic<bool>& /*abandon*/) {}
  // A program output's running process, else -1.
  virtual int pid() const { return -1; }
  // Restarts of a program output.
  virtual uint64_t restarts() const { return 0; }
  // Deliveries an HTTP output tried again (a connection error, a 5xx answer).
  virtual uint64_t retries() const { return 0; }
  // Standard output was closed by its reader (`| head`): failures are quiet, replay ends as
  // every command does then (status 141).
  virtual bool broken_pipe() const { return false; }
};

}  // namespace saker::rules
