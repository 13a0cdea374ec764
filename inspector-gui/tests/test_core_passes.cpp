// Inspector core tests: follow fd, export, rules, overview tiles, SQL and terminal sessions.
// `saker print` and `saker replay` output are the oracle.
#include <fmt/format.h>
#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>

#include "alert_scan.h"
#include "alerts_model.h"
#include "core_fixtures.h"
#include "event_export.h"
#include "follow_fd.h"
#include "overview.h"
#include "saker/query/capture_index.h"
#include "saker/scap/reader.h"
#include "sql_query.h"
#include "terminal_sessions.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class CorePassesTest : public QObject {
  Q_OBJECT
 private slots:
  void followFdGivesTheConnectionStream() {
    auto info = load(kShell);
    auto lines = print_lines(kShell, "proc.name = curl and evt.type = read and evt.dir = <",
                             "%evt.num %proc.pid %fd.num");
    QVERIFY(!lines.empty());
    EventCursor cur(info);
    QVERIFY(cur.seek(std::stoull(lines[0])));
    FdKey key;
    QVERIFY(fd_key_at(cur, key));
    QCOMPARE(QString::number(key.pid) + " " + QString::number(key.fd),
             QString::fromStdString(lines[0]).section(' ', 1));
    std::atomic<bool> cancel{false};
    FollowResult r = follow_fd(*info, key, cancel);
    QVERIFY(r.error.empty());
    std::string f = "proc.pid = " + std::to_string(key.pid) + " and fd.num = " + std::to_string(key.fd) +
                    " and evt.is_io = true and evt.dir = < and fd.name = '" + key.name + "'";
    auto io = print_lines(kShell, f, "%evt.num %evt.is_io_write %evt.rawres");
    QCOMPARE(r.chunks.size(), io.size());
    uint64_t wr = 0, rd = 0;
    for (size_t i = 0; i < io.size(); ++i) {
      QStringList p = QString::fromStdString(io[i]).split(' ');
      QCOMPARE(r.chunks[i].num, p[0].toULongLong());
      QCOMPARE(r.chunks[i].write, p[1] == "true");
      QCOMPARE(r.chunks[i].returned, p[2].toULongLong());
      (r.chunks[i].write ? wr : rd) += r.chunks[i].data.size();
    }
    QVERIFY(wr > 0 && rd > 0);
    QCOMPARE(r.captured_written, wr);
    QCOMPARE(r.captured_read, rd);
    std::string text = stream_text(r);
    QVERIFY(QString::fromStdString(text).contains("GET "));  // curl's request
    QVERIFY(QString::fromStdString(text).contains(">> write event"));
  }

  void followFdCountsReturnedAndCapturedBytes() {
    // curl's HTTPS reads return kilobytes; the capture holds the first bytes of each (snaplen).
    const std::string cap = SAKER_SHARED_DIR "/captures/curl_google.scap";
    if (!QFileInfo::exists(QString::fromStdString(cap))) QSKIP("../shared/captures is absent");
    auto info = load(cap);
    auto reads =
        print_lines(cap, "proc.name = curl and evt.type = recvfrom and evt.dir = < and evt.rawres > 1000",
                    "%evt.num %proc.pid %fd.num");
    QVERIFY(!reads.empty());
    EventCursor cur(info);
    QVERIFY(cur.seek(std::stoull(reads[0])));
    FdKey key;
    QVERIFY(fd_key_at(cur, key));
    std::atomic<bool> cancel{false};
    FollowResult r = follow_fd(*info, key, cancel);
    QVERIFY(r.error.empty());
    std::string f = "proc.pid = " + std::to_string(key.pid) + " and fd.num = " + std::to_string(key.fd) +
                    " and evt.is_io = true and evt.dir = < and fd.name = '" + key.name + "'";
    uint64_t rd = 0, wr = 0;
    for (const auto& l : print_lines(cap, f, "%evt.is_io_write %evt.rawres")) {
      QStringList p = QString::fromStdString(l).split(' ');
      if (p[1].toLongLong() > 0) (p[0] == "true" ? wr : rd) += p[1].toULongLong();
    }
    QCOMPARE(r.returned_read, rd);
    QCOMPARE(r.returned_written, wr);
    QCOMPARE(r.returned_read, uint64_t{11502});  // the HTTP response
    QVERIFY(r.captured_read < r.returned_read);  // cut by the snaplen
    const StreamChunk* cut = nullptr;
    for (const auto& c : r.chunks)
      if (!cut && c.missing()) cut = &c;
    QVERIFY(cut);
    QCOMPARE(cut->data.size() + cut->missing(), cut->returned);
    std::string text = stream_text(r);
    QVERIFY(text.find(chunk_heading(*cut) + "\n") != std::string::npos);
    QVERIFY(text.find("[... " + std::to_string(cut->missing()) +
                      " more bytes not captured (cut by the capture's snaplen)]\n") != std::string::npos);
  }

  void followFdListsEveryStreamInOrder() {
    // The streams are the (pid, fd, name) of I/O exits that moved data, in order of the first:
    // what `saker print` lists for the same events.
    auto info = load(kShell);
    auto io = print_lines(kShell, "evt.is_io = true and evt.dir = < and evt.rawres > 0 and fd.num >= 0",
                          "%proc.pid|%fd.num|%fd.name");
    QVERIFY(io.size() > 3);
    std::vector<std::string> expected;
    for (const auto& l : io)
      if (std::find(expected.begin(), expected.end(), l) == expected.end()) expected.push_back(l);
    QVERIFY(expected.size() >= 3);
    FdKey key;
    QStringList first = QString::fromStdString(expected[1]).split('|');
    key.pid = first[0].toLongLong();
    key.fd = first[1].toLongLong();
    key.name = first.mid(2).join('|').toStdString();
    std::atomic<bool> cancel{false};
    FollowResult r = follow_fd(*info, key, cancel);
    QVERIFY(r.error.empty());
    std::vector<std::string> got;
    for (const auto& k : r.streams) got.push_back(fmt::format("{}|{}|{}", k.pid, k.fd, k.name));
    QCOMPARE(got, expected);
    QCOMPARE(r.stream_index, size_t{1});
    // The stream's filter lists exactly its I/O events.
    auto listed = print_lines(
        kShell, stream_filter(key) + " and evt.is_io = true and evt.dir = < and evt.rawres > 0", "%evt.num");
    QCOMPARE(listed.size(), r.chunks.size());
    for (size_t i = 0; i < listed.size(); ++i) QCOMPARE(r.chunks[i].num, std::stoull(listed[i]));
  }

  void followFdShowsHexDumpRawAndOneSide() {
    StreamChunk w;
    w.write = true;
    w.num = 7;
    w.data = "GET / HTTP/1.1\r\nHost: a\r\n";
    w.returned = w.data.size();
    StreamChunk rd;
    rd.num = 9;
    rd.data = std::string("HTTP/1.1 200\r\n\x01\xff", 16);
    rd.returned = 40;
    QCOMPARE(chunk_body(w, StreamFormat::HexDump, 0),
             std::string("00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..\n"
                         "00000010  48 6f 73 74 3a 20 61 0d  0a                       Host: a..\n"));
    QCOMPARE(chunk_body(rd, StreamFormat::HexDump, 0x20).substr(0, 10), std::string("00000020  "));
    QCOMPARE(chunk_body(rd, StreamFormat::Raw, 0), std::string("485454502f312e31203230300d0a01ff\n"));
    QCOMPARE(chunk_body(rd, StreamFormat::Ascii, 0), std::string("HTTP/1.1 200\n..\n"));
    QCOMPARE(chunk_body(rd, StreamFormat::Utf8, 0), std::string("HTTP/1.1 200\n.\xff\n"));
    FollowResult r;
    r.chunks = {w, rd, w};
    // Offsets count each direction on its own: the second write starts at the first's length.
    std::string dump = stream_text(r, StreamFormat::HexDump, StreamSide::Writes);
    QVERIFY(dump.find("00000019  ") != std::string::npos);
    QVERIFY(dump.find("<< read") == std::string::npos);
    QCOMPARE(stream_text(r, StreamFormat::Ascii, StreamSide::Reads).find(">> write"), std::string::npos);
    QVERIFY(stream_text(r, StreamFormat::Ascii, StreamSide::Reads).find("[... 24 more bytes not captured") !=
            std::string::npos);
    QCOMPARE(stream_bytes(r, StreamSide::Writes), w.data + w.data);
    QCOMPARE(stream_bytes(r, StreamSide::Both), w.data + rd.data + w.data);
  }

  void followFdSavesWhatIsShownAndNeverTheCapture() {
    auto info = load(kShell);
    auto lines = print_lines(kShell, "proc.name = curl and evt.type = read and evt.dir = <", "%evt.num");
    EventCursor cur(info);
    QVERIFY(cur.seek(std::stoull(lines[0])));
    FdKey key;
    QVERIFY(fd_key_at(cur, key));
    std::atomic<bool> cancel{false};
    FollowResult r = follow_fd(*info, key, cancel);
    QTemporaryDir dir;
    const std::string text = dir.filePath("stream.txt").toStdString();
    QCOMPARE(save_stream(r, StreamFormat::Ascii, StreamSide::Both, text, {kShell}), std::string());
    std::ifstream in(text, std::ios::binary);
    std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QCOMPARE(saved, stream_text(r));
    const std::string raw = dir.filePath("stream.bin").toStdString();
    QCOMPARE(save_stream(r, StreamFormat::Raw, StreamSide::Reads, raw, {kShell}), std::string());
    std::ifstream in2(raw, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
    QCOMPARE(bytes, stream_bytes(r, StreamSide::Reads));
    QVERIFY(!bytes.empty());
    // The capture itself, a symbolic link to it and a directory are refused; the capture is intact.
    const auto before = QFileInfo(QString::fromStdString(kShell)).size();
    QVERIFY(!save_stream(r, StreamFormat::Raw, StreamSide::Both, kShell, {kShell}).empty());
    const std::string link = dir.filePath("link.scap").toStdString();
    QVERIFY(QFile::link(QString::fromStdString(kShell), QString::fromStdString(link)));
    QVERIFY(!save_stream(r, StreamFormat::Raw, StreamSide::Both, link, {kShell}).empty());
    QVERIFY(!save_stream(r, StreamFormat::Raw, StreamSide::Both, dir.path().toStdString(), {kShell}).empty());
    QCOMPARE(QFileInfo(QString::fromStdString(kShell)).size(), before);
  }

  void exportNeverWritesOverTheCaptureOrThroughALink() {
    // The capture is copied: the export is pointed at the file being read.
    QTemporaryDir dir;
    const QString copy = dir.filePath("evidence.scap");
    QVERIFY(QFile::copy(QString::fromStdString(kShell), copy));
    auto info = load(copy.toStdString());
    auto sel = filter_rows(*info, "proc.name = curl");
    std::atomic<bool> cancel{false};
    const std::vector<std::string> cols = {"evt.num", "proc.name"};
    auto sha = [](const QString& path) {
      QFile f(path);
      f.open(QIODevice::ReadOnly);
      return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    };
    const QByteArray before = sha(copy);
    for (ExportFormat f : {ExportFormat::Scap, ExportFormat::Csv, ExportFormat::Json}) {
      ExportResult r = export_events(*info, sel, f, copy.toStdString(), cols, cancel);
      QVERIFY(!r.error.empty());
      QVERIFY2(r.error.find("evidence.scap") != std::string::npos, r.error.c_str());
    }
    QCOMPARE(sha(copy), before);
    // A symbolic link to the capture is not followed; a folder is not replaced.
    const QString link = dir.filePath("link.csv");
    QVERIFY(QFile::link(copy, link));
    QVERIFY(!export_events(*info, sel, ExportFormat::Csv, link.toStdString(), cols, cancel).error.empty());
    QVERIFY(
        !export_events(*info, sel, ExportFormat::Csv, dir.path().toStdString(), cols, cancel).error.empty());
    QCOMPARE(sha(copy), before);
    // Nothing is left behind by the refused exports, and a good one still replaces its file.
    const QString out = dir.filePath("out.csv");
    QVERIFY(export_events(*info, sel, ExportFormat::Csv, out.toStdString(), cols, cancel).error.empty());
    QVERIFY(export_events(*info, sel, ExportFormat::Csv, out.toStdString(), cols, cancel).error.empty());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::System | QDir::Hidden).size(),
             3);  // copy, link, out
  }

  void exportWritesCaptureCsvAndJson() {
    auto info = load(kShell);
    auto sel = filter_rows(*info, "proc.name = curl");
    QVERIFY(sel.size() > 4);
    QTemporaryDir dir;
    std::atomic<bool> cancel{false};
    std::vector<std::string> cols = {"evt.num", "proc.name", "evt.type", "evt.args"};
    // Capture: the selected events, replaying with the same process names.
    std::string scap = dir.filePath("curl.scap").toStdString();
    ExportResult r = export_events(*info, sel, ExportFormat::Scap, scap, cols, cancel);
    QVERIFY2(r.error.empty(), r.error.c_str());
    QCOMPARE(r.written, uint64_t(sel.size()));
    auto back = print_lines(scap, "", "%proc.name %evt.type %fd.name");
    auto orig = print_lines(kShell, "proc.name = curl", "%proc.name %evt.type %fd.name");
    QCOMPARE(back, orig);
    // CSV: a header and one line per event.
    std::string csv = dir.filePath("curl.csv").toStdString();
    r = export_events(*info, sel, export_format_for(csv), csv, cols, cancel);
    QVERIFY(r.error.empty());
    std::ifstream in(csv);
    std::string line;
    std::vector<std::string> got;
    while (std::getline(in, line)) got.push_back(line);
    QCOMPARE(got.size(), sel.size() + 1);
    QCOMPARE(got[0], std::string("evt.num,proc.name,evt.type,evt.args"));
    QVERIFY(QString::fromStdString(got[1]).startsWith(QString::number(sel[0]) + ",curl,"));
    // JSON: an array of objects keyed by column.
    std::string js = dir.filePath("curl.json").toStdString();
    r = export_events(*info, sel, export_format_for(js), js, cols, cancel);
    QVERIFY(r.error.empty());
    std::ifstream jin(js);
    auto doc = nlohmann::json::parse(jin);
    QCOMPARE(doc.size(), sel.size());
    QCOMPARE(doc[0]["evt.num"].get<uint64_t>(), uint64_t(sel[0]));
    QCOMPARE(doc[0]["proc.name"].get<std::string>(), std::string("curl"));
    // The extension of the format, added when the name lacks it.
    QCOMPARE(export_path_for("out", ExportFormat::Csv), std::string("out.csv"));
    QCOMPARE(export_path_for("out.JSON", ExportFormat::Json), std::string("out.JSON"));
    QCOMPARE(export_path_for("out.csv", ExportFormat::Scap), std::string("out.csv.scap"));
    QCOMPARE(export_path_for("dir.d/out", ExportFormat::Scap), std::string("dir.d/out.scap"));
    // Errors name the file.
    r = export_events(*info, sel, ExportFormat::Csv, "/nonexistent-dir/x.csv", cols, cancel);
    QVERIFY(QString::fromStdString(r.error).contains("/nonexistent-dir/x.csv"));
    r = export_events(*info, sel, ExportFormat::Csv, csv, {"proc.bogus"}, cancel);
    QVERIFY(QString::fromStdString(r.error).contains("proc.bogus"));
  }

  void exportOfNothingKeepsTheStartState() {
    auto info = load(kShell);
    QTemporaryDir dir;
    std::atomic<bool> cancel{false};
    std::string scap = dir.filePath("none.scap").toStdString();
    ExportResult r = export_events(*info, {}, ExportFormat::Scap, scap, {}, cancel);
    QVERIFY2(r.error.empty(), r.error.c_str());
    QCOMPARE(r.written, uint64_t{0});
    saker::scap::Reader back(scap), orig(kShell);
    QVERIFY(!back.metadata().threads.empty());
    QCOMPARE(back.metadata().threads.size(), orig.metadata().threads.size());
    saker::scap::EventView ev;
    QVERIFY(!back.next(ev));
  }

  void rulesRunMatchesReplay() {
    const std::string cap = SAKER_SAMPLES_DIR "/rules/shell-history-deleted.scap";
    auto info = load(cap);
    std::atomic<bool> cancel{false};
    RulesRun run = run_rules(*info, {}, cancel);
    QVERIFY(run.rule_errors.empty());
    QVERIFY(run.rules > 10);
    auto expected = saker::inspector::test::replay_lines(cap);
    QCOMPARE(run.alerts.size(), expected.size());
    QVERIFY(!run.alerts.empty());
    QCOMPARE(QString::fromStdString(run.alerts[0].output), QString::fromStdString(expected[0]));
    QCOMPARE(QString::fromStdString(run.alerts[0].rule), QString("Shell history deleted"));
    AlertsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAlerts(run.alerts);
    QCOMPARE(model.index(0, AlertsModel::Rule).data().toString(), QString("Shell history deleted"));
    QCOMPARE(model.index(0, 0).data(AlertsModel::kEventNumRole).toULongLong(), run.alerts[0].num);
    // A rule file with an error names its file and line; nothing runs.
    QTemporaryDir dir;
    QFile bad(dir.filePath("bad.yaml"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("- rule: broken\n  desc: x\n  condition: proc.nosuch = 1\n  output: x\n  priority: WARNING\n");
    bad.close();
    RulesRun b = run_rules(*info, {dir.filePath("bad.yaml").toStdString()}, cancel);
    QVERIFY(!b.rule_errors.empty());
    QVERIFY(QString::fromStdString(b.rule_errors[0]).contains("bad.yaml:"));
    QVERIFY(b.alerts.empty());
  }

  void overviewTilesCountWhatPrintFinds() {
    auto info = load(kShell);
    std::atomic<bool> cancel{false};
    OverviewResult r = run_overview(*info, default_tiles(), cancel);
    QVERIFY2(r.error.empty(), r.error.c_str());
    QCOMPARE(r.tiles.size(), default_tiles().size());
    uint64_t nonzero = 0;
    for (const Tile& t : r.tiles) {
      QCOMPARE(t.count, uint64_t(print_lines(kShell, t.def.filter, "%evt.num").size()));
      nonzero += t.count > 0;
      uint64_t top = 0;
      for (const auto& [v, n] : t.top) top += n;
      QVERIFY(top <= t.count);
    }
    QVERIFY(nonzero >= 3);
    // Interactive commands: the shell's commands, most frequent first.
    QCOMPARE(r.tiles[0].def.title, std::string("Interactive commands"));
    QVERIFY(r.tiles[0].count >= 5);
    bool curl = false;
    for (const auto& [v, n] : r.tiles[0].top) curl |= v.find("curl") != std::string::npos;
    QVERIFY(curl);
    OverviewResult bad = run_overview(*info, {{"Broken", "proc.nosuch = 1", "proc.name"}}, cancel);
    QVERIFY(QString::fromStdString(bad.error).contains("Broken"));
  }

  void sqlOverTheIndex() {
    QTemporaryDir dir;
    QString cap = dir.filePath("shell.scap");
    QVERIFY(QFile::copy(QString::fromStdString(kShell), cap));
    // The index goes to the user's cache folder, never beside the evidence.
    std::string index = index_path_for(cap.toStdString());
    QVERIFY2(!QString::fromStdString(index).startsWith(dir.path()), index.c_str());
    QVERIFY(QString::fromStdString(index).endsWith(".saker-index"));
    SqlResult r =
        run_sql(cap.toStdString(), index,
                "SELECT num, proc_name FROM events WHERE type = 'execve' AND dir = '<' ORDER BY num");
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.columns, QStringList({"num", "proc_name"}));
    auto lines = print_lines(kShell, "evt.type = execve and evt.dir = <", "%evt.num,%proc.name");
    QCOMPARE(r.rows.size(), lines.size());
    for (size_t i = 0; i < lines.size(); ++i) QCOMPARE(r.rows[i].join(','), QString::fromStdString(lines[i]));
    QVERIFY(r.notes.contains("indexed"));  // built on first use
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{"shell.scap"});
    // The schema browser's tables: the documented views and tables, with their columns.
    std::vector<SqlTable> schema = sql_schema(cap.toStdString(), index);
    auto table = [&](const QString& name) -> const SqlTable* {
      for (const SqlTable& t : schema)
        if (t.name == name) return &t;
      return nullptr;
    };
    QVERIFY(table("events") && table("events")->view);
    auto has_column = [&](const QString& t, const QString& c) {
      for (const QString& col : table(t)->columns)
        if (col.section(' ', 0, 0) == c) return true;
      return false;
    };
    QVERIFY(has_column("events", "proc_name"));
    QVERIFY(table("processes") && table("processes")->columns.contains("cmdline TEXT"));
    QVERIFY(table("alerts") && !table("text_search_data"));
    r = run_sql(cap.toStdString(), index, "SELECT count(*) FROM events");
    QVERIFY(r.notes.isEmpty());  // reused
    r = run_sql(cap.toStdString(), index, "SELECT 'a,\"b\"', NULL FROM events", 2);
    QCOMPARE(r.rows, (std::vector<QStringList>{{"a,\"b\"", ""}, {"a,\"b\"", ""}}));
    QVERIFY(r.truncated);
    r = run_sql(cap.toStdString(), index, "SELEKT 1");
    QVERIFY(r.error.contains("SQL error"));
    r = run_sql(cap.toStdString(), index, "DELETE FROM event_rows");  // events is a view over it
    QVERIFY(r.error.contains("read-only"));
    // The alerts table holds what `saker query` finds (Saker's default rules).
    r = run_sql(cap.toStdString(), index, "SELECT count(*) FROM alerts");
    QVERIFY(r.rows.at(0).at(0).toInt() > 0);
    // An index `saker index` made beside the capture is read, not written again.
    const QString beside = cap + ".saker-index";
    saker::query::build_index(cap.toStdString(), beside.toStdString());
    QCOMPARE(QString::fromStdString(index_path_for(cap.toStdString())), beside);
    const QDateTime built = QFileInfo(beside).lastModified();
    r = run_sql(cap.toStdString(), beside.toStdString(), "SELECT count(*) FROM events");
    QVERIFY(r.error.isEmpty() && r.notes.isEmpty());
    QCOMPARE(QFileInfo(beside).lastModified(), built);
  }

  void terminalSessionsReplayCommandsAndOutput() {
    auto info = load(kShell);
    std::atomic<bool> cancel{false};
    TermResult r = terminal_sessions(*info, cancel);
    QVERIFY(r.error.empty());
    QCOMPARE(r.sessions.size(), size_t{1});
    const TermSession& s = r.sessions[0];
    QCOMPARE(QString::fromStdString(s.name), QString("/dev/pts/0"));
    auto cmds =
        print_lines(kShell, "evt.type = execve and evt.dir = < and evt.res = SUCCESS and proc.tty != 0",
                    "%evt.num %proc.cmdline");
    auto outs = print_lines(kShell, "fd.name startswith /dev/pts and evt.is_io_write = true and evt.dir = <",
                            "%evt.num %proc.name");
    size_t nc = 0, no = 0;
    for (const auto& c : s.chunks) {
      if (c.kind == TermChunk::Command)
        QCOMPARE(std::to_string(c.num) + " " + c.text, cmds[nc++]);
      else if (c.kind == TermChunk::Output)
        QCOMPARE(std::to_string(c.num) + " " + c.process, outs[no++]);
    }
    QCOMPARE(nc, cmds.size());
    QCOMPARE(no, outs.size());
    for (size_t i = 1; i < s.chunks.size(); ++i) QVERIFY(s.chunks[i].num > s.chunks[i - 1].num);
    std::string screen = render_session(s, s.chunks.size());
    QVERIFY(QString::fromStdString(screen).contains("$ cat /etc/shadow\n"));
    QVERIFY(QString::fromStdString(screen).contains("uid="));  // id's output
    QVERIFY(render_session(s, 1).starts_with("$ "));
  }
};

QTEST_GUILESS_MAIN(CorePassesTest)
#include "test_core_passes.moc"
