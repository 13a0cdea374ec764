#include "filter_text.h"

#include <fmt/format.h>

namespace saker::inspector {

namespace {

// Bytes a bare word may hold and still read as itself: letters, digits and the punctuation
// of paths, addresses and tuples. The parser ends a bare word at a space, a parenthesis, a
// comma, '=' or a quote; anything else outside this set is quoted too, for readability.
bool bare_byte(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '/':
    case '.':
    case '_':
    case '-':
    case ':':
    case '@':
    case '+':
    case '~':
    case '%':
    case '>':
    case '[':
    case ']':
      return true;
    default:
      return false;
  }
}

bool keyword(std::string_view v) {
  for (std::string_view k : {"and", "or", "not", "in", "exists", "val"})
    if (v == k) return true;
  return false;
}

}  // namespace

std::string filter_literal(std::string_view value) {
  bool bare = !value.empty() && !keyword(value);
  for (unsigned char c : value)
    if (!bare_byte(c)) {
      bare = false;
      break;
    }
  if (bare) return std::string(value);
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;  // other bytes are taken as they are inside quotes
    }
  }
  out += '\'';
  return out;
}

std::string filter_equals(std::string_view field, std::string_view value) {
  return fmt::format("{} = {}", field, filter_literal(value));
}

std::string filter_equals(std::string_view field, int64_t value) {
  return fmt::format("{} = {}", field, value);
}

std::string join_filter(std::string_view current, std::string_view term, FilterJoin how) {
  const bool negated =
      how == FilterJoin::NotSelected || how == FilterJoin::AndNotSelected || how == FilterJoin::OrNotSelected;
  std::string t = negated ? fmt::format("not {}", term) : std::string(term);
  size_t first = current.find_first_not_of(" \t\r\n");
  size_t last = current.find_last_not_of(" \t\r\n");
  if (how == FilterJoin::Selected || how == FilterJoin::NotSelected || first == std::string_view::npos)
    return t;
  std::string_view cur = current.substr(first, last - first + 1);
  const bool conjunction = how == FilterJoin::AndSelected || how == FilterJoin::AndNotSelected;
  return fmt::format("({}) {} {}", cur, conjunction ? "and" : "or", t);
}

}  // namespace saker::inspector
