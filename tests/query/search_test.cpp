// saker search answers exactly as saker print does, through the index's narrowing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "command_runs.h"
#include "run_command.h"
#include "saker/query/filter_parser.h"
#include "saker/query/print_command.h"
#include "saker/query/search.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::query {
namespace {

using Output = test::CapturedOutput;
using test::capture_output;

using test_runs::print;

Output search(const std::string& capture, const std::string& filter, const std::string& format, int64_t limit,
              uint64_t jump_min = SearchOptions{}.jump_min) {
  SearchOptions o;
  o.jump_min = jump_min;
  return test_runs::search(o, capture, filter, format, limit);
}

// The time of the capture's middle event, for time-window filters.
uint64_t middle_ts(const std::string& capture) {
  std::vector<uint64_t> ts;
  scap::Reader r(capture);
  scap::EventView ev;
  while (r.next(ev))
    if (ev.num) ts.push_back(ev.ts);
  return ts.empty() ? 0 : ts[ts.size() / 2];
}

const std::vector<std::string> kFormats = {
    "",  // print's default layout
    "%evt.num %evt.reltime %proc.name %fd.name %user.name %evt.args",
    "*%evt.num %thread.tid %proc.pid %proc.ppid %proc.pname %proc.aname[2] %proc.apid[2] %proc.cmdline "
    "%proc.cwd %fd.num %fd.type %fd.cip %fd.sport %fd.connected %group.name %container.name %evt.args",
};

// Every filter and format, with and without -n, compared line for line with print. The
// search restores a checkpoint whenever one lies ahead of the next candidate (jump_min 1),
// so each jump must land exactly where the full replay would be.
void expect_filters_same_as_print(const std::string& capture, const std::vector<std::string>& filters,
                                  uint64_t jump_min = 1) {
  for (const auto& f : filters)
    for (const auto& p : kFormats)
      for (int64_t limit : {int64_t{-1}, int64_t{3}}) {
        auto want = print(capture, f, p, limit);
        auto got = search(capture, f, p, limit, jump_min);
        EXPECT_EQ(want.err.find("saker print: bad"), std::string::npos) << want.err;
        EXPECT_EQ(got.status, want.status) << capture << " '" << f << "' " << got.err;
        EXPECT_EQ(got.out, want.out) << capture << " filter '" << f << "' format '" << p << "' -n " << limit;
      }
}

// Indexes with a state checkpoint every few events, so searches restore states and seek
// into the capture many times.
void expect_same_as_print(const std::filesystem::path& original, const test::TempDir& dir,
                          uint64_t checkpoint_every = 3) {
  std::string capture = (dir / original.filename().string()).string();
  std::filesystem::copy_file(original, capture, std::filesystem::copy_options::overwrite_existing);
  IndexOptions io;
  io.checkpoint_every = checkpoint_every;
  build_index(capture, default_index_path(capture), io);
  std::string mid = std::to_string(middle_ts(capture));
  expect_filters_same_as_print(capture, {
                                            "",
                                            "evt.type = openat",
                                            "evt.type in (openat, connect, execve) and evt.dir = <",
                                            "proc.name = bash",
                                            "proc.name in (curl, cat, sudo, sshd)",
                                            "fd.name = /etc/shadow",
                                            "fd.name startswith /etc",
                                            "fd.name startswith /tmp and evt.dir = <",
                                            "evt.num >= 10 and evt.num < 40",
                                            "evt.num in (3, 50, 97, 1000)",
                                            "evt.num = 60 or evt.num = 20",
                                            "evt.rawtime >= " + mid,
                                            "evt.time < " + mid + " and evt.type != switch",
                                            "container.id = host",
                                            "container.id != host",
                                            "proc.name = bash or fd.name = /etc/passwd",
                                            "not evt.type = read",
                                            "evt.type = openat and not proc.name = cat",
                                            "fd.typechar = 4 and evt.num > 5",
                                            "proc.pname = bash and evt.type = execve",
                                        });
}

TEST(Search, SameAsPrintOnTheShellSession) {
  test::TempDir dir;
  expect_same_as_print(test::samples_dir() / "shell-session.scap", dir);
}

TEST(Search, SameAsPrintOnEveryRuleSample) {
  test::TempDir dir;
  for (const auto& e : std::filesystem::directory_iterator(test::samples_dir() / "rules"))
    if (e.path().extension() == ".scap") expect_same_as_print(e.path(), dir);
}

TEST(Search, SameAsPrintOnTheSharedCaptures) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  for (const auto& c : test::shared_captures()) expect_same_as_print(c, dir);
}

