// The index-answered search (no replay): the same lines as saker print, the path it takes
// said by --explain, fallbacks to the replay, compressed and damaged captures, and indexes
// that are old or malformed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "capture_builders.h"
#include "command_runs.h"
#include "run_command.h"
#include "saker/query/print_command.h"
#include "saker/query/search.h"
#include "saker/scap/event_table.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::query {
namespace {

constexpr const char* kIndexPath = "index-answered: every field is in the index";

using Output = test::CapturedOutput;

using test_runs::print;

Output search_of(const std::string& capture, const std::string& filter, const std::string& format,
                 int64_t limit = -1) {
  SearchOptions o;
  o.explain = true;
  return test_runs::search(o, capture, filter, format, limit);
}

// Formats the index answers: print's default, and every answerable field.
const std::vector<std::string> kAnsweredFormats = {
    "",
    "*%evt.num %evt.datetime %evt.reltime %thread.tid %proc.pid %proc.name %proc.pname %user.name "
    "%container.id "
    "%fd.type %fd.name %fd.filename",
    "*%evt.num %evt.type %evt.dir %evt.rawtype %evt.cpu %evt.res %evt.rawres %evt.failed "
    "%evt.is_io %evt.offset %evt.arg.fd %evt.arg[0] %evt.rawarg.res %evt.args",
};

// Search equals print for every filter, format and -n; `indexed` says which path each
// filter must take with the answerable formats.
void expect_same(const std::string& capture, const std::vector<std::string>& filters, bool indexed = true) {
  for (const auto& f : filters)
    for (const auto& p : kAnsweredFormats)
      for (int64_t limit : {int64_t{-1}, int64_t{2}}) {
        auto want = print(capture, f, p, limit);
        auto got = search_of(capture, f, p, limit);
        EXPECT_EQ(got.status, want.status) << capture << " '" << f << "' " << got.err;
        EXPECT_EQ(got.out, want.out) << capture << " filter '" << f << "' format '" << p << "' -n " << limit;
        EXPECT_EQ(got.err.find(kIndexPath) != std::string::npos, indexed) << f << "\n" << got.err;
      }
}

// fd.num, fd.typechar and fd.directory answer from the event and its thread when the fd has
// no entry (as libsinsp), which the index rows do not hold: searches with them replay.
const std::vector<std::string> kReplayedFilters = {
    "fd.typechar = 4 and evt.num > 5",
    "evt.type = close and fd.num > 2",
    "fd.directory = / and evt.type = mmap",
};

const std::vector<std::string> kFilters = {
    "evt.type = openat",
    "evt.type in (clone, execve, kill, tgkill, procexit) and evt.dir = <",
    "evt.type in (clone, execve, kill, tgkill, procexit)",
    "proc.name = bash",
    "proc.pname = bash and evt.type = execve",
    "proc.name in (curl, cat, sudo, sshd, git)",
    "fd.name startswith /etc",
    "evt.num >= 10 and evt.num < 60",
    "evt.num in (3, 50, 97, 1000)",
    "container.id = host and evt.type = execve",
    "evt.type = openat and not proc.name = cat and evt.args contains etc",
    "evt.type = read and user.name = root",
    "evt.type in (openat, close) and evt.dir = >",
    "evt.type = openat and evt.dir != <",
    "evt.type = openat and evt.dir in ('<', '>')",
    "evt.type = openat and evt.dir = x",
    "evt.type = openat and not evt.dir = <",
    "evt.dir = < and evt.num < 40",
};

std::string copy_to(const std::filesystem::path& original, const test::TempDir& dir) {
  std::string capture = (dir / original.filename().string()).string();
  std::filesystem::copy_file(original, capture, std::filesystem::copy_options::overwrite_existing);
  return capture;
}

TEST(SearchIndexed, SameAsPrintOnTheSamples) {
  test::TempDir dir;
  expect_same(copy_to(test::samples_dir() / "shell-session.scap", dir), kFilters);
  expect_same(copy_to(test::samples_dir() / "shell-session.scap", dir), kReplayedFilters, false);
  for (const auto& e : std::filesystem::directory_iterator(test::samples_dir() / "rules"))
    if (e.path().extension() == ".scap") expect_same(copy_to(e.path(), dir), kFilters);
}

TEST(SearchIndexed, SameAsPrintOnTheSharedCaptures) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  for (const auto& c : test::shared_captures()) expect_same(copy_to(c, dir), kFilters);
}

