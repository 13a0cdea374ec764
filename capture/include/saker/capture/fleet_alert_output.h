// `record --ship URL`: every alert, as it fires, into the fleet's `live_alerts` table, so the
// fleet sees an incident before its capture is finished and shipped.
#pragma once

#include <memory>
#include <string>

#include "saker/rules/alert_output.h"

namespace saker::capture {

// An alert output (run by the recorder's alert worker thread) inserting each alert into
// DATABASE.live_alerts_dist on the server at `url`, as host `host`. Throws
// fleet::ClickHouseError when the URL cannot be used.
std::unique_ptr<rules::AlertOutput> make_fleet_alert_output(const std::string& url,
                                                            const std::string& database,
                                                            const std::string& host);

// The row live_alerts holds for an alert (TabSeparated, without the line end): host, "" for
// capture_hash, the triggered capture's file name or "", batch 0, then evt.time, rule,
// priority, tags, source, output and the JSON. Throws std::runtime_error for JSON that is not
// Falco's alert.
std::string live_alert_row(const std::string& host, const std::string& json);

}  // namespace saker::capture