// A generated workload in zstd blocks: processes whose matches spread over the whole
// capture, children that exec and exit, sockets, ancestors; searched with checkpoints every
// 4096 events, once jumping to every checkpoint it can and once with the default jump rule.
TEST(Search, SameAsPrintOnASyntheticLoad) {
  test::TempDir dir;
  std::string capture = (dir / "load.scap").string();
  auto gen = test::run_command(std::string(SAKER_GENCAP) +
                               " --scenario load --events 200000 --compress zstd -o " + capture + " 2>&1");
  ASSERT_EQ(gen.status, 0) << gen.out;
  IndexOptions io;
  io.checkpoint_every = 4096;
  auto built = build_index(capture, default_index_path(capture), io);
  EXPECT_EQ(built.checkpoints, 29u);  // about 122,000 numbered events (libs drop the other enters)
  std::string mid = std::to_string(middle_ts(capture));
  const std::vector<std::string> filters = {
      "proc.name = worker3 and evt.type = execve",
      "proc.name = worker7 and evt.type = close and evt.dir = <",
      "proc.pname = worker3 and evt.type = procexit",
      "proc.name = helper and proc.pname = worker3",
      "evt.type = connect and evt.dir = < and fd.sport = 443 and evt.num > 90000",
      "fd.name = /etc/hosts and evt.num > 110000",
      "evt.rawtime >= " + mid + " and evt.rawtime < " + std::to_string(std::stoull(mid) + 200000),
      "thread.tid = 1003 and evt.type = openat",
      "evt.num in (1, 4096, 4097, 60000, 119999)",
  };
  expect_filters_same_as_print(capture, filters);
  expect_filters_same_as_print(capture, {filters[0], filters[2], filters[4]}, SearchOptions{}.jump_min);
}