std::string gencap(const test::TempDir& dir, const std::string& name, const std::string& args) {
  std::string capture = (dir / name).string();
  auto gen =
      test::run_command(std::string(SAKER_GENCAP) + " --scenario load " + args + " -o " + capture + " 2>&1");
  EXPECT_EQ(gen.status, 0) << gen.out;
  return capture;
}

const std::vector<std::string> kLoadFilters = {
    "proc.name = worker3 and evt.type = execve",
    "proc.name = worker7 and evt.type = close and evt.dir = <",
    "evt.type in (clone, execve, procexit, kill)",
    "fd.name = /etc/hosts and evt.num > 90000",
    "evt.type = connect and evt.dir = < and evt.num > 115000",
    "thread.tid = 1003 and evt.type = openat",
    "evt.num in (1, 4096, 4097, 60000, 119999)",
    "proc.name = helper and evt.num < 5000",
    "proc.name = helper and proc.pname = worker3",
    "evt.type = read and evt.num > 90000",
};

// A generated workload: children that exec and exit, reused names, sockets; candidates far
// apart (seeks) and close together (read on).
TEST(SearchIndexed, SameAsPrintOnASyntheticLoad) {
  test::TempDir dir;
  std::string capture = gencap(dir, "load.scap", "--events 200000");
  expect_same(capture, kLoadFilters);
  // evt.dir keeps only the matching direction's event types: every candidate matches.
  auto exits = search_of(capture, "evt.type = connect and evt.dir = <", "");
  auto lines = std::count(exits.out.begin(), exits.out.end(), '\n');
  EXPECT_GT(lines, 100);
  EXPECT_NE(exits.err.find(": " + std::to_string(lines) + " candidate events"), std::string::npos)
      << exits.err;
  // A plain capture's events are read at their offsets; rows far apart are looked up one by one.
  auto r = search_of(capture, kLoadFilters[0], "");
  EXPECT_NE(r.err.find("read at their offsets"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("row packs"), std::string::npos) << r.err;
  // Thousands of close candidates: rows from row packs, formatted on two threads.
  for (const char* dense : {"evt.type = read and evt.num > 90000", "fd.name = /etc/hosts"}) {
    r = search_of(capture, dense, "");
    EXPECT_NE(r.err.find(kIndexPath), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(row packs) (filtered and formatted on two threads), read at their offsets"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, print(capture, dense, "").out) << dense;
  }
}

TEST(SearchIndexed, CompressedCaptures) {
  test::TempDir dir;
  for (const char* c : {"gzip", "zstd"}) {
    std::string capture =
        gencap(dir, std::string("load-") + c + ".scap", std::string("--events 100000 --compress ") + c);
    expect_same(capture, {kLoadFilters[0], kLoadFilters[2], kLoadFilters[5], "evt.num in (2, 30000, 59999)"});
    // Compressed events are reached by seeks (counted), not read at their offsets.
    auto r = search_of(capture, kLoadFilters[1], "");
    EXPECT_NE(r.err.find("seeks"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(" 0 seeks"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("read at their offsets"), std::string::npos) << r.err;
  }
  // A whole-file zstd stream (no seek table): one seek decompresses from the start.
  if (!std::filesystem::exists("/usr/bin/zstd")) {
    std::printf("skipped the whole-file zstd capture: /usr/bin/zstd is absent\n");
    return;
  }
  std::string plain = gencap(dir, "plain.scap", "--events 60000");
  std::string whole = (dir / "whole.scap.zst").string();
  auto z = test::run_command("/usr/bin/zstd -q -f -o " + whole + " " + plain + " 2>&1");
  ASSERT_EQ(z.status, 0) << z.out;
  ASSERT_FALSE(scap::Reader(whole).random_access());
  expect_same(whole, {kLoadFilters[0], kLoadFilters[2], "evt.num in (2, 30000, 59999)"});
}

// Fields the index does not hold take the replay, said by --explain.
TEST(SearchIndexed, FieldsOutsideTheIndexTakeTheReplay) {
  test::TempDir dir;
  std::string capture = gencap(dir, "load.scap", "--events 30000");
  for (auto [filter, format, field] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"proc.name = worker3 and proc.ppid = 1000", "", "proc.ppid"},
           {"evt.type = connect and fd.sip = 10.0.0.1", "", "fd.sip"},
           {"evt.type = openat", "%evt.num %fs.path.name", "fs.path.name"},
           {"evt.type = execve", "%evt.num %proc.cmdline", "proc.cmdline"},
           {"evt.type = openat and proc.aname[2] = main", "", "proc.aname[2]"},
       }) {
    auto want = print(capture, filter, format);
    auto got = search_of(capture, filter, format);
    EXPECT_EQ(got.out, want.out) << filter;
    EXPECT_EQ(got.status, want.status) << filter;
    EXPECT_NE(got.err.find("replay: " + field + " needs the state"), std::string::npos) << got.err;
  }
}

// Thread names in argument text (clone, execve, kill): a live thread, one that exited, one
// purged from the state (2 s after its exit), and a tid reused by another program; and fds
// the row does not describe (two fds in one event, an fd never seen opening).
TEST(SearchIndexed, ThreadNamesAndFdsOfArgumentText) {
  using scap::EventType;
  constexpr EventType execve_x = EventType::SyscallExecve_19X, kill_e = EventType::SyscallKillE,
                      kill_x = EventType::SyscallKillX, procexit = EventType::Procexit_1E,
                      openat_x = EventType::SyscallOpenat_2X, sendfile_e = EventType::SyscallSendfileE,
                      close_e = EventType::SyscallCloseE;
  test::TempDir dir;
  std::string capture = (dir / "threads.scap").string();
  {
    scap::Metadata m;
    scap::ThreadEntry init, bash;
    init.tid = init.pid = 1;
    init.comm = "systemd";
    bash.tid = bash.pid = 100;
    bash.ptid = 1;
    bash.comm = "bash";
    bash.cwd = "/root/";
    m.threads = {init, bash};
    scap::Writer w(capture);
    w.begin_section(m);
    scap::EventBuilder b;
    uint64_t ts = 1'000'000'000'000ull;
    auto sec = [&](double s) { return ts + static_cast<uint64_t>(s * 1e9); };
    auto clone = [&](double t, uint64_t tid, int64_t res, uint64_t pid, uint64_t ptid) {
      w.write_event(test::clone_exit(b, sec(t), tid, res, pid, ptid));
    };
    auto execve = [&](double t, uint64_t tid, const std::string& comm) {
      w.write_event(b.begin(execve_x, sec(t), tid)
                        .num<int64_t>(0)
                        .str(comm)
                        .bytes("", 0)
                        .num<int64_t>(static_cast<int64_t>(tid))
                        .num<int64_t>(static_cast<int64_t>(tid))
                        .num<int64_t>(100)
                        .str("/root")
                        .num<uint64_t>(1024)
                        .num<uint64_t>(0)
                        .num<uint64_t>(0)
                        .num<uint32_t>(0)
                        .num<uint32_t>(0)
                        .num<uint32_t>(0)
                        .str(comm)
                        .view());
    };
    auto kill = [&](double t, int64_t target) {
      w.write_event(b.begin(kill_e, sec(t), 100).num<int64_t>(target).num<uint8_t>(15).view());
      w.write_event(
          b.begin(kill_x, sec(t) + 1, 100).num<int64_t>(0).num<int64_t>(target).num<uint8_t>(15).view());
    };
    auto exit = [&](double t, uint64_t tid) {
      w.write_event(b.begin(procexit, sec(t), tid)
                        .num<int64_t>(0)
                        .num<int64_t>(0)
                        .num<uint8_t>(0)
                        .num<uint8_t>(0)
                        .num<int64_t>(0)
                        .view());
    };
    clone(0.1, 100, 200, 100, 1);  // parent side: res names the child
    clone(0.2, 200, 0, 200, 100);
    execve(0.3, 200, "sleep");
    kill(0.4, 200);   // alive
    kill(0.5, 4242);  // never seen
    w.write_event(b.begin(openat_x, sec(0.6), 100)
                      .num<int64_t>(3)
                      .num<int64_t>(-100)
                      .str("/etc/passwd")
                      .num<uint32_t>(1)
                      .num<uint32_t>(0)
                      .num<uint32_t>(0)
                      .num<uint64_t>(0)
                      .view());
    // Two fds: the second is not the row's; then an fd never seen opening.
    w.write_event(b.begin(sendfile_e, sec(0.7), 100)
                      .num<int64_t>(0)
                      .num<int64_t>(3)
                      .num<uint64_t>(0)
                      .num<uint64_t>(10)
                      .view());
    w.write_event(b.begin(close_e, sec(0.8), 100).num<int64_t>(9).view());
    exit(1.0, 200);
    kill(1.5, 200);                                  // exited, still known
    for (int i = 0; i < 4; ++i) kill(2.0 + i, 100);  // time passes: 200 is purged
    kill(6.5, 200);                                  // purged
    clone(7.0, 100, 200, 100, 1);                    // the tid again, another program
    clone(7.1, 200, 0, 200, 100);
    execve(7.2, 200, "cat");
    kill(7.3, 200);
    w.close();
  }
  expect_same(capture, {"evt.type in (clone, execve, kill, procexit)", "evt.type = kill and evt.dir = <",
                        "evt.type in (sendfile, close, openat)", "proc.name in (bash, cat, sleep)"});
  // (libs drop the kill enters: the exits carry the same arguments.)
  auto r = print(capture, "evt.type = kill and evt.dir = <", "%evt.args");
  EXPECT_EQ(
      r.out,
      "res=0 pid=200(sleep) sig=15(SIGTERM)\nres=0 pid=4242 sig=15(SIGTERM)\nres=0 pid=200(sleep) sig=15(SIGTERM)\n"
      "res=0 pid=100(bash) sig=15(SIGTERM)\nres=0 pid=100(bash) sig=15(SIGTERM)\nres=0 pid=100(bash) sig=15(SIGTERM)\n"
      "res=0 pid=100(bash) sig=15(SIGTERM)\nres=0 pid=200 sig=15(SIGTERM)\nres=0 pid=200(cat) sig=15(SIGTERM)\n");
  // Only the events whose text names more than their own fd store answers.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(default_index_path(capture).c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db,
                         "SELECT group_concat(t.s) FROM event_rows e JOIN strings t ON t.id = e.type_id "
                         "WHERE e.render IS NOT NULL",
                         -1, &s, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  std::string types = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  EXPECT_NE(types.find("clone"), std::string::npos) << types;
  EXPECT_NE(types.find("kill"), std::string::npos) << types;
  // (The sendfile enter naming two fds is dropped by libs: no row.)
  EXPECT_EQ(types.find("openat"), std::string::npos) << types;
}

// A truncated capture: search reads to the damage as print does, with the same error.
TEST(SearchIndexed, TruncatedCapture) {
  test::TempDir dir;
  for (const char* c : {"none", "gzip", "zstd"}) {
    std::string capture =
        gencap(dir, std::string("cut-") + c + ".scap", std::string("--events 40000 --compress ") + c);
    std::filesystem::resize_file(capture, std::filesystem::file_size(capture) * 6 / 10);
    // (Reads: thousands of candidates, formatted on a second thread up to the damage.)
    for (const std::string f :
         {"proc.name = worker3 and evt.type = execve", "evt.num in (5, 100)", "evt.type = read"}) {
      auto want = print(capture, f, "");
      auto got = search_of(capture, f, "");
      EXPECT_EQ(want.status, 1) << c;
      EXPECT_EQ(got.status, 1) << c << got.err;
      EXPECT_EQ(got.out, want.out) << c << " " << f;
      EXPECT_NE(got.err.find(kIndexPath), std::string::npos) << got.err;
      auto msg = want.err.substr(want.err.find("saker: ") + 7);
      EXPECT_NE(got.err.find("saker: " + msg), std::string::npos) << c << "\n" << got.err << "\n" << want.err;
    }
  }
}

void sql(const std::string& index, const std::string& statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(index.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(SearchIndexed, OldSchemaIndexIsRebuilt) {
  test::TempDir dir;
  std::string capture = copy_to(test::samples_dir() / "shell-session.scap", dir);
  build_index(capture, default_index_path(capture));
  // What a version 3 index lacks.
  sql(default_index_path(capture),
      "UPDATE meta SET value = '3' WHERE key = 'schema_version'; ALTER TABLE event_rows DROP COLUMN render");
  auto r = search_of(capture, "evt.type = openat", "");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("indexed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(kIndexPath), std::string::npos) << r.err;
  EXPECT_EQ(r.out, print(capture, "evt.type = openat", "").out);
}

// An index is untrusted too: a damaged row is an error naming the index, never a crash.
void expect_error_naming(const std::string& capture, const std::string& index, const std::string& damage,
                         const std::string& filter) {
  build_index(capture, index);
  sql(index, damage);
  auto r = search_of(capture, filter, "");
  EXPECT_EQ(r.status, 1) << damage << "\n" << r.out;
  EXPECT_NE(r.err.find("saker: "), std::string::npos) << damage << "\n" << r.err;
  EXPECT_TRUE(r.err.find(index) != std::string::npos || r.err.find(capture) != std::string::npos)
      << damage << "\n"
      << r.err;
}

// Rows looked up one by one (candidates far apart) and rows from row packs (close together).
TEST(SearchIndexed, MalformedIndexIsAnErrorNamingIt) {
  test::TempDir dir;
  std::string capture = gencap(dir, "load.scap", "--events 30000");
  std::string index = default_index_path(capture);
  for (const std::string damage :
       {"UPDATE event_rows SET render = x'09' WHERE num = 20",
        "UPDATE event_rows SET render = x'02ff' WHERE num = 20",
        "UPDATE event_rows SET render = x'0206057878' WHERE num = 20",
        "UPDATE event_rows SET fd_type = -4 WHERE num = 20", "UPDATE event_rows SET fd = -7 WHERE num = 20",
        "UPDATE event_rows SET proc_name_id = 99999 WHERE num = 20",
        // (A deleted row is not damage the index can tell: libs number events they do not
        // return, which have no row either.)
        "UPDATE event_rows SET offset = 3 WHERE num = 20",
        "UPDATE event_rows SET offset = 99999999999 WHERE num = 20"})
    expect_error_naming(capture, index, damage, "evt.num in (20, 29000)");
  for (const std::string damage :
       {"UPDATE row_packs SET rows = substr(rows, 1, 30)", "UPDATE row_packs SET rows = x'80'",
        "UPDATE row_packs SET rows = x'ff01ffffffffffffffffff01'",
        "UPDATE row_packs SET first_num = first_num + 3"})
    expect_error_naming(capture, index, damage, "evt.num > 10 and evt.num < 9000");
}

}  // namespace
}  // namespace saker::query
