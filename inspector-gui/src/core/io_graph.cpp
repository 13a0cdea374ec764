#include "io_graph.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "saker/query/csv.h"
#include "saker/query/filter.h"
#include "saker/query/syntax_error.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {

bool numeric(query::FieldType t) {
  switch (t) {
    case query::FieldType::Int64:
    case query::FieldType::Uint64:
    case query::FieldType::Bool:
    case query::FieldType::AbsTime:
    case query::FieldType::RelTime:
    case query::FieldType::Double:
      return true;
    default:
      return false;
  }
}

double as_double(query::FieldType t, const query::FieldValue& v) {
  switch (t) {
    case query::FieldType::Int64:
    case query::FieldType::Bool:
      return static_cast<double>(v.i);
    case query::FieldType::Double:
      return v.d;
    default:
      return static_cast<double>(v.u);
  }
}

// A spec ready to run: its filter and field, and the running value per bin.
struct Graph {
  query::Filter filter;
  query::FieldRef field;
  IoGraphValue value = IoGraphValue::Events;
  IoGraphSeries* out = nullptr;
  std::vector<uint64_t> counts;  // values seen per bin (Mean)
};

}  // namespace

QString check_io_graph(const IoGraphSpec& spec) {
  try {
    if (!spec.filter.trimmed().isEmpty()) (void)query::Filter::compile(spec.filter.toStdString());
  } catch (const query::SyntaxError& e) {
    return QStringLiteral("filter: column %1: %2").arg(e.column()).arg(QString::fromStdString(e.message()));
  }
  if (spec.value == IoGraphValue::Events) return {};
  query::FieldRef ref;
  std::string error;
  if (spec.field.trimmed().isEmpty()) return QStringLiteral("%1 needs a numeric field").arg(spec.name);
  if (!query::resolve_field(spec.field.trimmed().toStdString(), ref, error))
    return QStringLiteral("field: %1").arg(QString::fromStdString(error));
  if (!numeric(ref.def->type))
    return QStringLiteral("field %1 is %2, not a number")
        .arg(spec.field.trimmed(), QString::fromUtf8(query::field_type_name(ref.def->type).data()));
  return {};
}

uint64_t io_graph_auto_interval(uint64_t from, uint64_t to, size_t max_bins) {
  const uint64_t span = to > from ? to - from : 0;
  for (uint64_t power = 1; power <= 1000000000000000ull; power *= 10)
    for (uint64_t m : {1, 2, 5})
      if (span / (power * m) < max_bins) return power * m;
  return 1000000000000000ull;
}

IoGraphResult run_io_graph(const CaptureInfo& info, const std::vector<IoGraphSpec>& specs, uint64_t interval,
                           uint64_t from, uint64_t to, const std::atomic<bool>& cancel,
                           const std::function<void(double)>& progress) {
  IoGraphResult r;
  r.from = std::max(from, info.listed_first_ts);
  const uint64_t last = std::min(to, info.listed_last_ts);
  r.interval = interval ? interval : io_graph_auto_interval(r.from, last);
  r.from -= r.from % r.interval;  // bins at round times
  r.bins = last >= r.from ? static_cast<size_t>((last - r.from) / r.interval + 1) : 0;
  if (r.bins > 1000000) {
    r.error = fmt::format("{} intervals: choose a longer interval (at most 1,000,000)", r.bins);
    r.bins = 0;
    return r;
  }
  std::vector<Graph> graphs;
  for (const IoGraphSpec& s : specs) {
    if (!s.enabled) continue;
    if (QString err = check_io_graph(s); !err.isEmpty()) {
      r.error = fmt::format("{}: {}", s.name.toStdString(), err.toStdString());
      return r;
    }
    r.series.emplace_back();
  }
  size_t k = 0;
  for (const IoGraphSpec& s : specs) {
    if (!s.enabled) continue;
    Graph& g = graphs.emplace_back();
    if (!s.filter.trimmed().isEmpty()) g.filter = query::Filter::compile(s.filter.toStdString());
    g.value = s.value;
    if (s.value != IoGraphValue::Events) {
      std::string error;
      query::resolve_field(s.field.trimmed().toStdString(), g.field, error);
    }
    g.out = &r.series[k++];
    const double empty = s.value == IoGraphValue::Events || s.value == IoGraphValue::Sum
                             ? 0.0
                             : std::numeric_limits<double>::quiet_NaN();
    g.out->values.assign(r.bins, empty);
    if (s.value == IoGraphValue::Mean) g.counts.assign(r.bins, 0);
  }
  if (r.bins == 0 || graphs.empty()) return r;
  std::string scratch;
  query::FieldValue v;
  PassHooks hooks;
  hooks.cancel = &cancel;
  const uint64_t span = last - r.from + 1;
  hooks.tick = [&](PassContext&, const scap::EventView& ev) {
    if (progress && ev.ts >= r.from) progress(std::min(1.0, static_cast<double>(ev.ts - r.from) / span));
  };
  PassOutcome out =
      run_whole_capture(info, hooks, kNothingBefore, [&](PassContext& pc, const scap::EventView& ev) {
        if (ev.ts > last) return !info.ts_nondecreasing;  // where times can go back, read on
        if (ev.ts < r.from || hidden_event(ev)) return true;
        const size_t bin = static_cast<size_t>((ev.ts - r.from) / r.interval);
        for (Graph& g : graphs) {
          if (!g.filter.empty() && (!g.filter.event_types().test(ev.type) || !g.filter.matches(pc.eval)))
            continue;
          ++g.out->events;
          double& cell = g.out->values[bin];
          if (g.value == IoGraphValue::Events) {
            cell += 1;
            continue;
          }
          if (!g.field.def->extract(pc.eval, g.field, v, scratch)) continue;
          const double x = as_double(g.field.def->type, v);
          switch (g.value) {
            case IoGraphValue::Sum:
              cell += x;
              break;
            case IoGraphValue::Max:
              cell = std::isnan(cell) ? x : std::max(cell, x);
              break;
            case IoGraphValue::Min:
              cell = std::isnan(cell) ? x : std::min(cell, x);
              break;
            case IoGraphValue::Mean:
              cell = std::isnan(cell) ? x : cell + x;
              ++g.counts[bin];
              break;
            case IoGraphValue::Events:
              break;
          }
        }
        return true;
      });
  for (Graph& g : graphs)
    if (g.value == IoGraphValue::Mean)
      for (size_t b = 0; b < r.bins; ++b)
        if (g.counts[b]) g.out->values[b] /= static_cast<double>(g.counts[b]);
  r.cancelled = out.cancelled;
  r.error = out.error;
  return r;
}

std::string io_graph_csv(const IoGraphResult& r, const std::vector<IoGraphSpec>& specs) {
  std::string out = "interval_start_s";
  for (const IoGraphSpec& s : specs)
    if (s.enabled) {
      out += ',';
      query::append_csv_field(out, s.name.toStdString());
    }
  out += '\n';
  for (size_t b = 0; b < r.bins; ++b) {
    out += fmt::format("{:.9f}", static_cast<double>(b * r.interval) / 1e9);
    for (const IoGraphSeries& s : r.series) {
      out += ',';
      if (!std::isnan(s.values[b])) out += fmt::format("{}", s.values[b]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace saker::inspector
