// Falco filter -> ClickHouse WHERE condition over the shipped event columns.
#include <fmt/format.h>

#include <charconv>
#include <set>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/fleet_query.h"
#include "saker/query/filter_parser.h"

namespace saker::fleet {

const std::vector<ShippedField>& shipped_fields() {
  static const std::vector<ShippedField> fields = {
      {"evt.num", "num", true},
      {"evt.rawtime", "ts", true},
      {"evt.cpu", "cpu", true},
      {"thread.tid", "tid", true},
      {"proc.pid", "pid", true},
      {"evt.type", "type", false},
      {"evt.dir", "dir", false},
      {"evt.rawres", "res", true},
      {"fd.num", "fd", true},
      {"fd.name", "fd_name", false},
      {"proc.name", "proc_name", false},
      {"user.name", "user_name", false},
      {"container.id", "container_id", false},
      {"proc.pname", "pname", false},
  };
  return fields;
}

namespace {

class Translator {
 public:
  explicit Translator(bool superset) : superset_(superset) {}

  std::string expr(const query::ast::Expr& e) {
    using K = query::ast::Expr::Kind;
    switch (e.kind) {
      case K::And:
      case K::Or: {
        std::string s = "(";
        for (size_t i = 0; i < e.children.size(); ++i) {
          if (i) s += e.kind == K::And ? " AND " : " OR ";
          s += expr(*e.children[i]);
        }
        return s + ")";
      }
      case K::Not: {
        negated_ = !negated_;
        std::string inner = expr(*e.children[0]);
        negated_ = !negated_;
        return "(NOT " + inner + ")";
      }
      case K::Identifier:
        problems_.insert(fmt::format("'{}' (macros and lists are not expanded by fleet search)", e.name));
        return unknown();
      case K::Check: {
        size_t before = problems_.size();
        std::string c = check(e);
        return problems_.size() == before ? c : unknown();
      }
    }
    return unknown();
  }

  void finish() const {
    if (problems_.empty() || superset_) return;
    std::string names;
    for (const auto& p : problems_) names += (names.empty() ? "" : ", ") + p;
    std::string shipped;
    for (const auto& f : shipped_fields()) shipped += (shipped.empty() ? "" : " ") + std::string(f.field);
    throw FilterSqlError(fmt::format(
        "not shipped to the fleet: {} (fleet search knows: {}; --fetch checks other fields against "
        "the captures)",
        names, shipped));
  }

 private:
  // A check the columns cannot answer: for a superset, true where it could make the filter
  // true (under an even number of `not`s), false under an odd number.
  std::string unknown() const { return negated_ ? "0" : "1"; }

  const ShippedField* field(const query::ast::Operand& o) {
    if (o.kind != query::ast::Operand::Kind::Field) {
      problems_.insert(fmt::format("transformer {}()", o.text));
      return nullptr;
    }
    for (const auto& f : shipped_fields())
      if (o.text == f.field) return &f;
    problems_.insert(o.text);
    return nullptr;
  }

  std::string literal(const ShippedField& f, const std::string& v) {
    if (!f.numeric) return sql_quote(v);
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size()) {
      problems_.insert(fmt::format("{} compared with '{}' (not a number)", f.field, v));
      return "0";
    }
    return std::to_string(n);
  }

  static std::string like_of_glob(const std::string& g) {
    std::string out;
    for (char c : g) {
      if (c == '*')
        out += '%';
      else if (c == '?')
        out += '_';
      else if (c == '%' || c == '_' || c == '\\')
        out += std::string("\\") + c;
      else
        out += c;
    }
    return out;
  }

  std::string check(const query::ast::Expr& e) {
    const ShippedField* f = field(e.lhs);
    if (e.rhs) problems_.insert(fmt::format("{} on the right of {}", e.rhs->text, e.op));
    if (!f || e.rhs) return "0";
    std::string col = fmt::format("`{}`", f->column);
    const std::string& op = e.op;
    if (op == "exists") return fmt::format("isNotNull({})", col);
    std::string c;
    if (op == "in" || op == "intersects") {
      std::string items;
      for (const auto& v : e.values) {
        items += (items.empty() ? "" : ", ") + literal(*f, v.text);
      }
      if (items.empty()) return "0";
      c = fmt::format("{} IN ({})", col, items);
    } else {
      if (e.values.size() != 1) {
        problems_.insert(fmt::format("operator {} with {} values", op, e.values.size()));
        return "0";
      }
      const std::string& v = e.values[0].text;
      if (op == "=" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=")
        c = fmt::format("{} {} {}", col, op, literal(*f, v));
      else if (f->numeric)
        problems_.insert(fmt::format("operator {} on the number {}", op, f->field));
      else if (op == "contains")
        c = fmt::format("position({}, {}) > 0", col, sql_quote(v));
      else if (op == "icontains")
        c = fmt::format("positionCaseInsensitiveUTF8({}, {}) > 0", col, sql_quote(v));
      else if (op == "startswith")
        c = fmt::format("startsWith({}, {})", col, sql_quote(v));
      else if (op == "endswith")
        c = fmt::format("endsWith({}, {})", col, sql_quote(v));
      else if (op == "glob")
        c = fmt::format("{} LIKE {}", col, sql_quote(like_of_glob(v)));
      else
        problems_.insert(fmt::format("operator {}", op));
      if (c.empty()) return "0";
    }
    // A field without a value makes the check false (not unknown), as in Falco: `not` of it is true.
    return fmt::format("ifNull({}, 0)", c);
  }

  std::set<std::string> problems_;
  bool superset_;
  bool negated_ = false;
};

}  // namespace

std::string filter_to_sql(const std::string& filter, bool superset) {
  if (filter.find_first_not_of(" \t\n") == std::string::npos) return "1";
  auto tree = query::parse_filter(filter);
  Translator t(superset);
  std::string sql = t.expr(*tree);
  t.finish();
  return sql;
}

}  // namespace saker::fleet
