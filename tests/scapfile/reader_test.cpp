#include <gtest/gtest.h>

#include <fstream>

#include "event_compare.h"
#include "every_event.h"
#include "saker/scap/byte_sink.h"
#include "saker/scap/byte_source.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::scap {
namespace {

using test::read_all;

// Facts about the shared captures from an independent parser (scap-format.md, Appendix B).
struct Expected {
  const char* file;
  Compression compression;
  uint16_t major, minor;
  const char* pl_block;
  uint64_t pl_blocks, fd_blocks, event_blocks;
  size_t threads, fds, users, groups;
};

const Expected kExpected[] = {
    {"cat_write.scap", Compression::Gzip, 1, 0, "PL_V6", 1, 73, 345, 73, 384, 32, 61},
    {"connect_localhost.scap", Compression::Gzip, 1, 0, "PL_V7", 1, 184, 374, 184, 690, 41, 71},
    {"curl_google.scap", Compression::None, 1, 0, "PL_V5", 1, 54, 1536, 54, 316, 0, 0},
    {"sample.scap", Compression::None, 1, 2, "PL_V9", 1, 94, 572, 94, 515, 34, 61},
    {"psp_privileged.scap", Compression::Gzip, 1, 2, "PL_V9", 1, 100, 2059, 100, 644, 0, 0},
};

uint64_t count_of(const std::map<std::string, uint64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

TEST(Reader, SharedCapturesMatchTheirKnownStructure) {
  SAKER_REQUIRE_SHARED();
  for (const auto& x : kExpected) {
    SCOPED_TRACE(x.file);
    Reader r((test::shared_dir() / "captures" / x.file).string(), test::every_event());
    EXPECT_EQ(r.compression(), x.compression);
    const auto& m = r.metadata();
    EXPECT_EQ(m.section.major, x.major);
    EXPECT_EQ(m.section.minor, x.minor);
    EXPECT_EQ(count_of(m.block_counts, x.pl_block), x.pl_blocks);
    EXPECT_EQ(m.threads.size(), x.threads);
    size_t fds = 0;
    for (const auto& t : m.fd_tables) fds += t.fds.size();
    EXPECT_EQ(fds, x.fds);
    EXPECT_EQ(m.fd_tables.size(), x.fd_blocks);
    if (x.users) {
      EXPECT_EQ(m.users.size(), x.users);
    }
    if (x.groups) {
      EXPECT_EQ(m.groups.size(), x.groups);
    }
    EventView ev;
    uint64_t n = 0;
    while (r.next(ev)) ++n;
    EXPECT_EQ(n, x.event_blocks);
    EXPECT_EQ(r.stats().skipped_events, 0u);
  }
}

TEST(Reader, SampleMachineInfoAndProcessTail) {
  SAKER_REQUIRE_SHARED();
  Reader r((test::shared_dir() / "captures/sample.scap").string(), test::every_event());
  ASSERT_TRUE(r.metadata().machine.has_value());
  EXPECT_EQ(r.metadata().machine->num_cpus, 4u);
  EXPECT_EQ(r.metadata().machine->hostname, "ubuntu2204.localdomain");
  EXPECT_EQ(r.metadata().machine->boot_ts, 1690556576768000000ull);
  for (const auto& t : r.metadata().threads) EXPECT_EQ(t.tail_len, 66u) << t.tid;
}

// As libs number them (sinsp::next): the initial-state events come first and are numbered,
// parsed and not returned; the events after them count on (libs' golden of sample.scap starts
// at 96).
TEST(Reader, InitialStateEventsAreNumberedButNotReturned) {
  SAKER_REQUIRE_SHARED();
  Reader r((test::shared_dir() / "captures/sample.scap").string());
  EventView ev;
  uint64_t initial = 0, expected_num = 1;
  while (r.next(ev)) {
    EXPECT_EQ(ev.num, expected_num++);
    if (ev.initial_state) {
      ++initial;
      EXPECT_EQ(ev.fate, EventFate::kParserOnly);
      EXPECT_TRUE(ev.event_type() == EventType::UserAddedE || ev.event_type() == EventType::GroupAddedE)
          << ev.type;
    } else {
      EXPECT_TRUE(ev.returned()) << ev.num;
    }
  }
  EXPECT_EQ(initial, 34u + 61u);  // useradded x34, groupadded x61
}

// libs' converter drops old enter events (their parameters complete the exit), and sinsp
// parses but never returns the enters it still passes (open, connect, execve, ...): dropped
// events are not delivered nor numbered, parser-only ones are numbered.
TEST(Reader, EnterEventsAreDroppedOrParserOnlyAsInLibs) {
  SAKER_REQUIRE_SHARED();
  const std::string path = (test::shared_dir() / "captures/cat_write.scap").string();
  uint64_t delivered = 0, parser_only = 0, last = 0;
  {
    Reader r(path);
    EventView ev;
    while (r.next(ev)) {
      ++delivered;
      EXPECT_NE(ev.fate, EventFate::kDropped);
      EXPECT_EQ(ev.num, last + 1);  // every delivered event is numbered, in order
      last = ev.num;
      if (ev.fate == EventFate::kParserOnly) {
        ++parser_only;
        EXPECT_TRUE(ev.is_enter()) << ev.name();
      }
      if (ev.is_enter() && ev.name() == "read") ADD_FAILURE() << "a read enter was delivered";
    }
    EXPECT_GT(r.stats().dropped_events, 0u);
    EXPECT_EQ(r.stats().dropped_events + delivered, r.stats().events + r.stats().dropped_events);
  }
  EXPECT_GT(parser_only, 0u);  // open enters
  ReaderOptions all;
  all.deliver_dropped = true;
  Reader r(path, all);
  EventView ev;
  uint64_t every = 0, dropped = 0;
  while (r.next(ev)) {
    ++every;
    if (ev.fate == EventFate::kDropped) {
      ++dropped;
      EXPECT_EQ(ev.num, 0u);
    }
  }
  EXPECT_EQ(every, delivered + dropped);
  EXPECT_GT(dropped, 0u);
}

TEST(Reader, OldExecveIsUpgradedToTheCurrentLayout) {
  SAKER_REQUIRE_SHARED();
  Reader r((test::shared_dir() / "captures/cat_write.scap").string(), test::every_event());
  EventView ev;
  bool seen = false;
  while (r.next(ev)) {
    if (ev.name() != "execve" || ev.is_enter()) continue;
    seen = true;
    EXPECT_EQ(ev.event_type(), EventType::SyscallExecve_19X);  // the current execve exit
    EXPECT_NE(ev.wire_type, type_id(EventType::SyscallExecve_19X));
    EXPECT_EQ(ev.nparams, event_info(EventType::SyscallExecve_19X).params.size());
    ASSERT_NE(ev.param("comm"), nullptr);
    EXPECT_EQ(ev.param("comm")->str(), "cat");
    EXPECT_EQ(ev.param("exe")->str(), "cat");
  }
  EXPECT_TRUE(seen);
}

TEST(Reader, OldShortExitGetsItsEnterParameters) {
  SAKER_REQUIRE_SHARED();
  Reader r((test::shared_dir() / "captures/curl_google.scap").string(), test::every_event());
  EventView ev;
  int64_t enter_fd = -1;
  uint32_t enter_size = 0;
  int checked = 0;
  while (r.next(ev)) {
    if (ev.event_type() == EventType::SyscallReadE) {  // fd, size
      enter_fd = ev.params[0].as<int64_t>();
      enter_size = ev.params[1].as<uint32_t>();
    } else if (ev.event_type() == EventType::SyscallReadX) {  // stored as res, data
      EXPECT_EQ(ev.wire_nparams, 2u);
      ASSERT_EQ(ev.nparams, 4u);
      EXPECT_EQ(ev.param("fd")->as<int64_t>(), enter_fd);
      EXPECT_EQ(ev.param("size")->as<uint32_t>(), enter_size);
      ++checked;
    }
  }
  EXPECT_GT(checked, 10);
}

TEST(Reader, CompressedAndPlainCopiesReadTheSame) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  for (const auto& path : test::shared_captures()) {
    SCOPED_TRACE(path.string());
    // Decompress through the reader's own byte source, then recompress with each codec.
    auto src = open_byte_source(path.string());
    std::vector<char> all;
    char buf[65536];
    for (size_t n; (n = src->read(buf, sizeof buf)) > 0;) all.insert(all.end(), buf, buf + n);
    auto original = read_all(path.string());
    for (auto c : {Compression::None, Compression::Gzip, Compression::Zstd}) {
      auto out = (dir / ("copy." + std::string(compression_name(c)))).string();
      {
        auto sink = create_byte_sink(out, c);
        sink->write(all.data(), all.size());
        sink->close();
      }
      EXPECT_EQ(open_byte_source(out)->compression(), c);
      EXPECT_EQ(read_all(out), original) << compression_name(c);
    }
  }
}

TEST(Reader, ConcatenatedGzipMembersAndSectionsAreRead) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto path = (test::shared_dir() / "captures/cat_write.scap").string();
  auto src = open_byte_source(path);
  std::vector<char> all;
  char buf[65536];
  for (size_t n; (n = src->read(buf, sizeof buf)) > 0;) all.insert(all.end(), buf, buf + n);
  // Two gzip members, each a whole section: one capture of two sections.
  auto out = (dir / "twice.scap.gz").string();
  {
    auto a = create_byte_sink(out + ".a", Compression::Gzip);
    a->write(all.data(), all.size());
    a->close();
  }
  std::string member;
  {
    std::ifstream in(out + ".a", std::ios::binary);
    member.assign(std::istreambuf_iterator<char>(in), {});
  }
  {
    std::ofstream o(out, std::ios::binary);
    o << member << member;
  }
  auto once = read_all(path);
  Reader r(out, test::every_event());
  EventView ev;
  uint64_t n = 0, second = 0;
  while (r.next(ev)) {
    ++n;
    if (ev.section == 1) ++second;
  }
  EXPECT_EQ(n, 2 * once.size());
  EXPECT_EQ(second, once.size());
  EXPECT_EQ(r.stats().sections, 2u);
}

