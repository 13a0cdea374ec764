// Inspector core tests: the fleet window's models from fleet rows (no server): the host /
// capture / process tree, the alert table's time range, the timeline bins, whether a capture
// is reachable here, and the library's TSV reader on untrusted answers.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "fleet_alert_bins.h"
#include "fleet_alerts_model.h"
#include "fleet_capture_access.h"
#include "fleet_tree_model.h"
#include "saker/fleet/fleet_browse.h"
#include "saker/fleet/tsv_rows.h"

using namespace saker;
using namespace saker::inspector;

namespace {

fleet::FleetCapture capture(const std::string& host, const std::string& hash, uint64_t processes) {
  fleet::FleetCapture c;
  c.host = host;
  c.hash = hash;
  c.name = hash + ".scap";
  c.path = "/var/lib/saker/" + c.name;
  c.processes = processes;
  return c;
}

fleet::FleetProcess process(int64_t id, std::optional<int64_t> parent) {
  fleet::FleetProcess p;
  p.id = id;
  p.pid = 100 + id;
  p.parent = parent;
  p.name = "p" + std::to_string(id);
  return p;
}

fleet::FleetAlert alert(const std::string& host, uint64_t ts, const std::string& priority) {
  fleet::FleetAlert a;
  a.host = host;
  a.ts = ts;
  a.priority = priority;
  a.rule = "rule " + std::to_string(ts);
  return a;
}

int count_rows(const QAbstractItemModel& m, const QModelIndex& parent) {
  int n = 0;
  for (int r = 0; r < m.rowCount(parent); ++r) n += 1 + count_rows(m, m.index(r, 0, parent));
  return n;
}

}  // namespace

class CoreFleetTest : public QObject {
  Q_OBJECT
 private slots:
  void treeHasHostsCapturesAndProcessesOnDemand() {
    FleetTreeModel m;
    m.setHosts({{"db-2", {capture("db-2", "aa", 5), capture("db-2", "bb", 0)}},
                {"web-7", {capture("web-7", "cc", 1)}}});
    QCOMPARE(m.rowCount(), 2);
    const QModelIndex db = m.index(0, 0);
    QCOMPARE(db.data().toString(), QString("db-2"));
    QCOMPARE(m.rowCount(db), 2);
    const QModelIndex aa = m.index(0, 0, db), bb = m.index(1, 0, db);
    QCOMPARE(m.kind(aa), FleetTreeModel::Kind::Capture);
    QCOMPARE(m.parent(aa), db);
    QVERIFY(m.hasChildren(aa));   // 5 processes shipped, none read yet
    QVERIFY(!m.hasChildren(bb));  // none shipped
    QCOMPARE(m.rowCount(aa), 0);

    // Expanding asks once for the processes.
    QSignalSpy wanted(&m, &FleetTreeModel::processesWanted);
    QVERIFY(m.canFetchMore(aa));
    m.fetchMore(aa);
    m.fetchMore(aa);
    QCOMPARE(wanted.count(), 1);
    QCOMPARE(wanted[0][0].toString(), QString("db-2"));
    QCOMPARE(wanted[0][1].toString(), QString("aa"));
    QVERIFY(!m.canFetchMore(aa));

    // 1 is the root, 2 and 3 its children, 4 under 3; 5's parent is not in the capture; 6 and
    // 7 are each other's parent (a bad answer): the loop is cut, every row is shown once.
    m.setProcesses("db-2", "aa",
                   {process(1, std::nullopt), process(2, 1), process(3, 1), process(4, 3), process(5, 99),
                    process(6, 7), process(7, 6)});
    QVERIFY(m.processesLoaded("db-2", "aa"));
    QCOMPARE(count_rows(m, aa), 7);
    QCOMPARE(m.rowCount(aa), 3);  // 1, 5 and the cut end of the 6/7 loop
    const QModelIndex p1 = m.index(0, 0, aa);
    QCOMPARE(m.processAt(p1)->id, int64_t{1});
    QCOMPARE(m.rowCount(p1), 2);
    const QModelIndex p3 = m.index(1, 0, p1);
    QCOMPARE(p3.data(FleetTreeModel::kProcessIdRole).toLongLong(), 3LL);
    QCOMPARE(m.parent(p3), p1);
    QCOMPARE(m.parent(m.index(0, 0, p3)), p3);
    QCOMPARE(m.index(0, FleetTreeModel::Pid, p3).data().toLongLong(), 104LL);
    QCOMPARE(m.captureAt(p3)->hash, std::string("aa"));
    QCOMPARE(m.findCapture("web-7", "cc")->name, std::string("cc.scap"));
    QVERIFY(!m.findCapture("web-7", "aa"));
    QCOMPARE(m.captureIndex("db-2", "aa"), aa);

    // A failed read is asked again; rows for a capture the model does not hold are ignored.
    const QModelIndex cc = m.index(0, 0, m.index(1, 0));
    m.fetchMore(cc);
    m.processesFailed("web-7", "cc");
    QVERIFY(m.canFetchMore(cc));
    m.setProcesses("web-7", "zz", {process(1, std::nullopt)});
    QCOMPARE(m.rowCount(cc), 0);
  }

