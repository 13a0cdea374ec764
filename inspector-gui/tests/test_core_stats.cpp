// Inspector core tests: the Statistics tables and Find. `saker print` is the oracle: a table's
// counts are the events `saker print` lists with the row's drill-down filter, and Find by a
// filter finds the rows the filter bar lists.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <map>

#include "capture_statistics.h"
#include "core_fixtures.h"
#include "filter_support.h"
#include "filter_text.h"
#include "find_events.h"
#include "saker/query/filter_parser.h"
#include "saker/scap/capture_info.h"
#include "sql_query.h"
#include "stats_table_model.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

const std::string kCurl = SAKER_SHARED_DIR "/captures/curl_google.scap";
const std::string kConnect = SAKER_SHARED_DIR "/captures/connect_localhost.scap";
const std::string kSample = SAKER_SHARED_DIR "/captures/sample.scap";
const std::string kCatWrite = SAKER_SHARED_DIR "/captures/cat_write.scap";

CaptureStatistics stats_of(const CaptureInfo& info, const std::vector<RowNum>* rows = nullptr) {
  std::atomic<bool> cancel{false};
  StatsOptions o;
  o.rows = rows;
  return compute_statistics(info, o, cancel);
}

// The column a table counts its rows' events in.
size_t events_column(StatsKind k) {
  switch (k) {
    case StatsKind::EventTypes:
    case StatsKind::Files:
    case StatsKind::Directories:
      return 1;
    case StatsKind::Processes:
    case StatsKind::Connections:
    case StatsKind::Errors:
      return 2;
    case StatsKind::Containers:
    case StatsKind::TopIo:
      return 3;
  }
  return 1;
}

// Sums of evt.buflen.in and evt.buflen.out over the events `filter` lists.
std::pair<uint64_t, uint64_t> print_bytes(const std::string& cap, const std::string& filter) {
  uint64_t in = 0, out = 0;
  for (const auto& l : print_lines(cap, filter, "*%evt.buflen.in %evt.buflen.out")) {
    size_t sp = l.find(' ');
    std::string a = l.substr(0, sp), b = l.substr(sp + 1);
    if (a != "<NA>") in += std::stoull(a);
    if (b != "<NA>") out += std::stoull(b);
  }
  return {in, out};
}

// Every row's drill-down filter compiles and lists exactly the events the row counts (rows
// beyond `limit` per table are sampled every few rows); bytes and opens are checked too.
void check_drill_down(const std::string& cap, const CaptureStatistics& s, const std::string& base = {},
                      size_t limit = 12) {
  for (const StatsTable& t : s.tables) {
    const size_t col = events_column(t.kind);
    const size_t step = t.rows.size() > limit ? t.rows.size() / limit : 1;
    for (size_t i = 0; i < t.rows.size(); i += step) {
      const auto& row = t.rows[i];
      std::string filter = base.empty() ? row.filter : "(" + base + ") and (" + row.filter + ")";
      FilterCheck c = check_filter(QString::fromStdString(filter));
      QVERIFY2(c.ok, (filter + ": " + c.message.toStdString()).c_str());
      const size_t listed = print_lines(cap, filter, "%evt.num").size();
      QVERIFY2(std::to_string(listed) == row.cells[col],
               (t.title + ": " + filter + " lists " + std::to_string(listed) + ", the table says " +
                row.cells[col])
                   .c_str());
      if (t.kind == StatsKind::Processes || t.kind == StatsKind::Files || t.kind == StatsKind::Connections) {
        auto [in, out] = print_bytes(cap, filter);
        const size_t at = 3;  // bytes read, then written, in each of these tables
        QCOMPARE(QString::fromStdString(row.cells[at]), QString::number(in));
        QCOMPARE(QString::fromStdString(row.cells[at + 1]), QString::number(out));
      }
      if (t.kind == StatsKind::Files) {
        std::string opens =
            filter +
            " and evt.type in (open, openat, openat2, creat, open_by_handle_at) and evt.dir = < and "
            "evt.rawres >= 0";
        QCOMPARE(QString::number(print_lines(cap, opens, "%evt.num").size()),
                 QString::fromStdString(row.cells[2]));
      }
    }
  }
}

}  // namespace

