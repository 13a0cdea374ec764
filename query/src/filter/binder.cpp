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

// What a subexpression can match.
struct Narrowed {
  EventTypeSet types;
  bool exact = false;  // `types` is exactly the matching set (so it may be complemented)
};

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
        return {c.exact ? ~c.types : all_types(), c.exact};
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
    Narrowed out{is_and ? all_types() : EventTypeSet{}, true};
    std::vector<size_t> exits;
    for (size_t i = 0; i < e.children.size(); ++i) {
      Narrowed c = expr(*e.children[i]);
      if (is_and)
        out.types &= c.types;
      else
        out.types |= c.types;
      out.exact = out.exact && c.exact;
      if (i + 1 < e.children.size())
        exits.push_back(program_.emit(is_and ? Instr::Code::JumpIfFalse : Instr::Code::JumpIfTrue));
    }
    for (size_t at : exits) program_.patch(at, static_cast<uint32_t>(program_.size()));
    if (is_and) out.exact = false;  // an intersection of supersets is not exact in general
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
      return {all_types(), false};
    }
    return event_type(items, *op == Op::Ne, index);
  }

  Narrowed event_type(const std::vector<Literal>& items, bool negate, uint32_t by_name) {
    EventTypeSet named;
    bool generic = false;
    auto table = scap::event_table();
    for (const auto& [name, pos] : items) {
      bool found = false;
      for (uint16_t t = 0; t < table.size(); ++t)
        if (table[t].name == name && !(table[t].flags & scap::kUnused)) named.set(t), found = true;
      // Generic events take the syscall's name: any syscall name may also be a generic event.
      generic = true;
      for (uint16_t sc = 0; !found && sc < 1024; ++sc)
        found = scap::syscall_name(sc) == name;  // 0: "unknown", as libs
      // As libs: a name that is neither an event nor a syscall is an error.
      if (!found) fail(pos, fmt::format("unknown event type '{}'", name), name.size());
    }
    program_.emit(Instr::Code::EventType, program_.add_type_test({named, negate, by_name}));
    if (negate) return {~named, false};
    EventTypeSet types = named;
    if (generic) {
      types.set(scap::type_id(scap::EventType::GenericE));
      types.set(scap::type_id(scap::EventType::GenericX));
    }
    return {types, !generic};
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
  out.types = binder.expr(expr).types;
  out.program.thread_jumps();
  return out;
}

}  // namespace saker::query::filter