TEST(Search, BuildsTheIndexOnFirstUseAndExplains) {
  test::TempDir dir;
  std::string capture = (dir / "s.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", capture);
  SearchOptions o;
  o.capture = capture;
  o.filter = "fd.name = /etc/shadow and evt.type = openat";
  o.explain = true;
  auto r = capture_output([&](std::FILE* out, std::FILE* err) { return run_search(o, out, err); });
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(std::filesystem::exists(default_index_path(capture)));
  EXPECT_NE(r.err.find("indexed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("narrowed by event types, fd.name (= /etc/shadow): 1 candidate events"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("/etc/shadow"), std::string::npos);
}

TEST(Search, CheckpointsAreUsedAndExact) {
  test::TempDir dir;
  std::string capture = (dir / "s.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", capture);
  IndexOptions io;
  io.checkpoint_every = 10;
  auto built = build_index(capture, default_index_path(capture), io);
  EXPECT_EQ(built.checkpoints, 7u);  // events 10, 20, ... 70 of 70 numbered as libs do
  SearchOptions o;
  o.capture = capture;
  o.filter = "evt.num in (35, 65)";
  o.format = "*%evt.num %proc.name %fd.name %proc.pname %proc.ppid %user.name %evt.args";
  o.explain = true;
  o.jump_min = 1;
  auto r = capture_output([&](std::FILE* out, std::FILE* err) { return run_search(o, out, err); });
  EXPECT_NE(r.err.find("2 checkpoint jumps"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, print(capture, o.filter, o.format, -1).out);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
  // By default a checkpoint is restored only when replaying what it skips costs more than
  // restoring it: never for 95 events.
  o.jump_min = SearchOptions{}.jump_min;
  auto d = capture_output([&](std::FILE* out, std::FILE* err) { return run_search(o, out, err); });
  EXPECT_NE(d.err.find("0 checkpoint jumps"), std::string::npos) << d.err;
  EXPECT_EQ(d.out, r.out);
}

TEST(Search, CheckpointJumpsThroughAZstdSeekTable) {
  // The sample 300 times over (3.6 MB, past the reader's 1 MiB buffer) as seekable zstd with a
  // frame every 500 events: each checkpoint jump decodes one frame through the seek table.
  test::TempDir dir;
  std::string capture = (dir / "s.scap.zst").string();
  {
    scap::Reader first((test::samples_dir() / "shell-session.scap").string());
    scap::WriterOptions wo;
    wo.compression = scap::Compression::Zstd;
    scap::Writer w(capture, wo);
    w.begin_section(first.metadata());
    uint64_t n = 0;
    for (int round = 0; round < 300; ++round) {
      scap::Reader r((test::samples_dir() / "shell-session.scap").string());
      scap::EventView ev;
      while (r.next(ev)) {
        ev.ts += uint64_t(round) * 1000000000ull;
        w.write_event(ev);
        if (++n % 500 == 0) w.flush();
      }
    }
    w.close();
  }
  uint64_t events = 0;
  {
    scap::Reader r(capture);
    ASSERT_TRUE(r.random_access());
    EXPECT_GT(r.seekable_frames(), 40u);
    scap::EventView ev;
    while (r.next(ev)) events = std::max(events, ev.num);
  }
  IndexOptions io;
  io.checkpoint_every = 1000;
  build_index(capture, default_index_path(capture), io);
  const std::string late = std::to_string(events - 20), mid = std::to_string(events / 2);
  for (const std::string& filter :
       {"evt.num in (" + mid + ", " + late + ")", "evt.num > " + late + " and fd.name startswith /etc",
        "evt.num in (5000, 12000, " + mid + ")"}) {
    SearchOptions o;
    o.capture = capture;
    o.filter = filter;
    o.format = "*%evt.num %proc.name %fd.name %proc.pname %proc.ppid %user.name %evt.args";
    o.explain = true;
    o.jump_min = 1;
    auto r = capture_output([&](std::FILE* out, std::FILE* err) { return run_search(o, out, err); });
    EXPECT_EQ(r.status, 0) << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, std::regex("(^|\\n)([0-9]+) checkpoint jumps"))) << r.err;
    EXPECT_GT(std::stoi(m[2]), 0) << r.err;
    EXPECT_EQ(r.out, print(capture, o.filter, o.format, -1).out) << filter;
    EXPECT_FALSE(r.out.empty()) << filter;
  }
}

TEST(Search, BadFiltersAndFormatsAreExitOne) {
  test::TempDir dir;
  std::string capture = (dir / "s.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", capture);
  auto r = search(capture, "proc.name = = bash", "", -1);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad filter at"), std::string::npos) << r.err;
  r = search(capture, "", "%nope.field", -1);
  EXPECT_EQ(r.status, 1);
}

Narrowing narrow(const std::string& f) {
  return extract_narrowing(*parse_filter(f));
}

TEST(Narrowing, OnlyTopLevelConjunctsNarrow) {
  auto n = narrow("proc.name = bash and (fd.name = /a or fd.name = /b) and evt.num > 10 and evt.num <= 20");
  ASSERT_EQ(n.strings.size(), 1u);
  EXPECT_EQ(n.strings[0].field, "proc.name");
  EXPECT_EQ(n.strings[0].equals, std::vector<std::string>{"bash"});
  EXPECT_EQ(n.num_lo, 11u);
  EXPECT_EQ(n.num_hi, 20u);
  EXPECT_FALSE(narrow("proc.name = bash or evt.num = 3").narrows());
  EXPECT_FALSE(narrow("not proc.name = bash").narrows());
  EXPECT_FALSE(narrow("proc.name != bash").narrows());
  EXPECT_FALSE(narrow("proc.name contains bash").narrows());
  EXPECT_FALSE(narrow("evt.num > -1").narrows());
  n = narrow("fd.name startswith /etc and evt.rawtime >= 100 and evt.time < 200");
  ASSERT_EQ(n.strings.size(), 1u);
  EXPECT_EQ(n.strings[0].prefixes, (std::vector<std::string>{"/etc"}));
  EXPECT_EQ(n.ts_lo, 100u);
  EXPECT_EQ(n.ts_hi, 199u);
  n = narrow("container.id in (abc, def)");
  ASSERT_EQ(n.strings.size(), 1u);
  EXPECT_EQ(n.strings[0].equals, (std::vector<std::string>{"abc", "def"}));
}

}  // namespace
}  // namespace saker::query
