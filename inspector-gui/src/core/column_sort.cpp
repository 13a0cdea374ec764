#include "column_sort.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "row_order.h"
#include "string_interner.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {

// Fields whose value is the event time (or the time since the first event).
bool is_time_field(std::string_view name) {
  for (std::string_view f : {"evt.time", "evt.outputtime", "evt.datetime", "evt.rawtime", "evt.reltime"})
    if (name == f) return true;
  return false;
}

// The order without a pass, when the column's order is the capture's: rows as they are, or
// reversed when descending and no two rows can tie.
bool capture_ordered(const CaptureInfo& info, const query::FieldRef& ref, bool descending,
                     std::vector<RowNum>& rows) {
  std::string_view name = ref.def->name;
  bool in_order = name == "evt.num" || (is_time_field(name) && info.ts_nondecreasing);
  bool no_ties = name == "evt.num" || (is_time_field(name) && info.ts_increasing);
  if (!in_order || (descending && !no_ties)) return false;
  if (descending) std::reverse(rows.begin(), rows.end());
  return true;
}

}  // namespace

ColumnSortResult sort_by_column(const CaptureInfo& info, std::vector<RowNum> rows, const std::string& field,
                                bool descending, const std::atomic<bool>& cancel,
                                const std::function<void(double)>& progress, size_t text_budget) {
  ColumnSortResult res;
  query::FieldRef ref;
  if (!query::resolve_field(field, ref, res.error)) return res;
  if (capture_ordered(info, ref, descending, rows)) {
    res.rows = std::move(rows);
    res.ok = true;
    return res;
  }
  res.pass = true;
  const size_t n = rows.size();
  if (n == 0) {
    res.ok = true;
    return res;
  }
  const query::FieldType type = ref.def->type;
  const bool text = type == query::FieldType::String || type == query::FieldType::Bytes ||
                    type == query::FieldType::IpAddr || type == query::FieldType::IpNet;
  const bool address = type == query::FieldType::IpAddr || type == query::FieldType::IpNet;
  std::vector<uint64_t> keys(n, 0);
  std::vector<bool> present(n, false);
  StringInterner interner(text_budget);
  std::string scratch;
  size_t next = 0;
  bool over_budget = false;

  PassHooks hooks;
  hooks.cancel = &cancel;
  hooks.tick = [&](PassContext&, const scap::EventView& ev) {
    if (progress) progress(static_cast<double>(ev.num) / static_cast<double>(rows.back()));
  };
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    while (next < n && rows[next] < ev.num) ++next;  // a listed event the capture no longer has: no value
    if (next == n) return false;
    if (rows[next] != ev.num || hidden_event(ev)) return true;
    size_t i = next++;
    query::FieldValue v;
    if (!ref.def->extract(pc.eval, ref, v, scratch)) return next < n;
    switch (type) {
      case query::FieldType::Int64:
      case query::FieldType::Bool:
        keys[i] = static_cast<uint64_t>(v.i) ^ (uint64_t{1} << 63);  // signed order as unsigned
        break;
      case query::FieldType::Uint64:
      case query::FieldType::AbsTime:
      case query::FieldType::RelTime:
        keys[i] = v.u;
        break;
      default: {
        std::string_view s = v.s;
        char mapped[16];
        if (address && s.size() == 4) {  // IPv4 as IPv4-mapped IPv6: one numeric order for both
          std::memset(mapped, 0, 10);
          mapped[10] = mapped[11] = static_cast<char>(0xff);
          std::memcpy(mapped + 12, s.data(), 4);
          s = {mapped, 16};
        }
        uint32_t id = interner.intern(s);
        if (id == StringInterner::kOverBudget) {
          over_budget = true;
          return false;
        }
        keys[i] = id;
      }
    }
    present[i] = true;
    return next < n;
  };
  PassOutcome out = run_whole_capture(info, hooks, kNothingBefore, each);
  res.distinct = interner.size();
  res.memory = n * sizeof(uint64_t) + n / 8 + interner.memory() + (text ? interner.size() * 4 : 0);
  if (out.cancelled) {
    res.cancelled = true;
    return res;
  }
  if (over_budget) {
    res.error = fmt::format(
        "cannot sort by {}: its values pass the {} MiB the sort may use ({} distinct values in the first {} "
        "rows); narrow the view with a filter",
        field, text_budget >> 20, interner.size(), next);
    return res;
  }
  if (!out.error.empty() && next < n) {
    res.error = out.error;
    return res;
  }
  if (text) {
    std::vector<uint32_t> rank = interner.ranks();
    interner = StringInterner(0);
    for (size_t i = 0; i < n; ++i)
      if (present[i]) keys[i] = rank[keys[i]];
  }
  res.rows = order_rows(std::move(rows), std::move(keys), present, descending);
  res.ok = true;
  return res;
}

}  // namespace saker::inspector
