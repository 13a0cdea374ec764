// Runs the filter cases of filter_cases.yaml: each filter on its event, or its syntax error.
#include <yaml-cpp/yaml.h>

#include <string>

#include "filter_fixture.h"

namespace saker::query {
namespace {

class FilterCases : public test::FilterFixture {
 protected:
  const scap::EventView& event(const std::string& name) {
    if (name == "read") return read_;
    EXPECT_EQ(name, "openat") << "unknown event in filter_cases.yaml";
    return openat_;
  }
};

TEST_F(FilterCases, EveryCaseOfTheDataFile) {
  size_t cases = 0;
  for (const auto& group : YAML::LoadFile(SAKER_FILTER_CASES)) {
    SCOPED_TRACE("group " + group["group"].as<std::string>());
    for (const auto& c : group["cases"]) {
      const std::string filter = c["filter"].as<std::string>();
      SCOPED_TRACE("filter: " + filter);
      ++cases;
      if (c["error_column"] || c["error"]) {
        try {
          Filter::compile(filter);
          ADD_FAILURE() << "compiled; a syntax error was expected";
        } catch (const SyntaxError& e) {
          if (c["error_column"]) {
            EXPECT_EQ(e.column(), c["error_column"].as<size_t>());
          }
        }
        continue;
      }
      EXPECT_EQ(match(filter, event(c["event"].as<std::string>())), c["match"].as<bool>())
          << (c["why"] ? c["why"].as<std::string>() : std::string());
    }
  }
  EXPECT_GE(cases, 70u) << "filter_cases.yaml lost cases";
}

}  // namespace
}  // namespace saker::query
