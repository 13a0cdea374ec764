// zstd captures in zstd's seekable format: the writer's frames and seek table, jumps that
// decode one frame, damaged tables, files cut short, and writes that fail.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <zstd.h>

#include <cstring>
#include <random>

#include "event_compare.h"
#include "every_event.h"
#include "file_bytes.h"
#include "run_command.h"
#include "saker/scap/byte_source.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::scap {
namespace {

constexpr uint64_t kFrameCap = 2u << 20;  // the writer's frame size cap (byte_sink.cpp)

uint32_t u32_at(const std::string& s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

void put_u32(std::string& s, size_t at, uint32_t v) {
  std::memcpy(s.data() + at, &v, 4);
}

// The current profile (what seek tables are tested with) and compression `c`.
WriterOptions current(Compression c) {
  WriterOptions o;
  o.profile = WriterProfile::Current;
  o.compression = c;
  return o;
}

// Write-exit events carrying 100 bytes, every other one random: compressible about 2:1.
class RandomWrites {
 public:
  explicit RandomWrites(uint32_t seed) : rng_(seed) {}
  const EventView& next(uint64_t ts, uint64_t tid) {
    for (size_t k = 0; k < data_.size(); k += 2) data_[k] = static_cast<char>('a' + rng_() % 26);
    return b_.begin(EventType::SyscallWriteX, ts, tid)
        .num<int64_t>(100)
        .bytes(data_.data(), data_.size())
        .num<int64_t>(3)
        .num<uint32_t>(100)
        .view();
  }

 private:
  std::mt19937 rng_;
  EventBuilder b_;
  std::string data_ = std::string(100, 'x');
};

// Writes `events` write-exit events with 100 bytes of half-random data each, flushing after
// event `flush_after` (0: never). Returns the block offset of the first event after the flush.
struct Written {
  uint64_t events = 0, flush_offset = 0, plain_bytes = 0;
};
Written write_capture(const std::string& path, Compression c, uint64_t events, uint64_t flush_after = 0) {
  Metadata m;
  m.machine = MachineInfo{2, 1 << 30, 0, "host", 0, 0};
  Writer w(path, current(c));
  w.begin_section(m);
  RandomWrites writes(7);
  Written out;
  for (uint64_t i = 0; i < events; ++i) {
    w.write_event(writes.next(1000 + i, 100 + i % 7));
    if (flush_after && i + 1 == flush_after) {
      w.flush();
      out.flush_offset = w.bytes_written();
    }
  }
  w.close();
  out.events = events;
  out.plain_bytes = w.bytes_written();
  return out;
}

struct Table {
  uint32_t frames = 0;
  uint8_t descriptor = 0;
  size_t at = 0;  // file offset of the seek table frame
  std::vector<uint32_t> csize, dsize, checksum;
};

// Parses the table independently of the reader, checking the layout the spec gives.
Table table_of(const std::string& file) {
  Table t;
  EXPECT_GE(file.size(), 17u);
  if (file.size() < 17) return t;
  EXPECT_EQ(u32_at(file, file.size() - 4), 0x8F92EAB1u);
  t.frames = u32_at(file, file.size() - 9);
  t.descriptor = static_cast<uint8_t>(file[file.size() - 5]);
  const size_t entry = (t.descriptor & 0x80) ? 12 : 8;
  t.at = file.size() - (8 + t.frames * entry + 9);
  EXPECT_EQ(u32_at(file, t.at), 0x184D2A5Eu);
  EXPECT_EQ(u32_at(file, t.at + 4), t.frames * entry + 9);
  for (uint32_t i = 0; i < t.frames; ++i) {
    size_t e = t.at + 8 + i * entry;
    t.csize.push_back(u32_at(file, e));
    t.dsize.push_back(u32_at(file, e + 4));
    if (entry == 12) t.checksum.push_back(u32_at(file, e + 8));
  }
  return t;
}

struct Picked {
  uint64_t offset;
  test::OwnedEvent ev;
};

std::vector<Picked> every_event(const std::string& path) {
  std::vector<Picked> out;
  Reader r(path, test::every_event());
  EventView ev;
  while (r.next(ev)) out.push_back({ev.offset, test::own(ev)});
  return out;
}

TEST(Seekable, FramesEndAtFlushesAndAtTheCapAndTheTableListsThem) {
  test::TempDir dir;
  auto path = (dir / "c.scap.zst").string();
  // About 7 MiB of events, flushed once early on.
  auto w = write_capture(path, Compression::Zstd, 50000, 1000);
  std::string file = test::read_file(path);
  Table t = table_of(file);
  EXPECT_EQ(t.descriptor, 0x80) << "entries carry checksums";
  ASSERT_GE(t.frames, 5u);
  uint64_t c = 0, d = 0;
  bool flush_boundary = false;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string plain = test::stream_bytes(path), out(kFrameCap + 4096, '\0');
  for (uint32_t i = 0; i < t.frames; ++i) {
    SCOPED_TRACE("frame " + std::to_string(i));
    if (d == w.flush_offset) flush_boundary = true;
    // Every frame is an independent zstd frame holding exactly what the table says.
    ASSERT_EQ(ZSTD_findFrameCompressedSize(file.data() + c, t.csize[i]), t.csize[i]);
    size_t n = ZSTD_decompressDCtx(dctx, out.data(), out.size(), file.data() + c, t.csize[i]);
    ASSERT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
    ASSERT_EQ(n, t.dsize[i]);
    EXPECT_EQ(out.substr(0, n), plain.substr(d, n));
    // The checksum is the frame's own content checksum (the low 32 bits of its XXH64).
    EXPECT_EQ(t.checksum[i], u32_at(file, c + t.csize[i] - 4));
    // Frames end at the first block boundary past the cap: a block here is 160 bytes.
    EXPECT_LE(t.dsize[i], kFrameCap + 200);
    if (i + 1 < t.frames && d + n != w.flush_offset) {
      EXPECT_GE(t.dsize[i], kFrameCap);
    }
    c += t.csize[i];
    d += n;
  }
  ZSTD_freeDCtx(dctx);
  EXPECT_TRUE(flush_boundary) << "a frame starts where the flush was";
  EXPECT_EQ(c, t.at);
  EXPECT_EQ(d, plain.size());
  EXPECT_EQ(d, w.plain_bytes);
  Reader r(path, test::every_event());
  EXPECT_TRUE(r.random_access());
  EXPECT_EQ(r.seekable_frames(), t.frames);
  EXPECT_EQ(r.stream_size(), plain.size());
}

TEST(Seekable, TheZstdToolRestoresThePlainCapture) {
  if (!std::filesystem::exists("/usr/bin/zstd"))
    GTEST_SKIP() << "the zstd command is not installed (apt-get install zstd; scripts/setup.sh does)";
  test::TempDir dir;
  auto zst = (dir / "c.scap.zst").string(), plain = (dir / "c.scap").string(),
       out = (dir / "out.scap").string();
  write_capture(zst, Compression::Zstd, 30000, 500);
  write_capture(plain, Compression::None, 30000, 500);
  auto r = test::run_command("zstd -q -d -c " + zst + " > " + out + " 2>&1; echo $?");
  EXPECT_EQ(r.out, "0\n");
  EXPECT_EQ(test::read_file(out), test::read_file(plain));
}

TEST(Seekable, AJumpDecodesOnlyTheFrameItLandsIn) {
  test::TempDir dir;
  auto path = (dir / "c.scap.zst").string();
  write_capture(path, Compression::Zstd, 60000);
  const auto all = every_event(path);
  const std::string file = test::read_file(path);
  const Table t = table_of(file);
  ASSERT_GE(t.frames, 5u);
  const uint32_t largest = *std::max_element(t.csize.begin(), t.csize.end());

  Reader r(path, test::every_event());
  ASSERT_TRUE(r.random_access());
  EventView ev;
  // Late first, then backwards and forwards across frames.
  for (size_t k : {all.size() - 3, all.size() / 2, size_t{10}, all.size() * 3 / 4, all.size() - 1}) {
    SCOPED_TRACE("event " + std::to_string(k));
    const uint64_t before = r.file_bytes_read();
    r.seek_event(all[k].offset, all[k].ev.num);
    for (size_t j = k; j < std::min(all.size(), k + 20); ++j) {
      ASSERT_TRUE(r.next(ev));
      EXPECT_EQ(test::own(ev), all[j].ev);
      EXPECT_EQ(ev.offset, all[j].offset);
    }
    // The frame holding the event, and at most the start of the next one.
    const uint64_t read = r.file_bytes_read() - before;
    EXPECT_LE(read, largest + ZSTD_DStreamInSize()) << "of a " << file.size() << "-byte file";
  }
  // After the last jump, reading on to the end gives the rest, and nothing more.
  size_t rest = 0;
  while (r.next(ev)) ++rest;
  EXPECT_EQ(rest, 0u);
}

TEST(Seekable, JumpsToEveryFrameStartAndEnd) {
  test::TempDir dir;
  auto path = (dir / "c.scap.zst").string();
  write_capture(path, Compression::Zstd, 30000, 777);
  const auto all = every_event(path);
  Reader r(path, test::every_event());
  ASSERT_TRUE(r.random_access());
  EventView ev;
  // Every event whose block straddles or starts a frame boundary, in reverse order.
  const Table t = table_of(test::read_file(path));
  std::vector<uint64_t> bounds;
  uint64_t d = 0;
  for (uint32_t i = 0; i < t.frames; ++i) bounds.push_back(d += t.dsize[i]);
  size_t checked = 0;
  for (size_t k = all.size(); k-- > 1;) {
    const uint64_t end = k + 1 < all.size() ? all[k + 1].offset : UINT64_MAX;
    bool near = std::any_of(bounds.begin(), bounds.end(), [&](uint64_t b) {
      return (b >= all[k].offset && b < end) || b == all[k - 1].offset;
    });
    if (!near) continue;
    r.seek_event(all[k].offset, all[k].ev.num);
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(test::own(ev), all[k].ev);
    ++checked;
  }
  EXPECT_GE(checked, t.frames - 1);
}

// Rewrites the file, calls `damage` on its bytes and table, and checks that the reader warns
// (naming the file and a compressed offset containing `what`), seeks correctly anyway and
// reads every event sequentially.
void expect_damage_handled(const std::string& good, const std::string& path, const std::string& what,
                           const std::function<void(std::string&, const Table&)>& damage) {
  SCOPED_TRACE(what);
  std::string file = test::read_file(good);
  const Table t = table_of(file);
  damage(file, t);
  test::write_file(path, file);
  const auto all = every_event(good);
  std::vector<std::string> warnings;
  ReaderOptions opts;
  opts.on_warning = [&](const std::string& w) { warnings.push_back(w); };
  Reader r(path, test::every_event(opts));
  (void)r.random_access();
  // An event in each frame, in order (a damaged entry is found when a jump reads its frame),
  // then a few backwards.
  std::vector<size_t> picks;
  uint64_t start = 0;
  for (uint32_t i = 0; i < t.frames; start += t.dsize[i++]) {
    auto it = std::lower_bound(all.begin(), all.end(), start,
                               [](const Picked& p, uint64_t off) { return p.offset < off; });
    if (it != all.end()) picks.push_back(static_cast<size_t>(it - all.begin()));
  }
  for (size_t k : {all.size() - 2, all.size() / 3, size_t{5}}) picks.push_back(k);
  EventView ev;
  for (size_t k : picks) {
    r.seek_event(all[k].offset, all[k].ev.num);
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(test::own(ev), all[k].ev);
  }
  EXPECT_FALSE(r.random_access()) << "a damaged table is not used";
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(path + ": "), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("compressed offset"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find(what), std::string::npos) << warnings[0];
  // Sequential reading does not need the table.
  std::string error;
  auto seq = test::read_all(path, &error);
  EXPECT_EQ(seq.size(), all.size());
}

TEST(Seekable, DamagedSeekTablesAreReportedAndNotUsed) {
  test::TempDir dir;
  auto good = (dir / "good.scap.zst").string(), bad = (dir / "bad.scap.zst").string();
  write_capture(good, Compression::Zstd, 40000, 3000);
  auto entry = [](const Table& t, uint32_t i) { return t.at + 8 + i * 12; };

  expect_damage_handled(good, bad, "reserved bits",
                        [](std::string& f, const Table&) { f[f.size() - 5] |= 0x04; });
  expect_damage_handled(good, bad, "truncated?", [](std::string& f, const Table& t) {
    put_u32(f, f.size() - 9, t.frames + 1000000);  // more entries than the file holds
  });
  expect_damage_handled(good, bad, "does not match its", [](std::string& f, const Table& t) {
    put_u32(f, t.at + 4, u32_at(f, t.at + 4) + 12);
  });
  expect_damage_handled(good, bad, "but the table starts at",
                        [&](std::string& f, const Table& t) { put_u32(f, entry(t, 1), t.csize[1] - 1); });
  expect_damage_handled(good, bad, "past the table",
                        [&](std::string& f, const Table& t) { put_u32(f, entry(t, 0), 0xFFFFFF00u); });
  expect_damage_handled(good, bad, "compressed size of 0",
                        [&](std::string& f, const Table& t) { put_u32(f, entry(t, 2), 0); });
  // Consistent sums, wrong frames: found when a jump reads the frame.
  const Table t = table_of(test::read_file(good));
  for (uint32_t i = 0; i + 1 < t.frames; ++i) {
    SCOPED_TRACE("frame " + std::to_string(i));
    // (Found at frame i, or at i + 1 when the jump into frame i stayed in the reader's buffer.)
    expect_damage_handled(good, bad, "does not match the frame at", [&](std::string& f, const Table& tt) {
      put_u32(f, entry(tt, i), tt.csize[i] + 3);  // boundary moved
      put_u32(f, entry(tt, i + 1), tt.csize[i + 1] - 3);
    });
    expect_damage_handled(good, bad, "the table says", [&](std::string& f, const Table& tt) {
      put_u32(f, entry(tt, i) + 4, tt.dsize[i] + 16);  // sizes shifted between two frames
      put_u32(f, entry(tt, i + 1) + 4, tt.dsize[i + 1] - 16);
    });
    expect_damage_handled(good, bad, "checksum", [&](std::string& f, const Table& tt) {
      put_u32(f, entry(tt, i) + 8, tt.checksum[i] ^ 1);
    });
  }
}

TEST(Seekable, AFileCutShortReadsToItsLastCompleteFrame) {
  // What a SIGKILL leaves: complete frames, perhaps part of the next, no table.
  test::TempDir dir;
  auto good = (dir / "good.scap.zst").string(), cut = (dir / "cut.scap.zst").string();
  write_capture(good, Compression::Zstd, 40000, 2500);
  const std::string file = test::read_file(good);
  const Table t = table_of(file);
  const auto all = every_event(good);
  uint64_t c = 0, d = 0;
  for (uint32_t i = 0; i < t.frames; ++i) {
    c += t.csize[i];
    d += t.dsize[i];
    // Cut exactly after frame i, then in the middle of frame i + 1.
    for (uint64_t extra : {uint64_t{0}, i + 1 < t.frames ? t.csize[i + 1] / 2 : uint64_t{0}}) {
      SCOPED_TRACE("after frame " + std::to_string(i) + " + " + std::to_string(extra));
      test::write_file(cut, std::string_view(file).substr(0, c + extra));
      std::string error;
      auto got = test::read_all(cut, &error);
      size_t whole = 0;
      while (whole < all.size() && (whole + 1 < all.size() ? all[whole + 1].offset : UINT64_MAX) <= d)
        ++whole;
      if (i + 1 == t.frames) whole = all.size();
      EXPECT_GE(got.size(), whole);
      for (size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k], all[k].ev) << k;
      if (extra == 0)
        EXPECT_EQ(error, "") << "a cut at a frame end is a clean end";
      else
        EXPECT_NE(error.find("truncated"), std::string::npos) << error;
      Reader r(cut, test::every_event());
      EXPECT_FALSE(r.random_access());
    }
  }
}

TEST(Seekable, AnEmptyCaptureIsStillAZstdFileWithATable) {
  test::TempDir dir;
  auto path = (dir / "empty.scap.zst").string();
  write_capture(path, Compression::Zstd, 0);
  Reader r(path, test::every_event());
  EXPECT_EQ(r.compression(), Compression::Zstd);
  EXPECT_TRUE(r.random_access());
  EXPECT_EQ(r.seekable_frames(), 1u);
  EventView ev;
  EXPECT_FALSE(r.next(ev));
}

// A full disk, simulated with RLIMIT_FSIZE (writes past it fail with EFBIG).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    old_sig_ = signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old_);
    rlimit l = old_;
    l.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &l);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    signal(SIGXFSZ, old_sig_);
  }

 private:
  rlimit old_{};
  sighandler_t old_sig_;
};

