#include "saker/capture/unix_http.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace saker::capture {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr size_t kMaxChunkLine = 1024;

}  // namespace

HttpResponseParser::State HttpResponseParser::fail(std::string msg) {
  resp_.ok = false;
  resp_.error = std::move(msg);
  phase_ = Phase::Done;
  return state_ = State::Error;
}

HttpResponseParser::State HttpResponseParser::feed(std::string_view data) {
  if (state_ != State::NeedMore) return state_;
  buf_.append(data);
  if (phase_ == Phase::Head) {
    if (State s = parse_head(); s != State::NeedMore || phase_ == Phase::Head) return s;
  }
  return parse_body();
}

HttpResponseParser::State HttpResponseParser::finish() {
  if (state_ != State::NeedMore) return state_;
  if (phase_ == Phase::UntilClose) {
    resp_.ok = true;
    phase_ = Phase::Done;
    return state_ = State::Done;
  }
  return fail(phase_ == Phase::Head ? "connection closed before the response header ended"
                                    : "connection closed before the response body ended (truncated)");
}

HttpResponseParser::State HttpResponseParser::parse_head() {
  size_t end = buf_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (buf_.size() > limits_.max_header)
      return fail(fmt::format("response header over {} bytes", limits_.max_header));
    return State::NeedMore;
  }
  if (end > limits_.max_header) return fail(fmt::format("response header over {} bytes", limits_.max_header));
  std::string_view head(buf_.data(), end);
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  // "HTTP/1.1 200 OK"
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ')
    return fail(fmt::format("not an HTTP/1 status line: '{}'", status_line.substr(0, 80)));
  int status = 0;
  auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
  if (ec != std::errc() || p != status_line.data() + 12 || status < 100 || status > 999)
    return fail(fmt::format("bad HTTP status in '{}'", status_line.substr(0, 80)));
  resp_.status = status;

  bool chunked = false;
  bool have_length = false;
  uint64_t length = 0;
  std::string_view rest = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
  while (!rest.empty()) {
    size_t e = rest.find("\r\n");
    std::string_view line = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view() : rest.substr(e + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return fail(fmt::format("bad header line '{}'", line.substr(0, 80)));
    std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      uint64_t v = 0;
      auto [q, ec2] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec2 != std::errc() || q != value.data() + value.size() || value.empty() ||
          (have_length && v != length))
        return fail(fmt::format("bad Content-Length '{}'", value.substr(0, 40)));
      have_length = true;
      length = v;
    } else if (iequals(name, "Transfer-Encoding")) {
      // The last coding decides; anything but chunked there means "until close" (RFC 9112 6.3).
      size_t comma = value.rfind(',');
      chunked = iequals(trim(comma == std::string_view::npos ? value : value.substr(comma + 1)), "chunked");
    }
  }
  buf_.erase(0, end + 4);
  if (status < 200 || status == 204 || status == 304) {
    if (status < 200) return fail(fmt::format("unexpected interim response {}", status));
    resp_.ok = true;
    phase_ = Phase::Done;
    return state_ = State::Done;
  }
  if (chunked) {
    phase_ = Phase::Chunked;
  } else if (have_length) {
    if (length > limits_.max_body) return fail(fmt::format("response body over {} bytes", limits_.max_body));
    phase_ = Phase::Length;
    remaining_ = static_cast<size_t>(length);
  } else {
    phase_ = Phase::UntilClose;
  }
  return State::NeedMore;
}

HttpResponseParser::State HttpResponseParser::parse_body() {
  switch (phase_) {
    case Phase::Head:
    case Phase::Done:
      return state_;
    case Phase::Length: {
      size_t take = std::min(remaining_, buf_.size());
      resp_.body.append(buf_, 0, take);
      buf_.clear();  // bytes past the body are not ours
      remaining_ -= take;
      if (remaining_ == 0) {
        resp_.ok = true;
        phase_ = Phase::Done;
        return state_ = State::Done;
      }
      return State::NeedMore;
    }
    case Phase::UntilClose:
      if (resp_.body.size() + buf_.size() > limits_.max_body)
        return fail(fmt::format("response body over {} bytes", limits_.max_body));
      resp_.body += buf_;
      buf_.clear();
      return State::NeedMore;
    case Phase::Chunked:
      return parse_chunks();
  }
  return state_;
}

