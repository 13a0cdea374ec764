#include <gtest/gtest.h>

#include <ctime>

#include <fmt/format.h>

#include "saker/query/output_format.h"
#include "saker/scap/writer.h"

namespace saker::query {
namespace {

TEST(OutputFormat, RendersFieldsAndLiterals) {
  scap::EventBuilder b;
  auto ev = b.begin(scap::EventType::SyscallCloseX, 1700000000000000042ull, 9, 2)
                .num<int64_t>(-9)
                .num<int64_t>(4)
                .view();
  ev.num = 3;
  EvalContext ctx;
  ctx.ev = &ev;
  std::string out;
  auto f =
      OutputFormat::compile("%evt.num: %evt.type%evt.dir (cpu %evt.cpu) res=%evt.res args=[%evt.args]%%");
  ASSERT_TRUE(f.render(ctx, out));
  EXPECT_EQ(out, "3: close< (cpu 2) res=EBADF args=[res=-9(EBADF) fd=4]%");
}

// The local time text is kept per second: events in the same second, the next second, an
// earlier second again and the date-and-time form in between each render as strftime would.
TEST(OutputFormat, TimesRenderLikeStrftimeWhateverTheOrder) {
  auto expected = [](uint64_t ts, bool with_date) {
    time_t secs = static_cast<time_t>(ts / 1000000000ull);
    struct tm tm;
    localtime_r(&secs, &tm);
    char buf[64];
    strftime(buf, sizeof buf, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
    return fmt::format("{}.{:09}", buf, ts % 1000000000ull);
  };
  auto f = OutputFormat::compile("%evt.time|%evt.datetime");
  const uint64_t base = 1700000000000000000ull;
  for (uint64_t ts : std::initializer_list<uint64_t>{base + 42, base + 999999999, base + 1000000000, base + 7,
                                                     base + 86400000000001ull, 0ull, base + 1000000005}) {
    scap::EventBuilder b;
    auto ev = b.begin(scap::EventType::SyscallCloseX, ts, 9, 2).num<int64_t>(0).num<int64_t>(4).view();
    EvalContext ctx;
    ctx.ev = &ev;
    std::string out;
    ASSERT_TRUE(f.render(ctx, out));
    EXPECT_EQ(out, expected(ts, false) + "|" + expected(ts, true)) << ts;
  }
}

TEST(OutputFormat, MissingFieldsSkipUnlessStarred) {
  scap::EventBuilder b;
  auto ev = b.begin(scap::EventType::SyscallCloseE, 1, 9).num<int64_t>(4).view();
  EvalContext ctx;
  ctx.ev = &ev;
  std::string out;
  EXPECT_FALSE(OutputFormat::compile("%evt.num %evt.res").render(ctx, out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(OutputFormat::compile("*%evt.num %evt.res").render(ctx, out));
  EXPECT_EQ(out, "0 <NA>");
}

TEST(OutputFormat, UnknownFieldNamesItsColumn) {
  try {
    OutputFormat::compile("%evt.num %evt.bogus");
    FAIL();
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.column(), 11u);
  }
}

}  // namespace
}  // namespace saker::query
