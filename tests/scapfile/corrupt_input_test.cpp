// Damaged captures: every complete event before the damage, then an error naming the file
// and offset; never a crash.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "capture_builders.h"
#include "event_compare.h"
#include "every_event.h"
#include "file_bytes.h"
#include "memory_usage.h"
#include "saker/scap/byte_sink.h"
#include "saker/scap/byte_source.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::scap {
namespace {

struct Layout {
  std::vector<uint64_t> event_offsets;  // block offsets of events, in order
  uint64_t first_event = 0;
  uint64_t size = 0;
};

Layout layout_of(const std::string& path) {
  Layout l;
  ReaderOptions as_stored = test::every_event();
  as_stored.upgrade_old_events = false;
  Reader r(path, as_stored);
  EventView ev;
  while (r.next(ev)) l.event_offsets.push_back(ev.offset);
  l.first_event = l.event_offsets.empty() ? 0 : l.event_offsets.front();
  l.size = test::stream_bytes(path).size();
  return l;
}

// Events whose block ends at or before `cut`.
size_t complete_before(const Layout& l, uint64_t cut) {
  size_t n = 0;
  for (size_t i = 0; i < l.event_offsets.size(); ++i) {
    uint64_t end = i + 1 < l.event_offsets.size() ? l.event_offsets[i + 1] : l.size;
    if (end <= cut) ++n;
  }
  return n;
}

// A cut between two metadata blocks leaves a valid capture without events.
bool metadata_boundary(const std::string& all, uint64_t cut) {
  uint64_t at = 0;
  while (at + 8 <= all.size() && at < cut) {
    uint32_t len;
    std::memcpy(&len, &all[at + 4], 4);
    if (len < 12) return false;
    at += len;
  }
  return at == cut;
}

void check_truncations(const std::string& plain, Compression c, int step) {
  test::TempDir dir;
  std::string all = test::stream_bytes(plain);
  Layout l = layout_of(plain);
  auto cut_path = (dir / "cut.scap").string();
  for (uint64_t cut = 1; cut < all.size(); cut += static_cast<uint64_t>(step)) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    {
      auto sink = create_byte_sink(cut_path, c);
      sink->write(all.data(), cut);
      sink->close();
    }
    if (cut < l.first_event && !metadata_boundary(all, cut)) {
      EXPECT_THROW(
          {
            Reader r(cut_path, test::every_event());
            EventView ev;
            while (r.next(ev)) {
            }
          },
          CaptureError);
      continue;
    }
    Reader r(cut_path, test::every_event());
    EventView ev;
    size_t got = 0;
    bool failed = false;
    try {
      while (r.next(ev)) ++got;
    } catch (const CaptureError& e) {
      failed = true;
      EXPECT_EQ(e.path(), cut_path);
      EXPECT_NE(std::string(e.what()).find(cut_path), std::string::npos);
      EXPECT_LE(e.offset(), cut);
    }
    size_t expected = complete_before(l, cut);
    EXPECT_EQ(got, expected);
    bool at_boundary = expected == l.event_offsets.size() || metadata_boundary(all, cut) ||
                       (expected < l.event_offsets.size() && l.event_offsets[expected] == cut);
    EXPECT_EQ(failed, !at_boundary);
  }
}

TEST(CorruptInput, EveryTruncationOfAPlainCapture) {
  SAKER_REQUIRE_SHARED();
  check_truncations((test::shared_dir() / "captures/curl_google.scap").string(), Compression::None, 37);
}

// The bundled sample is cut at every byte (and the compressed forms every few bytes): in-repo,
// so this runs wherever the tests do.
TEST(CorruptInput, EveryTruncationOfTheSample) {
  const auto sample = (test::samples_dir() / "shell-session.scap").string();
  check_truncations(sample, Compression::None, 1);
  check_truncations(sample, Compression::Gzip, 7);
  check_truncations(sample, Compression::Zstd, 7);
}

TEST(CorruptInput, TruncatedGzipAndZstdStreams) {
  SAKER_REQUIRE_SHARED();
  check_truncations((test::shared_dir() / "captures/sample.scap").string(), Compression::Gzip, 1511);
  check_truncations((test::shared_dir() / "captures/sample.scap").string(), Compression::Zstd, 1511);
}

