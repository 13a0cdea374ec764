// The comparison operators of the filter language.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace saker::query::filter {

enum class Op : uint8_t {
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Contains,
  IContains,
  BContains,
  StartsWith,
  BStartsWith,
  EndsWith,
  Glob,
  IGlob,
  Regex,
  In,
  Intersects,
  PMatch,
  Exists
};

// Nothing for text that names no operator: the caller reports it.
std::optional<Op> op_from_text(std::string_view text);
std::string_view op_text(Op op);

}  // namespace saker::query::filter
