#include "filter/operand.h"

#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "filter/bind_error.h"
#include "filter/literals.h"

namespace saker::query::filter {

namespace {

constexpr std::pair<std::string_view, Transform> kTransforms[] = {
    {"tolower", Transform::ToLower},   {"toupper", Transform::ToUpper}, {"b64", Transform::B64},
    {"basename", Transform::Basename}, {"len", Transform::Len},         {"join", Transform::Join},
    {"concat", Transform::Concat},     {"getopt", Transform::Getopt},
};

}  // namespace

Operand::Operand(const ast::Operand& op, size_t depth) : name_(op.text) {
  if (depth > 32) fail(op.pos, "transformers nested too deeply");
  switch (op.kind) {
    case ast::Operand::Kind::Field: {
      std::string err;
      if (!resolve_field(op.text, ref_, err)) fail(op.pos, err, op.text.size());
      type_ = ref_.def->type;
      kind_ = Kind::Field;
      return;
    }
    case ast::Operand::Kind::Literal:
      kind_ = Kind::Literal;
      literal_ = op.text;
      type_ = FieldType::String;
      return;
    case ast::Operand::Kind::List:
      fail(op.pos, "a list is only allowed as an argument of join()");
    case ast::Operand::Kind::Transformer:
      break;
  }
  kind_ = Kind::Transformer;
  bool known = false;
  for (const auto& [name, t] : kTransforms)
    if (op.text == name) transform_ = t, known = true;
  if (!known) fail(op.pos, fmt::format("unknown transformer '{}'", op.text), op.text.size());
  switch (transform_) {
    case Transform::Join:
      if (op.args.size() != 2 || op.args[0].kind != ast::Operand::Kind::Literal ||
          op.args[1].kind != ast::Operand::Kind::List)
        fail(op.pos, "join() takes a separator string and a list: join(\",\", (f1, f2))");
      literal_ = op.args[0].text;
      for (const auto& a : op.args[1].args) args_.emplace_back(a, depth + 1);
      break;
    case Transform::Concat:
      if (op.args.size() < 2) fail(op.pos, "concat() takes two or more arguments");
      for (const auto& a : op.args) args_.emplace_back(a, depth + 1);
      break;
    case Transform::Getopt:
      // getopt((arg, ...), "optstring"): the options and option arguments, as several values.
      if (op.args.size() != 2 || op.args[0].kind != ast::Operand::Kind::List ||
          op.args[1].kind != ast::Operand::Kind::Literal)
        fail(op.pos, "getopt() takes a list of arguments and an option string: getopt((a1, a2), \"lp:\")");
      literal_ = op.args[1].text;
      for (const auto& a : op.args[0].args) args_.emplace_back(a, depth + 1);
      break;
    default: {
      if (op.args.size() != 1) fail(op.pos, fmt::format("{}() takes one argument", op.text));
      args_.emplace_back(op.args[0], depth + 1);
      FieldType in = args_[0].type();
      if (in != FieldType::String && in != FieldType::Bytes)
        fail(op.pos, fmt::format("{}() needs a string field, {} is {}", op.text, op.args[0].text,
                                 field_type_name(in)));
    }
  }
  type_ = transform_ == Transform::Len ? FieldType::Uint64 : FieldType::String;
}

std::string Operand::text() const {
  switch (kind_) {
    case Kind::Field:
      return name_;
    case Kind::Literal:
      return fmt::format("\"{}\"", literal_);
    case Kind::Transformer:
      break;
  }
  std::string out = name_ + "(";
  if (transform_ == Transform::Join) out += fmt::format("\"{}\", (", literal_);
  if (transform_ == Transform::Getopt) out += "(";
  for (size_t i = 0; i < args_.size(); ++i) out += (i ? ", " : "") + args_[i].text();
  if (transform_ == Transform::Join) out += ")";
  if (transform_ == Transform::Getopt) out += fmt::format("), \"{}\"", literal_);
  return out + ")";
}

bool Operand::transform(const EvalContext& ctx, FieldValue& v) const {
  switch (transform_) {
    case Transform::Getopt:
      return getopt(ctx, v);
    case Transform::Join:
    case Transform::Concat: {
      std::string& out = scratch_;
      out.clear();
      bool first = true;
      for (const auto& a : args_) {
        FieldValue av;
        if (!a.get(ctx, av)) continue;
        if (transform_ == Transform::Join && !first) out += literal_;
        first = false;
        append_value(a.type(), av, out);
      }
      v.s = out;
      return true;
    }
    default:
      break;
  }
  FieldValue in;
  if (!args_[0].get(ctx, in)) return false;
  switch (transform_) {
    case Transform::Len:
      v.u = in.s.size();
      return true;
    case Transform::Basename: {
      auto slash = in.s.rfind('/');
      v.s = slash == std::string_view::npos ? in.s : in.s.substr(slash + 1);
      return true;
    }
    case Transform::B64:
      b64decode(in.s, scratch_);
      break;
    case Transform::ToUpper:
      scratch_.assign(in.s);
      for (auto& c : scratch_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
    default:  // ToLower
      scratch_.assign(in.s);
      for (auto& c : scratch_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      break;
  }
  v.s = scratch_;
  return true;
}

// POSIX-style option parsing: each option letter (or "?" for one not in the option string),
// then its argument when the option takes one; "--" ends the options.
bool Operand::getopt(const EvalContext& ctx, FieldValue& v) const {
  size_t argc = 0;
  for (const auto& a : args_) {
    FieldValue av;
    if (!a.get(ctx, av)) continue;
    if (argv_.size() <= argc) argv_.emplace_back();
    argv_[argc].clear();
    append_value(a.type(), av, argv_[argc++]);
  }
  std::string& out = scratch_;
  out.clear();
  auto emit = [&](std::string_view item) {
    if (!out.empty()) out += '\0';
    out += item;
  };
  for (size_t i = 0; i < argc; ++i) {
    const std::string& a = argv_[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;
    for (size_t j = 1; j < a.size(); ++j) {
      auto at = literal_.find(a[j]);
      if (a[j] == ':' || at == std::string::npos) {
        emit("?");
        continue;
      }
      emit(std::string_view(&a[j], 1));
      if (at + 1 < literal_.size() && literal_[at + 1] == ':') {
        if (j + 1 < a.size())
          emit(std::string_view(a).substr(j + 1));
        else if (i + 1 < argc)
          emit(argv_[++i]);
        break;
      }
    }
  }
  v.s = out;
  return true;
}

}  // namespace saker::query::filter
