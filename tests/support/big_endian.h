// Rewrites a little-endian capture (as Saker's writer produces it) big-endian, for tests
// of the reader's byte-order handling. Covers the block types the writer emits.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "saker/scap/event_table.h"

namespace saker::test {

class BigEndianRewriter {
 public:
  explicit BigEndianRewriter(std::string data) : d_(std::move(data)) {}

  std::string run() {
    size_t o = 0;
    while (o + 12 <= d_.size()) {
      uint32_t type = u32(o), len = u32(o + 4);
      sw(o, 4), sw(o + 4, 4), sw(o + len - 4, 4);
      body(type, o + 8, o + len - 4);
      o += len;
    }
    return d_;
  }

 private:
  uint32_t u32(size_t at) const {
    uint32_t v;
    std::memcpy(&v, d_.data() + at, 4);
    return v;
  }
  uint16_t u16(size_t at) const {
    uint16_t v;
    std::memcpy(&v, d_.data() + at, 2);
    return v;
  }
  void sw(size_t at, size_t n) {
    std::reverse(d_.begin() + static_cast<long>(at), d_.begin() + static_cast<long>(at + n));
  }
  // A u16 length then that many bytes; returns the offset after it.
  size_t lstr(size_t at) {
    uint16_t n = u16(at);
    sw(at, 2);
    return at + 2 + n;
  }

  void body(uint32_t type, size_t b, size_t end) {
    switch (type) {
      case 0x0A0D0D0A:
        sw(b, 4), sw(b + 4, 2), sw(b + 6, 2), sw(b + 8, 8);
        return;
      case 0x201:
        sw(b, 4), sw(b + 4, 8), sw(b + 12, 8);
        for (size_t i = 0; i < 4; ++i) sw(b + 148 + 8 * i, 8);
        return;
      case 0x219:  // IL_V2: entry length excludes itself
        for (size_t o = b; o + 4 <= end;) {
          uint32_t n = u32(o);
          sw(o, 4);
          uint16_t itype = u16(o + 4);
          sw(o + 4, 2), sw(o + 6, 2);
          size_t addr = itype == 1 ? 12 : 48;
          sw(o + 8 + addr, 8);  // linkspeed
          o += 4 + n;
        }
        return;
      case 0x220:  // UL_V2
        for (size_t o = b; o + 4 <= end;) {
          uint32_t n = u32(o);
          sw(o, 4);
          size_t p = o + 5;
          if (static_cast<uint8_t>(d_[o + 4]) == 0) {
            sw(p, 4), sw(p + 4, 4);
            p = lstr(lstr(lstr(p + 8)));
          } else {
            sw(p, 4);
            lstr(p + 4);
          }
          o += n;
        }
        return;
      case 0x215:  // PL_V9
        for (size_t o = b; o + 4 <= end;) {
          uint32_t n = u32(o);
          sw(o, 4);
          size_t p = o + 4;
          for (int i = 0; i < 5; ++i) sw(p, 8), p += 8;
          for (int i = 0; i < 5; ++i) p = lstr(p);
          sw(p, 8), p += 8;
          for (int i = 0; i < 6; ++i) sw(p, 4), p += 4;
          sw(p, 8), sw(p + 8, 8), p += 16;
          p = lstr(p);
          sw(p, 8), sw(p + 8, 8), p += 16;
          p = lstr(lstr(p));
          const int tail[] = {8, 4, 4, 1, 8, 8, 8, 1, 8, 8, 8, 1, 1, 8};
          for (int w : tail) {
            if (p + static_cast<size_t>(w) > o + n) break;
            sw(p, static_cast<size_t>(w));
            p += static_cast<size_t>(w);
          }
          o += n;
        }
        return;
      case 0x218: {  // FDL_V2
        sw(b, 8);
        for (size_t o = b + 8; o + 4 <= end;) {
          uint32_t n = u32(o);
          sw(o, 4), sw(o + 4, 8), sw(o + 12, 8);
          size_t p = o + 21;
          switch (static_cast<uint8_t>(d_[o + 20])) {
            case 3:
              sw(p + 8, 2), sw(p + 10, 2);
              break;
            case 4:
              sw(p + 32, 2), sw(p + 34, 2);
              break;
            case 5:
              sw(p + 4, 2);
              break;
            case 6:
              sw(p + 16, 2);
              break;
            case 8:
              sw(p, 8), sw(p + 8, 8), lstr(p + 16);
              break;
            case 16: {
              sw(p, 4);
              size_t q = lstr(p + 4);
              if (q + 4 <= o + n) sw(q, 4);
              break;
            }
            default:
              lstr(p);
              break;
          }
          o += n;
        }
        return;
      }
      case 0x216:
      case 0x217:
      case 0x221:
      case 0x222: {
        bool flags = type == 0x217 || type == 0x222;
        size_t e = b + (flags ? 6 : 2);
        sw(b, 2);
        if (flags) sw(b + 2, 4);
        uint16_t etype = u16(e + 20);
        uint32_t np = u32(e + 22);
        sw(e, 8), sw(e + 8, 8), sw(e + 16, 4), sw(e + 20, 2), sw(e + 22, 4);
        const auto& info = scap::event_info(etype);
        uint32_t lw = scap::length_width(info);
        size_t v = e + 26 + lw * np;
        for (uint32_t i = 0; i < np; ++i) {
          uint32_t plen = lw == 4 ? u32(e + 26 + 4 * i) : u16(e + 26 + 2 * i);
          sw(e + 26 + lw * i, lw);
          if (plen && i < info.params.size()) value(v, plen, info.params[i]);
          v += plen;
        }
        return;
      }
      default:
        throw std::runtime_error("BigEndianRewriter: unexpected block type");
    }
  }

  void value(size_t p, uint32_t len, const scap::ParamInfo& pi) {
    using scap::ParamType;
    auto fixed = [&](size_t w) {
      if (w > 1 && len >= w) sw(p, w);
    };
    switch (pi.type) {
      case ParamType::Ipv4Addr:
      case ParamType::Ipv6Addr:
        return;  // network byte order in every capture
      case ParamType::Sockaddr:
        if (d_[p] == 2 && len >= 7) sw(p + 5, 2);
        if (d_[p] == 10 && len >= 19) sw(p + 17, 2);
        return;
      case ParamType::Socktuple:
        if (d_[p] == 2 && len >= 13) sw(p + 5, 2), sw(p + 11, 2);
        if (d_[p] == 10 && len >= 37) sw(p + 17, 2), sw(p + 35, 2);
        if (d_[p] == 1 && len >= 17) sw(p + 1, 8), sw(p + 9, 8);
        return;
      case ParamType::FdList: {
        if (len < 2) return;
        uint16_t n = u16(p);
        sw(p, 2);
        for (uint32_t i = 0; i < n && 2u + 10u * (i + 1) <= len; ++i)
          sw(p + 2 + 10 * i, 8), sw(p + 10 + 10 * i, 2);
        return;
      }
      case ParamType::Dyn: {
        uint8_t idx = static_cast<uint8_t>(d_[p]);
        if (len > 1 && idx < pi.dynamic.size()) value(p + 1, len - 1, pi.dynamic[idx]);
        return;
      }
      default:  // other fixed-size values follow the writer's byte order
        fixed(scap::fixed_param_size(pi.type));
        return;
    }
  }

  std::string d_;
};

}  // namespace saker::test
