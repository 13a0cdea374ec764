// The filter's stages: bind errors (operators, transformers), the explained program, and the
// string sets behind `in` and `pmatch`.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "filter/string_set.h"
#include "filter_fixture.h"
#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"

namespace saker::query {
namespace {

class FilterProgramTest : public test::FilterFixture {
 protected:
  bool match(const std::string& filter) { return FilterFixture::match(filter, openat_); }
};

// A list of `n` paths under /usr/share plus `extra`.
std::string big_list(size_t n, const std::string& extra) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += "/usr/share/file" + std::to_string(i) + ", ";
  return out + extra + ")";
}

TEST_F(FilterProgramTest, UnknownOperatorIsAnError) {
  auto tree = parse_filter("evt.arg.name = /etc/shadow");
  tree->op = "~=";
  try {
    Filter::compile(*tree);
    FAIL() << "compiled an unknown operator";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.message(), "unknown operator '~='");
    EXPECT_EQ(e.column(), 13u);
    EXPECT_EQ(e.length(), 2u);
  }
}

TEST_F(FilterProgramTest, TransformersAreBoundOnce) {
  EXPECT_TRUE(match("toupper(evt.arg.name) = /ETC/SHADOW"));
  EXPECT_TRUE(match("tolower(toupper(evt.arg.name)) = /etc/shadow"));
  EXPECT_TRUE(match("basename(evt.arg.name) = shadow"));
  EXPECT_TRUE(match("len(evt.arg.name) = 11"));
  // A transformer the parser would refuse, reaching the binder through a built tree.
  auto tree = parse_filter("tolower(evt.arg.name) = x");
  tree->lhs.text = "rot13";
  try {
    Filter::compile(*tree);
    FAIL() << "compiled an unknown transformer";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.message(), "unknown transformer 'rot13'");
    EXPECT_EQ(e.column(), 1u);
  }
}

TEST_F(FilterProgramTest, BindErrorsSpanTheirText) {
  try {
    Filter::compile("evt.type = openat and fd.nme = x");
    FAIL();
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.column(), 23u);
    EXPECT_EQ(e.length(), 6u);
    auto err = filter_error(e, "evt.type = openat and fd.nme = x");
    EXPECT_NE(std::string(err.what()).find("\n  " + std::string(22, ' ') + "^~~~~~"), std::string::npos)
        << err.what();
  }
}

TEST_F(FilterProgramTest, ExplainShowsTheProgram) {
  auto f = Filter::compile(
      "evt.type = openat and (tolower(evt.arg.name) in (/etc/shadow, /etc/passwd) or not evt.num < 3)");
  EXPECT_EQ(f.explain(),
            "event types: syscall, openat\n"
            "0000 EVENT_TYPE     in {openat}, generic events by name: evt.type = openat\n"
            "0001 JUMP_IF_FALSE  0006\n"
            "0002 CHECK          tolower(evt.arg.name) in (/etc/shadow, /etc/passwd) [2 strings, by length]\n"
            "0003 JUMP_IF_TRUE   0006\n"
            "0004 CHECK          evt.num < 3 [numbers]\n"
            "0005 NOT\n"
            "0006 RETURN\n");
  EXPECT_NE(Filter::compile("evt.arg.name in " + big_list(40, "x")).explain().find("[41 strings, hashed]"),
            std::string::npos);
  EXPECT_EQ(explain_filter("evt.num > 1").rfind("event types: every type\n", 0), 0u);
  EXPECT_THROW(explain_filter("evt.num >"), scap::CommandError);
}

TEST_F(FilterProgramTest, NestedJumpsSkipWholeBranches) {
  EXPECT_TRUE(match("(evt.num = 1 and evt.num = 2) or evt.num = 10"));
  EXPECT_FALSE(match("(evt.num = 10 or evt.num = 2) and evt.num = 3"));
  EXPECT_TRUE(match("not (evt.num = 1 or evt.num = 2) and (evt.num = 3 or evt.num = 10)"));
  EXPECT_FALSE(match("evt.num = 10 and not (evt.num = 1 or evt.num = 10)"));
}

TEST_F(FilterProgramTest, InListsSmallAndLarge) {
  EXPECT_TRUE(match("evt.arg.name in (/etc/passwd, /etc/shadow)"));
  EXPECT_FALSE(match("evt.arg.name in (/etc/passwd, /etc/shadoW)"));
  EXPECT_TRUE(match("evt.arg.name in " + big_list(200, "/etc/shadow")));
  EXPECT_FALSE(match("evt.arg.name in " + big_list(200, "/etc/shadows")));
  EXPECT_FALSE(match("evt.arg.name in " + big_list(200, "/etc/shado")));
  // The transformer's value is what is looked up.
  EXPECT_TRUE(match("toupper(evt.arg.name) in " + big_list(50, "/ETC/SHADOW")));
  EXPECT_FALSE(match("toupper(evt.arg.name) in " + big_list(50, "/etc/shadow")));
  EXPECT_TRUE(match("basename(evt.arg.name) in (passwd, shadow)"));
}

TEST_F(FilterProgramTest, PMatchLooksUpParents) {
  EXPECT_TRUE(match("evt.arg.name pmatch " + big_list(100, "/etc")));
  EXPECT_TRUE(match("evt.arg.name pmatch " + big_list(100, "/etc/")));
  EXPECT_TRUE(match("evt.arg.name pmatch " + big_list(100, "/etc/shadow")));
  EXPECT_TRUE(match("evt.arg.name pmatch " + big_list(100, "/")));
  EXPECT_FALSE(match("evt.arg.name pmatch " + big_list(100, "/et")));
  EXPECT_FALSE(match("evt.arg.name pmatch " + big_list(100, "/etc/shadow/x")));
  EXPECT_FALSE(match("evt.arg.name pmatch " + big_list(100, "/etc/sha")));
}

TEST(StringSet, SmallAndHashedAgree) {
  for (size_t n : {0, 1, 5, 8, 9, 64, 1000}) {
    std::vector<std::string> items;
    for (size_t i = 0; i < n; ++i)
      items.push_back("/usr/lib/x86_64-linux-gnu/lib" + std::to_string(i) + ".so");
    items.push_back("");  // the empty string is an item too
    items.push_back("a");
    filter::StringSet set(items);
    EXPECT_EQ(set.hashed(), set.size() > filter::StringSet::kLinearMax);
    for (const auto& s : items) EXPECT_TRUE(set.contains(s)) << s;
    EXPECT_FALSE(set.contains("b"));
    EXPECT_FALSE(set.contains("/usr/lib/x86_64-linux-gnu/lib.so"));
    EXPECT_FALSE(set.contains("/usr/lib/x86_64-linux-gnu/lib1.s"));
    EXPECT_TRUE(set.contains(std::string_view()));
  }
}

TEST(StringSet, DuplicatesCountOnce) {
  filter::StringSet set({"a", "b", "a"});
  EXPECT_EQ(set.size(), 2u);
}

}  // namespace
}  // namespace saker::query
