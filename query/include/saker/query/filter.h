// Compiled Falco filters, in stages (query/src/filter/): parse (syntax tree), bind (macros,
// lists, fields, transformers, literals and operators resolved; located errors), narrow (the
// event types), then a flat program run per event without allocating.
#pragma once

#include <bitset>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "saker/query/field.h"
#include "saker/query/filter_ast.h"
#include "saker/query/syntax_error.h"
#include "saker/scap/event_table.h"

namespace saker::query {

// Macros and lists a filter may name (the rules engine provides them).
struct FilterEnv {
  std::function<const ast::Expr*(std::string_view name)> macro;
  std::function<const std::vector<std::string>*(std::string_view name)> list;
};

using EventTypeSet = std::bitset<scap::kEventTypeCount>;

// Limits on macro expansion (a SyntaxError beyond them): nesting depth, and macro references
// expanded in one condition.
inline constexpr size_t kMaxMacroDepth = 64;
inline constexpr size_t kMaxMacroExpansions = 10000;

namespace filter {
class Program;
}

class Filter {
 public:
  Filter();
  ~Filter();
  Filter(Filter&&) noexcept;
  Filter& operator=(Filter&&) noexcept;

  // Throws SyntaxError (1-based column into `text`) for bad syntax, unknown fields, macros
  // or lists, operators a field's type does not support, and literals of the wrong type.
  static Filter compile(std::string_view text, const FilterEnv* env = nullptr);
  static Filter compile(const ast::Expr& expr, const FilterEnv* env = nullptr);

  bool matches(const EvalContext& ctx) const;
  // The event types the filter can match (every type when it does not narrow them).
  const EventTypeSet& event_types() const { return types_; }
  // The types a rule with this condition is evaluated on, as Falco's event-type index gives
  // them (libs' names_to_event_set): an event type's name leaves generic events out, even
  // though the condition would match a generic event of that syscall's name.
  const EventTypeSet& rule_event_types() const { return rule_types_; }
  bool empty() const { return !program_; }
  // Checks shared between filters (a rule set's): count_checks() adds this filter's check
  // keys to `uses`; share_checks() gives each check used more than once the cache slot its key
  // has in `slot_of` (a new one for a new key). See CheckCache.
  void count_checks(std::unordered_map<std::string, uint32_t>& uses) const;
  void share_checks(const std::unordered_map<std::string, uint32_t>& uses,
                    std::unordered_map<std::string, uint32_t>& slot_of);
  // The compiled program, one instruction a line, and the event types (for `print --explain`).
  std::string explain() const;

 private:
  std::unique_ptr<filter::Program> program_;
  EventTypeSet types_;
  EventTypeSet rule_types_;
};

// `saker print --explain`: the event types and program of `text`, or a scap::CommandError
// (ErrorKind::Filter) with the caret under the bad text.
std::string explain_filter(const std::string& text);

// A filter the user typed (empty: every event), for the commands: a scap::CommandError of kind
// Filter with the caret under the error when it does not compile.
Filter compile_user_filter(const std::string& text);

}  // namespace saker::query