TEST(CorruptInput, TruncatedCompressedFileKeepsEarlierEvents) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto src = (test::shared_dir() / "captures/connect_localhost.scap").string();  // gzip
  std::string gz = test::read_file(src);
  auto full = test::read_all(src);
  auto cut = (dir / "cut.scap.gz").string();
  // Cut inside the event blocks at the end, so the metadata is whole.
  test::write_file(cut, std::string_view(gz).substr(0, gz.size() - 300));
  std::string error;
  auto got = test::read_all(cut, &error);
  EXPECT_FALSE(error.empty());
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  ASSERT_GT(got.size(), 0u);
  ASSERT_LT(got.size(), full.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], full[i]) << i;
}

TEST(CorruptInput, RandomBitFlipsNeverCrash) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  std::mt19937_64 rng(42);
  for (const char* f : {"sample.scap", "curl_google.scap", "cat_write.scap"}) {
    std::string all = test::stream_bytes((test::shared_dir() / "captures" / f).string());
    for (int round = 0; round < 60; ++round) {
      std::string bad = all;
      for (int k = 0; k < 8; ++k) bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
      auto path = (dir / "flipped.scap").string();
      test::write_file(path, bad);
      try {
        Reader r(path, test::every_event());
        EventView ev;
        std::string sink;
        while (r.next(ev)) {
          for (uint32_t i = 0; i < ev.nparams; ++i) sink.append(ev.params[i].bytes().substr(0, 4));
        }
      } catch (const CaptureError& e) {
        EXPECT_EQ(e.path(), path);
      }
    }
  }
}

// A tiny capture written with the writer: two events.
std::string write_small(const std::string& path) {
  Metadata m;
  m.machine = MachineInfo{2, 1 << 30, 0, "host", 0, 0};
  Writer w(path);
  w.begin_section(m);
  EventBuilder b;
  w.write_event(b.begin(EventType::SyscallCloseE, 1000, 42).num<int64_t>(3).view());  // close enter
  w.write_event(
      b.begin(EventType::SyscallCloseX, 2000, 42).num<int64_t>(0).num<int64_t>(3).view());  // close exit
  w.close();
  return test::stream_bytes(path);
}

TEST(CorruptInput, OversizedLengthsAreReportedWithTheirOffset) {
  test::TempDir dir;
  auto path = (dir / "small.scap").string();
  std::string all = write_small(path);
  Layout l = layout_of(path);
  ASSERT_EQ(l.event_offsets.size(), 2u);
  uint64_t second = l.event_offsets[1];

  {  // block length past the end of the file
    std::string bad = all;
    uint32_t huge = 1u << 20;
    std::memcpy(&bad[second + 4], &huge, 4);
    test::write_file(path, bad);
    std::string error;
    auto got = test::read_all(path, &error);
    EXPECT_EQ(got.size(), 1u);
    EXPECT_NE(error.find("offset " + std::to_string(second)), std::string::npos) << error;
  }
  {  // event length larger than its block
    std::string bad = all;
    uint32_t huge = 60000;
    std::memcpy(&bad[second + 8 + 2 + 16], &huge, 4);
    test::write_file(path, bad);
    std::string error;
    auto got = test::read_all(path, &error);
    EXPECT_EQ(got.size(), 1u);
    EXPECT_NE(error.find("event length"), std::string::npos) << error;
  }
  {  // a parameter length past the event
    std::string bad = all;
    uint16_t big = 5000;
    std::memcpy(&bad[second + 8 + 2 + 26], &big, 2);
    test::write_file(path, bad);
    std::string error;
    auto got = test::read_all(path, &error);
    EXPECT_EQ(got.size(), 1u);
    EXPECT_NE(error.find("parameter"), std::string::npos) << error;
  }
  {  // nparams far too large
    std::string bad = all;
    uint32_t many = 0x7fffffff;
    std::memcpy(&bad[second + 8 + 2 + 22], &many, 4);
    test::write_file(path, bad);
    std::string error;
    auto got = test::read_all(path, &error);
    EXPECT_EQ(got.size(), 1u);
    EXPECT_FALSE(error.empty());
  }
}

