#include "rule_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "saker/rules/commands.h"

namespace saker::inspector {

std::vector<std::string> rule_errors(const rules::RuleSet& rs) {
  std::vector<std::string> out;
  for (const auto& m : rs.messages()) {
    if (m.severity != rules::LoadMessage::Severity::Error) continue;
    std::string item = m.item_name.empty() ? m.item_type : fmt::format("{} '{}'", m.item_type, m.item_name);
    out.push_back(
        fmt::format("{}:{}:{}: {} ({}, {})", m.pos.file, m.pos.line, m.pos.column, m.message, m.code, item));
  }
  return out;
}

RuleCheck check_rules(const std::vector<std::string>& paths) {
  rules::RuleSet rs;
  rules::load_rules(rs, paths);
  RuleCheck c;
  c.errors = rule_errors(rs);
  if (c.ok()) c.rules = rs.compiled().size();
  return c;
}

std::vector<std::string> combine_rule_paths(const std::vector<std::string>& active,
                                            const std::vector<std::string>& files, bool add) {
  if (!add) return files;
  std::vector<std::string> out =
      active.empty() ? std::vector<std::string>{rules::default_rules_dir()} : active;
  for (const auto& f : files)
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  return out;
}

}  // namespace saker::inspector
