// One side of a check bound to what it reads: a field (resolved in the registry), a literal,
// or a transformer (its kind chosen at bind time) over bound operands.
#pragma once

#include <string>
#include <vector>

#include "saker/query/field.h"
#include "saker/query/filter_ast.h"

namespace saker::query::filter {

enum class Transform : uint8_t { ToLower, ToUpper, B64, Basename, Len, Join, Concat, Getopt };

class Operand {
 public:
  // Throws a SyntaxError for unknown fields or transformers and wrong arguments.
  explicit Operand(const ast::Operand& op, size_t depth = 0);

  FieldType type() const { return type_; }
  // Several values, NUL-separated in FieldValue::s (getopt()).
  bool multi() const { return transform_ == Transform::Getopt && kind_ == Kind::Transformer; }
  // False when the event has no value.
  bool get(const EvalContext& ctx, FieldValue& v) const {
    if (kind_ == Kind::Field) return ref_.def->extract(ctx, ref_, v, scratch_);
    if (kind_ == Kind::Literal) {
      v.s = literal_;
      return true;
    }
    return transform(ctx, v);
  }
  // The operand as written, normalized ("tolower(proc.name)").
  std::string text() const;

 private:
  enum class Kind : uint8_t { Field, Literal, Transformer };
  bool transform(const EvalContext& ctx, FieldValue& v) const;
  bool getopt(const EvalContext& ctx, FieldValue& v) const;

  Kind kind_ = Kind::Field;
  Transform transform_ = Transform::ToLower;
  FieldRef ref_;
  FieldType type_ = FieldType::String;
  std::string name_;     // field text or transformer name
  std::string literal_;  // a literal's text, join()'s separator, getopt()'s option string
  std::vector<Operand> args_;
  mutable std::string scratch_;
  mutable std::vector<std::string> argv_;  // getopt(): reused, so no allocation once warm
};

}  // namespace saker::query::filter
