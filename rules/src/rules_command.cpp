#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/rules/commands.h"
#include "saker/scap/command_error.h"

namespace saker::rules {

namespace {

// Falco's load-result JSON for one message: the rules content, then the item.
nlohmann::ordered_json message_json(const LoadMessage& m) {
  nlohmann::ordered_json locations = nlohmann::ordered_json::array();
  auto position = [](const Position& p) {
    // Falco reports YAML marks: 0-based lines and columns.
    return nlohmann::ordered_json{{"name", p.file},
                                  {"line", p.line ? p.line - 1 : 0},
                                  {"column", p.column ? p.column - 1 : 0},
                                  {"offset", p.offset}};
  };
  locations.push_back(
      {{"item_type", "rules content"}, {"item_name", ""}, {"position", position({m.pos.file, 0, 0, 0})}});
  if (m.item_type != "rules content")
    locations.push_back(
        {{"item_type", m.item_type}, {"item_name", m.item_name}, {"position", position(m.pos)}});
  else if (m.code == "LOAD_ERR_YAML_PARSE")
    // Falco's reader puts the parser's mark in an inner "value for" location (rule_loader
    // context(mark, parent)), as falco -V prints it.
    locations.push_back({{"item_type", "value for"}, {"item_name", ""}, {"position", position(m.pos)}});
  nlohmann::ordered_json j;
  j["context"] = {{"locations", locations}};
  j["code"] = m.code;
  j["message"] = m.message;
  return j;
}

}  // namespace

int run_rules_validate(const ValidateOptions& opts, std::FILE* out) {
  // The files form one ruleset, each seeing the lists and macros of those before it, compiled
  // after each file as Falco's `-V A -V B` does; each file's result holds what its load and
  // compilation reported.
  RuleSet rs;
  rs.set_strict(opts.strict);
  bool all_ok = true;
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& path : opts.paths) {
    size_t first = rs.messages().size();
    rs.load_path(path);
    rs.compile();
    std::vector<const LoadMessage*> errors, warnings;
    for (size_t i = first; i < rs.messages().size(); ++i) {
      const auto& m = rs.messages()[i];
      (m.severity == LoadMessage::Severity::Error ? errors : warnings).push_back(&m);
    }
    all_ok = all_ok && errors.empty();
    if (!opts.json) {
      for (const auto* m : errors) fmt::print(out, "{}\n", format_message(*m));
      for (const auto* m : warnings) fmt::print(out, "{}\n", format_message(*m));
      fmt::print(out, "{}: {}\n", path,
                 !errors.empty() ? "Invalid" : (warnings.empty() ? "Ok" : "Ok, with warnings"));
      continue;
    }
    nlohmann::ordered_json r;
    r["name"] = path;
    r["successful"] = errors.empty();
    auto& ej = r["errors"] = nlohmann::ordered_json::array();
    auto& wj = r["warnings"] = nlohmann::ordered_json::array();
    for (const auto* m : errors) ej.push_back(message_json(*m));
    for (const auto* m : warnings) wj.push_back(message_json(*m));
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
    throw scap::CommandError(scap::ErrorKind::Rules, "the rules have errors");
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
  if (paths.empty()) fmt::print(out, "# Saker's default ruleset: {}\n", default_rules_dir());
  for (const auto& r : rs.rules()) {
    fmt::print(out, "{}\n  priority: {}{}\n  tags: {}\n  event types: {}\n", r.name,
               priority_name(r.priority), r.enabled ? "" : " (disabled)", fmt::join(r.tags, ", "),
               event_types(r));
  }
  return 0;
}

}  // namespace saker::rules
