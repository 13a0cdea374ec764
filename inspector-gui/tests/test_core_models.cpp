// Inspector core tests: the event model, filter checks and completion, event details, the
// process tree. `saker print` output is the oracle.
#include <QAbstractItemModelTester>
#include <QtTest>
#include <map>

#include "capture_scan.h"
#include "core_fixtures.h"
#include "event_details.h"
#include "event_table_model.h"
#include "filter_support.h"
#include "process_tree_model.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class CoreModelsTest : public QObject {
  Q_OBJECT
 private slots:
  void eventModelRendersColumnsLazily() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapture(info);
    QCOMPARE(model.setColumns({"evt.num", "proc.name", "proc.aname[2]", "evt.arg.fd"}), QString());
    QVERIFY(model.setColumns({"evt.num", "proc.nosuchfield"}).contains("proc.nosuchfield"));
    QCOMPARE(model.columnCount(), 4);
    model.appendRows(std::vector<RowNum>(rows.begin(), rows.begin() + 40));
    model.appendRows(std::vector<RowNum>(rows.begin() + 40, rows.end()));
    QCOMPARE(model.rowCount(), int(rows.size()));
    auto lines = print_lines(kShell, "", "*%evt.num|%proc.name|%proc.aname[2]|%evt.arg.fd");
    QCOMPARE(int(lines.size()), model.rowCount());
    for (int r = model.rowCount() - 1; r >= 0; r -= 3) {  // backwards: every row a restore
      QStringList cells;
      for (int c = 0; c < 4; ++c) cells << model.data(model.index(r, c), Qt::DisplayRole).toString();
      QCOMPARE(cells.join('|'), QString::fromStdString(lines[r]).replace("<NA>", ""));  // empty cells
      QVERIFY(model.data(model.index(r, 0), Qt::BackgroundRole).value<QColor>().isValid());
    }
    QCOMPARE(model.rowOfEvent(rows[17]), 17);
    QCOMPARE(model.rowOfEvent(0), -1);
    QCOMPARE(model.headerData(2, Qt::Horizontal, Qt::DisplayRole).toString(), QString("proc.aname[2]"));
    // Categories: execve rows are process events, connect rows network.
    auto exec = nums_of(print_lines(kShell, "evt.type = execve", "%evt.num"));
    auto conn = nums_of(print_lines(kShell, "evt.type = connect", "%evt.num"));
    QCOMPARE(model.data(model.index(model.rowOfEvent(exec[0]), 0), EventTableModel::kEventClassRole).toInt(),
             int(EventClass::Process));
    QCOMPARE(model.data(model.index(model.rowOfEvent(conn[0]), 0), EventTableModel::kEventClassRole).toInt(),
             int(EventClass::Network));
    model.clearRows();
    QCOMPARE(model.rowCount(), 0);
  }

  // View > Time format: the evt.time column as time of day, date and time, or seconds since
  // the first event, the row above or a reference event; `saker print` gives the times.
  void timeFormatsOfTheTimeColumn() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    EventTableModel model;
    model.setCapture(info);
    QCOMPARE(model.setColumns({"evt.num", "evt.time"}), QString());
    model.appendRows(std::vector<RowNum>(rows.begin(), rows.end()));
    auto lines = print_lines(kShell, "", "*%evt.rawtime|%evt.time|%evt.datetime");
    QCOMPARE(int(lines.size()), model.rowCount());
    auto field = [&](int row, int k) { return QString::fromStdString(lines[row]).split('|')[k]; };
    auto ts = [&](int row) { return field(row, 0).toULongLong(); };
    auto secs = [](uint64_t a, uint64_t b) {
      const uint64_t d = a >= b ? a - b : b - a;
      return QStringLiteral("%1%2.%3")
          .arg(a < b ? "-" : "")
          .arg(d / 1000000000u)
          .arg(d % 1000000000u, 9, 10, QLatin1Char('0'));
    };
    auto cell = [&](int row) { return model.data(model.index(row, 1), Qt::DisplayRole).toString(); };
    QCOMPARE(cell(5), field(5, 1));
    model.setTimeFormat(TimeFormat::DateAndTime);
    QCOMPARE(cell(5), field(5, 2));
    QCOMPARE(model.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(), QString("evt.time (date)"));
    model.setTimeFormat(TimeFormat::SinceFirst);
    for (int r : {0, 9, model.rowCount() - 1}) QCOMPARE(cell(r), secs(ts(r), info->listed_first_ts));
    model.setTimeFormat(TimeFormat::SincePrevious);
    QCOMPARE(cell(0), QString("0.000000000"));
    for (int r : {1, 30, model.rowCount() - 1}) QCOMPARE(cell(r), secs(ts(r), ts(r - 1)));
    model.setTimeReference(model.timeAt(20));
    model.setTimeFormat(TimeFormat::SinceReference);
    QCOMPARE(cell(20), QString("0.000000000"));
    QCOMPARE(cell(2), secs(ts(2), ts(20)));
    QVERIFY(cell(2).startsWith('-'));
    QCOMPARE(cell(40), secs(ts(40), ts(20)));
    model.setTimeFormat(TimeFormat::TimeOfDay);
    QCOMPARE(cell(40), field(40, 1));
  }

  void filterValidationAndCompletion() {
    QVERIFY(check_filter("").ok);
    QVERIFY(check_filter("proc.name = bash and evt.type in (execve, openat)").ok);
    auto c = check_filter("proc.name = bash and proc.nosuch = 1");
    QVERIFY(!c.ok);
    QCOMPARE(c.column, 22);
    QVERIFY(c.message.contains("proc.nosuch"));
    c = check_filter("evt.type = ");
    QVERIFY(!c.ok);
    QVERIFY(c.column >= 10);
    QVERIFY(!check_filter("(proc.name = bash").ok);
    QStringList words = filter_words();
    QVERIFY(words.contains("proc.name"));
    QVERIFY(words.contains("fd.name"));
    QVERIFY(words.contains("startswith"));
    QVERIFY(words.size() > 100);
    auto w = word_at("proc.name = bash and fd.na", 26);
    QCOMPARE(w.start, 21);
    QCOMPARE(w.text, QString("fd.na"));
    QCOMPARE(and_filters("a = 1", ""), QString("a = 1"));
    QCOMPARE(and_filters("a = 1", "b = 2"), QString("(a = 1) and (b = 2)"));
  }

  void detailsDescribeEveryField() {
    auto info = load(kShell);
    auto sudoRead =
        nums_of(print_lines(kShell, "proc.name = sudo and evt.type = read and evt.dir = <", "%evt.num"));
    QVERIFY(!sudoRead.empty());
    EventCursor cur(info);
    QVERIFY(cur.seek(sudoRead[0]));
    EventDetails d = describe_event(cur);
    auto value = [&](const QString& group, const QString& name) {
      for (const auto& g : d.groups)
        if (g.title == group)
          for (const auto& [k, v] : g.rows)
            if (k == name) return v;
      return QString();
    };
    auto expect = print_lines(kShell, "evt.num = " + std::to_string(sudoRead[0]),
                              "%proc.name|%fd.name|%proc.pname|%evt.type");
    QStringList parts = QString::fromStdString(expect[0]).split('|');
    QCOMPARE(value("Process", "proc.name"), parts[0]);
    QCOMPARE(value("File descriptor", "fd.name"), parts[1]);
    QCOMPARE(value("Event", "evt.type"), parts[3]);
    QVERIFY(!value("Arguments", "data").isEmpty());
    QVERIFY(!d.group("Ancestry")->rows.empty());  // sudo's parent first
    QVERIFY(d.group("Ancestry")->rows[0].first.startsWith(parts[2]));
    QCOMPARE(d.buffers.size(), size_t{1});
    QString hex = hex_dump(d.buffers[0].bytes);
    QVERIFY(hex.startsWith("00000000  "));
    QCOMPARE(hex_dump("AB\x01", 64), QString("00000000  41 42 01") + QString(41, ' ') + " AB.\n");
  }

  void containerFieldsAsPrintShowsThem() {
    // Container names and images come from the capture's container event: every row, the
    // list's columns and the detail pane alike, whichever checkpoint it is restored from.
    for (const std::string path : {SAKER_SAMPLES_DIR "/rules/package-manager-run-in-a-container.scap",
                                   SAKER_SAMPLES_DIR "/rules/shell-started-in-a-container.scap"}) {
      std::vector<RowNum> rows;
      auto info = load(path, &rows, nullptr, 3);
      auto lines = print_lines(path, "", "*%evt.num|%container.name|%container.image");
      QCOMPARE(int(lines.size()), int(rows.size()));
      auto named = nums_of(print_lines(path, "container.id != host and container.image exists", "%evt.num"));
      QVERIFY2(named.size() > 2, path.c_str());
      EventTableModel model;
      model.setCapture(info);
      QCOMPARE(model.setColumns({"evt.num", "container.name", "container.image"}), QString());
      model.appendRows(std::vector<RowNum>(rows));
      for (int r = model.rowCount() - 1; r >= 0; --r) {  // backwards: every row a restore
        QStringList cells;
        for (int c = 0; c < 3; ++c) cells << model.data(model.index(r, c), Qt::DisplayRole).toString();
        QCOMPARE(cells.join('|'), QString::fromStdString(lines[r]).replace("<NA>", ""));
      }
      EventCursor cur(info);
      QVERIFY(cur.seek(named.back()));
      EventDetails d = describe_event(cur);
      auto expect = QString::fromStdString(print_lines(path, "evt.num = " + std::to_string(named.back()),
                                                       "%container.name|%container.image")[0])
                        .split('|');
      std::map<QString, QString> container;
      for (const auto& [k, v] : d.group("Container")->rows) container[k] = v;
      QCOMPARE(container["container.name"], expect[0]);
      QCOMPARE(container["container.image"], expect[1]);
    }
  }

  void processTreeLinksExecChains() {
    ScanResult r;
    load(kShell, nullptr, &r);
    const auto& nodes = r.tree.nodes();
    QVERIFY(nodes.size() >= 5);
    int bash = -1;
    for (int i = 0; i < int(nodes.size()); ++i)
      if (nodes[i].comm == "bash" && nodes[i].children.size() >= 3) bash = i;
    QVERIFY(bash >= 0);
    uint64_t events = 0;
    for (const auto& n : nodes) events += n.events;
    auto all = print_lines(kShell, "", "%evt.num");
    QVERIFY(events >= all.size());
    // Every child names its parent's pid, and curl's node executed curl.
    for (const auto& n : nodes)
      for (int c : n.children) QCOMPARE(nodes[c].ppid, n.pid);
    bool curl = false;
    for (const auto& n : nodes)
      if (n.comm == "curl")
        curl = !n.execs.empty() && QString::fromStdString(n.execs.back()).contains("curl");
    QVERIFY(curl);
    auto pidLines = print_lines(kShell, "proc.name = curl", "%proc.pid");
    ProcessTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTree(r.tree);
    QModelIndex idx = model.indexOfPid(std::stoll(pidLines[0]));
    QVERIFY(idx.isValid());
    QCOMPARE(idx.data().toString(), QString("curl"));
    QVERIFY(model.parent(idx).isValid());
  }
};

QTEST_GUILESS_MAIN(CoreModelsTest)
#include "test_core_models.moc"
