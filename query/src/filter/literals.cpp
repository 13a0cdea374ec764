#include "filter/literals.h"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "filter/bind_error.h"

namespace saker::query::filter {

bool parse_int(std::string_view s, i128& out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  out = neg ? -static_cast<i128>(v) : static_cast<i128>(v);
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool icontains(std::string_view hay, std::string_view lowered_needle) {
  if (lowered_needle.size() > hay.size()) return false;
  for (size_t i = 0; i + lowered_needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < lowered_needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) ==
                                            static_cast<unsigned char>(lowered_needle[k]))
      ++k;
    if (k == lowered_needle.size()) return true;
  }
  return false;
}

std::string decode_hex(std::string_view s, size_t pos) {
  std::string out;
  if (s.size() % 2) fail(pos, "a byte string needs an even number of hex digits", s.size());
  for (size_t i = 0; i < s.size(); i += 2) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data() + i, s.data() + i + 2, v, 16);
    if (ec != std::errc() || p != s.data() + i + 2)
      fail(pos, fmt::format("'{}' is not a hex byte string", s), s.size());
    out += static_cast<char>(v);
  }
  return out;
}

bool parse_ip(std::string_view text, std::string& out) {
  std::string t(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, t.c_str(), buf) == 1) {
    out.assign(reinterpret_cast<char*>(buf), 4);
    return true;
  }
  if (inet_pton(AF_INET6, t.c_str(), buf) == 1) {
    out.assign(reinterpret_cast<char*>(buf), 16);
    return true;
  }
  return false;
}

void b64decode(std::string_view in, std::string& out) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    auto idx = kAlphabet.find(c);
    if (idx == std::string_view::npos) {
      out.assign(in);
      return;
    }
    acc = (acc << 6) | static_cast<uint32_t>(idx);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
}

}  // namespace saker::query::filter
