// Statistics > I/O Graph, as Wireshark's: for each graph (a Falco filter, and what to count of
// the events it matches: the events, or the sum, maximum, minimum or mean of a numeric field),
// a value per time interval over the listed events. One pass over the capture computes every
// graph.
#pragma once

#include <QColor>
#include <QString>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capture_store.h"

namespace saker::inspector {

enum class IoGraphValue { Events, Sum, Max, Min, Mean };

struct IoGraphSpec {
  QString name;
  QString filter;  // empty: every listed event
  IoGraphValue value = IoGraphValue::Events;
  QString field;  // numeric field for Sum, Max, Min, Mean ("evt.rawres", "evt.latency")
  QColor colour;
  bool enabled = true;
};

// "" when the graph can run; otherwise what is wrong ("column N: ..." for the filter, or the
// field's problem).
QString check_io_graph(const IoGraphSpec& spec);

// 1, 2 or 5 times a power of ten nanoseconds: the smallest giving at most `max_bins` bins over
// [from, to].
uint64_t io_graph_auto_interval(uint64_t from, uint64_t to, size_t max_bins = 400);

struct IoGraphSeries {
  std::vector<double> values;  // per bin; for Max, Min and Mean NaN where no event had a value
  uint64_t events = 0;         // events the filter matched
};

struct IoGraphResult {
  uint64_t from = 0;      // start of the first bin (ns since the epoch)
  uint64_t interval = 0;  // ns per bin
  size_t bins = 0;
  std::vector<IoGraphSeries> series;  // one per enabled spec, in order
  std::string error;                  // a bad spec, or damage in the capture (bins before it are filled)
  bool cancelled = false;
};

// Every enabled graph over the listed events between `from` and `to` (0, UINT64_MAX: the whole
// capture), `interval` ns per bin (0: io_graph_auto_interval).
IoGraphResult run_io_graph(const CaptureInfo& info, const std::vector<IoGraphSpec>& specs, uint64_t interval,
                           uint64_t from, uint64_t to, const std::atomic<bool>& cancel,
                           const std::function<void(double)>& progress = {});

// The result as CSV: "interval start (s since the first bin)" then a column per graph.
std::string io_graph_csv(const IoGraphResult& r, const std::vector<IoGraphSpec>& specs);

}  // namespace saker::inspector
