// An HTTP server on 127.0.0.1 (a free port) in a thread, for alert output tests: it keeps every
// request it receives (request line, headers, body) and answers 200, or with `stall` reads the
// request and never answers (a receiver that hangs). The first `fail_first` requests get
// `fail_status` instead (a collector restarting behind a proxy: 503).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace saker::test {

struct HttpRequest {
  std::string head;  // request line and headers
  std::string body;
};

class LoopbackHttpCollector {
 public:
  explicit LoopbackHttpCollector(bool stall = false, int fail_first = 0, int fail_status = 503)
      : stall_(stall), fail_left_(fail_first), fail_status_(fail_status) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error(std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno));
    port_ = ntohs(a.sin_port);
    if (::pipe2(stop_, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    thread_ = std::thread([this] { run(); });
  }
  ~LoopbackHttpCollector() {
    (void)!::write(stop_[1], "x", 1);
    thread_.join();
    for (int c : held_) ::close(c);
    ::close(fd_);
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<HttpRequest> requests() {
    std::lock_guard l(mu_);
    return requests_;
  }
  // Waits up to `seconds` for at least n requests.
  std::vector<HttpRequest> wait_for(size_t n, double seconds = 10) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
      if (requests().size() >= n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return requests();
  }

 private:
  bool wait(int fd) {
    pollfd p[2] = {{fd, POLLIN, 0}, {stop_[0], POLLIN, 0}};
    while (::poll(p, 2, -1) < 0)
      if (errno != EINTR) return false;
    return !(p[1].revents & POLLIN);
  }
  void run() {
    while (wait(fd_)) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      while (handle(c)) {
      }
      if (stall_)
        held_.push_back(c);  // never answered, never closed until the end
      else
        ::close(c);
    }
  }
  // One request on connection c; true when the connection stays open for another.
  bool handle(int c) {
    std::string req;
    char buf[65536];
    size_t head_end;
    while ((head_end = req.find("\r\n\r\n")) == std::string::npos) {
      if (!wait(c)) return false;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return false;
      req.append(buf, static_cast<size_t>(n));
    }
    HttpRequest r;
    r.head = req.substr(0, head_end);
    size_t length = 0;
    std::string lower = r.head;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (auto at = lower.find("content-length:"); at != std::string::npos)
      length = std::stoul(lower.substr(at + 15));
    r.body = req.substr(head_end + 4);
    while (r.body.size() < length) {
      if (!wait(c)) return false;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return false;
      r.body.append(buf, static_cast<size_t>(n));
    }
    {
      std::lock_guard l(mu_);
      requests_.push_back(r);
    }
    if (stall_) return false;
    std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    if (fail_left_ > 0) {
      --fail_left_;
      answer = "HTTP/1.1 " + std::to_string(fail_status_) + " Failing\r\nContent-Length: 0\r\n\r\n";
    }
    (void)!::send(c, answer.data(), answer.size(), MSG_NOSIGNAL);
    return true;  // keep-alive: curl reuses the connection
  }

  bool stall_;
  int fail_left_, fail_status_;
  int fd_ = -1, stop_[2] = {-1, -1};
  uint16_t port_ = 0;
  std::mutex mu_;
  std::vector<HttpRequest> requests_;
  std::vector<int> held_;
  std::thread thread_;
};

}  // namespace saker::test
