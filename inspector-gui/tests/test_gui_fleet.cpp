// Inspector GUI tests: the fleet window over two ClickHouse shards that fleet_gui_test.py
// started and filled (saker fleet init, saker ship of the shell sample as hosts web-7 and
// db-2). The fleet's answers are checked against `saker fleet query`.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTreeView>
#include <QtTest>
#include <functional>
#include <set>
#include <tuple>

#include "event_table_model.h"
#include "fleet_alert_bins.h"
#include "fleet_timeline_widget.h"
#include "fleet_window.h"
#include "main_window.h"

using namespace saker::inspector;

namespace {

constexpr int kWait = 60000;

// `saker fleet query URL SQL` as TSV rows (the header line dropped).
QList<QStringList> fleet_query(const QString& sql) {
  QProcess p;
  p.start(SAKER_BIN, {"fleet", "query", qEnvironmentVariable("SAKER_FLEET_URL"), sql});
  if (!p.waitForFinished(kWait) || p.exitCode() != 0) {
    qWarning() << "saker fleet query failed:" << p.readAllStandardError();
    return {};
  }
  QList<QStringList> rows;
  const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
  for (qsizetype i = 1; i < lines.size(); ++i) rows.push_back(lines[i].split('\t'));
  return rows;
}

// Every process row under `parent`, as (id, pid, name).
void collect(const FleetTreeModel& m, const QModelIndex& parent,
             std::set<std::tuple<qlonglong, qlonglong, QString>>& out, int& rows) {
  for (int r = 0; r < m.rowCount(parent); ++r) {
    const QModelIndex i = m.index(r, 0, parent);
    const auto* p = m.processAt(i);
    if (p) {
      ++rows;
      out.emplace(p->id, p->pid, QString::fromStdString(p->name));
    }
    collect(m, i, out, rows);
  }
}

}  // namespace

class GuiFleetTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    if (!qEnvironmentVariableIsSet("SAKER_FLEET_URL"))
      QSKIP("run through fleet_gui_test.py (ctest -R inspector_gui_fleet), which starts the servers");
  }

  void hostsCapturesProcessesAndAlerts() {
    const QString url = qEnvironmentVariable("SAKER_FLEET_URL");
    MainWindow w;
    w.setInteractive(false);
    w.show();
    w.openFleet(url);
    FleetWindow* fleet = w.fleetWindow();
    QVERIFY(fleet);
    QSignalSpy loaded(fleet, &FleetWindow::loaded);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QVERIFY2(fleet->lastError().isEmpty(), qPrintable(fleet->lastError()));
    QVERIFY(fleet->isVisible());

    // Both hosts at the root, by name, each with its capture.
    FleetTreeModel* tree = fleet->treeModel();
    QCOMPARE(tree->rowCount(), 2);
    QCOMPARE(tree->index(0, 0).data().toString(), QString("db-2"));
    QCOMPARE(tree->index(1, 0).data().toString(), QString("web-7"));
    for (int h = 0; h < 2; ++h) {
      const QModelIndex host = tree->index(h, 0);
      QCOMPARE(tree->kind(host), FleetTreeModel::Kind::Host);
      QCOMPARE(tree->rowCount(host), 1);
      const QModelIndex cap = tree->index(0, 0, host);
      QCOMPARE(tree->kind(cap), FleetTreeModel::Kind::Capture);
      QCOMPARE(cap.data().toString(), QString("shell-session.scap"));
      QCOMPARE(QString::fromStdString(tree->captureAt(cap)->path),
               QDir(qEnvironmentVariable("SAKER_FLEET_DIR"))
                   .filePath(host.data().toString() + "/shell-session.scap"));
    }

    // Expanding a capture reads its processes: the same rows as the processes view.
    const QModelIndex web = tree->index(0, 0, tree->index(1, 0));
    QVERIFY(tree->hasChildren(web));
    QCOMPARE(tree->rowCount(web), 0);
    QSignalSpy procs(fleet, &FleetWindow::processesLoaded);
    fleet->treeView()->expand(tree->index(1, 0));
    fleet->treeView()->expand(web);
    QTRY_COMPARE_WITH_TIMEOUT(procs.count(), 1, kWait);
    QVERIFY2(fleet->lastError().isEmpty(), qPrintable(fleet->lastError()));
    std::set<std::tuple<qlonglong, qlonglong, QString>> shown, expected;
    int shownRows = 0;
    collect(*tree, web, shown, shownRows);
    const auto rows = fleet_query("SELECT id, pid, name FROM processes WHERE host = 'web-7' ORDER BY id");
    for (const auto& r : rows) {
      QCOMPARE(r.size(), 3);
      expected.emplace(r[0].toLongLong(), r[1].toLongLong(), r[2] == "\\N" ? QString() : r[2]);
    }
    QVERIFY(!rows.isEmpty());
    QCOMPARE(shownRows, int(rows.size()));
    QVERIFY(shown == expected);
    // Children sit under their parent's image.
    const QModelIndex firstChild = tree->index(0, 0, web);
    for (int r = 0; r < tree->rowCount(firstChild); ++r) {
      const auto* child = tree->processAt(tree->index(r, 0, firstChild));
      QVERIFY(child && child->parent && *child->parent == tree->processAt(firstChild)->id);
    }

    // The alerts: as many as the alerts view has, the first one's rule first, the timeline
    // counting them all.
    const auto count = fleet_query("SELECT count() FROM alerts");
    QCOMPARE(count.size(), 1);
    const int alerts = count[0][0].toInt();
    QVERIFY(alerts > 0);
    QCOMPARE(fleet->alertsModel()->rowCount(), alerts);
    const auto first =
        fleet_query("SELECT rule, host, num FROM alerts ORDER BY ts, host, capture, num LIMIT 1");
    QCOMPARE(first.size(), 1);
    QCOMPARE(fleet->alertsModel()->index(0, FleetAlertsModel::Rule).data().toString(), first[0][0]);
    QCOMPARE(fleet->alertsModel()->index(0, FleetAlertsModel::Host).data().toString(), first[0][1]);
    uint64_t binned = 0;
    const auto& bins = fleet->timeline()->bins();
    for (size_t i = 0; i < bins.bins.size(); ++i) binned += bins.total(i);
    QCOMPARE(binned, uint64_t(alerts));

    // Activating the first alert opens its capture (its host's copy) at its event.
    const uint64_t num = first[0][2].toULongLong();
    QSignalSpy capLoaded(&w, &MainWindow::loadFinished);
    fleet->activateAlert(0);
    QTRY_COMPARE_WITH_TIMEOUT(capLoaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    QCOMPARE(QString::fromStdString(w.eventModel()->capture()->original),
             QDir(qEnvironmentVariable("SAKER_FLEET_DIR")).filePath(first[0][1] + "/shell-session.scap"));
    QTRY_COMPARE_WITH_TIMEOUT(w.eventModel()->eventAt(w.eventView()->currentIndex().row()), num, kWait);

    // A process opens its host's capture at the process's first event.
    QModelIndex started;
    std::function<void(const QModelIndex&)> find = [&](const QModelIndex& parent) {
      for (int r = 0; r < tree->rowCount(parent) && !started.isValid(); ++r) {
        const QModelIndex i = tree->index(r, 0, parent);
        if (tree->processAt(i) && tree->processAt(i)->start_num)
          started = i;
        else
          find(i);
      }
    };
    find(web);
    QVERIFY(started.isValid());
    fleet->activateTreeIndex(started);
    QTRY_COMPARE_WITH_TIMEOUT(capLoaded.count(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    QCOMPARE(QString::fromStdString(w.eventModel()->capture()->original),
             QDir(qEnvironmentVariable("SAKER_FLEET_DIR")).filePath("web-7/shell-session.scap"));
    QTRY_COMPARE_WITH_TIMEOUT(w.eventModel()->eventAt(w.eventView()->currentIndex().row()),
                              uint64_t(*tree->processAt(started)->start_num), kWait);

    // A capture whose file is not here: said where it is, nothing opened.
    const QString gone = QDir(qEnvironmentVariable("SAKER_FLEET_DIR")).filePath("db-2/shell-session.scap");
    QVERIFY(QFile::rename(gone, gone + ".away"));
    int dbRow = -1;
    for (int r = 0; r < fleet->alertsModel()->rowCount() && dbRow < 0; ++r)
      if (fleet->alertsModel()->alertAt(r).host == "db-2") dbRow = r;
    QVERIFY(dbRow >= 0);
    fleet->activateAlert(dbRow);
    QCOMPARE(
        fleet->lastError(),
        QString("The capture shell-session.scap is on host db-2 at %1 and not reachable here.").arg(gone));
    QCOMPARE(capLoaded.count(), 2);
    QVERIFY(QFile::rename(gone + ".away", gone));

    QVERIFY(fleet->grab().save(QString(SAKER_SCREENSHOT_DIR) + "/inspector-fleet.png"));
  }

  void errorsSayWhatIsWrong() {
    MainWindow w;
    w.setInteractive(false);
    // A database that was never made: run saker fleet init.
    w.openFleet(qEnvironmentVariable("SAKER_FLEET_URL"), "nosuchdb");
    FleetWindow* fleet = w.fleetWindow();
    QSignalSpy loaded(fleet, &FleetWindow::loaded);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QVERIFY2(fleet->lastError().contains("no fleet database 'nosuchdb'") &&
                 fleet->lastError().contains("run saker fleet init"),
             qPrintable(fleet->lastError()));
    QCOMPARE(fleet->treeModel()->rowCount(), 0);

    // No server at the URL.
    w.openFleet("http://127.0.0.1:1");
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, kWait);
    QVERIFY2(fleet->lastError().startsWith("cannot reach http://127.0.0.1:1"),
             qPrintable(fleet->lastError()));

    // Not a URL: refused before anything is asked.
    w.openFleet("ch1:8123");
    QVERIFY2(w.lastError().contains("is not an HTTP URL"), qPrintable(w.lastError()));
  }
};

QTEST_MAIN(GuiFleetTest)
#include "test_gui_fleet.moc"
