// One comparison bound to its field and constants: `proc.name in (bash, sh)`,
// `fd.name pmatch (/etc)`, `evt.rawres < 0`. Evaluated by a switch on its operator; the
// constants (numbers, strings, networks, regular expressions, sets) are built once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "filter/literals.h"
#include "filter/op.h"
#include "filter/operand.h"
#include "filter/string_set.h"

namespace re2 {
class RE2;
}

namespace saker::query::filter {

// A list item or value with its 0-based offset in the filter text (for errors).
struct Literal {
  std::string text;
  size_t pos = 0;
};

class Check {
 public:
  // `values`: the right-hand side with list names already expanded. Throws SyntaxError.
  Check(const ast::Expr& e, Op op, const std::vector<Literal>& values);
  Check(Check&&) noexcept;
  Check& operator=(Check&&) noexcept;
  ~Check();

  bool eval(const EvalContext& ctx) const {
    if (slot_ == kNotShared || !ctx.checks) return evaluate(ctx);
    CheckCache& cache = *ctx.checks;
    if (cache.stamp[slot_] == cache.generation) return cache.value[slot_];
    const bool result = evaluate(ctx);
    cache.stamp[slot_] = cache.generation;
    cache.value[slot_] = result;
    return result;
  }
  // What the check compares, whole (field with arguments and transformers, operator,
  // modifier, values after list expansion): equal keys give equal results on any event.
  const std::string& key() const { return key_; }
  // A slot of the rules engine's CheckCache, for a check several rules share.
  void share(uint32_t slot) { slot_ = slot; }
  static constexpr uint32_t kNotShared = UINT32_MAX;
  // "proc.name in (2 strings, compared one by one)": what the check does, for `--explain`.
  std::string describe() const;

 private:
  bool evaluate(const EvalContext& ctx) const;
  bool any_num(i128 x) const;
  bool one(std::string_view s, size_t i) const;
  bool match_string(std::string_view s) const;
  bool match_multi(std::string_view values) const;
  bool pmatch(std::string_view s) const;
  bool compare_operands(const EvalContext& ctx, const FieldValue& a) const;

  Operand lhs_;
  Op op_;
  FieldType type_;
  bool all_ = false;
  bool net_ = false;
  bool pmatch_root_ = false;  // pmatch: "/" is a pattern, matching every absolute path
  std::unique_ptr<Operand> rhs_;
  std::vector<std::string> strs_;
  std::vector<i128> nums_;
  std::vector<int> prefixes_;  // IP checks: network prefix length per constant
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  StringSet set_;                   // in, intersects and pmatch
  std::vector<std::string> shown_;  // the values as written, for describe()
  std::string modifier_;
  bool list_ = false;  // the values came as a list
  mutable std::string scratch_;
  std::string key_;
  uint32_t slot_ = kNotShared;
};

}  // namespace saker::query::filter