TEST(Reader, SeekEventRereadsTheSameEvent) {
  SAKER_REQUIRE_SHARED();
  for (const char* f : {"curl_google.scap", "psp_privileged.scap"}) {
    SCOPED_TRACE(f);
    auto path = (test::shared_dir() / "captures" / f).string();
    std::vector<std::pair<uint64_t, test::OwnedEvent>> picks;
    {
      Reader r(path, test::every_event());
      EventView ev;
      uint64_t i = 0;
      while (r.next(ev))
        if (++i % 97 == 0) picks.emplace_back(ev.offset, test::own(ev));
    }
    ASSERT_FALSE(picks.empty());
    Reader r(path, test::every_event());
    EventView ev;
    for (auto it = picks.rbegin(); it != picks.rend(); ++it) {  // backwards: real random access
      r.seek_event(it->first, it->second.num);
      ASSERT_TRUE(r.next(ev));
      auto got = test::own(ev);
      EXPECT_EQ(got.type == it->second.type || ev.wire_type == it->second.type, true);
      EXPECT_EQ(got.ts, it->second.ts);
      EXPECT_EQ(got.tid, it->second.tid);
      EXPECT_EQ(got.num, it->second.num);
    }
  }
}

// event_at() reads an event at its offset as next() reads it, leaves next() where
// it was, reports offsets where no event block lies, and declines compressed captures.
TEST(Reader, EventAtReadsInPlaceWhatNextReads) {
  auto path = (test::samples_dir() / "shell-session.scap").string();
  std::vector<std::pair<uint64_t, test::OwnedEvent>> all;
  {
    Reader r(path, test::every_event());
    EventView ev;
    while (r.next(ev)) all.emplace_back(ev.offset, test::own(ev));
  }
  ASSERT_GT(all.size(), 50u);
  Reader r(path, test::every_event());
  EventView ev, in_place;
  ASSERT_TRUE(r.next(ev));
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (!it->second.num) continue;  // (initial-state events are unnumbered)
    ASSERT_TRUE(r.event_at(it->first, it->second.num, in_place));
    EXPECT_EQ(test::own(in_place), it->second);
    EXPECT_EQ(in_place.offset, it->first);
  }
  ASSERT_TRUE(r.next(ev));  // next() goes on where it was
  EXPECT_EQ(test::own(ev), all[1].second);
  uint64_t size = std::filesystem::file_size(path);
  for (uint64_t bad : {uint64_t{0}, all[3].first + 4, size - 4, size, size + 100, ~uint64_t{0}}) {
    try {
      r.event_at(bad, 1, in_place);
      ADD_FAILURE() << "no error at offset " << bad;
    } catch (const CaptureError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
  test::TempDir dir;
  auto zst = (dir / "c.scap.zst").string();
  {
    Reader in(path, test::every_event());
    WriterOptions o;
    o.profile = WriterProfile::Current;
    o.compression = Compression::Zstd;
    Writer w(zst, o);
    w.begin_section(in.metadata());
    while (in.next(ev)) w.write_event(ev);
    w.close();
  }
  Reader z(zst, test::every_event());
  EXPECT_FALSE(z.event_at(all[5].first, 1, in_place));
}

}  // namespace
}  // namespace saker::scap

