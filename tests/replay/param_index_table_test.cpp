// The parameter index tables the state's handlers read parameters through, against the plain
// reading: every name tested against every parameter of every event type.
#include <gtest/gtest.h>

#include <string_view>

#include "event_params.h"
#include "param_index_table.h"

namespace saker::replay::detail {
namespace {

template <size_t N>
void expect_plain_reading(const std::string_view (&names)[N]) {
  const auto table = build_param_index_table(names);
  const auto events = scap::event_table();
  size_t found = 0;
  for (size_t type = 0; type < events.size(); ++type) {
    for (size_t n = 0; n < N; ++n) {
      int8_t want = -1;
      const auto& params = events[type].params;
      for (size_t i = 0; i < params.size() && i < scap::kMaxParams; ++i)
        if (params[i].name == names[n]) want = static_cast<int8_t>(i);
      EXPECT_EQ(table[type][n], want) << events[type].name << " " << names[n];
      found += want >= 0;
    }
  }
  EXPECT_GT(found, 100u);  // the names are real parameter names
}

TEST(ParamIndexTable, StateParametersMatchThePlainReading) {
  expect_plain_reading(kParamNames);
}

TEST(ParamIndexTable, RepeatedAndUnknownNamesMatchThePlainReading) {
  static constexpr std::string_view kNames[] = {"res", "fd",    "zz_absent", "fd",  "name",
                                                "",    "flags", "res",       "path"};
  expect_plain_reading(kNames);
}

TEST(ParamIndexTable, TheStateTableIsTheOneInUse) {
  const auto table = build_param_index_table(kParamNames);
  EXPECT_EQ(table, kParamIndexes);
}

}  // namespace
}  // namespace saker::replay::detail
