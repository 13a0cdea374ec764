// The Filter API over the stages: parse, bind (narrowing the event types), run.
#include "saker/query/filter.h"

#include <fmt/format.h>

#include "filter/binder.h"
#include "filter/program.h"
#include "saker/query/filter_parser.h"

namespace saker::query {

Filter::Filter() = default;
Filter::~Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;

Filter Filter::compile(std::string_view text, const FilterEnv* env) {
  auto tree = parse_filter(text);
  return compile(*tree, env);
}

Filter Filter::compile(const ast::Expr& expr, const FilterEnv* env) {
  filter::Bound bound = filter::bind(expr, env);
  Filter f;
  f.program_ = std::make_unique<filter::Program>(std::move(bound.program));
  f.types_ = bound.types;
  f.rule_types_ = bound.rule_types;
  return f;
}

bool Filter::matches(const EvalContext& ctx) const {
  return !program_ || program_->run(ctx);
}

void Filter::count_checks(std::unordered_map<std::string, uint32_t>& uses) const {
  if (!program_) return;
  for (const auto& c : program_->checks()) ++uses[c.key()];
}

void Filter::share_checks(const std::unordered_map<std::string, uint32_t>& uses,
                          std::unordered_map<std::string, uint32_t>& slot_of) {
  if (!program_) return;
  for (auto& c : program_->checks()) {
    auto used = uses.find(c.key());
    if (used == uses.end() || used->second < 2) continue;
    c.share(slot_of.try_emplace(c.key(), static_cast<uint32_t>(slot_of.size())).first->second);
  }
}

std::string Filter::explain() const {
  std::string out = "event types: ";
  out += types_.all() ? "every type" : filter::event_type_names(types_);
  out += "\n";
  if (program_) out += program_->dump();
  return out;
}

Filter compile_user_filter(const std::string& text) {
  if (text.empty()) return Filter();
  try {
    return Filter::compile(text);
  } catch (const SyntaxError& e) {
    throw filter_error(e, text);
  }
}

std::string explain_filter(const std::string& text) {
  return compile_user_filter(text).explain();
}

}  // namespace saker::query
