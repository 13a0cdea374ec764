#include "ruleset_support.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "saker/query/field.h"

namespace saker::rules {

namespace {

constexpr std::array<std::string_view, 20> kOperators = {
    "=",        "==",        "!=",        "<",          "<=",          ">",        ">=",
    "contains", "bcontains", "icontains", "startswith", "bstartswith", "endswith", "glob",
    "iglob",    "pmatch",    "in",        "intersects", "exists",      "regex"};
// String operators that take oneof/anyof/allof.
constexpr std::array<std::string_view, 11> kModifiable = {
    "=",           "!=",       "contains", "icontains", "bcontains", "startswith",
    "bstartswith", "endswith", "glob",     "iglob",     "regex"};

std::string trim(const std::string& s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool with_modifier(const std::string& op) {
  auto sp = op.find_first_of(" \t");
  if (sp == std::string::npos) return false;
  std::string base = op.substr(0, sp), mod = trim(op.substr(sp));
  if (mod != "oneof" && mod != "anyof" && mod != "allof") return false;
  return std::find(kModifiable.begin(), kModifiable.end(), base) != kModifiable.end();
}

bool valid_field(const std::string& name) {
  query::FieldRef ref;
  std::string err;
  return query::resolve_field(name, ref, err);
}

// Falco quotes a value that holds a space and is not quoted already.
std::string quote_item(std::string v) {
  if (v.find(' ') != std::string::npos && !v.empty() && v[0] != '"' && v[0] != '\'') v = '"' + v + '"';
  return v;
}

}  // namespace

bool is_comparison_operator(const std::string& op) {
  return std::find(kOperators.begin(), kOperators.end(), op) != kOperators.end() || with_modifier(op);
}

bool is_list_operator(const std::string& op) {
  return op == "in" || op == "intersects" || op == "pmatch" || with_modifier(op);
}

bool check_exception(Exception& ex, std::string& why) {
  if (ex.fields.is_list) {
    if (!ex.comps.valid) {
      ex.comps.valid = ex.comps.is_list = true;
      for (size_t i = 0; i < ex.fields.items.size(); ++i) {
        ExceptionEntry eq;
        eq.valid = true;
        eq.item = "=";
        ex.comps.items.push_back(eq);
      }
    }
    if (ex.fields.items.size() != ex.comps.items.size()) {
      why = "Fields and comps lists must have equal length";
      return false;
    }
    for (auto& c : ex.comps.items) {
      c.item = trim(c.item);
      if (!is_comparison_operator(c.item)) {
        why = "'" + c.item + "' is not a supported comparison operator";
        return false;
      }
    }
    for (const auto& f : ex.fields.items)
      if (!valid_field(f.item)) {
        why = "'" + f.item + "' is not a supported filter field";
        return false;
      }
    return true;
  }
  if (!ex.comps.valid) {
    ex.comps.valid = true;
    ex.comps.item = "in";
  }
  if (ex.comps.is_list) {
    why = "Fields and comps must both be strings";
    return false;
  }
  ex.comps.item = trim(ex.comps.item);
  if (ex.comps.item != "in" && ex.comps.item != "pmatch" && ex.comps.item != "intersects" &&
      !with_modifier(ex.comps.item)) {
    why =
        "When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator "
        "(e.g. startswith oneof)";
    return false;
  }
  if (!valid_field(ex.fields.item)) {
    why = "'" + ex.fields.item + "' is not a supported filter field";
    return false;
  }
  return true;
}

std::string condition_with_exceptions(const std::string& condition,
                                      const std::vector<Exception>& exceptions) {
  if (exceptions.empty()) return condition;
  std::string out = "(" + condition + ")";
  for (const auto& ex : exceptions) {
    std::string clause;
    if (!ex.fields.is_list) {
      for (const auto& v : ex.values) {
        if (v.is_list) throw std::runtime_error("Expected values array to contain a list of strings");
        clause += clause.empty() ? "(" + ex.fields.item + " " + ex.comps.item + " (" : ", ";
        clause += quote_item(v.item);
      }
      if (!clause.empty()) clause += "))";
    } else {
      clause = "(";
      for (const auto& tuple : ex.values) {
        if (ex.fields.items.size() != tuple.items.size())
          throw std::runtime_error("Fields and values lists must have equal length");
        clause += clause == "(" ? "" : " or ";
        clause += "(";
        for (size_t k = 0; k < ex.fields.items.size(); ++k) {
          const auto& value = tuple.items[k];
          std::string text;
          if (value.is_list) {
            text = "(";
            for (const auto& v : value.items) {
              text += text == "(" ? "" : ", ";
              text += quote_item(v.item);
            }
            text += ")";
          } else if (is_list_operator(ex.comps.items[k].item)) {
            text = value.item;
            if (text.empty() || text[0] != '(') text = "(" + text + ")";
          } else {
            text = quote_item(value.item);
          }
          clause +=
              (k == 0 ? " " : " and ") + ex.fields.items[k].item + " " + ex.comps.items[k].item + " " + text;
        }
        clause += ")";
      }
      clause += ")";
      if (clause == "()") clause.clear();
    }
    if (!clause.empty()) out += " and not " + clause;
  }
  return out;
}

bool substitute_list(std::string& cnd, const std::string& name, const std::vector<std::string>& items) {
  static const std::string_view blanks = " \t\n\r";
  static const std::string_view delims = " \t\n\r(),=";
  if (name.empty()) return false;
  bool used = false;
  size_t start = cnd.find(name);
  while (start != std::string::npos) {
    size_t end = start + name.size();
    bool bounded = (start == 0 || delims.find(cnd[start - 1]) != std::string_view::npos) &&
                   (end >= cnd.size() || delims.find(cnd[end]) != std::string_view::npos);
    if (bounded) {
      // The name and the blanks around it give way to the items.
      while (start > 0 && blanks.find(cnd[start - 1]) != std::string_view::npos) --start;
      while (end < cnd.size() && blanks.find(cnd[end]) != std::string_view::npos) ++end;
      std::string sub;
      for (const auto& v : items) {
        if (!sub.empty()) sub += ", ";
        sub += quote_item(v);
      }
      if (sub.empty()) {  // an empty list takes a neighbouring comma with it
        if (start > 0 && cnd[start - 1] == ',')
          --start;
        else if (end < cnd.size() && cnd[end] == ',')
          ++end;
      }
      std::string next = start > 0 ? cnd.substr(0, start) + " " : std::string();
      next += sub + " ";
      if (end <= cnd.size()) next += cnd.substr(end);
      cnd = std::move(next);
      start += sub.size() + 1;
      used = true;
    }
    start = cnd.find(name, start + 1);
  }
  return used;
}

}  // namespace saker::rules
