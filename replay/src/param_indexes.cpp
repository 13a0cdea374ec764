#include "event_params.h"
#include "param_index_table.h"

namespace saker::replay::detail {

namespace {

// The event table is constant data, so building this at static initialization is safe.
const ParamIndexTable kTable = build_param_index_table(kParamNames);

}  // namespace

const ParamIndexTable& kParamIndexes = kTable;

}  // namespace saker::replay::detail
