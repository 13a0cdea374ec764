// Data buffers in each form sysdig's -A, -x, -X and -b choose, byte for byte as libs writes them.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "saker/scap/param_format.h"

namespace saker::scap {
namespace {

std::string rendered(std::string_view bytes, BufferFormat f, uint32_t max = 0) {
  std::string out;
  render_buffer(out, bytes, RenderOptions{max, f});
  return out;
}

TEST(BufferFormat, NormalShowsDotsAndCuts) {
  EXPECT_EQ(rendered(std::string_view("a\0b\tc\x80", 6), BufferFormat::Normal), "a.b.c.");
  EXPECT_EQ(rendered("abcdef", BufferFormat::Normal, 4), "a...");  // 4 characters in all, as libs
  EXPECT_EQ(rendered("abcd", BufferFormat::Normal, 4), "abcd");
}

TEST(BufferFormat, AsciiKeepsTextAndLineEnds) {
  // CR LF and a lone CR are one line end; tabs and other control bytes are dropped; as libs,
  // a line feed opening the buffer is dropped too.
  EXPECT_EQ(rendered("GET / HTTP/1.1\r\nHost: x\r\n\r\n", BufferFormat::Ascii),
            "\nGET / HTTP/1.1\nHost: x\n\n");
  EXPECT_EQ(rendered("\na\tb\rc\n\x01", BufferFormat::Ascii), "\nab\nc\n");
  // Never cut.
  EXPECT_EQ(rendered(std::string(100, 'z'), BufferFormat::Ascii, 80), "\n" + std::string(100, 'z'));
}

TEST(BufferFormat, HexRowsOfSixteenBytes) {
  EXPECT_EQ(rendered("uid=1000(alice)\n", BufferFormat::Hex),
            "\n\t0x0000: 7569 643d 3130 3030 2861 6c69 6365 290a\n");
  EXPECT_EQ(rendered("0123456789abcdefXYZ", BufferFormat::Hex),
            "\n\t0x0000: 3031 3233 3435 3637 3839 6162 6364 6566"
            "\n\t0x0010: 5859 5a\n");
  EXPECT_EQ(rendered("id\n", BufferFormat::HexAscii),
            "\n\t0x0000: 6964 0a" + std::string(6 * 5 + 2, ' ') + "id.\n");
  EXPECT_EQ(rendered("0123456789abcdef\x7f", BufferFormat::HexAscii),
            "\n\t0x0000: 3031 3233 3435 3637 3839 6162 6364 6566  0123456789abcdef"
            "\n\t0x0010: 7f" +
                std::string(7 * 5 + 2, ' ') + ".\n");
}

TEST(BufferFormat, Base64Pads) {
  EXPECT_EQ(rendered("id\n", BufferFormat::Base64), "aWQK");
  EXPECT_EQ(rendered("uid=1000(alice)\n", BufferFormat::Base64), "dWlkPTEwMDAoYWxpY2UpCg==");
  EXPECT_EQ(rendered("ab", BufferFormat::Base64), "YWI=");
  EXPECT_EQ(rendered(std::string_view("\xff\0", 2), BufferFormat::Base64), "/wA=");
  EXPECT_EQ(rendered("", BufferFormat::Base64), "");
}

}  // namespace
}  // namespace saker::scap