HttpResponseParser::State HttpResponseParser::parse_chunks() {
  size_t pos = 0;
  auto consumed = [&] { buf_.erase(0, pos); };
  while (true) {
    if (chunk_ == ChunkPhase::Data) {
      size_t take = std::min(remaining_, buf_.size() - pos);
      resp_.body.append(buf_, pos, take);
      pos += take;
      remaining_ -= take;
      if (remaining_) return consumed(), State::NeedMore;
      chunk_ = ChunkPhase::DataEnd;
    }
    if (chunk_ == ChunkPhase::DataEnd) {
      if (buf_.size() - pos < 2) return consumed(), State::NeedMore;
      if (buf_.compare(pos, 2, "\r\n") != 0) return fail("chunk data not followed by CRLF");
      pos += 2;
      chunk_ = ChunkPhase::Size;
    }
    size_t eol = buf_.find("\r\n", pos);
    if (eol == std::string::npos) {
      if (buf_.size() - pos > kMaxChunkLine) return fail("chunk line too long");
      return consumed(), State::NeedMore;
    }
    std::string_view line(buf_.data() + pos, eol - pos);
    pos = eol + 2;
    if (chunk_ == ChunkPhase::Trailer) {
      if (line.empty()) {
        resp_.ok = true;
        phase_ = Phase::Done;
        consumed();
        return state_ = State::Done;
      }
      continue;  // trailer fields are not used
    }
    std::string_view size_text = trim(line.substr(0, line.find(';')));
    uint64_t size = 0;
    auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || ec != std::errc() || p != size_text.data() + size_text.size())
      return fail(fmt::format("bad chunk size '{}'", line.substr(0, 40)));
    if (size > limits_.max_body || resp_.body.size() + size > limits_.max_body)
      return fail(fmt::format("response body over {} bytes", limits_.max_body));
    if (size == 0) {
      chunk_ = ChunkPhase::Trailer;
      continue;
    }
    remaining_ = static_cast<size_t>(size);
    chunk_ = ChunkPhase::Data;
  }
}

namespace {

using Clock = std::chrono::steady_clock;

// Waits for `events` on fd until the deadline; "" when ready, else why not.
std::string wait_for(int fd, short events, Clock::time_point deadline, int cancel_fd) {
  while (true) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return "timed out";
    pollfd p[2] = {{fd, events, 0}, {cancel_fd, POLLIN, 0}};
    int n = poll(p, cancel_fd >= 0 ? 2 : 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return fmt::format("poll: {}", std::strerror(errno));
    }
    if (n == 0) continue;  // the deadline check above ends the loop
    if (cancel_fd >= 0 && (p[1].revents & POLLIN)) return "cancelled";
    if (p[0].revents) return "";
  }
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

HttpResponse unix_http_get(const std::string& socket_path, std::string_view target,
                           const HttpLimits& limits) {
  HttpResponse failed;
  auto deadline = Clock::now() + limits.timeout;
  auto error = [&](std::string msg) {
    failed.error = std::move(msg);
    return failed;
  };
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof addr.sun_path) return error("socket path too long");
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  Fd s{socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
  if (s.fd < 0) return error(fmt::format("socket: {}", std::strerror(errno)));
  if (connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS && errno != EAGAIN)
      return error(fmt::format("connect: {}", std::strerror(errno)));
    if (auto w = wait_for(s.fd, POLLOUT, deadline, limits.cancel_fd); !w.empty()) return error(w);
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) return error(fmt::format("connect: {}", std::strerror(err)));
  }

  std::string req = fmt::format(
      "GET {} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: saker\r\nAccept: application/json\r\n"
      "Connection: close\r\n\r\n",
      target);
  size_t sent = 0;
  while (sent < req.size()) {
    ssize_t n = send(s.fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return error(fmt::format("send: {}", std::strerror(errno)));
    if (auto w = wait_for(s.fd, POLLOUT, deadline, limits.cancel_fd); !w.empty()) return error(w);
  }

  HttpResponseParser parser(limits);
  char buf[16384];
  while (true) {
    ssize_t n = recv(s.fd, buf, sizeof buf, 0);
    HttpResponseParser::State st;
    if (n > 0) {
      st = parser.feed(std::string_view(buf, static_cast<size_t>(n)));
    } else if (n == 0) {
      st = parser.finish();
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN) {
      if (auto w = wait_for(s.fd, POLLIN, deadline, limits.cancel_fd); !w.empty()) return error(w);
      continue;
    } else {
      return error(fmt::format("recv: {}", std::strerror(errno)));
    }
    if (st != HttpResponseParser::State::NeedMore) return std::move(parser.response());
  }
}

}  // namespace saker::capture
