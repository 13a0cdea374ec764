#include "find_events.h"

#include <algorithm>

#include "saker/query/filter.h"
#include "saker/replay/state.h"
#include "saker/scap/param_format.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The detail pane's values (event_details.cpp) of the current event, each tested: fields
// without an argument, the parameters (data buffers up to 4096 bytes of text), the ancestry.
class DetailsMatcher {
 public:
  DetailsMatcher(std::string needle, bool case_sensitive)
      : needle_(std::move(needle)), case_(case_sensitive) {
    for (const query::FieldDef* f : query::all_fields())
      if (f->arg == query::FieldArg::None) refs_.push_back({f, -1, {}});
  }
  bool matches(const query::EvalContext& ctx, const replay::State& st, const scap::EventView& ev) {
    for (const query::FieldRef& ref : refs_) {
      text_.clear();
      if (query::render_field(ctx, ref, text_, scratch_) && text_contains(text_, needle_, case_)) return true;
    }
    for (uint32_t i = 0; i < ev.nparams && ev.info && i < ev.info->params.size(); ++i) {
      text_.clear();
      scap::render_param(text_, ev, i, ctx.render, scap::RenderOptions{4096});
      if (text_contains(text_, needle_, case_)) return true;
    }
    if (const replay::ThreadInfo* t = st.current_thread()) {
      for (int n = 1; n <= 64; ++n) {
        const replay::ThreadInfo* a = st.ancestor(*t, n);
        if (!a) break;
        if (text_contains(a->comm, needle_, case_) || text_contains(a->cmdline(), needle_, case_))
          return true;
      }
    }
    return false;
  }

 private:
  std::string needle_;
  bool case_;
  std::vector<query::FieldRef> refs_;
  std::string text_, scratch_;
};

}  // namespace

bool text_contains(std::string_view text, std::string_view needle, bool case_sensitive) {
  if (needle.empty()) return true;
  if (case_sensitive) return text.find(needle) != std::string_view::npos;
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return lower(a) == lower(b); });
  return it != text.end();
}

FindResult find_events(const CaptureInfo& info, const std::vector<RowNum>& rows, const FindQuery& query,
                       const std::atomic<bool>& cancel, const std::function<void(double)>& progress) {
  FindResult res;
  if (query.text.empty()) {
    res.error = query.mode == FindMode::Filter ? "no filter to find" : "no text to find";
    return res;
  }
  query::Filter filter;
  std::vector<query::FieldRef> columns;
  if (query.mode == FindMode::Filter) {
    try {
      filter = query::Filter::compile(query.text);
    } catch (const query::SyntaxError& e) {
      res.error = e.message();
      res.error_column = e.column();
      return res;
    }
  } else if (query.mode == FindMode::RowText) {
    for (const std::string& c : query.columns) {
      query::FieldRef ref;
      if (!query::resolve_field(c, ref, res.error)) return res;
      columns.push_back(std::move(ref));
    }
  }
  if (rows.empty()) return res;
  DetailsMatcher details(query.mode == FindMode::Details ? query.text : std::string(), query.case_sensitive);
  std::string needle = query.text, text, scratch;
  const auto& types = filter.event_types();
  size_t next = 0;
  PassHooks hooks;
  hooks.cancel = &cancel;
  hooks.tick = [&](PassContext&, const scap::EventView& ev) {
    if (progress) progress(static_cast<double>(ev.num) / static_cast<double>(rows.back()));
  };
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    while (next < rows.size() && rows[next] < ev.num) ++next;
    if (next == rows.size()) return false;
    if (rows[next] != ev.num || hidden_event(ev)) return true;
    bool hit = false;
    switch (query.mode) {
      case FindMode::Filter:
        hit = types.test(ev.type) && filter.matches(pc.eval);
        break;
      case FindMode::RowText:
        for (const query::FieldRef& ref : columns) {
          text.clear();
          if (query::render_field(pc.eval, ref, text, scratch) &&
              text_contains(text, needle, query.case_sensitive)) {
            hit = true;
            break;
          }
        }
        break;
      case FindMode::Details:
        hit = details.matches(pc.eval, pc.pass.state(), ev);
        break;
    }
    if (hit) res.matches.push_back(static_cast<RowNum>(ev.num));
    return ++next < rows.size();
  };
  PassOutcome out = run_whole_capture(info, hooks, kNothingBefore, each);
  res.cancelled = out.cancelled;
  if (!out.error.empty()) res.error = out.error;
  return res;
}

int next_match_row(const std::vector<RowNum>& shown, bool capture_order, const std::vector<RowNum>& matches,
                   int current, bool backward, bool& wrapped) {
  wrapped = false;
  const int n = static_cast<int>(shown.size());
  if (n == 0 || matches.empty()) return -1;
  const bool from_end = current < 0 || current >= n;  // nothing selected: no wrapping
  if (from_end) current = backward ? n : -1;
  if (capture_order) {
    // Both ascending: each match's row by binary search.
    auto row_of = [&](RowNum num) {
      auto it = std::lower_bound(shown.begin(), shown.end(), num);
      return it != shown.end() && *it == num ? static_cast<int>(it - shown.begin()) : -1;
    };
    if (!backward) {
      auto it =
          current >= 0 ? std::upper_bound(matches.begin(), matches.end(), shown[current]) : matches.begin();
      for (auto m = it; m != matches.end(); ++m)
        if (int r = row_of(*m); r >= 0) return r;
      if (from_end) return -1;
      for (auto m = matches.begin(); m != it; ++m)
        if (int r = row_of(*m); r >= 0) return wrapped = true, r;
    } else {
      auto it =
          current < n ? std::lower_bound(matches.begin(), matches.end(), shown[current]) : matches.end();
      for (auto m = it; m != matches.begin();)
        if (int r = row_of(*--m); r >= 0) return r;
      if (from_end) return -1;
      for (auto m = matches.end(); m != it;)
        if (int r = row_of(*--m); r >= 0) return wrapped = true, r;
    }
    return -1;
  }
  auto is_match = [&](RowNum num) { return std::binary_search(matches.begin(), matches.end(), num); };
  const int step = backward ? -1 : 1;
  for (int r = current + step; r >= 0 && r < n; r += step)
    if (is_match(shown[r])) return r;
  if (from_end) return -1;
  // Around from the other end, as far as the start row (itself included).
  for (int r = backward ? n - 1 : 0; r != current + step; r += step)
    if (is_match(shown[r])) return wrapped = true, r;
  return -1;
}

}  // namespace saker::inspector
