// The formatting-free number appends the renderer uses: the same text as printf would give.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>

#include "saker/scap/text_append.h"

namespace saker::scap {
namespace {

TEST(TextAppend, NumbersInEveryBaseMatchPrintf) {
  const int64_t signed_values[] = {
      0, 1, -1, 42, -100, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  for (int64_t v : signed_values) {
    std::string out = "x=";
    append_int(out, v);
    char want[32];
    std::snprintf(want, sizeof want, "x=%lld", static_cast<long long>(v));
    EXPECT_EQ(out, want);
  }
  const uint64_t unsigned_values[] = {0, 7, 8, 255, 0x7fad48557000ull, std::numeric_limits<uint64_t>::max()};
  for (uint64_t v : unsigned_values) {
    char want[3][32];
    std::snprintf(want[0], sizeof want[0], "%llu", static_cast<unsigned long long>(v));
    std::snprintf(want[1], sizeof want[1], "%llo", static_cast<unsigned long long>(v));
    std::snprintf(want[2], sizeof want[2], "%llX", static_cast<unsigned long long>(v));
    std::string dec, oct, hex;
    append_int(dec, v);
    append_int(oct, v, 8);
    append_hex_upper(hex, v);
    EXPECT_EQ(dec, want[0]);
    EXPECT_EQ(oct, want[1]);
    EXPECT_EQ(hex, want[2]);
  }
  std::string small;
  append_int(small, static_cast<uint8_t>(200));
  append_int(small, static_cast<int16_t>(-3));
  EXPECT_EQ(small, "200-3");
  std::string p = "fd=3";
  append_parenthesized(p, "<f>/etc/passwd");
  EXPECT_EQ(p, "fd=3(<f>/etc/passwd)");
}

}  // namespace
}  // namespace saker::scap
