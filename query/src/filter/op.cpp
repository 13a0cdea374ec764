#include "filter/op.h"

#include <utility>

namespace saker::query::filter {

namespace {
constexpr std::pair<std::string_view, Op> kOps[] = {
    {"=", Op::Eq},
    {"!=", Op::Ne},
    {"<", Op::Lt},
    {"<=", Op::Le},
    {">", Op::Gt},
    {">=", Op::Ge},
    {"contains", Op::Contains},
    {"icontains", Op::IContains},
    {"bcontains", Op::BContains},
    {"startswith", Op::StartsWith},
    {"bstartswith", Op::BStartsWith},
    {"endswith", Op::EndsWith},
    {"glob", Op::Glob},
    {"iglob", Op::IGlob},
    {"regex", Op::Regex},
    {"in", Op::In},
    {"intersects", Op::Intersects},
    {"pmatch", Op::PMatch},
    {"exists", Op::Exists},
};
}  // namespace

std::optional<Op> op_from_text(std::string_view text) {
  for (const auto& [name, op] : kOps)
    if (text == name) return op;
  return std::nullopt;
}

std::string_view op_text(Op op) {
  for (const auto& [name, o] : kOps)
    if (o == op) return name;
  return "?";
}

}  // namespace saker::query::filter
