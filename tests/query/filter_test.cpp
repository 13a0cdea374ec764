#include <gtest/gtest.h>

#include <map>

#include "filter_fixture.h"
#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"

namespace saker::query {
namespace {

using FilterTest = test::FilterFixture;

TEST_F(FilterTest, EventTypeNarrowing) {
  auto f = Filter::compile("evt.type in (open, openat) and evt.dir = <");
  EXPECT_TRUE(f.event_types().test(307));
  EXPECT_TRUE(f.event_types().test(3));
  EXPECT_FALSE(f.event_types().test(7));
  auto g = Filter::compile("evt.type = read or evt.type = write");
  EXPECT_TRUE(g.event_types().test(7));
  EXPECT_TRUE(g.event_types().test(9));
  EXPECT_FALSE(g.event_types().test(307));
  auto all = Filter::compile("evt.num > 3");
  EXPECT_TRUE(all.event_types().all());
  auto n = Filter::compile("not evt.type = read");
  EXPECT_TRUE(n.event_types().test(307));
}

TEST_F(FilterTest, MacrosAndListsFromTheEnvironment) {
  auto macro = parse_filter("evt.type = openat and sensitive_file");
  auto sensitive = parse_filter("evt.arg.name in (sensitive_names)");
  std::vector<std::string> names = {"/etc/shadow", "/etc/sudoers"};
  FilterEnv env;
  env.macro = [&](std::string_view n) -> const ast::Expr* {
    if (n == "open_sensitive") return macro.get();
    if (n == "sensitive_file") return sensitive.get();
    return nullptr;
  };
  env.list = [&](std::string_view n) -> const std::vector<std::string>* {
    return n == "sensitive_names" ? &names : nullptr;
  };
  auto f = Filter::compile("open_sensitive", &env);
  EvalContext ctx;
  ctx.ev = &openat_;
  EXPECT_TRUE(f.matches(ctx));
  ctx.ev = &read_;
  EXPECT_FALSE(f.matches(ctx));
}

TEST_F(FilterTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  deep += "evt.num = 1";
  deep += std::string(5000, ')');
  EXPECT_THROW(Filter::compile(deep), SyntaxError);
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  nots += "evt.num = 1";
  EXPECT_THROW(Filter::compile(nots), SyntaxError);
}

}  // namespace
}  // namespace saker::query
