// A unix datagram socket bound to a path, standing in for systemd's $NOTIFY_SOCKET (sd_notify(3))
// or syslog's /dev/log: it keeps every datagram sent to it, in order.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace saker::test {

class DatagramSocket {
 public:
  explicit DatagramSocket(const std::filesystem::path& path) : path_(path.string()) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path_.size() >= sizeof a.sun_path) throw std::runtime_error("socket path too long: " + path_);
    std::memcpy(a.sun_path, path_.data(), path_.size());
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
      throw std::runtime_error("cannot bind " + path_ + ": " + std::strerror(errno));
  }
  ~DatagramSocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  DatagramSocket(const DatagramSocket&) = delete;
  DatagramSocket& operator=(const DatagramSocket&) = delete;
  const std::string& path() const { return path_; }

  // The datagrams received within `seconds` (returns as soon as `until` is among them).
  std::vector<std::string> receive(double seconds, const std::string& until = "") {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0) continue;
      got_.emplace_back(buf, static_cast<size_t>(n));
      if (!until.empty() && got_.back().find(until) != std::string::npos) break;
    }
    return got_;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> got_;
};

}  // namespace saker::test