TEST(CorruptInput, ListEntryLengthsTooSmallAreReportedWithTheirOffset) {
  test::TempDir dir;
  auto path = (dir / "lists.scap").string();
  Metadata m;
  m.threads = {test::thread_entry(7, "app")};
  m.fd_tables = {test::file_fds(7, {3}, "/tmp/x")};
  m.users = {{1000, 1000, "alice", "/home/alice", "/bin/bash"}};
  {
    Writer w(path);
    w.begin_section(m);
    w.close();
  }
  const std::string all = test::read_file(path);
  // Where each list's first entry starts: after the block header, and the tid in an fd list.
  const std::pair<uint32_t, const char*> lists[] = {
      {kProcessListV9Block, "process"}, {kFdListV2Block, "fd"}, {kUserListV2Block, "user"}};
  for (auto [type, name] : lists) {
    SCOPED_TRACE(name);
    size_t entry = 0;
    for (size_t at = 0; at + 8 <= all.size();) {
      uint32_t btype, blen;
      std::memcpy(&btype, &all[at], 4);
      std::memcpy(&blen, &all[at + 4], 4);
      if (btype == type) entry = at + (type == kFdListV2Block ? 16 : 8);
      at += blen;
    }
    ASSERT_NE(entry, 0u);
    std::string bad = all;
    const uint32_t two = 2;
    std::memcpy(&bad[entry], &two, 4);
    test::write_file(path, bad);
    try {
      Reader r(path, test::every_event());
      ADD_FAILURE() << "no error";
    } catch (const CaptureError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::string(name) + " entry length 2 is too small"), std::string::npos) << msg;
      EXPECT_NE(msg.find("offset " + std::to_string(entry)), std::string::npos) << msg;
    }
  }
}

TEST(CorruptInput, AHugeBlockLengthDoesNotAllocateWhatTheFileLacks) {
  test::TempDir dir;
  auto path = (dir / "small.scap").string();
  std::string all = write_small(path);
  Layout l = layout_of(path);
  uint64_t second = l.event_offsets[1];
  // The largest length accepted (1 GiB) on a block with a few bytes behind it.
  uint32_t huge = (1u << 30) - 4;
  std::memcpy(&all[second + 4], &huge, 4);
  test::write_file(path, all);
  const long before = test::rss_kib();
  std::string error;
  auto got = test::read_all(path, &error);
  const long grown_mib = (test::rss_kib() - before) / 1024;
  EXPECT_EQ(got.size(), 1u);
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  EXPECT_NE(error.find("offset " + std::to_string(second)), std::string::npos) << error;
  EXPECT_LT(grown_mib, 64) << "reading grew resident memory by " << grown_mib << " MiB";
}

TEST(CorruptInput, ManyHugeBlockHeadersInARow) {
  // Every block claims far more than the file holds: one clear error, no allocation storm.
  test::TempDir dir;
  auto path = (dir / "small.scap").string();
  std::string all = write_small(path);
  Layout l = layout_of(path);
  std::string bad = all.substr(0, l.event_offsets[0]);
  for (int i = 0; i < 1000; ++i) {
    uint32_t hdr[2] = {0x216, (1u << 30) - 4};
    bad.append(reinterpret_cast<const char*>(hdr), sizeof hdr);
  }
  test::write_file(path, bad);
  std::string error;
  auto got = test::read_all(path, &error);
  EXPECT_TRUE(got.empty());
  EXPECT_NE(error.find("offset " + std::to_string(l.event_offsets[0])), std::string::npos) << error;
}

TEST(CorruptInput, ParameterLengthsPastTheBlockInEveryEventOfTheSample) {
  // For each event of the sample, its first parameter length is set past the block: the
  // events before it come back intact, then an error naming the parameter.
  test::TempDir dir;
  const auto sample = (test::samples_dir() / "shell-session.scap").string();
  std::string all = test::stream_bytes(sample);
  auto full = test::read_all(sample);
  Layout l = layout_of(sample);
  auto path = (dir / "bad.scap").string();
  for (size_t k = 0; k < l.event_offsets.size(); ++k) {
    uint64_t at = l.event_offsets[k];
    std::string bad = all;
    uint32_t nparams;
    std::memcpy(&nparams, &bad[at + 8 + 2 + 22], 4);
    if (nparams == 0) continue;
    uint16_t big = 0xfff0;
    std::memcpy(&bad[at + 8 + 2 + 26], &big, 2);
    test::write_file(path, bad);
    std::string error;
    auto got = test::read_all(path, &error);
    SCOPED_TRACE("event " + std::to_string(k));
    ASSERT_EQ(got.size(), k);
    for (size_t i = 0; i < k; ++i) EXPECT_EQ(got[i], full[i]);
    EXPECT_NE(error.find("parameter 0"), std::string::npos) << error;
    EXPECT_NE(error.find(path), std::string::npos) << error;
  }
}

