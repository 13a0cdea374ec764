#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

namespace saker::replay {

// Appends an address: dotted IPv4, or IPv6 with the longest zero run as "::". Appends into
// the caller's string without temporaries: names are rebuilt in place per event.
inline void append_ip(std::string& out, const uint8_t* a, bool v6) {
  char buf[48];
  char* p = buf;
  if (!v6) {
    for (int i = 0; i < 4; ++i) {
      if (i) *p++ = '.';
      p = std::to_chars(p, buf + sizeof buf, a[i]).ptr;
    }
    out.append(buf, p);
    return;
  }
  uint16_t g[8];
  for (int i = 0; i < 8; ++i) g[i] = static_cast<uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i]) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && !g[j]) ++j;
    if (j - i > best_len && j - i > 1) best = i, best_len = j - i;
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      *p++ = ':';
      *p++ = ':';
      i += best_len - 1;
      continue;
    }
    if (p != buf && p[-1] != ':') *p++ = ':';
    p = std::to_chars(p, buf + sizeof buf, g[i], 16).ptr;
  }
  out.append(buf, p);
}

inline void append_port(std::string& out, uint16_t port) {
  char buf[8];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, port).ptr);
}

// out = "ADDR:PORT".
inline void write_endpoint(std::string& out, const uint8_t* a, bool v6, uint16_t port) {
  out.clear();
  append_ip(out, a, v6);
  out += ':';
  append_port(out, port);
}

}  // namespace saker::replay
