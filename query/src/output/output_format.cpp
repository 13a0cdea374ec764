#include "saker/query/output_format.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace saker::query {

namespace {
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
}  // namespace

OutputFormat OutputFormat::compile(std::string_view text) {
  OutputFormat f;
  size_t i = 0;
  if (!text.empty() && text[0] == '*') {
    f.print_all_ = true;
    i = 1;
  }
  std::string literal;
  while (i < text.size()) {
    char c = text[i];
    if (c != '%') {
      literal += c;
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '%') {
      literal += '%';
      i += 2;
      continue;
    }
    size_t start = i + 1;
    size_t j = start;
    while (j < text.size() && name_char(text[j])) ++j;
    if (j < text.size() && text[j] == '[') {
      size_t close = text.find(']', j);
      if (close == std::string_view::npos) throw SyntaxError(j + 1, "missing ']' after field argument");
      j = close + 1;
    }
    size_t end = j;
    while (end > start && text[end - 1] == '.') --end;  // a sentence's full stop is not part of a name
    if (end == start) throw SyntaxError(i + 1, "expected a field name after '%'");
    Part p;
    p.literal = std::move(literal);
    literal.clear();
    std::string err;
    if (!resolve_field(text.substr(start, end - start), p.field, err)) throw SyntaxError(start + 1, err);
    p.name = std::string(text.substr(start, end - start));
    f.parts_.push_back(std::move(p));
    i = end;
  }
  if (!literal.empty()) f.parts_.push_back(Part{std::move(literal), {}, {}});
  return f;
}

std::vector<OutputFormat::NamedField> OutputFormat::fields() const {
  std::vector<NamedField> out;
  for (const auto& p : parts_)
    if (p.field.def) out.push_back({p.name, p.field});
  return out;
}

bool OutputFormat::render(const EvalContext& ctx, std::string& out) const {
  size_t start = out.size();
  for (const auto& p : parts_) {
    out += p.literal;
    if (!p.field.def) continue;
    if (!render_field(ctx, p.field, out, scratch_)) {
      if (!print_all_) {
        out.resize(start);
        return false;
      }
      out += "<NA>";
    }
  }
  return true;
}

bool OutputFormat::render_json(const EvalContext& ctx, std::string& out) const {
  // sysdig -j: one object per event, keys sorted, numbers and times as numbers, booleans as
  // booleans, a missing value null (the event is skipped without '*'); literal text is dropped.
  std::vector<std::pair<std::string_view, std::string>> values;
  for (const auto& p : parts_) {
    if (!p.field.def) continue;
    std::string v, text;
    bool has = append_json_value(ctx, p.field, v, text, scratch_);
    if (!has) {
      if (!print_all_) return false;
      v = "null";
    }
    values.emplace_back(p.name, std::move(v));
  }
  std::stable_sort(values.begin(), values.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  out += '{';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i && values[i].first == values[i - 1].first) continue;
    if (out.back() != '{') out += ',';
    out += nlohmann::json(std::string(values[i].first)).dump();
    out += ':';
    out += values[i].second;
  }
  out += '}';
  return true;
}

}  // namespace saker::query
