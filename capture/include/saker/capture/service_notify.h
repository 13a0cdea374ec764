// systemd's readiness protocol (sd_notify(3)) without libsystemd: a datagram of "KEY=VALUE"
// lines sent to the unix socket named by $NOTIFY_SOCKET (a path, or "@name" for an abstract
// socket). The recorder says READY=1 once the driver is attached, RELOADING=1 and READY=1
// around a SIGHUP reload, STOPPING=1 as it stops (packaging/saker-recorder.service.in,
// Type=notify).
#pragma once

#include <string>

namespace saker::capture {

class ServiceNotifier {
 public:
  // Takes $NOTIFY_SOCKET and removes it from the environment, so that the recorded command and
  // program outputs do not speak for the service. Without it every send() does nothing.
  static ServiceNotifier from_environment();
  explicit ServiceNotifier(std::string socket_name);
  ServiceNotifier(const ServiceNotifier&) = delete;
  ServiceNotifier& operator=(const ServiceNotifier&) = delete;
  ServiceNotifier(ServiceNotifier&& other) noexcept;
  ~ServiceNotifier();

  bool enabled() const { return !socket_name_.empty(); }
  // Sends `state` ("READY=1\nSTATUS=..."); false (and the reason in error()) when it could not.
  bool send(const std::string& state);
  const std::string& error() const { return error_; }

  // RELOADING=1 with the MONOTONIC_USEC systemd 253+ asks for.
  static std::string reloading();

 private:
  std::string socket_name_;
  int fd_ = -1;
  std::string error_;
};

}  // namespace saker::capture
