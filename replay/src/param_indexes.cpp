#include "event_params.h"

namespace saker::replay::detail {

namespace {

ParamIndexTable build() {
  ParamIndexTable t{};
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
}

// The event table is constant data, so building this at static initialization is safe.
const ParamIndexTable kTable = build();

}  // namespace

const ParamIndexTable& kParamIndexes = kTable;

}  // namespace saker::replay::detail
