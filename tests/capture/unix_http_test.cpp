// The unix-socket HTTP client against a fake server, and its response parser on split input.
#include <gtest/gtest.h>

#include <chrono>

#include "fake_http_server.h"
#include "saker/capture/unix_http.h"
#include "test_paths.h"

namespace saker::capture {
namespace {

using test::FakeHttpServer;
using test::TempDir;

struct Http : ::testing::Test {
  TempDir dir;
  FakeHttpServer server{(dir / "api.sock").string()};
  HttpLimits limits;
  HttpResponse get(const std::string& target) { return unix_http_get(server.path(), target, limits); }
};

TEST_F(Http, ContentLengthBody) {
  std::string body(100000, 'a');
  server.serve("/x", test::http_response(body) + "trailing garbage is not the body");
  auto r = get("/x");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
}

TEST_F(Http, ChunkedBodyWithExtensionsAndTrailers) {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += static_cast<char>('a' + i % 26);
  server.serve("/c", test::http_chunked_response(body, 777));
  auto r = get("/c");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.body, body);
}

TEST_F(Http, BodyUntilCloseAndStatusCodes) {
  server.serve("/close", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
  auto r = get("/close");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.body, "until the end");
  r = get("/unknown");  // the fake's 404
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("No such container"), std::string::npos);
}

TEST_F(Http, TruncatedResponsesFail) {
  server.serve("/short", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
  auto r = get("/short");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("truncated"), std::string::npos) << r.error;
  server.serve("/chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc");
  r = get("/chunk");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("truncated"), std::string::npos) << r.error;
  server.serve("/head", "HTTP/1.1 200 OK\r\nContent-Le");
  r = get("/head");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("header"), std::string::npos) << r.error;
}

TEST_F(Http, MalformedResponsesFail) {
  for (std::string raw :
       {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n"}) {
    server.serve("/bad", raw);
    auto r = get("/bad");
    EXPECT_FALSE(r.ok) << raw;
    EXPECT_FALSE(r.error.empty()) << raw;
  }
}

TEST_F(Http, OversizedBodiesAndHeadersFail) {
  limits.max_body = 1000;
  server.serve("/big", test::http_response(std::string(1001, 'x')));
  auto r = get("/big");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("over 1000 bytes"), std::string::npos) << r.error;
  server.serve("/bigc", test::http_chunked_response(std::string(5000, 'x'), 400));
  r = get("/bigc");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("over 1000 bytes"), std::string::npos) << r.error;
  server.serve("/huge-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n");
  r = get("/huge-chunk");
  EXPECT_FALSE(r.ok);
  server.serve("/bigu", "HTTP/1.1 200 OK\r\n\r\n" + std::string(5000, 'x'));
  r = get("/bigu");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("over 1000 bytes"), std::string::npos) << r.error;
  limits.max_header = 100;
  server.serve("/bigh", "HTTP/1.1 200 OK\r\nX-Pad: " + std::string(500, 'p') + "\r\n\r\n");
  r = get("/bigh");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("header over 100 bytes"), std::string::npos) << r.error;
}

TEST_F(Http, ASilentServerTimesOut) {
  server.stall("/slow");
  limits.timeout = std::chrono::milliseconds(300);
  auto t0 = std::chrono::steady_clock::now();
  auto r = get("/slow");
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "timed out");
  EXPECT_GE(took, std::chrono::milliseconds(300));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(Http, MissingSocketFailsAtConnect) {
  auto r = unix_http_get((dir / "absent.sock").string(), "/x", limits);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("connect"), std::string::npos) << r.error;
}

// The parser gives the same result whatever the split of its input.
TEST(HttpParser, EveryByteSplitGivesTheSameBody) {
  std::string raw = test::http_chunked_response("hello, chunked world", 5);
  for (size_t split = 0; split <= raw.size(); ++split) {
    HttpResponseParser p(HttpLimits{});
    auto st = p.feed(std::string_view(raw).substr(0, split));
    if (st == HttpResponseParser::State::NeedMore) st = p.feed(std::string_view(raw).substr(split));
    ASSERT_EQ(st, HttpResponseParser::State::Done) << split;
    EXPECT_EQ(p.response().body, "hello, chunked world") << split;
  }
  HttpResponseParser one_by_one(HttpLimits{});
  auto st = HttpResponseParser::State::NeedMore;
  for (char c : raw) st = one_by_one.feed(std::string_view(&c, 1));
  EXPECT_EQ(st, HttpResponseParser::State::Done);
  EXPECT_EQ(one_by_one.response().body, "hello, chunked world");
}

}  // namespace
}  // namespace saker::capture
