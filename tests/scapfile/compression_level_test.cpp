// Compression levels: the accepted range per codec, a refused level naming the file, and a
// higher level writing a smaller file that reads back the same events.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <stdexcept>

#include "event_compare.h"
#include "saker/scap/byte_sink.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::scap {
namespace {

// Write events carrying text-like data: repetitive enough that zstd's and gzip's levels
// differ in what they find.
uint64_t write_capture(const std::string& path, Compression c, int level) {
  WriterOptions o;
  o.profile = WriterProfile::Current;
  o.compression = c;
  o.level = level;
  Writer w(path, o);
  Metadata m;
  m.machine = MachineInfo{2, 1 << 30, 0, "host", 0, 0};
  w.begin_section(m);
  static constexpr const char* kWords[] = {"open", "/etc/passwd", "read", "GET /index.html", "200 OK", "bash",
                                           "curl", "Accept: */*", "\n",   "user=alice"};
  std::mt19937 rng(11);
  EventBuilder b;
  std::string data;
  for (uint64_t i = 0; i < 20000; ++i) {
    data.clear();
    while (data.size() < 120) data += kWords[rng() % std::size(kWords)];
    w.write_event(b.begin(EventType::SyscallWriteX, 1000 + i * 37, 100 + i % 13)
                      .num<int64_t>(120)
                      .bytes(data.data(), 120)
                      .num<int64_t>(3)
                      .num<uint32_t>(120)
                      .view());
  }
  w.close();
  return std::filesystem::file_size(path);
}

TEST(CompressionLevel, RangesPerCodec) {
  EXPECT_EQ(check_compression_level(Compression::Zstd, 0), "");
  EXPECT_EQ(check_compression_level(Compression::Zstd, 1), "");
  EXPECT_EQ(check_compression_level(Compression::Zstd, 19), "");
  EXPECT_EQ(check_compression_level(Compression::Zstd, 20), "zstd takes levels 1-19, not 20");
  EXPECT_EQ(check_compression_level(Compression::Zstd, -1), "zstd takes levels 1-19, not -1");
  EXPECT_EQ(check_compression_level(Compression::Gzip, 9), "");
  EXPECT_EQ(check_compression_level(Compression::Gzip, 10), "gzip takes levels 1-9, not 10");
  EXPECT_EQ(check_compression_level(Compression::None, 0), "");
  EXPECT_EQ(check_compression_level(Compression::None, 3), "an uncompressed capture takes no level (got 3)");
}

TEST(CompressionLevel, RefusedLevelNamesTheFile) {
  test::TempDir dir;
  std::string path = (dir / "x.scap.zst").string();
  try {
    write_capture(path, Compression::Zstd, 25);
    FAIL() << "level 25 was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), path + ": zstd takes levels 1-19, not 25");
  }
}

TEST(CompressionLevel, HigherLevelsWriteSmallerFilesWithTheSameEvents) {
  test::TempDir dir;
  for (auto [codec, low, high] :
       {std::tuple{Compression::Zstd, 1, 19}, std::tuple{Compression::Gzip, 1, 9}}) {
    std::string lo = (dir / "lo.scap").string(), hi = (dir / "hi.scap").string(),
                def = (dir / "def.scap").string(), plain = (dir / "plain.scap").string();
    uint64_t lo_size = write_capture(lo, codec, low), hi_size = write_capture(hi, codec, high),
             def_size = write_capture(def, codec, 0);
    write_capture(plain, Compression::None, 0);
    SCOPED_TRACE(codec == Compression::Zstd ? "zstd" : "gzip");
    EXPECT_LT(hi_size, lo_size);
    EXPECT_LE(hi_size, def_size);
    EXPECT_LT(def_size, lo_size);
    auto want = test::read_all(plain);
    ASSERT_EQ(want.size(), 20000u);
    EXPECT_EQ(test::read_all(lo), want);
    EXPECT_EQ(test::read_all(hi), want);
  }
}

}  // namespace
}  // namespace saker::scap