TEST(Seekable, AFailedWriteLeavesACompleteReadableFile) {
  test::TempDir dir;
  for (Compression c : {Compression::Zstd, Compression::None, Compression::Gzip}) {
    SCOPED_TRACE(std::string(compression_name(c)));
    auto path = (dir / "full.scap").string();
    uint64_t flushed_events = 0, written = 0;
    std::string error;
    {
      FileSizeLimit limit(c == Compression::None ? 3000000 : 1500000);
      Metadata m;
      Writer w(path, current(c));
      w.begin_section(m);
      RandomWrites writes(3);
      try {
        for (uint64_t i = 0; i < 2000000; ++i) {
          w.write_event(writes.next(1000 + i, 7));
          ++written;
          if (written % 5000 == 0) {
            w.flush();
            flushed_events = written;
          }
        }
      } catch (const CaptureError& e) {
        error = e.what();
      }
      try {
        w.close();
      } catch (const CaptureError&) {
      }
    }
    ASSERT_NE(error, "") << "the limit was never reached";
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("File too large"), std::string::npos) << error;
    std::string read_error;
    auto got = test::read_all(path, &read_error);
    if (c == Compression::Gzip)  // cut back to its last flush: no gzip trailer
      EXPECT_NE(read_error.find("gzip stream truncated"), std::string::npos) << read_error;
    else
      EXPECT_EQ(read_error, "") << "the file ends at a block (and frame) boundary";
    EXPECT_GE(got.size(), flushed_events);
    EXPECT_LE(got.size(), written);
    if (c == Compression::Zstd) {
      Reader r(path, test::every_event());
      EXPECT_TRUE(r.random_access()) << "the table of the complete frames was appended";
    }
  }
}

