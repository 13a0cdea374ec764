// Compiles loaded rules as Falco's rule compiler does (falcosecurity/falco, userspace/engine/
// rule_loader_compiler.cpp): lists first (a list sees the lists defined before it), then every
// macro (list names substituted, parsed, macro references resolved against the macros defined
// before it, loops refused), then every rule of the syscall source, enabled or not (exceptions
// added, output checked, condition compiled). The first error ends compilation, as in Falco.
// Saker also binds the fields of macros no rule uses, so their typos are errors too.
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "ruleset_support.h"
#include "saker/query/filter_parser.h"
#include "saker/rules/ruleset.h"

namespace saker::rules {

namespace {

constexpr size_t kMaxVisibility = static_cast<size_t>(-1);

struct CompileFail {
  std::string code, item_type, item_name, message;
  Position pos;
};

// The position of a 1-based column of a condition whose text starts at `start`.
Position position_in(const Position& start, const std::string& text, size_t column) {
  Position p = start;
  size_t offset = column > 0 ? column - 1 : 0;
  size_t line = 0, col = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 0;
    } else {
      ++col;
    }
  }
  if (p.line == 0) return p;
  if (line == 0) {
    p.column += col;
  } else {
    p.line += line;
    p.column = col + 1;
  }
  p.offset += offset;
  return p;
}

bool unknown_field_or_type(const std::string& message) {
  return message.find("unknown field") != std::string::npos ||
         message.find("unknown event type") != std::string::npos;
}

}  // namespace

// Checks several rules make alike (their macros' mostly) get one result per event.
void RuleSet::share_checks() {
  std::unordered_map<std::string, uint32_t> uses, slot_of;
  for (const auto& cr : compiled_) cr.filter.count_checks(uses);
  for (auto& cr : compiled_) cr.filter.share_checks(uses, slot_of);
  shared_checks_ = slot_of.size();
}

