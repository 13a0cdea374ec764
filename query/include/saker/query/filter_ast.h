// Syntax tree of the Falco filter language, with source positions for errors.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace saker::query::ast {

// A field operand: a field, a transformer applied to operands, or a literal (inside
// transformer argument lists).
struct Operand {
  enum class Kind { Field, Transformer, Literal, List };
  Kind kind = Kind::Field;
  std::string text;           // field text ("proc.aname[2]"), transformer name or literal
  std::vector<Operand> args;  // transformer arguments, or list items
  size_t pos = 0;             // 0-based offset in the filter text
};

struct Expr {
  enum class Kind { And, Or, Not, Check, Identifier };
  Kind kind = Kind::Check;
  size_t pos = 0;
  std::vector<std::unique_ptr<Expr>> children;  // And, Or (2+), Not (1)

  // Check
  Operand lhs;
  std::string op;        // "=", "contains", "in", "exists", ...
  std::string modifier;  // "oneof", "anyof", "allof" or empty
  // The right-hand side: literal values (one for scalar operators, any number for lists),
  // identifiers naming lists (expanded by the environment), or a field through val().
  struct Value {
    std::string text;
    bool quoted = false;
    bool identifier = false;  // a bare word that may name a list
    size_t pos = 0;
  };
  std::vector<Value> values;
  bool list = false;             // values came as a (...) list or a list name
  std::unique_ptr<Operand> rhs;  // val(field) or a transformer on the right

  // Identifier (a macro reference)
  std::string name;
};

std::unique_ptr<Expr> clone(const Expr& e);

}  // namespace saker::query::ast
