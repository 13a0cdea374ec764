// A fake container runtime API for tests: an HTTP server on a unix socket, in a thread, that
// answers each GET target with canned raw bytes (status line, headers, body), sent in small
// pieces so clients see partial reads. Unknown targets get a 404; "stalled" targets never
// get an answer (until the server stops).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace saker::test {

// A Docker Engine API container inspection (GET /containers/ID/json), trimmed to what
// matters here, with `labels` and the usual surrounding noise.
inline std::string docker_inspect(const std::string& id, const std::string& name, const std::string& image,
                                  const std::map<std::string, std::string>& labels, bool privileged) {
  std::string l;
  for (const auto& [k, v] : labels) l += (l.empty() ? "\"" : ",\"") + k + "\":\"" + v + "\"";
  return R"({"Id":")" + id + R"(","Created":"2024-05-01T10:20:30.123456789Z","Path":"sh","Args":[],)" +
         R"("State":{"Status":"running","Pid":4242},"Image":"sha256:)" + std::string(64, 'e') + R"(",)" +
         R"("Name":"/)" + name + R"(","HostConfig":{"Privileged":)" + (privileged ? "true" : "false") +
         R"(,"NetworkMode":"bridge"},"Mounts":[{"Type":"bind","Source":"/srv/data","Destination":"/data",)" +
         R"("Mode":"rw","RW":true,"Propagation":"rprivate"}],"Config":{"Hostname":"x","Image":")" + image +
         R"(","Env":["SECRET=1"],"Labels":{)" + l +
         R"(}},"NetworkSettings":{"IPAddress":"","Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}],)" +
         R"("53/udp":null},"Networks":{"bridge":{"IPAddress":"172.17.0.5"}}}})";
}

inline std::string http_response(const std::string& body, int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

inline std::string http_chunked_response(const std::string& body, size_t chunk = 4000) {
  char hex[32];
  std::string out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (size_t at = 0; at < body.size(); at += chunk) {
    size_t n = std::min(chunk, body.size() - at);
    std::snprintf(hex, sizeof hex, "%zx", n);
    out += std::string(hex) + ";ext=1\r\n" + body.substr(at, n) + "\r\n";
  }
  return out + "0\r\nX-Trailer: t\r\n\r\n";
}

class FakeHttpServer {
 public:
  explicit FakeHttpServer(std::string path) : path_(std::move(path)) {
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path_.size() >= sizeof a.sun_path) throw std::runtime_error("socket path too long");
    std::memcpy(a.sun_path, path_.c_str(), path_.size() + 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 16) != 0)
      throw std::runtime_error("cannot listen on " + path_ + ": " + std::strerror(errno));
    if (::pipe2(stop_, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    thread_ = std::thread([this] { run(); });
  }
  ~FakeHttpServer() {
    (void)!::write(stop_[1], "x", 1);
    thread_.join();
    ::close(fd_);
    ::close(stop_[0]);
    ::close(stop_[1]);
    ::unlink(path_.c_str());
  }
  void serve(const std::string& target, std::string raw) {
    std::lock_guard l(mu_);
    routes_[target] = std::move(raw);
  }
  void stall(const std::string& target) {
    std::lock_guard l(mu_);
    stalled_.insert(target);
  }
  const std::string& path() const { return path_; }
  int requests(const std::string& target) {
    std::lock_guard l(mu_);
    return counts_[target];
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
      handle(c);
      ::close(c);
    }
  }
  void handle(int c) {
    std::string req;
    char buf[4096];
    while (req.find("\r\n\r\n") == std::string::npos) {
      if (!wait(c)) return;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      req.append(buf, static_cast<size_t>(n));
    }
    // "GET /target HTTP/1.1"
    size_t sp1 = req.find(' '), sp2 = req.find(' ', sp1 + 1);
    std::string target = req.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string raw;
    {
      std::lock_guard l(mu_);
      ++counts_[target];
      if (stalled_.count(target)) {
        raw.clear();
      } else {
        auto it = routes_.find(target);
        raw = it != routes_.end() ? it->second : http_response("{\"message\":\"No such container\"}", 404);
      }
    }
    if (raw.empty()) {  // stalled: hold the connection until the server stops
      wait(stop_[0]);
      return;
    }
    for (size_t at = 0; at < raw.size();) {
      ssize_t n = ::send(c, raw.data() + at, std::min<size_t>(1500, raw.size() - at), MSG_NOSIGNAL);
      if (n <= 0) return;
      at += static_cast<size_t>(n);
    }
  }

  std::string path_;
  int fd_ = -1;
  int stop_[2] = {-1, -1};
  std::mutex mu_;
  std::map<std::string, std::string> routes_;
  std::set<std::string> stalled_;
  std::map<std::string, int> counts_;
  std::thread thread_;
};

}  // namespace saker::test
