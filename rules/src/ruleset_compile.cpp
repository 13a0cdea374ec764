// Compiles loaded rules: macros and lists resolved, exceptions added to conditions,
// outputs checked, unused items and rules without event types reported.
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "saker/query/filter_parser.h"
#include "saker/rules/ruleset.h"

namespace saker::rules {

namespace {

std::string unquote(const std::string& s) {
  if (s.size() >= 2 && ((s.front() == '"' && s.back() == '"') || (s.front() == '\'' && s.back() == '\'')))
    return s.substr(1, s.size() - 2);
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool list_comp(const std::string& comp) {
  return comp == "in" || comp == "intersects" || comp == "pmatch";
}

}  // namespace

query::FilterEnv RuleSet::make_env() {
  query::FilterEnv env;
  env.macro = [this](std::string_view name) -> const query::ast::Expr* {
    auto m = macros_.find(std::string(name));
    if (m == macros_.end()) return nullptr;
    m->second.used = true;
    auto& ast = macro_ast_[m->second.name];
    if (!ast) ast = query::parse_filter(m->second.condition);  // a SyntaxError reaches the caller
    return ast.get();
  };
  env.list = [this](std::string_view name) -> const std::vector<std::string>* {
    auto it = expanded_lists_.find(std::string(name));
    if (it == expanded_lists_.end()) return nullptr;
    lists_[it->first].used = true;
    return &it->second;
  };
  return env;
}

void RuleSet::compile() {
  compiled_.clear();
  macro_ast_.clear();
  expanded_lists_.clear();
  // Lists may name other lists among their items.
  // Nesting is limited so a hostile file's chain of lists cannot exhaust the stack.
  constexpr size_t kMaxListDepth = 64;
  std::function<void(const std::string&, std::vector<std::string>&, std::set<std::string>&, size_t)> expand =
      [&](const std::string& name, std::vector<std::string>& out, std::set<std::string>& seen, size_t depth) {
        if (!seen.insert(name).second) return;
        for (const auto& item : lists_[name].items) {
          auto sub = lists_.find(item);
          if (sub != lists_.end() && item != name) {
            sub->second.used = true;
            if (depth >= kMaxListDepth) {
              error("LOAD_ERR_VALIDATE", "list", name,
                    fmt::format("lists nested deeper than {} levels at '{}'", kMaxListDepth, item),
                    lists_[name].pos);
              return;
            }
            expand(item, out, seen, depth + 1);
          } else {
            out.push_back(unquote(item));
          }
        }
      };
  for (const auto& [name, list] : lists_) {
    std::set<std::string> seen;
    expand(name, expanded_lists_[name], seen, 0);
  }

  query::FilterEnv env = make_env();
  for (const auto& rule : rules_) {
    if (!rule.enabled) continue;
    if (rule.source != "syscall") {
      warn("LOAD_UNKNOWN_SOURCE", "rule", rule.name,
           fmt::format("source '{}' is not available in Saker; the rule is skipped", rule.source), rule.pos);
      continue;
    }
    std::string condition = rule.condition;
    if (!rule.exceptions.empty()) {
      std::vector<std::string> alternatives;
      for (const auto& ex : rule.exceptions) {
        for (const auto& tuple : ex.values) {
          std::vector<std::string> terms;
          for (size_t i = 0; i < ex.fields.size() && i < tuple.size(); ++i) {
            std::string comp = i < ex.comps.size() ? ex.comps[i] : (ex.fields_is_list ? "=" : "in");
            std::string value;
            if (list_comp(comp) || tuple[i].size() > 1) {
              std::vector<std::string> parts;
              for (const auto& v : tuple[i]) parts.push_back(lists_.count(v) ? v : quote(v));
              value = "(" + fmt::format("{}", fmt::join(parts, ", ")) + ")";
            } else {
              value = tuple[i].empty() ? "\"\"" : quote(tuple[i][0]);
            }
            terms.push_back(fmt::format("{} {} {}", ex.fields[i], comp, value));
          }
          if (!terms.empty())
            alternatives.push_back("(" + fmt::format("{}", fmt::join(terms, " and ")) + ")");
        }
      }
      if (!alternatives.empty())
        condition =
            "(" + condition + ") and not (" + fmt::format("{}", fmt::join(alternatives, " or ")) + ")";
    }
    CompiledRule cr;
    cr.rule = &rule;
    try {
      cr.filter = query::Filter::compile(condition, &env);
    } catch (const query::SyntaxError& e) {
      bool unknown_field = e.message().find("unknown field") != std::string::npos;
      if (rule.skip_if_unknown_filter && unknown_field) {
        warn("LOAD_UNKNOWN_FILTER", "rule", rule.name, fmt::format("skipped: {}", e.message()), rule.pos);
      } else {
        error("LOAD_ERR_COMPILE_CONDITION", "rule", rule.name, fmt::format("condition {}", e.what()),
              rule.condition_pos.line ? rule.condition_pos : rule.pos);
      }
      continue;
    }
    try {
      std::string output = rule.output;
      while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back()))) output.pop_back();
      cr.output = query::OutputFormat::compile("*" + output);
      for (auto& f : cr.output.fields()) {
        cr.output_field_names.push_back(f.name);
        cr.output_fields.push_back(f.ref);
      }
    } catch (const query::SyntaxError& e) {
      error("LOAD_ERR_COMPILE_OUTPUT", "rule", rule.name,
            fmt::format("output column {}: {}", e.column() > 0 ? e.column() - 1 : 0, e.message()),
            rule.output_pos.line ? rule.output_pos : rule.pos);
      continue;
    }
    if (cr.filter.event_types().all() && rule.warn_evttypes)
      warn("LOAD_NO_EVTTYPE", "rule", rule.name,
           "the condition does not restrict evt.type: the rule is checked against every event", rule.pos);
    compiled_.push_back(std::move(cr));
  }
  // Macros and lists of disabled rules were not compiled; check them too so their errors show.
  for (auto& [name, macro] : macros_) {
    if (macro_ast_.count(name)) continue;
    try {
      macro_ast_[name] = query::parse_filter(macro.condition);
    } catch (const query::SyntaxError& e) {
      error("LOAD_ERR_COMPILE_CONDITION", "macro", name, e.what(), macro.pos);
    }
  }
  for (const auto& [name, macro] : macros_)
    if (!macro.used)
      warn("LOAD_UNUSED_MACRO", "macro", name, "macro not referred to by any enabled rule", macro.pos);
  for (const auto& [name, list] : lists_)
    if (!list.used)
      warn("LOAD_UNUSED_LIST", "list", name, "list not referred to by any enabled rule", list.pos);
}

}  // namespace saker::rules