class CoreStatsTest : public QObject {
  Q_OBJECT
 private slots:
  void filterLiteralsReadBackAsTheValue() {
    QCOMPARE(filter_literal("/etc/hosts"), std::string("/etc/hosts"));
    QCOMPARE(filter_literal("curl"), std::string("curl"));
    QCOMPARE(filter_literal("127.0.0.1:40000->127.0.0.1:80"), std::string("127.0.0.1:40000->127.0.0.1:80"));
    QCOMPARE(filter_literal("a b"), std::string("'a b'"));
    QCOMPARE(filter_literal("it's"), std::string("'it\\'s'"));
    QCOMPARE(filter_literal("C:\\x"), std::string("'C:\\\\x'"));
    QCOMPARE(filter_literal(""), std::string("''"));
    QCOMPARE(filter_literal("and"), std::string("'and'"));
    QCOMPARE(filter_literal("f(x),y=1"), std::string("'f(x),y=1'"));
    QCOMPARE(filter_equals("proc.pid", int64_t{-1}), std::string("proc.pid = -1"));
    // Each compiles, and the parser reads back the value given.
    for (std::string v : {"/etc/hosts", "a b", "it's", "C:\\x", "", "and", "f(x),y=1", "tab\there", "x'\"y",
                          "10.0.0.1:5->10.0.0.2:80", "back\\slash'quote\n"}) {
      const std::string f = filter_equals("proc.name", v);
      QVERIFY2(check_filter(QString::fromStdString(f)).ok, f.c_str());
      auto tree = saker::query::parse_filter(f);
      QVERIFY(tree && tree->kind == saker::query::ast::Expr::Kind::Check);
      QCOMPARE(tree->values.size(), size_t(1));
      QCOMPARE(tree->values[0].text, v);
    }
  }

