#include <gtest/gtest.h>

#include <map>

#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"
#include "saker/scap/writer.h"

namespace saker::query {
namespace {

// An openat exit of /etc/shadow by tid 42, and a read exit.
class FilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    openat_ = b1_.begin(scap::EventType::SyscallOpenat_2X, 1700000000123456789ull, 42, 1)
                  .num<int64_t>(3)
                  .num<int64_t>(-100)
                  .str("/etc/shadow")
                  .num<uint32_t>(1 | (1 << 12))
                  .num<uint32_t>(0)
                  .num<uint32_t>(0x803)
                  .num<uint64_t>(77)
                  .view();
    openat_.num = 10;
    read_ = b2_.begin(scap::EventType::SyscallReadX, 1700000000223456789ull, 43, 0)
                .num<int64_t>(-2)
                .bytes("secret", 6)
                .num<int64_t>(5)
                .num<uint32_t>(64)
                .view();
    read_.num = 11;
  }
  bool match(std::string_view filter, const scap::EventView& ev) {
    auto f = Filter::compile(filter);
    EvalContext ctx;
    ctx.ev = &ev;
    return f.matches(ctx);
  }
  size_t error_column(std::string_view filter) {
    try {
      Filter::compile(filter);
    } catch (const SyntaxError& e) {
      return e.column();
    }
    return 0;
  }
  scap::EventBuilder b1_, b2_;
  scap::EventView openat_, read_;
};

TEST_F(FilterTest, ComparisonsOnEventFields) {
  EXPECT_TRUE(match("evt.type = openat", openat_));
  EXPECT_TRUE(match("evt.type == openat", openat_));
  EXPECT_FALSE(match("evt.type = read", openat_));
  EXPECT_TRUE(match("evt.type != read", openat_));
  EXPECT_TRUE(match("evt.num > 9 and evt.num <= 10", openat_));
  EXPECT_FALSE(match("evt.num < 10", openat_));
  EXPECT_TRUE(match("evt.cpu = 1", openat_));
  EXPECT_TRUE(match("thread.tid in (1, 42, 7)", openat_));
  EXPECT_TRUE(match("evt.dir = <", openat_));
  EXPECT_TRUE(match("evt.rawtime.ns = 123456789", openat_));
}

TEST_F(FilterTest, StringOperators) {
  EXPECT_TRUE(match("evt.arg.name = /etc/shadow", openat_));
  EXPECT_TRUE(match("evt.arg.name contains shad", openat_));
  EXPECT_TRUE(match("evt.arg.name icontains SHAD", openat_));
  EXPECT_TRUE(match("evt.arg.name startswith /etc/", openat_));
  EXPECT_TRUE(match("evt.arg.name endswith dow", openat_));
  EXPECT_TRUE(match("evt.arg.name glob '/etc/*'", openat_));
  EXPECT_TRUE(match("evt.arg.name iglob '/ETC/SH*'", openat_));
  EXPECT_FALSE(match("evt.arg.name glob '/usr/*'", openat_));
  EXPECT_TRUE(match("evt.arg.name regex '/etc/s[a-z]+'", openat_));
  EXPECT_FALSE(match("evt.arg.name regex 'etc'", openat_));  // anchored at both ends, like Falco
  EXPECT_TRUE(match("evt.arg.name pmatch (/etc, /usr/lib)", openat_));
  EXPECT_FALSE(match("evt.arg.name pmatch (/et)", openat_));
  EXPECT_TRUE(match("evt.arg.name in (/etc/passwd, /etc/shadow)", openat_));
  EXPECT_TRUE(match("evt.arg.flags contains O_CLOEXEC", openat_));
  EXPECT_TRUE(match("evt.arg.name startswith oneof (/usr, /etc)", openat_));
  EXPECT_FALSE(match("evt.arg.name startswith allof (/usr, /etc)", openat_));
  EXPECT_TRUE(match("evt.rawarg.data bcontains 736563", read_));  // "sec"
  EXPECT_TRUE(match("evt.rawarg.data bstartswith 7365", read_));
}

