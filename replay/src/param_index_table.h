// Where each named parameter sits in each event type, found once from the event table: the
// handlers then read a parameter by name through one table load per event.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "saker/scap/event.h"
#include "saker/scap/event_table.h"

namespace saker::replay::detail {

template <size_t N>
using ParamIndexTableOf = std::array<std::array<int8_t, N>, scap::kEventTypeCount>;

// table[type][n] is the index of the parameter called names[n] in events of that type (the last
// one when a name repeats), or -1. Each parameter's name is looked up once in a sorted copy of
// `names`: a few thousand comparisons, where testing every name against every parameter of every
// type cost a millisecond of every start.
template <size_t N>
ParamIndexTableOf<N> build_param_index_table(const std::string_view (&names)[N]) {
  struct Entry {
    std::string_view name;
    uint8_t n;
  };
  // Lexicographic order, settled by the first byte without a memcmp call when it differs.
  auto less = [](std::string_view a, std::string_view b) {
    if (!a.empty() && !b.empty() && a[0] != b[0])
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    return a < b;
  };
  std::array<Entry, N> sorted{};
  for (size_t n = 0; n < N; ++n) sorted[n] = {names[n], static_cast<uint8_t>(n)};
  std::sort(sorted.begin(), sorted.end(),
            [&](const Entry& a, const Entry& b) { return less(a.name, b.name); });
  ParamIndexTableOf<N> table;
  for (auto& row : table) row.fill(-1);
  const auto events = scap::event_table();
  for (size_t type = 0; type < events.size(); ++type) {
    const auto& params = events[type].params;
    for (size_t i = 0; i < params.size() && i < scap::kMaxParams; ++i) {
      auto it = std::lower_bound(sorted.begin(), sorted.end(), params[i].name,
                                 [&](const Entry& e, std::string_view name) { return less(e.name, name); });
      // Names may repeat in `names` (two spellings read as one): every equal entry is set.
      for (; it != sorted.end() && it->name == params[i].name; ++it)
        table[type][it->n] = static_cast<int8_t>(i);
    }
  }
  return table;
}

}  // namespace saker::replay::detail