  void eventTypeCountsEqualSakerPrint() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    CaptureStatistics s = stats_of(*info);
    QVERIFY(s.error.empty());
    QCOMPARE(s.events, uint64_t(rows.size()));
    QCOMPARE(s.listed, uint64_t(rows.size()));
    std::map<std::string, uint64_t> expected;
    for (const auto& t : print_lines(kShell, "", "%evt.type")) ++expected[t];
    const StatsTable* t = stats_table(s, StatsKind::EventTypes);
    QVERIFY(t);
    std::map<std::string, uint64_t> got;
    double percent = 0;
    for (const auto& r : t->rows) {
      got[r.cells[0]] = std::stoull(r.cells[1]);
      percent += r.values[2];
    }
    QCOMPARE(got, expected);
    QVERIFY(std::abs(percent - 100.0) < 1e-6);
    // Most events first.
    for (size_t i = 1; i < t->rows.size(); ++i) QVERIFY(t->rows[i - 1].values[1] >= t->rows[i].values[1]);
  }

  void eventTypeCountsEqualSakerQuery() {
    // `saker query CAPTURE "SELECT type, count(*) FROM events GROUP BY type"` over the index.
    for (const std::string& cap : {kShell, kCurl}) {
      if (!QFileInfo::exists(QString::fromStdString(cap))) QSKIP("../shared/captures is absent");
      QTemporaryDir dir;
      const QString copy = dir.filePath("capture.scap");
      QVERIFY(QFile::copy(QString::fromStdString(cap), copy));
      SqlResult sql = run_sql(copy.toStdString(), index_path_for(copy.toStdString()),
                              "SELECT type, count(*) FROM events GROUP BY type");
      QVERIFY2(sql.error.isEmpty(), qPrintable(sql.error));
      std::map<std::string, uint64_t> expected, got;
      for (const QStringList& row : sql.rows)
        expected[row.value(0).toStdString()] = row.value(1).toULongLong();
      auto info = load(cap);
      CaptureStatistics s = stats_of(*info);
      for (const auto& r : stats_table(s, StatsKind::EventTypes)->rows)
        got[r.cells[0]] = std::stoull(r.cells[1]);
      QVERIFY(!got.empty());
      // The index also holds libs' internal events (procinfo), which the list and `saker print`
      // leave out: every listed type has the index's count, the others print does not list.
      for (const auto& [type, n] : got) QCOMPARE(expected[type], n);
      for (const auto& [type, n] : expected)
        if (!got.count(type))
          QVERIFY2(print_lines(cap, filter_equals("evt.type", type), "%evt.num").empty(), type.c_str());
    }
  }

  void drillDownFiltersListTheCountedEvents() {
    auto info = load(kShell);
    CaptureStatistics s = stats_of(*info);
    QCOMPARE(int(s.tables.size()), kStatsKinds);
    QVERIFY(!stats_table(s, StatsKind::Processes)->rows.empty());
    QVERIFY(!stats_table(s, StatsKind::Files)->rows.empty());
    QVERIFY(!stats_table(s, StatsKind::TopIo)->rows.empty());
    // curl's process row: the example the docs give.
    bool curl = false;
    for (const auto& r : stats_table(s, StatsKind::Processes)->rows)
      if (r.cells[0] == "curl") {
        curl = true;
        QCOMPARE(r.filter, "proc.name = curl and proc.pid = " + r.cells[1]);
      }
    QVERIFY(curl);
    check_drill_down(kShell, s);
  }

  void drillDownOnSharedCaptures() {
    for (const std::string& cap : {kCurl, kConnect, kSample, kCatWrite}) {
      if (!QFileInfo::exists(QString::fromStdString(cap))) QSKIP("../shared/captures is absent");
      auto info = load(cap);
      CaptureStatistics s = stats_of(*info);
      QVERIFY2(s.error.empty(), s.error.c_str());
      if (cap == kCurl) QVERIFY(!stats_table(s, StatsKind::Connections)->rows.empty());
      if (cap == kCurl) {
        // curl's failed lookups: the errors table, as `saker print` counts them.
        std::map<std::string, uint64_t> expected, got;
        for (const auto& l : print_lines(cap, "evt.res != SUCCESS", "%evt.type %evt.res")) ++expected[l];
        for (const auto& r : stats_table(s, StatsKind::Errors)->rows)
          got[r.cells[0] + " " + r.cells[1]] = std::stoull(r.cells[2]);
        QVERIFY(!got.empty());
        QCOMPARE(got, expected);
      }
      check_drill_down(cap, s, {}, 6);
    }
  }

  void displayedEventsOnly() {
    auto info = load(kShell);
    const std::string filter = "proc.name in (curl, cat, bash)";
    std::vector<RowNum> rows = filter_rows(*info, filter);
    QVERIFY(!rows.empty());
    CaptureStatistics s = stats_of(*info, &rows);
    QVERIFY(s.displayed_only);
    QCOMPARE(s.events, uint64_t(rows.size()));
    QVERIFY(s.listed > s.events);
    std::map<std::string, uint64_t> expected;
    for (const auto& t : print_lines(kShell, filter, "%evt.type")) ++expected[t];
    std::map<std::string, uint64_t> got;
    for (const auto& r : stats_table(s, StatsKind::EventTypes)->rows)
      got[r.cells[0]] = std::stoull(r.cells[1]);
    QCOMPARE(got, expected);
    check_drill_down(kShell, s, filter, 6);
  }

  void capturePropertiesFromTheMetadata() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    info->original = info->path;
    CaptureStatistics s = stats_of(*info);
    saker::scap::CaptureInfo ci = saker::scap::collect_capture_info(kShell);
    QCOMPARE(s.properties.compression, std::string("none"));
    QCOMPARE(s.properties.format_version,
             std::to_string(ci.sections.at(0).major) + "." + std::to_string(ci.sections.at(0).minor));
    QCOMPARE(s.properties.has_machine, ci.machine.has_value());
    if (ci.machine) QCOMPARE(s.properties.hostname, ci.machine->hostname);
    QCOMPARE(s.properties.drop_events, ci.drop_events);
    auto props = property_rows(*info, s.properties, 1234, s.listed);
    std::map<std::string, std::string> byName;
    for (const auto& p : props) byName[p.name] = p.value;
    QCOMPARE(byName["File"], kShell);
    QCOMPARE(byName["File size"], std::string("1.21 KiB (1234 bytes)"));
    QCOMPARE(byName["Events"],
             std::to_string(info->events) + " numbered, " + std::to_string(rows.size()) + " listed");
    QVERIFY(byName.count("Time span"));
    if (ci.machine) QCOMPARE(byName["CPUs"], std::to_string(ci.machine->num_cpus));
  }

  void tableModelSortsAndCopiesCsv() {
    auto info = load(kShell);
    CaptureStatistics s = stats_of(*info);
    StatsTableModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTable(*stats_table(s, StatsKind::Processes));
    QVERIFY(m.rowCount() > 2);
    m.sort(1, Qt::AscendingOrder);  // by pid
    for (int r = 1; r < m.rowCount(); ++r)
      QVERIFY(m.index(r - 1, 1).data().toLongLong() <= m.index(r, 1).data().toLongLong());
    m.sort(0, Qt::DescendingOrder);  // by name, bytewise
    for (int r = 1; r < m.rowCount(); ++r)
      QVERIFY(m.index(r - 1, 0).data().toString().toStdString() >=
              m.index(r, 0).data().toString().toStdString());
    QCOMPARE(m.filterAt(0), m.index(0, 0).data(StatsTableModel::kFilterRole).toString());
    QStringList lines = m.csv().split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0), QString("Process,PID,Events,Bytes read,Bytes written"));
    QCOMPARE(lines.size(), m.rowCount() + 1);
    QCOMPARE(lines.value(1).section(',', 0, 0), m.index(0, 0).data().toString());
    QCOMPARE(m.headerData(2, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Events"));
  }

  void findByFilterFindsTheFilterBarsRows() {
    std::vector<RowNum> all;
    auto info = load(kShell, &all);
    std::atomic<bool> cancel{false};
    for (std::string f : {"evt.type = openat and fd.name contains etc", "proc.name = curl and evt.dir = <"}) {
      FindQuery q;
      q.text = f;
      FindResult r = find_events(*info, all, q, cancel);
      QVERIFY(r.error.empty());
      QVERIFY(!r.matches.empty());
      QCOMPARE(r.matches, filter_rows(*info, f));
    }
    // Within a view: only its rows.
    std::vector<RowNum> view = filter_rows(*info, "evt.dir = <");
    FindQuery q;
    q.text = "proc.name = curl";
    QCOMPARE(find_events(*info, view, q, cancel).matches,
             filter_rows(*info, "evt.dir = < and proc.name = curl"));
    q.text = "proc.name = ";
    FindResult bad = find_events(*info, all, q, cancel);
    QVERIFY(!bad.error.empty());
    QVERIFY(bad.error_column > 0);
  }

  void findByRowTextAndDetails() {
    std::vector<RowNum> all;
    auto info = load(kShell, &all);
    std::atomic<bool> cancel{false};
    FindQuery q;
    q.mode = FindMode::RowText;
    q.text = "PASSWD";
    q.columns = {"evt.num", "proc.name", "fd.name", "evt.args"};
    FindResult r = find_events(*info, all, q, cancel);
    QVERIFY(r.error.empty());
    std::vector<RowNum> expected;
    for (const auto& l : print_lines(kShell, "", "*%evt.num\x1f%proc.name\x1f%fd.name\x1f%evt.args")) {
      QString line = QString::fromStdString(l);
      QStringList cells = line.split(QChar(0x1f));
      bool hit = false;
      for (const QString& c : cells)
        if (c != "<NA>" && c.contains("passwd", Qt::CaseInsensitive)) hit = true;
      if (hit) expected.push_back(cells[0].toUInt());
    }
    QVERIFY(!expected.empty());
    QCOMPARE(r.matches, expected);
    q.case_sensitive = true;
    QVERIFY(find_events(*info, all, q, cancel).matches.empty());
    // Details: every field with a value, proc.name among them.
    q = {};
    q.mode = FindMode::Details;
    q.text = "curl";
    std::vector<RowNum> details = find_events(*info, all, q, cancel).matches;
    std::vector<RowNum> curl = filter_rows(*info, "proc.name = curl");
    QVERIFY(std::includes(details.begin(), details.end(), curl.begin(), curl.end()));
    q.text = "no such text in the capture";
    QVERIFY(find_events(*info, all, q, cancel).matches.empty());
  }

  void nextMatchWrapsAround() {
    const std::vector<RowNum> shown = {2, 4, 6, 8, 10};
    const std::vector<RowNum> matches = {4, 8};
    bool wrapped = false;
    for (bool capture : {true, false}) {
      QCOMPARE(next_match_row(shown, capture, matches, -1, false, wrapped), 1);
      QVERIFY(!wrapped);
      QCOMPARE(next_match_row(shown, capture, matches, 1, false, wrapped), 3);
      QVERIFY(!wrapped);
      QCOMPARE(next_match_row(shown, capture, matches, 3, false, wrapped), 1);
      QVERIFY(wrapped);
      QCOMPARE(next_match_row(shown, capture, matches, 4, false, wrapped), 1);
      QVERIFY(wrapped);
      QCOMPARE(next_match_row(shown, capture, matches, 1, true, wrapped), 3);
      QVERIFY(wrapped);
      QCOMPARE(next_match_row(shown, capture, matches, 2, true, wrapped), 1);
      QVERIFY(!wrapped);
      QCOMPARE(next_match_row(shown, capture, matches, -1, true, wrapped), 3);
      QVERIFY(!wrapped);
      QCOMPARE(next_match_row(shown, capture, {}, 0, false, wrapped), -1);
    }
    // A single match is found again from itself, wrapping.
    QCOMPARE(next_match_row(shown, true, {6}, 2, false, wrapped), 2);
    QVERIFY(wrapped);
    // Sorted (descending): the list's order, not the capture's.
    const std::vector<RowNum> sorted = {10, 8, 6, 4, 2};
    QCOMPARE(next_match_row(sorted, false, matches, -1, false, wrapped), 1);  // event 8
    QCOMPARE(next_match_row(sorted, false, matches, 1, false, wrapped), 3);   // event 4
    QCOMPARE(next_match_row(sorted, false, matches, 3, false, wrapped), 1);
    QVERIFY(wrapped);
  }
};

QTEST_MAIN(CoreStatsTest)
#include "test_core_stats.moc"
