// Data buffers as text, in the forms sysdig's -A, -x, -X and -b choose (docs/print.md).
#include <cstdint>
#include <string>
#include <string_view>

#include "saker/scap/param_format.h"

namespace saker::scap {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

bool printable(unsigned char u) {
  return u >= 0x20 && u < 0x7f;
}

void append_hex_byte(std::string& out, unsigned char u) {
  out += kHexDigits[u >> 4];
  out += kHexDigits[u & 0xf];
}

// Printable bytes, '.' for the others; longer than `max` bytes (0: no limit): `max` characters
// whose last three are "...", as libs' max_evt_output_len.
void append_dots(std::string& out, std::string_view s, uint32_t max) {
  bool cut = max > 3 && s.size() > max;
  if (cut) s = s.substr(0, max - 3);
  for (char c : s) out += printable(static_cast<unsigned char>(c)) ? c : '.';
  if (cut) out += "...";
}

// libs' PF_EOLS: a line break first, then printable bytes and line ends; "\r\n" and a lone
// "\r" are one "\n". As libs, a "\n" opening the buffer is dropped too.
void append_ascii(std::string& out, std::string_view s) {
  out += '\n';
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(s[i]);
    if (printable(u))
      out += s[i];
    else if (u == '\r')
      out += '\n';
    else if (u == '\n' && i > 0 && s[i - 1] != '\r')
      out += '\n';
  }
}

// libs' PF_HEX and PF_HEXASCII: rows of 16 bytes as 8 groups of 2, each row on a new line
// after a tab and its offset, then a final line break. The text column follows the groups,
// padded as libs pads it (a row ending on an odd byte is 2 columns short, as in libs).
void append_hex(std::string& out, std::string_view s, bool with_text) {
  for (size_t row = 0; row < s.size(); row += 16) {
    size_t end = row + 16 < s.size() ? row + 16 : s.size();
    out += "\n\t0x";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHexDigits[(row >> shift) & 0xf];
    out += ':';
    size_t groups = 0;
    for (size_t i = row; i < end; i += 2, ++groups) {
      out += ' ';
      append_hex_byte(out, static_cast<unsigned char>(s[i]));
      if (i + 1 < end) append_hex_byte(out, static_cast<unsigned char>(s[i + 1]));
    }
    if (!with_text) continue;
    out.append((8 - groups) * 5 + 2, ' ');
    for (size_t i = row; i < end; ++i) out += printable(static_cast<unsigned char>(s[i])) ? s[i] : '.';
  }
  out += '\n';
}

void append_base64(std::string& out, std::string_view s) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= s.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(s[i])) << 16 |
                 static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8 |
                 static_cast<unsigned char>(s[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 0x3f];
  }
  size_t left = s.size() - i;
  if (left == 0) return;
  uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(s[i])) << 16;
  if (left == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8;
  out += kAlphabet[(v >> 18) & 0x3f];
  out += kAlphabet[(v >> 12) & 0x3f];
  out += left == 2 ? kAlphabet[(v >> 6) & 0x3f] : '=';
  out += '=';
}

}  // namespace

void render_buffer(std::string& out, std::string_view bytes, const RenderOptions& opts) {
  bool snapped = opts.snap_bytes != 0 && bytes.size() > opts.snap_bytes;
  if (snapped) bytes = bytes.substr(0, opts.snap_bytes);
  switch (opts.buffer_format) {
    case BufferFormat::Normal:
      append_dots(out, bytes, opts.max_bytes);
      if (snapped) out += "...";
      return;
    case BufferFormat::Ascii:
      append_ascii(out, bytes);
      if (snapped) out += "...";
      return;
    case BufferFormat::Hex:
    case BufferFormat::HexAscii:
      append_hex(out, bytes, opts.buffer_format == BufferFormat::HexAscii);
      return;
    case BufferFormat::Base64:
      append_base64(out, bytes);
      return;
  }
}

}  // namespace saker::scap
