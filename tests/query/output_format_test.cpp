#include <gtest/gtest.h>

#include "saker/query/output_format.h"
#include "saker/scap/writer.h"

namespace saker::query {
namespace {

TEST(OutputFormat, RendersFieldsAndLiterals) {
  scap::EventBuilder b;
  auto ev = b.begin(5, 1700000000000000042ull, 9, 2).num<int64_t>(-9).num<int64_t>(4).view();
  ev.num = 3;
  EvalContext ctx;
  ctx.ev = &ev;
  std::string out;
  auto f =
      OutputFormat::compile("%evt.num: %evt.type%evt.dir (cpu %evt.cpu) res=%evt.res args=[%evt.args]%%");
  ASSERT_TRUE(f.render(ctx, out));
  EXPECT_EQ(out, "3: close< (cpu 2) res=EBADF args=[res=-9(EBADF) fd=4 ]%");
}

TEST(OutputFormat, MissingFieldsSkipUnlessStarred) {
  scap::EventBuilder b;
  auto ev = b.begin(4, 1, 9).num<int64_t>(4).view();
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
