// Reading and seeking across the reader's chunk boundaries, with and without read-ahead.
#include <gtest/gtest.h>

#include <filesystem>

#include <random>
#include <string>
#include <vector>

#include "every_event.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

#include <fmt/format.h>

namespace saker::scap {
namespace {

struct Seen {
  uint64_t offset, ts, num;
  size_t data_len;
};

// About 6 MiB of write exits with data of varying length, so blocks straddle every chunk
// boundary of both the plain (1 MiB) and the read-ahead (4 MiB) chunking; one 300 KiB event
// is larger than many blocks together.
std::string write_capture(const test::TempDir& dir, Compression c) {
  auto path = (dir / fmt::format("seek.scap{}", c == Compression::None   ? ""
                                                : c == Compression::Gzip ? ".gz"
                                                                         : ".zst"))
                  .string();
  WriterOptions o;
  o.compression = c;
  o.profile = WriterProfile::Current;
  Writer w(path, o);
  w.begin_section({});
  EventBuilder b;
  std::string data(300, 'x');
  for (uint64_t i = 0; i < 40000; ++i) {
    if (i == 20000) {  // a LARGE block: container metadata
      w.write_event(
          b.begin(EventType::ContainerJson_2E, 1000 + i, 7).str(std::string(300 * 1024, 'j')).view());
      continue;
    }
    size_t len = (i * 37) % 300;
    w.write_event(b.begin(EventType::SyscallReadX, 1000 + i, 100 + i % 7)
                      .num<int64_t>(static_cast<int64_t>(len))
                      .bytes(data.data(), static_cast<uint32_t>(len))
                      .num<int64_t>(3)
                      .num<uint32_t>(static_cast<uint32_t>(len))
                      .view());
  }
  return path;
}

size_t payload(const EventView& ev) {
  return ev.nparams > 1 ? ev.params[1].len : ev.params[0].len;
}

std::vector<Seen> read_all(const std::string& path, bool read_ahead) {
  ReaderOptions ro;
  ro.read_ahead = read_ahead;
  Reader r(path, test::every_event(ro));
  std::vector<Seen> out;
  EventView ev;
  while (r.next(ev)) out.push_back({ev.offset, ev.ts, ev.num, payload(ev)});
  return out;
}

// Seeks to `k`, reads `run` events, seeks back to `k` and reads them again: the way a viewer
// scrolls.
void check_run(Reader& r, const std::vector<Seen>& all, size_t k, size_t run) {
  EventView ev;
  for (int pass = 0; pass < 2; ++pass) {
    r.seek_event(all[k].offset, all[k].num);
    for (size_t j = 0; j < run && k + j < all.size(); ++j) {
      ASSERT_TRUE(r.next(ev)) << "seek to event " << k;
      ASSERT_EQ(ev.ts, all[k + j].ts) << "event " << k + j << " after seeking to event " << k;
      ASSERT_EQ(payload(ev), all[k + j].data_len);
    }
  }
}

void check_seeks(const std::string& path, bool read_ahead, const std::vector<Seen>& all) {
  ReaderOptions ro;
  ro.read_ahead = read_ahead;
  Reader r(path, test::every_event(ro));
  // Every block that straddles a chunk boundary (1 MiB and 4 MiB chunks), and random ones.
  for (size_t k = 0; k + 1 < all.size(); ++k)
    if (all[k].offset >> 20 != (all[k + 1].offset - 1) >> 20) check_run(r, all, k, 3);
  std::mt19937_64 rng(42);
  for (int i = 0; i < 400; ++i) check_run(r, all, rng() % all.size(), 1 + rng() % 5);
}

TEST(BlockStream, SequentialAndSeekingReadsAgreeAcrossChunks) {
  test::TempDir dir;
  for (Compression c : {Compression::None, Compression::Zstd}) {
    SCOPED_TRACE(compression_name(c));
    auto path = write_capture(dir, c);
    auto plain = read_all(path, false);
    ASSERT_EQ(plain.size(), 40000u);
    for (size_t i = 0; i < plain.size(); ++i) ASSERT_EQ(plain[i].ts, 1000 + i);
    auto ahead = read_all(path, true);
    ASSERT_EQ(ahead.size(), plain.size());
    for (size_t i = 0; i < plain.size(); ++i) {
      ASSERT_EQ(ahead[i].offset, plain[i].offset);
      ASSERT_EQ(ahead[i].data_len, plain[i].data_len);
    }
    check_seeks(path, false, plain);
    if (c == Compression::None) check_seeks(path, true, plain);  // compressed seeks re-decompress
  }
}

TEST(BlockStream, ReadAheadReportsTruncationAfterEveryWholeEvent) {
  test::TempDir dir;
  auto path = write_capture(dir, Compression::None);
  auto all = read_all(path, false);
  std::filesystem::resize_file(path, all[30000].offset + 5);  // cut inside a block header
  for (bool ahead : {false, true}) {
    ReaderOptions ro;
    ro.read_ahead = ahead;
    Reader r(path, test::every_event(ro));
    EventView ev;
    size_t n = 0;
    try {
      while (r.next(ev)) ++n;
      ADD_FAILURE() << "no error for a truncated capture";
    } catch (const CaptureError& e) {
      EXPECT_EQ(n, 30000u);
      EXPECT_EQ(e.offset(), all[30000].offset);
    }
  }
}

// What a reader delivers from a damaged file: the events before the damage, then the error.
struct Outcome {
  size_t events = 0;
  std::string error;
};

Outcome read_outcome(const std::string& path, bool ahead) {
  ReaderOptions ro;
  ro.read_ahead = ahead;
  Outcome o;
  try {
    Reader r(path, test::every_event(ro));
    EventView ev;
    while (r.next(ev)) ++o.events;
  } catch (const CaptureError& e) {
    o.error = e.what();
  }
  return o;
}

TEST(BlockStream, ReadAheadDeliversWhatTheSynchronousReaderDoesFromCutCompressedFiles) {
  test::TempDir dir;
  for (Compression c : {Compression::Gzip, Compression::Zstd}) {
    SCOPED_TRACE(compression_name(c));
    auto path = write_capture(dir, c);
    auto size = std::filesystem::file_size(path);
    for (double at : {0.3, 0.77}) {
      std::filesystem::copy_file(path, path + ".cut", std::filesystem::copy_options::overwrite_existing);
      std::filesystem::resize_file(path + ".cut", static_cast<uintmax_t>(size * at));
      auto sync = read_outcome(path + ".cut", false), ahead = read_outcome(path + ".cut", true);
      EXPECT_GT(sync.events, 1000u);
      EXPECT_FALSE(sync.error.empty());
      EXPECT_EQ(ahead.events, sync.events);
      EXPECT_EQ(ahead.error, sync.error);
    }
  }
}

}  // namespace
}  // namespace saker::scap