void RuleSet::compile() {
  origin_ = files_.empty() ? std::string() : files_.back();
  compiled_.clear();
  shared_checks_ = 0;
  if (read_failed_) {  // Falco's engine returns after a read error, before its compiler runs
    read_failed_ = false;
    return;
  }
  macro_ast_.clear();
  for (auto& l : lists_) l.used = false;
  for (auto& m : macros_) m.used = false;

  // Lists: a list's items naming a list defined before it are replaced by that list's items.
  std::vector<std::vector<std::string>> expanded(lists_.size());
  for (size_t i = 0; i < lists_.size(); ++i) {
    for (const auto& item : lists_[i].items) {
      auto ref = list_index_.find(item);
      if (ref != list_index_.end() && lists_[ref->second].index < lists_[i].visibility) {
        lists_[ref->second].used = true;
        const auto& sub = lists_[ref->second].items;
        expanded[i].insert(expanded[i].end(), sub.begin(), sub.end());
      } else {
        expanded[i].push_back(item);
      }
    }
  }
  auto substitute_lists = [&](std::string text) {
    for (size_t i = 0; i < lists_.size(); ++i)
      if (substitute_list(text, lists_[i].name, expanded[i])) lists_[i].used = true;
    return text;
  };
  auto parse = [&](const std::string& text, const std::string& type, const std::string& name,
                   const Position& at) {
    try {
      return query::parse_filter(text);
    } catch (const query::SyntaxError& e) {
      throw CompileFail{"LOAD_ERR_COMPILE_CONDITION", type, name, e.message(),
                        position_in(at, text, e.column())};
    }
  };
  // Macro references: each must name a macro visible from `visibility`, with no loop.
  std::vector<std::string> stack;
  size_t expansions = 0;
  std::function<void(const query::ast::Expr&, size_t, const std::string&, const std::string&, const Position&,
                     const std::string&)>
      resolve = [&](const query::ast::Expr& e, size_t visibility, const std::string& type,
                    const std::string& name, const Position& at, const std::string& text) {
        if (e.kind != query::ast::Expr::Kind::Identifier) {
          for (const auto& ch : e.children) resolve(*ch, visibility, type, name, at, text);
          return;
        }
        auto it = macro_index_.find(e.name);
        if (it == macro_index_.end() || macros_[it->second].index >= visibility)
          throw CompileFail{"LOAD_ERR_VALIDATE", type, name,
                            fmt::format("Undefined macro '{}' used in filter.", e.name),
                            position_in(at, text, e.pos + 1)};
        if (std::find(stack.begin(), stack.end(), e.name) != stack.end())
          throw CompileFail{"LOAD_ERR_VALIDATE", type, name,
                            fmt::format("reference loop in macro '{}'", e.name),
                            position_in(at, text, e.pos + 1)};
        // Hostile files: chains deeper than the filter compiler takes, or macros naming others
        // twice at every level, stop with an error instead of exhausting the stack or time.
        if (stack.size() >= query::kMaxMacroDepth)
          throw CompileFail{
              "LOAD_ERR_COMPILE_CONDITION", type, name,
              fmt::format("macros nested deeper than {} levels at '{}'", query::kMaxMacroDepth, e.name),
              position_in(at, text, e.pos + 1)};
        if (++expansions > query::kMaxMacroExpansions)
          throw CompileFail{
              "LOAD_ERR_COMPILE_CONDITION", type, name,
              fmt::format("the condition expands more than {} macro references", query::kMaxMacroExpansions),
              position_in(at, text, e.pos + 1)};
        Macro& m = macros_[it->second];
        m.used = true;
        stack.push_back(e.name);
        resolve(*macro_ast_.at(m.name), visibility, type, name, at, text);
        stack.pop_back();
      };

  std::map<std::string, std::string> unused_macro_problems;
  query::FilterEnv env;
  env.macro = [this](std::string_view name) -> const query::ast::Expr* {
    auto it = macro_ast_.find(std::string(name));
    return it == macro_ast_.end() ? nullptr : it->second.get();
  };

  try {
    for (const auto& m : macros_)
      macro_ast_[m.name] = parse(substitute_lists(m.condition), "macro", m.name, m.condition_pos);
    for (const auto& m : macros_) {
      stack.assign(1, m.name);
      expansions = 0;
      resolve(*macro_ast_.at(m.name), m.visibility, "macro", m.name, m.condition_pos, m.condition);
    }
    for (const auto& rule : rules_) {
      if (rule.unknown_source) continue;
      std::string condition;
      try {
        condition = condition_with_exceptions(rule.condition, rule.exceptions);
      } catch (const std::runtime_error& e) {
        throw CompileFail{"LOAD_ERR_VALIDATE", "rule", rule.name, e.what(), rule.pos};
      }
      CompiledRule cr;
      cr.rule = &rule;
      std::string output = rule.output;
      // As Falco's current engine: %container.info is deprecated and dropped from outputs.
      if (auto at = output.find("%container.info"); at != std::string::npos) {
        warn("LOAD_DEPRECATED_ITEM", "rule", rule.name,
             "%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The "
             "container plugin will automatically add required fields to the output message.",
             rule.pos);
        for (; at != std::string::npos; at = output.find("%container.info")) output.erase(at, 15);
      }
      try {
        cr.output = query::OutputFormat::compile("*" + output);
        for (auto& f : cr.output.fields()) {
          cr.output_field_names.push_back(f.name);
          cr.output_fields.push_back(f.ref);
        }
      } catch (const query::SyntaxError& e) {
        Position at = position_in(rule.output_pos.line ? rule.output_pos : rule.pos, output,
                                  e.column() > 1 ? e.column() - 1 : 0);
        if (rule.skip_if_unknown_filter && unknown_field_or_type(e.message())) {
          warn("LOAD_UNKNOWN_FILTER", "rule", rule.name, e.message(), at);
          continue;
        }
        throw CompileFail{"LOAD_ERR_COMPILE_OUTPUT", "rule", rule.name, e.message(), at};
      }
      const Position& cpos = rule.condition_pos.line ? rule.condition_pos : rule.pos;
      std::string text = substitute_lists(condition);
      auto ast = parse(text, "rule", rule.name, cpos);
      stack.clear();
      expansions = 0;
      resolve(*ast, kMaxVisibility, "rule", rule.name, cpos, text);
      try {
        cr.filter = query::Filter::compile(*ast, &env);
      } catch (const query::SyntaxError& e) {
        Position at = position_in(cpos, text, e.column());
        if (rule.skip_if_unknown_filter && unknown_field_or_type(e.message())) {
          warn("LOAD_UNKNOWN_FILTER", "rule", rule.name, e.message(), at);
          continue;
        }
        throw CompileFail{"LOAD_ERR_COMPILE_CONDITION", "rule", rule.name, e.message(), at};
      }
      if (cr.filter.event_types().all() && rule.warn_evttypes)
        warn("LOAD_NO_EVTTYPE", "rule", rule.name,
             "Rule matches too many evt.type values. This has a significant performance penalty.", rule.pos);
      if (rule.enabled) compiled_.push_back(std::move(cr));
    }
    // Macros no rule uses are compiled on their own too: Falco leaves them unchecked (an unused
    // macro warning); strict mode makes their problems errors (docs/rules.md).
    for (auto& m : macros_) {
      if (m.used) continue;
      try {
        query::Filter::compile(*macro_ast_.at(m.name), &env);
      } catch (const query::SyntaxError& e) {
        Position at = position_in(m.condition_pos, m.condition, e.column());
        if (strict_) throw CompileFail{"LOAD_ERR_COMPILE_CONDITION", "macro", m.name, e.message(), at};
        unused_macro_problems.emplace(m.name, e.message());
      }
    }
  } catch (const CompileFail& f) {
    compiled_.clear();
    error(f.code, f.item_type, f.item_name, f.message, f.pos);
    return;
  }
  share_checks();
  for (const auto& m : macros_) {
    if (m.used) continue;
    auto problem = unused_macro_problems.find(m.name);
    warn("LOAD_UNUSED_MACRO", "macro", m.name,
         problem == unused_macro_problems.end()
             ? std::string("Macro not referred to by any other rule/macro")
             : fmt::format(
                   "Macro not referred to by any other rule/macro (its condition would not compile: {})",
                   problem->second),
         m.pos);
  }
  for (const auto& l : lists_)
    if (!l.used)
      warn("LOAD_UNUSED_LIST", "list", l.name, "List not referred to by any other rule/macro", l.pos);
}

}  // namespace saker::rules
