#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/rules/commands.h"

namespace saker::rules {

int run_rules_validate(const ValidateOptions& opts, std::FILE* out) {
  bool all_ok = true;
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& path : opts.paths) {
    RuleSet rs;
    rs.load_path(path);
    rs.compile();
    all_ok = all_ok && rs.ok();
    if (!opts.json) {
      print_messages(rs, out, true);
      fmt::print(out, "{}: {}\n", path, rs.ok() ? "Ok" : "Invalid");
      continue;
    }
    nlohmann::ordered_json r;
    r["name"] = path;
    r["successful"] = rs.ok();
    auto& errors = r["errors"] = nlohmann::ordered_json::array();
    auto& warnings = r["warnings"] = nlohmann::ordered_json::array();
    for (const auto& m : rs.messages()) {
      nlohmann::ordered_json j;
      j["code"] = m.code;
      j["item_type"] = m.item_type;
      j["item_name"] = m.item_name;
      j["message"] = m.message;
      j["context"] = {{"file", m.pos.file}, {"line", m.pos.line}, {"column", m.pos.column}};
      (m.severity == LoadMessage::Severity::Error ? errors : warnings).push_back(j);
    }
    results.push_back(r);
  }
  if (opts.json) fmt::print(out, "{}\n", nlohmann::ordered_json{{"falco_load_results", results}}.dump(2));
  return all_ok ? 0 : 1;
}

int run_rules_list(const std::vector<std::string>& paths, bool json, std::FILE* out, std::FILE* err) {
  RuleSet rs;
  load_rules(rs, paths);
  if (!rs.ok()) {
    print_messages(rs, err, false);
    return 2;
  }
  std::map<const Rule*, const CompiledRule*> compiled;
  for (const auto& c : rs.compiled()) compiled[c.rule] = &c;
  auto event_types = [&](const Rule& r) {
    std::set<std::string> names;
    auto it = compiled.find(&r);
    if (it == compiled.end()) return std::string("-");
    const auto& types = it->second->filter.event_types();
    if (types.all()) return std::string("all");
    auto table = scap::event_table();
    for (size_t t = 0; t < types.size(); ++t)
      if (types.test(t) && !(table[t].flags & scap::kUnused) && t > 1)
        names.insert(std::string(table[t].name));
    return fmt::format("{}", fmt::join(names, ","));
  };
  if (json) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& r : rs.rules()) {
      arr.push_back({{"name", r.name},
                     {"priority", std::string(priority_name(r.priority))},
                     {"enabled", r.enabled},
                     {"source", r.source},
                     {"tags", r.tags},
                     {"event_types", event_types(r)}});
    }
    fmt::print(out, "{}\n", arr.dump(2));
    return 0;
  }
  for (const auto& r : rs.rules()) {
    fmt::print(out, "{}\n  priority: {}{}\n  tags: {}\n  event types: {}\n", r.name,
               priority_name(r.priority), r.enabled ? "" : " (disabled)", fmt::join(r.tags, ", "),
               event_types(r));
  }
  return 0;
}

}  // namespace saker::rules
