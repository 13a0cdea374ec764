// The fleet timeline's bars: alert counts over time in a fixed number of bins, split into
// three severities (Emergency to Error, Warning, Notice and below).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "saker/fleet/fleet_browse.h"
#include "saker/rules/ruleset.h"

namespace saker::inspector {

enum class AlertSeverity : uint8_t { Severe, Warning, Other };
inline constexpr size_t kAlertSeverityCount = 3;
AlertSeverity alert_severity(rules::Priority p);

struct FleetAlertBins {
  using Counts = std::array<uint64_t, kAlertSeverityCount>;
  uint64_t begin = 0;  // ts of the first alert
  uint64_t width = 1;  // ns per bin
  std::vector<Counts> bins;
  uint64_t max_total = 0;  // the largest bin's total

  bool empty() const { return bins.empty(); }
  // The time range of bin i: [start(i), start(i) + width - 1].
  uint64_t start(size_t i) const { return begin + i * width; }
  uint64_t total(size_t i) const;
  // The bin of `ts`, clamped to the bins.
  size_t bin_of(uint64_t ts) const;
};

// `alerts` by time (as FleetAlertsModel holds them), `priorities` parallel to it; at most
// `count` bins covering the first to the last alert.
FleetAlertBins bin_alerts(const std::vector<fleet::FleetAlert>& alerts,
                          const std::vector<rules::Priority>& priorities, size_t count);

}  // namespace saker::inspector
