// The upstream Falco rule files since 2021 (tests/rules/upstream/) load as Falco loads them:
// no errors, or only the missing field expected.txt names.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "saker/rules/ruleset.h"

namespace saker::rules {
namespace {

TEST(UpstreamRules, EachFileLoadsAsExpected) {
  std::filesystem::path dir(SAKER_UPSTREAM_RULES);
  std::ifstream list(dir / "expected.txt");
  size_t files = 0;
  for (std::string line; std::getline(list, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(": ");
    ASSERT_NE(colon, std::string::npos) << line;
    std::string file = line.substr(0, colon), want = line.substr(colon + 2);
    SCOPED_TRACE(file);
    RuleSet rs;
    rs.load_path((dir / file).string());
    rs.compile();
    std::vector<const LoadMessage*> errors;
    for (const auto& m : rs.messages())
      if (m.severity == LoadMessage::Severity::Error) errors.push_back(&m);
    if (want == "Ok") {
      for (const auto* e : errors) ADD_FAILURE() << e->code << " " << e->item_name << ": " << e->message;
      EXPECT_FALSE(rs.compiled().empty());
    } else {
      ASSERT_EQ(want.rfind("missing-field ", 0), 0u) << want;
      std::string field = want.substr(14);
      ASSERT_EQ(errors.size(), 1u);  // Falco's loader stops at the first error, and so does Saker's
      EXPECT_NE(errors[0]->message.find("unknown field '" + field), std::string::npos) << errors[0]->message;
    }
    ++files;
  }
  EXPECT_GE(files, 16u);
}

}  // namespace
}  // namespace saker::rules
