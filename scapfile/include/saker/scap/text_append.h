// Numbers appended to text without a format string: rendering a line calls these many
// times, where fmt's parsing and iterator buffer cost several times the conversion.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace saker::scap {

inline void append_int(std::string& out, std::integral auto v, int base = 10) {
  char buf[72];  // 64 binary digits and a sign at most
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v, base).ptr);
}

// Upper-case hexadecimal, as printf's %X.
inline void append_hex_upper(std::string& out, std::unsigned_integral auto v) {
  size_t at = out.size();
  append_int(out, v, 16);
  for (size_t i = at; i < out.size(); ++i)
    if (out[i] >= 'a') out[i] = static_cast<char>(out[i] - 'a' + 'A');
}

// "(text)": how a decoded meaning follows its number.
inline void append_parenthesized(std::string& out, std::string_view text) {
  out += '(';
  out += text;
  out += ')';
}

}  // namespace saker::scap