TEST_F(FilterTest, ResultsAndMissingFields) {
  EXPECT_TRUE(match("evt.res = ENOENT", read_));
  EXPECT_TRUE(match("evt.rawres < 0", read_));
  EXPECT_TRUE(match("evt.failed = true", read_));
  EXPECT_TRUE(match("evt.res = SUCCESS", openat_));
  EXPECT_FALSE(match("evt.arg.nosuch = x", openat_));   // a missing value matches nothing,
  EXPECT_FALSE(match("evt.arg.nosuch != x", openat_));  // not even !=
  EXPECT_TRUE(match("evt.arg.name exists", openat_));
  EXPECT_FALSE(match("evt.arg.name exists", read_));
  EXPECT_TRUE(match("evt.rawarg.res < 0", read_));
}

TEST_F(FilterTest, BooleanLogicAndPrecedence) {
  EXPECT_TRUE(match("evt.type = read or evt.type = openat and evt.cpu = 1", openat_));
  EXPECT_FALSE(match("(evt.type = read or evt.type = openat) and evt.cpu = 0", openat_));
  EXPECT_TRUE(match("not evt.type = read", openat_));
  EXPECT_TRUE(match("not (evt.type = read)", openat_));
  EXPECT_TRUE(match("not not evt.type = openat", openat_));
  EXPECT_TRUE(match("not(evt.type = read)", openat_));
}

TEST_F(FilterTest, TransformersAndFieldComparisons) {
  EXPECT_TRUE(match("toupper(evt.arg.name) = /ETC/SHADOW", openat_));
  EXPECT_TRUE(match("tolower(toupper(evt.arg.name)) = /etc/shadow", openat_));
  EXPECT_TRUE(match("basename(evt.arg.name) = shadow", openat_));
  EXPECT_TRUE(match("len(evt.arg.name) = 11", openat_));
  EXPECT_TRUE(match("evt.arg.name = val(evt.arg[2])", openat_));
  EXPECT_TRUE(match("evt.num < val(evt.rawtime)", openat_));
  EXPECT_TRUE(match("concat(evt.type, \"-\", evt.dir) = openat-<", openat_));
  EXPECT_TRUE(match("join(\",\", (evt.type, evt.cpu)) = 'openat,1'", openat_));
  EXPECT_TRUE(match("b64(evt.arg.nosuch) exists", read_) == false);
}

TEST_F(FilterTest, GetoptParsesOptionsLikePosix) {
  EXPECT_TRUE(match(R"(getopt(("-n", ""), "n") intersects ("n"))", openat_));
  EXPECT_TRUE(match(R"(getopt(("-t", "hello"), "t:") intersects ("hello"))", openat_));
  EXPECT_TRUE(match(R"(getopt(("-thello"), "t:") intersects ("hello"))", openat_));
  EXPECT_TRUE(match(R"(getopt(("-nt", "hello"), "nt:") in ("n", "t", "hello"))", openat_));
  EXPECT_FALSE(match(R"(getopt(("-n", "--", "-t"), "nt:") intersects ("t"))", openat_));
  EXPECT_TRUE(match(R"(getopt(("-x", "-n"), "n") intersects ("?"))", openat_));
  EXPECT_TRUE(
      match(R"(getopt(("-l", "-p", "8080", "-e", "/bin/sh"), "lp:e:") intersects ("/bin/sh"))", openat_));
  EXPECT_TRUE(match(R"(getopt((evt.type, "-c", evt.arg.name), "c:") intersects ("/etc/shadow"))", openat_));
  EXPECT_GT(error_column(R"(getopt(("-n"), "n") = n)"), 0u);
  EXPECT_GT(error_column(R"(getopt("-n", "n") intersects (n))"), 0u);
}

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

TEST_F(FilterTest, ErrorsNameTheColumn) {
  EXPECT_EQ(error_column("proc.nosuch = x"), 1u);
  EXPECT_EQ(error_column("evt.type = "), 12u);
  EXPECT_EQ(error_column("evt.num > abc"), 11u);
  EXPECT_EQ(error_column("evt.type = open and"), 20u);
  EXPECT_EQ(error_column("(evt.type = open"), 17u);
  EXPECT_EQ(error_column("evt.num contains 3"), 8u);
  EXPECT_EQ(error_column("evt.arg.name regex '('"), 20u);
  EXPECT_EQ(error_column("some_macro"), 1u);
  EXPECT_EQ(error_column("evt.type = 'open"), 12u);
  EXPECT_EQ(error_column("evt.type ~ x"), 10u);
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
