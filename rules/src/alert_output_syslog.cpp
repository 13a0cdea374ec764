// syslog(3): the text line at the syslog level of the rule's priority (Falco's priorities are
// syslog's levels, Emergency = LOG_EMERG ... Debug = LOG_DEBUG).
#include <syslog.h>

#include <mutex>

#include "alert_output_factories.h"

namespace saker::rules {

namespace {

class SyslogOutput : public AlertOutput {
 public:
  explicit SyslogOutput(std::string name) : name_(std::move(name)) {
    static std::once_flag once;
    std::call_once(once, [] { ::openlog("saker", LOG_PID | LOG_NDELAY, LOG_USER); });
  }
  const std::string& name() const override { return name_; }
  void write(const Alert& alert, const std::atomic<bool>&) override {
    ::syslog(LOG_USER | static_cast<int>(alert.priority), "%s", alert.text.c_str());
  }

 private:
  std::string name_;
};

}  // namespace

std::unique_ptr<AlertOutput> make_syslog_output(const std::string& name) {
  return std::make_unique<SyslogOutput>(name);
}

}  // namespace saker::rules