TEST(CorruptInput, MetadataBeyondTheLimitsIsSkippedWithAWarning) {
  // Process and fd lists as long as a hostile file likes: the reader keeps what its limits
  // allow (small here), warns once, and still delivers the events.
  test::TempDir dir;
  auto path = (dir / "big-metadata.scap").string();
  Metadata m;
  for (uint64_t tid = 1; tid <= 3000; ++tid) {
    m.threads.push_back(test::thread_entry(tid, "p"));
    m.fd_tables.push_back(test::file_fds(tid, {0, 1}, "/f"));
  }
  {
    Writer w(path);
    w.begin_section(m);
    EventBuilder b;
    w.write_event(b.begin(EventType::SyscallCloseE, 1000, 42).num<int64_t>(3).view());
    w.write_event(b.begin(EventType::SyscallCloseX, 2000, 42).num<int64_t>(0).num<int64_t>(3).view());
    w.close();
  }
  ReaderOptions opts;
  std::vector<std::string> warnings;
  opts.on_warning = [&](const std::string& w) { warnings.push_back(w); };
  opts.max_metadata_threads = 1000;
  opts.max_metadata_fds = 500;
  Reader r(path, test::every_event(opts));
  EXPECT_EQ(r.metadata().threads.size(), 1000u);
  size_t fds = 0;
  for (const auto& t : r.metadata().fd_tables) fds += t.fds.size();
  EXPECT_EQ(fds, 500u);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("more than 1000 threads"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("more than 500 fds"), std::string::npos) << warnings[1];
  EventView ev;
  int n = 0;
  while (r.next(ev)) ++n;
  EXPECT_EQ(n, 2);
  // The defaults keep all of it.
  Reader all(path, test::every_event());
  EXPECT_EQ(all.metadata().threads.size(), 3000u);
}

TEST(CorruptInput, UnknownBlocksAreSkippedWithOneWarningEach) {
  test::TempDir dir;
  auto path = (dir / "small.scap").string();
  Metadata m;
  {
    Writer w(path);
    w.begin_section(m);
    const char custom[8] = "saker!!";
    w.write_block(0x5A4B0001, custom, sizeof custom);
    w.write_block(0x5A4B0001, custom, sizeof custom);
    EventBuilder b;
    w.write_event(b.begin(EventType::SyscallCloseE, 1000, 42).num<int64_t>(3).view());
    w.close();
  }
  std::vector<std::string> warnings;
  ReaderOptions with_warnings = test::every_event();
  with_warnings.on_warning = [&](const std::string& w) { warnings.push_back(w); };
  Reader r(path, with_warnings);
  EventView ev;
  int n = 0;
  while (r.next(ev)) ++n;
  EXPECT_EQ(n, 1);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("0x5a4b0001"), std::string::npos) << warnings[0];
}

TEST(CorruptInput, NotACaptureIsAClearError) {
  test::TempDir dir;
  auto path = (dir / "text.scap").string();
  test::write_file(path, "hello, this is not a capture at all\n");
  try {
    Reader r(path, test::every_event());
    FAIL() << "expected an error";
  } catch (const CaptureError& e) {
    EXPECT_NE(std::string(e.what()).find("not a .scap capture"), std::string::npos) << e.what();
  }
  test::write_file(path, "");
  EXPECT_THROW(Reader r(path, test::every_event()), CaptureError);
  EXPECT_THROW(Reader r((dir / "missing.scap").string(), test::every_event()), CaptureError);
}

}  // namespace
}  // namespace saker::scap
