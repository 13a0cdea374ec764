#include "capture_scan.h"

#include <fmt/format.h>

#include "event_class.h"
#include "saker/query/filter.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {
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
    res.bins = TimelineBins::fixed(std::max(opts.from_ts, info.listed_first_ts),
                                   std::min(opts.to_ts, info.listed_last_ts), opts.bins);
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
  uint64_t size = 0;
  uint64_t listed_ts = 0;  // the time of the last listed event (build passes)
  bool listed_any = false;
  CheckpointTable& cps = *info.checkpoints;
  PassHooks hooks;
  hooks.cancel = &cancel;
  hooks.start = [&](PassContext& pc) {
    size = pc.pass.reader().stream_size();
    return true;
  };
  auto before = [&](PassContext& pc, const scap::EventView& ev) {
    if (ev.num > UINT32_MAX) {
      res.error = fmt::format("{}: more than {} events; the inspector lists the first {}", info.path,
                              uint64_t{UINT32_MAX}, uint64_t{UINT32_MAX});
      return false;
    }
    if (opts.build) {
      if (!pc.eval.first_num) {
        query::note_first_event(pc.eval, ev);
        info.first_ts = pc.eval.first_ts;
        info.first_num = pc.eval.first_num;
      }
      if (ev.num && !ev.initial_state && cps.due(ev.num)) {
        auto snap = std::make_shared<std::string>();
        pc.pass.state().save(*snap);
        auto conv = std::make_shared<const std::string>(pc.pass.reader().converter_state());
        size_t bytes = snap->size() + conv->size();
        cps.add(Checkpoint{ev.num, ev.offset, std::move(snap), std::move(conv)}, bytes);
      }
    }
    return true;
  };
  hooks.tick = [&](PassContext& pc, const scap::EventView& ev) {
    if (cb.progress) {
      double f = -1;
      if (size)
        f = static_cast<double>(ev.offset) / static_cast<double>(size);
      else if (!opts.build && info.events)
        f = static_cast<double>(ev.num) / static_cast<double>(info.events);
      cb.progress(pc.events, f);
    }
    if (!batch.empty()) flush();
  };
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    const replay::State& state = pc.pass.state();
    if (opts.build) {
      if (ev.num) {
        info.events = ev.num;
        if (ev.ts > info.last_ts) info.last_ts = ev.ts;
      }
      res.tree.observe(ev, state);
    }
    if (hidden_event(ev)) return true;
    if (opts.build) {
      if (listed_any && ev.ts < listed_ts) info.ts_nondecreasing = false;
      if (listed_any && ev.ts <= listed_ts) info.ts_increasing = false;
      if (!listed_any || ev.ts < info.listed_first_ts) info.listed_first_ts = ev.ts;
      if (ev.ts > info.listed_last_ts) info.listed_last_ts = ev.ts;
      listed_ts = ev.ts;
      listed_any = true;
      ++info.listed;
    }
    if (ranged && (ev.ts < opts.from_ts || ev.ts > opts.to_ts)) return true;
    if (!filter.empty() && (!types.test(ev.type) || !filter.matches(pc.eval))) return true;
    res.bins.add(ev.ts, classify_event(ev, state.current_fd()));
    batch.push_back(static_cast<RowNum>(ev.num));
    if ((!first_sent && batch.size() >= opts.first_batch) || batch.size() >= kBatch) flush();
    return true;
  };
  PassOutcome out = run_whole_capture(info, hooks, before, each);
  res.events_read = out.events;
  res.cancelled = out.cancelled;
  if (!out.error.empty()) {
    res.error = out.error;
    res.error_offset = out.error_offset;
    res.not_capture = !out.opened && out.error_offset == 0;
  }
  flush();
  if (opts.build) res.tree.finish();
  if (cb.progress && !res.cancelled) cb.progress(res.events_read, 1.0);
  return res;
}

}  // namespace saker::inspector
