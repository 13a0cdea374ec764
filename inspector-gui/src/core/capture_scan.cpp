#include "capture_scan.h"

#include <fmt/format.h>

#include "event_class.h"
#include "saker/query/filter.h"
#include "saker/scap/error.h"

namespace saker::inspector {

namespace {
constexpr uint64_t kProgressEvery = 1u << 16;
constexpr size_t kBatch = 1u << 15;
}  // namespace

ScanResult scan_capture(CaptureInfo& info, const ScanOptions& opts, const ScanCallbacks& cb,
                        const std::atomic<bool>& cancel) {
  ScanResult res;
  query::Filter filter;
  if (!opts.filter.empty()) {
    try {
      filter = query::Filter::compile(opts.filter);
    } catch (const query::SyntaxError& e) {
      res.filter_error = e.message();
      res.filter_error_column = e.column();
      return res;
    }
  }
  const bool ranged = opts.from_ts > 0 || opts.to_ts < UINT64_MAX;
  if (opts.build)
    res.bins = TimelineBins(opts.bins);
  else
    res.bins = TimelineBins::fixed(std::max(opts.from_ts, info.first_ts), std::min(opts.to_ts, info.last_ts),
                                   opts.bins);
  const auto& types = filter.event_types();
  std::vector<RowNum> batch;
  batch.reserve(opts.first_batch);
  bool first_sent = false;
  auto flush = [&] {
    if (batch.empty()) return;
    res.rows += batch.size();
    if (cb.rows) cb.rows(std::move(batch));
    batch = {};
    batch.reserve(kBatch);
    first_sent = true;
  };
  try {
    scap::Reader reader(info.path, scap::whole_capture_pass());
    const uint64_t size = reader.stream_size();
    replay::State state;
    state.load(reader.metadata());
    replay::StateRenderContext render(state);
    query::EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    ctx.first_ts = info.first_ts;
    scap::EventView ev;
    uint32_t section = 0;
    CheckpointTable& cps = *info.checkpoints;
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
      }
      if (ev.num > UINT32_MAX) {
        res.error = fmt::format("{}: more than {} events; the inspector lists the first {}", info.path,
                                uint64_t{UINT32_MAX}, uint64_t{UINT32_MAX});
        break;
      }
      if (opts.build) {
        if (!ctx.first_ts && ev.ts && !ev.initial_state) ctx.first_ts = info.first_ts = ev.ts;
        if (ev.num && !ev.initial_state && cps.due(ev.num)) {
          auto snap = std::make_shared<scap::Metadata>(state.snapshot());
          size_t bytes = approx_bytes(*snap);
          cps.add(Checkpoint{ev.num, ev.offset, std::move(snap)}, bytes);
        }
      }
      state.apply(ev);
      ++res.events_read;
      if ((res.events_read % kProgressEvery) == 0) {
        if (cancel.load(std::memory_order_relaxed)) {
          res.cancelled = true;
          break;
        }
        if (cb.progress) {
          double f = -1;
          if (size)
            f = static_cast<double>(ev.offset) / static_cast<double>(size);
          else if (!opts.build && info.events)
            f = static_cast<double>(ev.num) / static_cast<double>(info.events);
          cb.progress(res.events_read, f);
        }
        if (!batch.empty()) flush();
      }
      if (opts.build) {
        if (ev.converted) info.merges_enter_params = true;
        if (ev.num) {
          info.events = ev.num;
          if (ev.ts > info.last_ts) info.last_ts = ev.ts;
        }
        res.tree.observe(ev, state);
      }
      if (hidden_event(ev)) continue;
      if (ranged && (ev.ts < opts.from_ts || ev.ts > opts.to_ts)) continue;
      ctx.ev = &ev;
      if (!filter.empty() && (!types.test(ev.type) || !filter.matches(ctx))) continue;
      res.bins.add(ev.ts, classify_event(ev, state.current_fd()));
      batch.push_back(static_cast<RowNum>(ev.num));
      if ((!first_sent && batch.size() >= opts.first_batch) || batch.size() >= kBatch) flush();
    }
  } catch (const scap::CaptureError& e) {
    res.error = e.what();
  }
  flush();
  if (opts.build) res.tree.finish();
  if (cb.progress && !res.cancelled) cb.progress(res.events_read, 1.0);
  return res;
}

}  // namespace saker::inspector
