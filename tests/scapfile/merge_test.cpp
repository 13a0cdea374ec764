// merge_captures: a k-way merge by timestamp, stable, with the first input's state tables.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture_builders.h"
#include "event_compare.h"
#include "file_bytes.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/merge.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::scap {
namespace {

Metadata machine(const std::string& host, const std::string& comm) {
  Metadata m;
  MachineInfo mi;
  mi.num_cpus = 2;
  mi.memory_bytes = 1 << 30;
  mi.hostname = host;
  mi.boot_ts = 1700000000000000000ull;
  m.machine = mi;
  m.threads.push_back(test::thread_entry(100, comm));
  return m;
}

// A capture of close enter events: (timestamp, fd) each, the fd telling them apart.
void write_capture(const std::string& path, const Metadata& meta,
                   const std::vector<std::pair<uint64_t, int64_t>>& evs, Compression c = Compression::None) {
  WriterOptions o;
  o.compression = c;
  Writer w(path, o);
  w.begin_section(meta);
  EventBuilder b;
  for (const auto& e : evs)
    w.write_event(b.begin(EventType::SyscallCloseE, e.first, 100).num<int64_t>(e.second).view());
  w.close();
}

std::vector<std::pair<uint64_t, int64_t>> ts_and_fd(const std::string& path) {
  std::vector<std::pair<uint64_t, int64_t>> out;
  for (const auto& ev : test::read_all(path)) {
    int64_t fd = 0;
    std::memcpy(&fd, ev.params.at(0).data(), sizeof fd);
    out.emplace_back(ev.ts, fd);
  }
  return out;
}

using Events = std::vector<std::pair<uint64_t, int64_t>>;

TEST(Merge, OverlappingInputsComeOutByTimeEqualTimesInInputOrder) {
  test::TempDir dir;
  auto a = (dir / "a.scap").string(), b = (dir / "b.scap.zst").string(), out = (dir / "out.scap").string();
  write_capture(a, machine("host", "alpha"), {{10, 1}, {30, 2}, {30, 3}, {50, 4}});
  write_capture(b, machine("host", "beta"), {{20, 101}, {30, 102}, {40, 103}, {60, 104}}, Compression::Zstd);
  auto r = merge_captures({a, b}, out, {});
  EXPECT_FALSE(r.read_error);
  EXPECT_EQ(r.events_read, 8u);
  EXPECT_EQ(r.first_ts, 10u);
  EXPECT_EQ(r.last_ts, 60u);
  EXPECT_EQ(ts_and_fd(out),
            (Events{{10, 1}, {20, 101}, {30, 2}, {30, 3}, {30, 102}, {40, 103}, {50, 4}, {60, 104}}));
  // The first input's state tables only.
  Reader merged(out);
  ASSERT_EQ(merged.metadata().threads.size(), 1u);
  EXPECT_EQ(merged.metadata().threads[0].comm, "alpha");
  // The other order: b's tables, b's event first at equal times.
  std::filesystem::remove(out);
  merge_captures({b, a}, out, {});
  EXPECT_EQ(ts_and_fd(out),
            (Events{{10, 1}, {20, 101}, {30, 102}, {30, 2}, {30, 3}, {40, 103}, {50, 4}, {60, 104}}));
  EXPECT_EQ(Reader(out).metadata().threads.at(0).comm, "beta");
}

TEST(Merge, EachInputKeepsItsOwnOrder) {
  test::TempDir dir;
  auto a = (dir / "a.scap").string(), b = (dir / "b.scap.gz").string(), out = (dir / "out.scap").string();
  // Events of several CPUs are not always stored in time order: a file's order is kept.
  write_capture(a, machine("host", "alpha"), {{30, 1}, {10, 2}, {40, 3}});
  write_capture(b, machine("host", "alpha"), {{20, 101}, {35, 102}}, Compression::Gzip);
  merge_captures({a, b}, out, {});
  EXPECT_EQ(ts_and_fd(out), (Events{{20, 101}, {30, 1}, {10, 2}, {35, 102}, {40, 3}}));
}

TEST(Merge, AnotherMachineIsRefusedUnlessAllowed) {
  test::TempDir dir;
  auto a = (dir / "a.scap").string(), b = (dir / "b.scap").string(), out = (dir / "out.scap").string();
  write_capture(a, machine("web-1", "alpha"), {{10, 1}});
  write_capture(b, machine("web-2", "alpha"), {{20, 2}});
  try {
    merge_captures({a, b}, out, {});
    ADD_FAILURE() << "no error";
  } catch (const CommandError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    std::string what = e.what();
    EXPECT_NE(what.find(a), std::string::npos) << what;
    EXPECT_NE(what.find(b), std::string::npos) << what;
    EXPECT_NE(what.find("'web-1' and 'web-2'"), std::string::npos) << what;
  }
  EXPECT_FALSE(std::filesystem::exists(out));
  // Another boot of the same host is another machine too.
  auto c = (dir / "c.scap").string();
  auto rebooted = machine("web-1", "alpha");
  rebooted.machine->boot_ts += 1;
  write_capture(c, rebooted, {{20, 2}});
  EXPECT_THROW(merge_captures({a, c}, out, {}), CommandError);
  MergeOptions allow;
  allow.allow_other_machines = true;
  auto r = merge_captures({a, b, c}, out, allow);
  EXPECT_EQ(r.events_read, 3u);
  EXPECT_EQ(Reader(out).metadata().machine->hostname, "web-1");
}

TEST(Merge, ADamagedInputKeepsItsEventsBeforeTheDamage) {
  test::TempDir dir;
  auto a = (dir / "a.scap").string(), b = (dir / "b.scap").string(), out = (dir / "out.scap").string();
  write_capture(a, machine("host", "alpha"), {{10, 1}, {30, 2}, {50, 3}});
  write_capture(b, machine("host", "alpha"), {{20, 101}, {40, 102}, {60, 103}});
  // Cut b inside its last event block.
  auto bytes = test::read_file(b);
  test::write_file(b, bytes.substr(0, bytes.size() - 6));
  auto r = merge_captures({a, b}, out, {});
  ASSERT_TRUE(r.read_error);
  EXPECT_EQ(r.read_error->rfind(b + ": offset ", 0), 0u) << *r.read_error;
  EXPECT_FALSE(r.inputs[0].read_error);
  EXPECT_EQ(r.inputs[1].read_error, r.read_error);
  EXPECT_EQ(r.inputs[1].events, 2u);
  EXPECT_EQ(ts_and_fd(out), (Events{{10, 1}, {20, 101}, {30, 2}, {40, 102}, {50, 3}}));
}

// The bundled sample cut at every 23rd byte and merged with a capture before it: never more
// than the events before the cut, in order; a cut in the metadata is an error naming the file.
TEST(Merge, EveryCutOfAnInputKeepsItsEventsBeforeTheCut) {
  test::TempDir dir;
  const std::string sample = test::samples_dir() / "shell-session.scap";
  const std::string bytes = test::read_file(sample);
  const auto whole = test::read_all(sample);
  auto a = (dir / "a.scap").string(), b = (dir / "b.scap").string(), out = (dir / "out.scap").string();
  write_capture(a, Reader(sample).metadata(), {{1, 1}, {2, 2}});
  size_t errors = 0, merged = 0;
  for (size_t cut = 0; cut <= bytes.size(); cut += 23) {
    test::write_file(b, std::string_view(bytes).substr(0, cut));
    std::filesystem::remove(out);
    try {
      auto r = merge_captures({a, b}, out, {});
      ++merged;
      auto got = test::read_all(out);
      ASSERT_GE(got.size(), 2u) << cut;
      ASSERT_LE(got.size() - 2, whole.size()) << cut;
      for (size_t i = 2; i < got.size(); ++i) {
        EXPECT_EQ(got[i].ts, whole[i - 2].ts) << cut;
        EXPECT_EQ(got[i].type, whole[i - 2].type) << cut;
        EXPECT_EQ(got[i].tid, whole[i - 2].tid) << cut;
      }
      if (r.read_error) {
        EXPECT_EQ(r.read_error->rfind(b + ": offset ", 0), 0u) << *r.read_error;
      } else {
        EXPECT_EQ(r.inputs[1].events, got.size() - 2);
      }
    } catch (const CaptureError& e) {
      ++errors;
      EXPECT_EQ(e.path(), b);
    }
  }
  EXPECT_GT(merged, 10u);
  EXPECT_GT(errors, 0u);
}

TEST(Merge, AnUnreadableInputIsAnErrorNamingIt) {
  test::TempDir dir;
  auto a = (dir / "a.scap").string(), out = (dir / "out.scap").string();
  write_capture(a, machine("host", "alpha"), {{10, 1}});
  test::write_file(dir / "junk.scap", "not a capture at all, not at all");
  try {
    merge_captures({a, (dir / "junk.scap").string()}, out, {});
    ADD_FAILURE() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_EQ(e.path(), (dir / "junk.scap").string());
  }
  EXPECT_THROW(merge_captures({}, out, {}), CommandError);
}

}  // namespace
}  // namespace saker::scap
