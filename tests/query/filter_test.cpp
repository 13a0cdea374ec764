#include <gtest/gtest.h>

#include <map>

#include "filter_fixture.h"
#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"

namespace saker::query {
namespace {

using FilterTest = test::FilterFixture;

TEST_F(FilterTest, EventTypeNarrowing) {
  using scap::EventType;
  auto has = [](const EventTypeSet& s, EventType t) { return s.test(scap::type_id(t)); };
  auto f = Filter::compile("evt.type in (open, openat) and evt.dir = <");
  EXPECT_TRUE(has(f.event_types(), EventType::SyscallOpenat_2X));
  EXPECT_TRUE(has(f.event_types(), EventType::SyscallOpenX));
  EXPECT_FALSE(has(f.event_types(), EventType::SyscallReadX));
  auto g = Filter::compile("evt.type = read or evt.type = write");
  EXPECT_TRUE(has(g.event_types(), EventType::SyscallReadX));
  EXPECT_TRUE(has(g.event_types(), EventType::SyscallWriteX));
  EXPECT_FALSE(has(g.event_types(), EventType::SyscallOpenat_2X));
  auto all = Filter::compile("evt.num > 3");
  EXPECT_TRUE(all.event_types().all());
  auto n = Filter::compile("not evt.type = read");
  EXPECT_TRUE(has(n.event_types(), EventType::SyscallOpenat_2X));
  // A generic event is named after its syscall, so a filter may match one (print), but Falco's
  // index evaluates a rule on generic events only for names that are no event type.
  EXPECT_TRUE(has(g.event_types(), EventType::GenericX));
  EXPECT_FALSE(has(g.rule_event_types(), EventType::GenericX));
  EXPECT_TRUE(has(g.rule_event_types(), EventType::SyscallReadX));
  auto sc = Filter::compile("evt.type in (read, rt_sigaction)");  // rt_sigaction: a syscall only
  EXPECT_TRUE(has(sc.rule_event_types(), EventType::GenericX));
  EXPECT_TRUE(has(n.rule_event_types(), EventType::GenericX));
  EXPECT_FALSE(has(n.rule_event_types(), EventType::SyscallReadX));
  EXPECT_TRUE(all.rule_event_types().all());
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
