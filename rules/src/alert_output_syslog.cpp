// Syslog: the text line at the syslog level of the rule's priority (Falco's priorities are
// syslog's levels, Emergency = LOG_EMERG ... Debug = LOG_DEBUG), facility LOG_USER, sent as
// syslog(3) sends it ("<PRI>Mmm dd hh:mm:ss saker[PID]: text", a datagram) to /dev/log or the
// socket `syslog:PATH` names (a relay, a container's log socket, a test).
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "alert_output_factories.h"
#include "saker/scap/command_error.h"

namespace saker::rules {

namespace {

class SyslogOutput : public AlertOutput {
 public:
  SyslogOutput(std::string name, std::string path) : name_(std::move(name)), path_(std::move(path)) {
    if (path_.empty() || path_.size() >= sizeof addr_.sun_path)
      throw scap::CommandError(scap::ErrorKind::Usage,
                               fmt::format("alert output {}: not a socket path", name_));
    addr_.sun_family = AF_UNIX;
    std::memcpy(addr_.sun_path, path_.data(), path_.size());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(fmt::format("socket: {}", std::strerror(errno)));
  }
  ~SyslogOutput() override { ::close(fd_); }
  const std::string& name() const override { return name_; }

  void write(const Alert& alert, const std::atomic<bool>&) override {
    time_t now = ::time(nullptr);
    tm local{};
    ::localtime_r(&now, &local);
    char stamp[32];
    ::strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &local);
    std::string msg = fmt::format("<{}>{} saker[{}]: {}", LOG_USER | static_cast<int>(alert.priority), stamp,
                                  ::getpid(), alert.text);
    // Unconnected: a syslog daemon that restarted (a new socket at the same path) is found again.
    ssize_t n;
    do
      n = ::sendto(fd_, msg.data(), msg.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&addr_),
                   sizeof addr_);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw std::runtime_error(fmt::format("{}: {}", path_, std::strerror(errno)));
  }

 private:
  std::string name_, path_;
  sockaddr_un addr_{};
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<AlertOutput> make_syslog_output(const std::string& name, const std::string& path) {
  return std::make_unique<SyslogOutput>(name, path.empty() ? "/dev/log" : path);
}

}  // namespace saker::rules
