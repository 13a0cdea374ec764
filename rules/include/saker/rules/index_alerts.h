// The rules engine as an index observer: rules rerun while `saker index` builds the index,
// their alerts stored in its `alerts` table (the same alerts `saker replay` prints).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "saker/query/capture_index.h"

namespace saker::rules {

// Loads and compiles `rule_paths` (empty: Saker's default ruleset). Throws
// std::runtime_error listing the errors when the rules do not load.
std::unique_ptr<query::IndexObserver> make_alert_observer(const std::vector<std::string>& rule_paths);

// An ObserverFactory for saker query and saker search, which build the index on first use.
query::ObserverFactory alert_observer_factory(std::vector<std::string> rule_paths);

}  // namespace saker::rules
