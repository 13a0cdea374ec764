#include "fleet_alert_bins.h"

#include <algorithm>

namespace saker::inspector {

AlertSeverity alert_severity(rules::Priority p) {
  if (p <= rules::Priority::Error) return AlertSeverity::Severe;
  if (p == rules::Priority::Warning) return AlertSeverity::Warning;
  return AlertSeverity::Other;
}

uint64_t FleetAlertBins::total(size_t i) const {
  uint64_t n = 0;
  for (uint64_t c : bins[i]) n += c;
  return n;
}

size_t FleetAlertBins::bin_of(uint64_t ts) const {
  if (bins.empty() || ts <= begin) return 0;
  return std::min<uint64_t>((ts - begin) / width, bins.size() - 1);
}

FleetAlertBins bin_alerts(const std::vector<fleet::FleetAlert>& alerts,
                          const std::vector<rules::Priority>& priorities, size_t count) {
  FleetAlertBins out;
  if (alerts.empty() || count == 0 || priorities.size() != alerts.size()) return out;
  const uint64_t first = alerts.front().ts, last = alerts.back().ts;
  out.begin = first;
  out.width = std::max<uint64_t>(1, (last - first) / count + 1);
  out.bins.assign(std::min<uint64_t>(count, (last - first) / out.width + 1), {});
  for (size_t i = 0; i < alerts.size(); ++i)
    ++out.bins[out.bin_of(alerts[i].ts)][static_cast<size_t>(alert_severity(priorities[i]))];
  for (size_t i = 0; i < out.bins.size(); ++i) out.max_total = std::max(out.max_total, out.total(i));
  return out;
}

}  // namespace saker::inspector
