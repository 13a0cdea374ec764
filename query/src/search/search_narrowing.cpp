// Necessary conditions from a filter's top-level AND conjuncts. A conjunct under OR or NOT
// proves nothing on its own, so only checks reached through AND from the root count; event
// types come from the compiled filter (Filter::event_types), which handles OR and NOT.
#include <charconv>

#include <fmt/format.h>

#include "saker/query/search.h"

namespace saker::query {

namespace {

// The compiler's integer syntax: decimal or 0x hex, optional sign.
bool parse_u64(std::string_view s, uint64_t& out) {
  if (s.empty() || s[0] == '-') return false;
  if (s[0] == '+') s.remove_prefix(1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && p == s.data() + s.size();
}

void narrow_range(const ast::Expr& e, uint64_t& lo, uint64_t& hi) {
  if (e.values.empty()) return;
  std::vector<uint64_t> vals;
  for (const auto& v : e.values) {
    uint64_t x;
    if (!parse_u64(v.text, x)) return;  // negative or not a number: no narrowing
    vals.push_back(x);
  }
  const std::string& op = e.op;
  if (op == "=" || op == "in") {
    uint64_t mn = UINT64_MAX, mx = 0;
    for (uint64_t x : vals) mn = std::min(mn, x), mx = std::max(mx, x);
    lo = std::max(lo, mn);
    hi = std::min(hi, mx);
  } else if (vals.size() == 1) {
    uint64_t x = vals[0];
    if (op == ">=") lo = std::max(lo, x);
    if (op == ">") lo = std::max(lo, x == UINT64_MAX ? x : x + 1), hi = x == UINT64_MAX ? 0 : hi;
    if (op == "<=") hi = std::min(hi, x);
    if (op == "<") {
      if (x == 0)
        lo = 1, hi = 0;  // nothing
      else
        hi = std::min(hi, x - 1);
    }
  }
}

void collect(const ast::Expr& e, Narrowing& n) {
  if (e.kind == ast::Expr::Kind::And) {
    for (const auto& c : e.children) collect(*c, n);
    return;
  }
  if (e.kind != ast::Expr::Kind::Check || e.lhs.kind != ast::Operand::Kind::Field || e.rhs ||
      !e.modifier.empty())
    return;
  const std::string& f = e.lhs.text;
  if (f == "evt.num") {
    narrow_range(e, n.num_lo, n.num_hi);
    if ((e.op == "=" || e.op == "in") && n.num_set.empty()) {
      std::vector<uint64_t> set;
      for (const auto& v : e.values) {
        uint64_t x;
        if (!parse_u64(v.text, x)) return;
        set.push_back(x);
      }
      n.num_set = std::move(set);
    }
    return;
  }
  if (f == "evt.rawtime" || f == "evt.time") return narrow_range(e, n.ts_lo, n.ts_hi);
  if (f == "evt.dir") {  // the field is ">" for an enter event, "<" for an exit
    bool enters = false, exits = false;
    for (const auto& v : e.values) enters |= v.text == ">", exits |= v.text == "<";
    if (e.op == "=" || e.op == "in") {
      n.enters &= enters;
      n.exits &= exits;
    } else if (e.op == "!=" && e.values.size() == 1) {
      n.enters &= !enters;
      n.exits &= !exits;
    }
    return;
  }
  if (f != "proc.name" && f != "fd.name" && f != "container.id") return;
  Narrowing::Strings s;
  s.field = f;
  if (e.op == "=" || e.op == "in") {
    for (const auto& v : e.values) s.equals.push_back(v.text);
  } else if (e.op == "startswith") {
    for (const auto& v : e.values) s.prefixes.push_back(v.text);
  } else {
    return;
  }
  if (s.equals.empty() && s.prefixes.empty() && e.op != "in") return;
  n.strings.push_back(std::move(s));
}

}  // namespace

Narrowing extract_narrowing(const ast::Expr& filter) {
  Narrowing n;
  collect(filter, n);
  return n;
}

std::string Narrowing::describe() const {
  std::vector<std::string> parts;
  if (!num_set.empty()) parts.push_back(fmt::format("evt.num in ({})", fmt::join(num_set, ", ")));
  if (num_lo > 0 || num_hi < UINT64_MAX)
    parts.push_back(fmt::format("evt.num {}..{}", num_lo,
                                num_hi == UINT64_MAX ? std::string("end") : std::to_string(num_hi)));
  if (ts_lo > 0 || ts_hi < UINT64_MAX)
    parts.push_back(
        fmt::format("time {}..{}", ts_lo, ts_hi == UINT64_MAX ? std::string("end") : std::to_string(ts_hi)));
  for (const auto& s : strings) {
    std::vector<std::string> alts;
    for (const auto& v : s.equals) alts.push_back(fmt::format("= {}", v));
    for (const auto& v : s.prefixes) alts.push_back(fmt::format("startswith {}", v));
    parts.push_back(fmt::format("{} ({})", s.field, fmt::join(alts, " or ")));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace saker::query