TEST(Seekable, AFailureAtCloseStillAppendsTheTableOfTheCompleteFrames) {
  test::TempDir dir;
  auto path = (dir / "close.scap.zst").string();
  Metadata m;
  std::string error;
  uint64_t first_half = 0;
  {
    Writer w(path, current(Compression::Zstd));
    w.begin_section(m);
    RandomWrites writes(5);
    auto put = [&](uint64_t i) { w.write_event(writes.next(1000 + i, 7)); };
    for (uint64_t i = 0; i < 5000; ++i) put(i);
    w.flush();  // one complete frame
    first_half = 5000;
    for (uint64_t i = 5000; i < 11000; ++i) put(i);  // about 1 MB more: zstd has emitted part of it
    const auto size = std::filesystem::file_size(path);
    {
      FileSizeLimit limit(size);  // the disk is full from here on: ending the frame fails
      try {
        w.close();
      } catch (const CaptureError& e) {
        error = e.what();
      }
    }
  }
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  std::string read_error;
  auto got = test::read_all(path, &read_error);
  EXPECT_EQ(read_error, "");
  EXPECT_EQ(got.size(), first_half);
  Reader r(path, test::every_event());
  EXPECT_TRUE(r.random_access());
  EXPECT_EQ(r.seekable_frames(), 1u);
}

}  // namespace
}  // namespace saker::scap
