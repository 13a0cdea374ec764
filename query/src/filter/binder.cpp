#include "filter/binder.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "filter/bind_error.h"
#include "saker/scap/event_table.h"

namespace saker::query::filter {

namespace {

EventTypeSet all_types() {
  EventTypeSet s;
  s.set();
  return s;
}

// The event types a subexpression can match, two ways:
// - types: every event it can match (a generic event is named after its syscall, so any name
//   may match one);
// - rule_types: Falco's event-type index (libs' names_to_event_set), where a name that is an
//   event type leaves generic events out: the rule engine evaluates a rule only on these.
struct TypeSet {
  EventTypeSet set;
  bool exact = false;  // `set` is exactly the matching set (so it may be complemented)
};
struct Narrowed {
  TypeSet types, rule_types;
};

TypeSet complement(const TypeSet& t) {
  return {t.exact ? ~t.set : all_types(), t.exact};
}
TypeSet anything() {
  return {all_types(), false};
}

class Binder {
 public:
  Binder(const FilterEnv* env, Program& program) : env_(env), program_(program) {}

  Narrowed expr(const ast::Expr& e) {
    switch (e.kind) {
      case ast::Expr::Kind::And:
      case ast::Expr::Kind::Or:
        return chain(e);
      case ast::Expr::Kind::Not: {
        Narrowed c = expr(*e.children[0]);
        program_.emit(Instr::Code::Not);
        return {complement(c.types), complement(c.rule_types)};
      }
      case ast::Expr::Kind::Identifier:
        return macro(e);
      case ast::Expr::Kind::Check:
        return check(e);
    }
    fail(e.pos, "unsupported expression");
  }

 private:
  // a and b and c: each false one jumps past the rest (or: each true one).
  Narrowed chain(const ast::Expr& e) {
    bool is_and = e.kind == ast::Expr::Kind::And;
    const TypeSet start{is_and ? all_types() : EventTypeSet{}, true};
    Narrowed out{start, start};
    auto combine = [&](TypeSet& acc, const TypeSet& c) {
      if (is_and)
        acc.set &= c.set;
      else
        acc.set |= c.set;
      acc.exact = acc.exact && c.exact;
    };
    std::vector<size_t> exits;
    for (size_t i = 0; i < e.children.size(); ++i) {
      Narrowed c = expr(*e.children[i]);
      combine(out.types, c.types);
      combine(out.rule_types, c.rule_types);
      if (i + 1 < e.children.size())
        exits.push_back(program_.emit(is_and ? Instr::Code::JumpIfFalse : Instr::Code::JumpIfTrue));
    }
    for (size_t at : exits) program_.patch(at, static_cast<uint32_t>(program_.size()));
    if (is_and) {  // an intersection of supersets is not exact in general
      out.types.exact = false;
      out.rule_types.exact = false;
    }
    return out;
  }

  Narrowed macro(const ast::Expr& e) {
    const ast::Expr* m = nullptr;
    try {
      m = env_ && env_->macro ? env_->macro(e.name) : nullptr;
    } catch (const SyntaxError& err) {  // the macro's own text does not parse
      throw SyntaxError(e.pos + 1,
                        fmt::format("in macro '{}': column {}: {}", e.name, err.column(), err.message()),
                        e.name.size());
    }
    if (!m) fail(e.pos, fmt::format("unknown macro or field '{}'", e.name), e.name.size());
    if (std::find(stack_.begin(), stack_.end(), e.name) != stack_.end())
      fail(e.pos, fmt::format("macro '{}' refers to itself", e.name), e.name.size());
    // Hostile rule files: chains deep enough to exhaust the stack, or macros naming others
    // twice at every level (exponential expansion), get an error instead.
    if (stack_.size() >= kMaxMacroDepth)
      fail(e.pos, fmt::format("macros nested deeper than {} levels at '{}'", kMaxMacroDepth, e.name));
    if (++expansions_ > kMaxMacroExpansions)
      fail(e.pos, fmt::format("the condition expands more than {} macro references", kMaxMacroExpansions));
    stack_.push_back(e.name);
    Narrowed c;
    try {
      c = expr(*m);
    } catch (const SyntaxError& err) {
      stack_.pop_back();
      throw SyntaxError(e.pos + 1, fmt::format("in macro '{}': {}", e.name, err.message()), e.name.size());
    }
    stack_.pop_back();
    return c;
  }

  // The right-hand side with list names replaced by their items. A bare word that names no
  // list is a value, as in Falco: `evt.type in (execve)`.
  std::vector<Literal> values(const ast::Expr& e) const {
    std::vector<Literal> items;
    for (const auto& v : e.values) {
      if (v.identifier && env_ && env_->list) {
        if (const auto* l = env_->list(v.text)) {
          for (const auto& item : *l) items.push_back({item, v.pos});
          continue;
        }
      }
      items.push_back({v.text, v.pos});
    }
    return items;
  }

  Narrowed check(const ast::Expr& e) {
    auto op = op_from_text(e.op);
    if (!op)
      fail(e.pos + e.lhs.text.size(), fmt::format("unknown operator '{}'", e.op),
           std::max<size_t>(1, e.op.size()));
    std::vector<Literal> items = values(e);
    uint32_t index = program_.add_check(Check(e, *op, items));
    bool by_type = e.lhs.kind == ast::Operand::Kind::Field && e.lhs.text == "evt.type" && !e.rhs &&
                   (*op == Op::Eq || *op == Op::In || *op == Op::Ne);
    if (!by_type) {
      program_.emit(Instr::Code::Check, index);
      return {anything(), anything()};
    }
    return event_type(items, *op == Op::Ne, index);
  }

  Narrowed event_type(const std::vector<Literal>& items, bool negate, uint32_t by_name) {
    EventTypeSet named;
    bool syscall_only = false;  // a name that is a syscall's but no event type's
    auto table = scap::event_table();
    for (const auto& [name, pos] : items) {
      bool found = false;
      for (uint16_t t = 0; t < table.size(); ++t)
        if (table[t].name == name && !(table[t].flags & scap::kUnused)) named.set(t), found = true;
      if (found) continue;
      for (uint16_t sc = 0; !found && sc < 1024; ++sc)
        found = scap::syscall_name(sc) == name;  // 0: "unknown", as libs
      // As libs: a name that is neither an event nor a syscall is an error.
      if (!found) fail(pos, fmt::format("unknown event type '{}'", name), name.size());
      syscall_only = true;
    }
    program_.emit(Instr::Code::EventType, program_.add_type_test({named, negate, by_name}));
    EventTypeSet generic;
    generic.set(scap::type_id(scap::EventType::GenericE));
    generic.set(scap::type_id(scap::EventType::GenericX));
    // Generic events take their syscall's name: any name may match one.
    TypeSet types{named | generic, false};
    TypeSet rule_types{syscall_only ? named | generic : named, true};
    if (negate) return {{~named, false}, complement(rule_types)};
    return {types, rule_types};
  }

  const FilterEnv* env_;
  Program& program_;
  std::vector<std::string> stack_;  // the macros being expanded, innermost last
  size_t expansions_ = 0;
};

}  // namespace

Bound bind(const ast::Expr& expr, const FilterEnv* env) {
  Bound out;
  Binder binder(env, out.program);
  Narrowed n = binder.expr(expr);
  out.types = n.types.set;
  out.rule_types = n.rule_types.set;
  out.program.thread_jumps();
  return out;
}

}  // namespace saker::query::filter
