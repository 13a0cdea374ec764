// fleet search --fetch: the candidates ClickHouse finds (a superset of the matches), checked
// exactly against the captures that are on this machine.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/fleet_query.h"

namespace saker::fleet {

// `superset_where`: filter_to_sql(filter, true) with the --since and --host conditions.
// `since_ns`: 0 or the --since bound, added to the exact filter. Returns the exit status.
int fetch_search(ClickHouse& ch, const FleetSearchOptions& opts, const std::string& superset_where,
                 uint64_t since_ns, std::FILE* out, std::FILE* err, const query::ObserverFactory& observers);

}  // namespace saker::fleet
