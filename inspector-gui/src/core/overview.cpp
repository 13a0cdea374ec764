#include "overview.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "saker/query/filter.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

const std::vector<TileDef>& default_tiles() {
  static const std::vector<TileDef> tiles = {
      {"Interactive commands",
       "evt.type in (execve, execveat) and evt.dir = < and evt.res = SUCCESS and proc.tty != 0",
       "proc.cmdline"},
      {"System files modified",
       "evt.is_open_write = true and evt.dir = < and fd.name pmatch (/etc, /bin, /sbin, /usr, /lib, /lib64, "
       "/boot, "
       "/root)",
       "fd.name"},
      {"New connections",
       "evt.type in (connect, accept, accept4) and evt.dir = < and fd.type in (ipv4, ipv6)", "fd.name"},
      {"Listening ports", "evt.type = listen and evt.dir = <", "fd.name"},
      {"Deleted/renamed files",
       "evt.type in (unlink, unlinkat, rmdir, rename, renameat, renameat2) and evt.dir = <", "evt.args"},
      {"Privilege changes",
       "evt.type in (setuid, setgid, setresuid, setresgid, setreuid, setregid, capset) and evt.dir = <",
       "proc.name"},
      {"Errors", "evt.failed = true", "evt.res"},
      {"Container events", "container.id != host", "container.id"},
  };
  return tiles;
}

OverviewResult run_overview(const CaptureInfo& info, const std::vector<TileDef>& defs,
                            const std::atomic<bool>& cancel) {
  OverviewResult res;
  struct Compiled {
    query::Filter filter;
    query::FieldRef field;
    std::unordered_map<std::string, uint64_t> values;
  };
  std::vector<Compiled> compiled(defs.size());
  for (size_t i = 0; i < defs.size(); ++i) {
    res.tiles.push_back({defs[i], 0, {}});
    try {
      compiled[i].filter = query::Filter::compile(defs[i].filter);
    } catch (const query::SyntaxError& e) {
      res.error = fmt::format("tile '{}': {}", defs[i].title, e.what());
      return res;
    }
    std::string err;
    if (!query::resolve_field(defs[i].breakdown, compiled[i].field, err)) {
      res.error = fmt::format("tile '{}': {}", defs[i].title, err);
      return res;
    }
  }
  constexpr size_t kMaxDistinct = 10000;  // bounded memory on huge captures
  std::string text, scratch;
  PassHooks hooks;
  hooks.cancel = &cancel;
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    if (hidden_event(ev)) return true;
    for (size_t i = 0; i < compiled.size(); ++i) {
      Compiled& c = compiled[i];
      if (!c.filter.event_types().test(ev.type) || !c.filter.matches(pc.eval)) continue;
      ++res.tiles[i].count;
      text.clear();
      if (!query::render_field(pc.eval, c.field, text, scratch)) continue;
      auto it = c.values.find(text);
      if (it != c.values.end())
        ++it->second;
      else if (c.values.size() < kMaxDistinct)
        c.values.emplace(text, 1);
    }
    return true;
  };
  PassOutcome out = run_whole_capture(info, hooks, kNothingBefore, each);
  res.cancelled = out.cancelled;
  res.error = out.error;
  for (size_t i = 0; i < compiled.size(); ++i) {
    auto& top = res.tiles[i].top;
    top.assign(compiled[i].values.begin(), compiled[i].values.end());
    std::sort(top.begin(), top.end(), [](auto& a, auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (top.size() > 10) top.resize(10);
  }
  return res;
}

}  // namespace saker::inspector