  void alertsTableKeepsTheTimeRange() {
    FleetAlertsModel m;
    fleet::AlertPage page;
    page.alerts = {alert("b", 300, "Warning"), alert("a", 100, "Critical"), alert("a", 200, "Notice")};
    m.setAlerts(page);
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.alertAt(0).ts, uint64_t{100});  // by time
    QCOMPARE(m.index(0, FleetAlertsModel::Priority).data().toString(), QString("Critical"));
    QCOMPARE(m.priorities()[2], rules::Priority::Warning);
    m.setRange(150, 300);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.alertAt(0).ts, uint64_t{200});
    m.setRange(301, 400);
    QCOMPARE(m.rowCount(), 0);
    m.setRange(0, UINT64_MAX);
    QCOMPARE(m.rowCount(), 3);

    // Bins: three severities, every alert counted once, the last one in the last bin.
    const FleetAlertBins bins = bin_alerts(m.alerts(), m.priorities(), 4);
    QVERIFY(bins.bins.size() <= 4);
    QCOMPARE(bins.begin, uint64_t{100});
    uint64_t total = 0;
    for (size_t i = 0; i < bins.bins.size(); ++i) total += bins.total(i);
    QCOMPARE(total, uint64_t{3});
    QCOMPARE(bins.bins[bins.bin_of(100)][size_t(AlertSeverity::Severe)], uint64_t{1});
    QCOMPARE(bins.bins[bins.bin_of(300)][size_t(AlertSeverity::Warning)], uint64_t{1});
    QCOMPARE(bins.bin_of(300), bins.bins.size() - 1);
    QVERIFY(bin_alerts({}, {}, 4).empty());
  }

  void captureAccessSaysWhereTheCaptureIs() {
    QTemporaryDir dir;
    QFile f(dir.filePath("x.scap"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("0123456789");
    f.close();
    fleet::FleetCapture c = capture("web-7", "aa", 0);
    c.name = "x.scap";
    c.path = f.fileName().toStdString();
    c.size = 10;
    QVERIFY(capture_access(c).reachable);
    c.size = 11;
    CaptureAccess other = capture_access(c);
    QVERIFY(!other.reachable);
    QVERIFY2(other.message.contains("another one (10 bytes; the shipped capture has 11)"),
             qPrintable(other.message));
    c.path = "/nonexistent/x.scap";
    QCOMPARE(capture_access(c).message,
             QString("The capture x.scap is on host web-7 at /nonexistent/x.scap and not reachable here."));
  }

  void tsvRowsAreCheckedAndUnescaped() {
    fleet::TsvRows rows("a\\tb\t\\N\tc\\\\d\\n\nx\ty\tz\n", 3);
    QVERIFY(rows.next());
    QCOMPARE(rows.field(0), std::string_view("a\tb"));
    QVERIFY(rows.null(1));
    QCOMPARE(rows.field(2), std::string_view("c\\d\n"));
    QVERIFY(rows.next());
    QCOMPARE(rows.field(1), std::string_view("y"));
    QVERIFY(!rows.next());

    fleet::TsvRows shortRow("a\tb\n", 3);
    QVERIFY_THROWS_EXCEPTION(fleet::FleetBrowseError, shortRow.next());
    fleet::TsvRows longRow("a\tb\tc\td\n", 3);
    QVERIFY_THROWS_EXCEPTION(fleet::FleetBrowseError, longRow.next());
    fleet::TsvRows cut("a\tb\tc\\", 3);
    QVERIFY_THROWS_EXCEPTION(fleet::FleetBrowseError, cut.next());
    QVERIFY_THROWS_EXCEPTION(fleet::FleetBrowseError, fleet::FleetBrowser({"http://127.0.0.1:1", "x; DROP"}));
  }
};

QTEST_GUILESS_MAIN(CoreFleetTest)
#include "test_core_fleet.moc"