#include "big_endian.h"
#include "file_bytes.h"

namespace saker::scap {
namespace {

TEST(Reader, BigEndianCapturesReadTheSame) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  for (const char* f : {"sample.scap", "curl_google.scap", "psp_privileged.scap"}) {
    SCOPED_TRACE(f);
    // Saker's own little-endian rewrite of the capture, then the same bytes big-endian.
    auto le = (dir / "le.scap").string();
    {
      Reader r((test::shared_dir() / "captures" / f).string(), test::every_event());
      WriterOptions o;
      o.profile = WriterProfile::Current;
      Writer w(le, o);
      w.begin_section(r.metadata());
      EventView ev;
      while (r.next(ev)) w.write_event(ev);
    }
    auto be = (dir / "be.scap").string();
    test::write_file(be, test::BigEndianRewriter(test::read_file(le)).run());

    auto a = test::read_all(le), b = test::read_all(be);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << test::describe(a[i]);
    Reader ra(le, test::every_event()), rb(be);
    ASSERT_EQ(ra.metadata().threads.size(), rb.metadata().threads.size());
    for (size_t i = 0; i < ra.metadata().threads.size(); ++i) {
      const auto &x = ra.metadata().threads[i], &y = rb.metadata().threads[i];
      EXPECT_EQ(x.tid, y.tid);
      EXPECT_EQ(x.comm, y.comm);
      EXPECT_EQ(x.loginuid, y.loginuid);
      EXPECT_EQ(x.pgid, y.pgid);
    }
    ASSERT_EQ(ra.metadata().fd_tables.size(), rb.metadata().fd_tables.size());
    for (size_t i = 0; i < ra.metadata().fd_tables.size(); ++i)
      for (size_t k = 0; k < ra.metadata().fd_tables[i].fds.size(); ++k) {
        EXPECT_EQ(ra.metadata().fd_tables[i].fds[k].fd, rb.metadata().fd_tables[i].fds[k].fd);
        EXPECT_EQ(ra.metadata().fd_tables[i].fds[k].sport, rb.metadata().fd_tables[i].fds[k].sport);
      }
    EXPECT_EQ(ra.metadata().users.size(), rb.metadata().users.size());
    EXPECT_EQ(ra.metadata().interfaces.size(), rb.metadata().interfaces.size());
    ASSERT_TRUE(rb.metadata().machine.has_value());
    EXPECT_EQ(ra.metadata().machine->hostname, rb.metadata().machine->hostname);
    EXPECT_EQ(ra.metadata().machine->num_cpus, rb.metadata().machine->num_cpus);
  }
}

}  // namespace
}  // namespace saker::scap
