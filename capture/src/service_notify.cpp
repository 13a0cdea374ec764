#include "saker/capture/service_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace saker::capture {

ServiceNotifier ServiceNotifier::from_environment() {
  const char* name = std::getenv("NOTIFY_SOCKET");
  ServiceNotifier n(name ? name : "");
  ::unsetenv("NOTIFY_SOCKET");
  return n;
}

ServiceNotifier::ServiceNotifier(std::string socket_name) : socket_name_(std::move(socket_name)) {}

ServiceNotifier::ServiceNotifier(ServiceNotifier&& other) noexcept
    : socket_name_(std::move(other.socket_name_)), fd_(other.fd_), error_(std::move(other.error_)) {
  other.fd_ = -1;
  other.socket_name_.clear();
}

ServiceNotifier::~ServiceNotifier() {
  if (fd_ >= 0) ::close(fd_);
}

bool ServiceNotifier::send(const std::string& state) {
  if (socket_name_.empty()) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_name_.size() >= sizeof addr.sun_path || (socket_name_[0] != '/' && socket_name_[0] != '@')) {
    error_ = fmt::format("NOTIFY_SOCKET {} is not a socket path or @name", socket_name_);
    return false;
  }
  std::memcpy(addr.sun_path, socket_name_.data(), socket_name_.size());
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_name_.size());
  if (fd_ < 0) fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error_ = fmt::format("socket: {}", std::strerror(errno));
    return false;
  }
  ssize_t n;
  do n = ::sendto(fd_, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&addr), len);
  while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(state.size())) {
    error_ = fmt::format("{}: {}", socket_name_, n < 0 ? std::strerror(errno) : "short send");
    return false;
  }
  return true;
}

std::string ServiceNotifier::reloading() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  uint64_t usec = static_cast<uint64_t>(t.tv_sec) * 1000000u + static_cast<uint64_t>(t.tv_nsec) / 1000u;
  return fmt::format("RELOADING=1\nMONOTONIC_USEC={}", usec);
}

}  // namespace saker::capture
