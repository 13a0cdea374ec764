#include "saker/capture/syscall_selection.h"

#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "saker/driver/syscalls.h"
#include "saker/scap/event_table.h"

namespace saker::capture {

namespace {

void add_name(std::set<std::string>& out, std::string_view name) {
  if (driver::is_syscall(name)) {
    out.emplace(name);
    return;
  }
  auto via_event = driver::syscalls_for_event(name);
  if (via_event.empty()) throw std::invalid_argument(fmt::format("unknown syscall '{}'", name));
  out.insert(via_event.begin(), via_event.end());
}

}  // namespace

std::vector<std::string> select_syscalls(const std::string& spec, const rules::RuleSet* rules) {
  std::set<std::string> out;
  if (spec == "all") {
    for (auto n : driver::all_syscalls()) out.emplace(n);
  } else if (spec == "auto") {
    for (auto n : driver::state_syscalls()) out.emplace(n);
    bool unconstrained = false;
    if (rules) {
      for (const auto& r : rules->compiled()) {
        const auto& types = r.filter.event_types();
        if (types.all()) {
          unconstrained = true;
          continue;
        }
        for (uint16_t id = 0; id < scap::kEventTypeCount; ++id) {
          if (!types.test(id)) continue;
          auto name = scap::event_info(id).name;
          for (auto sc : driver::syscalls_for_event(name)) out.emplace(sc);
          if (driver::is_syscall(name) && driver::has_dedicated_event(name)) out.emplace(name);
        }
      }
    }
    // A rule that can match any event type gets every syscall with a dedicated event.
    if (unconstrained)
      for (auto n : driver::all_syscalls())
        if (driver::has_dedicated_event(n)) out.emplace(n);
  } else {
    // "=LIST": exactly these; a plain list also gets what the state engine needs, without
    // which every event would be attributed to a process and fd the replay never learned.
    const bool exact = !spec.empty() && spec.front() == '=';
    if (!exact)
      for (auto n : driver::state_syscalls()) out.emplace(n);
    size_t start = exact ? 1 : 0, named = 0;
    while (start <= spec.size()) {
      size_t end = spec.find(',', start);
      if (end == std::string::npos) end = spec.size();
      std::string_view name(spec.data() + start, end - start);
      if (!name.empty()) add_name(out, name), ++named;
      start = end + 1;
    }
    if (named == 0) throw std::invalid_argument("--syscalls names no syscall");
  }
  return {out.begin(), out.end()};
}

}  // namespace saker::capture
