#include "event_params.h"

namespace saker::replay::detail {

const std::array<std::array<int8_t, static_cast<size_t>(P::kCount)>, scap::kEventTypeCount>& param_indexes() {
  static const auto table = [] {
    std::array<std::array<int8_t, static_cast<size_t>(P::kCount)>, scap::kEventTypeCount> t{};
    auto events = scap::event_table();
    for (size_t type = 0; type < events.size(); ++type) {
      for (size_t n = 0; n < static_cast<size_t>(P::kCount); ++n) {
        t[type][n] = -1;
        const auto& ps = events[type].params;
        for (size_t i = 0; i < ps.size() && i < scap::kMaxParams; ++i)
          if (ps[i].name == kParamNames[n]) t[type][n] = static_cast<int8_t>(i);
      }
    }
    return t;
  }();
  return table;
}

}  // namespace saker::replay::detail
