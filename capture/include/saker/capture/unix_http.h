// A minimal HTTP/1.1 GET over a unix socket, for container runtimes' APIs (Docker, podman).
// One request per connection ("Connection: close"); bodies framed by Content-Length, chunked
// transfer coding or the end of the stream. Every wait is bounded by one deadline and the
// body by a size limit, since the peer is a daemon that may hang or misbehave.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace saker::capture {

struct HttpLimits {
  std::chrono::milliseconds timeout{2000};  // the whole request: connect, send, response
  size_t max_body = 16u << 20;
  size_t max_header = 64u << 10;
  int cancel_fd = -1;  // readable: give up at once (a shutting-down caller); -1: none
};

struct HttpResponse {
  bool ok = false;    // a complete response arrived (any status)
  int status = 0;     // HTTP status code
  std::string body;   // decoded (chunked coding removed)
  std::string error;  // why not ok: "timed out", "response body over 16777216 bytes", ...
};

// Incremental parser of one response; the client feeds it what it reads.
class HttpResponseParser {
 public:
  enum class State { NeedMore, Done, Error };
  explicit HttpResponseParser(const HttpLimits& limits) : limits_(limits) {}
  State feed(std::string_view data);
  // The peer closed the stream: a body framed by the end of the stream is complete.
  State finish();
  HttpResponse& response() { return resp_; }

 private:
  State fail(std::string msg);
  State parse_head();
  State parse_body();
  State parse_chunks();

  HttpLimits limits_;
  HttpResponse resp_;
  std::string buf_;  // unparsed input
  enum class Phase { Head, Length, Chunked, UntilClose, Done } phase_ = Phase::Head;
  size_t remaining_ = 0;  // Length: body bytes still to come
  enum class ChunkPhase { Size, Data, DataEnd, Trailer } chunk_ = ChunkPhase::Size;
  State state_ = State::NeedMore;
};

// GET `target` ("/containers/ID/json") from the HTTP server on the unix socket `socket_path`.
HttpResponse unix_http_get(const std::string& socket_path, std::string_view target, const HttpLimits& limits);

}  // namespace saker::capture
