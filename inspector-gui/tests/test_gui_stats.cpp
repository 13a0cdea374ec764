// Inspector window tests: Statistics (the window, displayed events only, drill-down into the
// filter bar, Copy as CSV) and the find bar (by filter, by row text, F3 and Shift+F3 wrapping).
// `saker print` is the oracle.
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include "filter_bar.h"
#include "find_bar.h"
#include "gui_fixtures.h"
#include "help_dialogs.h"
#include "main_window.h"
#include "statistics_dialog.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

void open_shell(MainWindow& w) {
  w.setInteractive(false);
  w.resize(1400, 880);
  w.show();
  w.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&w));
  QSignalSpy loaded(&w, &MainWindow::loadFinished);
  w.openCapture(kShell);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
  QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
}

uint64_t selected_event(MainWindow& w) {
  return w.eventModel()->eventAt(w.eventView()->currentIndex().row());
}

}  // namespace

class GuiStatsTest : public QObject {
  Q_OBJECT
 private slots:
  void statisticsDrillDownIntoTheFilterBar() {
    MainWindow w;
    open_shell(w);
    QSignalSpy stats(&w, &MainWindow::statisticsFinished);
    w.showStatistics(StatisticsDialog::pageOf(StatsKind::Processes));
    QTRY_COMPARE_WITH_TIMEOUT(stats.count(), 1, kWait);
    StatisticsDialog* d = w.statisticsDialog();
    QVERIFY(d && d->isVisible());
    QCOMPARE(d->currentPage(), StatisticsDialog::pageOf(StatsKind::Processes));
    QVERIFY(d->scopeText().startsWith("All "));
    StatsTableModel* procs = d->model(StatsKind::Processes);
    int curl = -1;
    for (int r = 0; r < procs->rowCount(); ++r)
      if (procs->index(r, 0).data().toString() == "curl") curl = r;
    QVERIFY(curl >= 0);
    const QString filter = procs->filterAt(curl);
    QCOMPARE(filter, "proc.name = curl and proc.pid = " + procs->index(curl, 1).data().toString());
    const int events = procs->index(curl, 2).data().toInt();
    QCOMPARE(size_t(events), print_lines(kShell.toStdString(), filter.toStdString(), "%evt.num").size());
    // The properties page names the file.
    QTableWidget* props = d->propertiesView();
    QVERIFY(props->rowCount() > 5);
    QCOMPARE(props->item(0, 1)->text(), kShell);
    save_shot(d, "inspector-statistics.png");

    // Double-click: the filter bar gets the row's filter, and the list its events.
    QSignalSpy view(&w, &MainWindow::viewFinished);
    QTableView* tv = d->view(StatsKind::Processes);
    QPoint at = tv->visualRect(procs->index(curl, 0)).center();
    QTest::mouseClick(tv->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tv->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    QCOMPARE(w.filterBar()->text(), filter);
    QCOMPARE(w.eventModel()->rowCount(), events);

    // Displayed events only: the tables count the view's rows.
    d->setDisplayedOnly(true);
    QTRY_VERIFY_WITH_TIMEOUT(stats.count() >= 2 && !w.busy(), kWait);
    QVERIFY(d->scopeText().contains("displayed"));
    StatsTableModel* types = d->model(StatsKind::EventTypes);
    int sum = 0;
    for (int r = 0; r < types->rowCount(); ++r) sum += types->index(r, 1).data().toInt();
    QCOMPARE(sum, events);
    // A drill-down from there keeps the view's filter.
    const int readRow = [&] {
      for (int r = 0; r < types->rowCount(); ++r)
        if (types->index(r, 0).data().toString() == "read") return r;
      return 0;
    }();
    const QString typeFilter = types->filterAt(readRow);
    const int typeEvents = types->index(readRow, 1).data().toInt();
    const int views = view.count();
    d->showPage(StatisticsDialog::pageOf(StatsKind::EventTypes));
    QTableView* typesView = d->view(StatsKind::EventTypes);
    typesView->setCurrentIndex(types->index(readRow, 0));
    typesView->setFocus();
    QTest::keyClick(typesView, Qt::Key_Return);  // Enter drills down too
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), views + 1, kWait);
    QCOMPARE(w.filterBar()->text(), "(" + filter + ") and (" + typeFilter + ")");
    QCOMPARE(w.eventModel()->rowCount(), typeEvents);

    // Copy as CSV: the shown table, header first.
    d->showPage(StatisticsDialog::pageOf(StatsKind::EventTypes));
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QString csv = d->copyCsv();
    QVERIFY(csv.startsWith("Event type,Events,% of events\n"));
    QCOMPARE(QApplication::clipboard()->text(), csv);
  }

  void findBarFindsWhatTheFilterBarLists() {
    MainWindow w;
    open_shell(w);
    const std::string f = "evt.type = openat and evt.dir = <";
    std::vector<uint64_t> expected;
    for (const auto& l : print_lines(kShell.toStdString(), f, "%evt.num")) expected.push_back(std::stoull(l));
    QVERIFY(expected.size() >= 3);
    QSignalSpy found(&w, &MainWindow::findFinished);
    w.eventView()->setFocus();
    QTest::keyClick(w.eventView(), Qt::Key_F, Qt::ControlModifier);
    const QStringList keys = shortcut_reference(w.menuBar()).split('\n');
    QVERIFY(keys.contains("Events > Find...\tCtrl+F"));
    QVERIFY(keys.contains("Events > Find next\tF3"));
    QVERIFY(keys.contains("Events > Find previous\tShift+F3"));
    FindBar* bar = w.findBar();
    QVERIFY(bar && bar->isVisible());
    QVERIFY(bar->lineEdit()->hasFocus());
    bar->setMode(FindMode::Filter);
    bar->lineEdit()->setText(QString::fromStdString(f));
    w.eventView()->selectRow(0);
    bar->lineEdit()->setFocus();
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), 1, kWait);
    QCOMPARE(selected_event(w), uint64_t(expected[0]));
    QVERIFY(bar->message().contains(QString::number(expected.size())));
    // F3 through every match, then around to the first.
    w.eventView()->setFocus();
    for (size_t i = 1; i < expected.size(); ++i) {
      QTest::keyClick(w.eventView(), Qt::Key_F3);
      QTRY_COMPARE_WITH_TIMEOUT(found.count(), int(i) + 1, kWait);
      QCOMPARE(selected_event(w), uint64_t(expected[i]));
      QVERIFY(!bar->message().contains("continued"));
    }
    QTest::keyClick(w.eventView(), Qt::Key_F3);
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), int(expected.size()) + 1, kWait);
    QCOMPARE(selected_event(w), uint64_t(expected[0]));
    QVERIFY(bar->message().contains("reached the bottom, continued from the top"));
    // Shift+F3 from the first: around to the last.
    QTest::keyClick(w.eventView(), Qt::Key_F3, Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), int(expected.size()) + 2, kWait);
    QCOMPARE(selected_event(w), uint64_t(expected.back()));
    QVERIFY(bar->message().contains("reached the top, continued from the bottom"));
    QCOMPARE(w.eventView()->selectionModel()->selectedRows().size(), 1);  // Shift does not extend it
    save_shot(&w, "inspector-find.png");

    // A string in the rows' text: the selected row shows it.
    bar->setMode(FindMode::RowText);
    bar->lineEdit()->setText("/etc/passwd");
    w.eventView()->selectRow(0);
    bar->lineEdit()->setFocus();
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), int(expected.size()) + 3, kWait);
    const int row = w.eventView()->currentIndex().row();
    QVERIFY(row > 0);
    bool shown = false;
    for (int c = 0; c < w.eventModel()->columnCount(); ++c)
      if (w.eventModel()->index(row, c).data().toString().contains("/etc/passwd")) shown = true;
    QVERIFY(shown);
    // Nothing found, and a bad filter, are said so.
    bar->lineEdit()->setText("no such text anywhere");
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), int(expected.size()) + 4, kWait);
    QCOMPARE(bar->message(), QString("No event matches"));
    bar->setMode(FindMode::Filter);
    bar->lineEdit()->setText("proc.nosuch = 1");
    QVERIFY(!bar->isValid());
    QVERIFY(bar->message().startsWith("column "));
    QTest::keyClick(bar->lineEdit(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
  }
};

QTEST_MAIN(GuiStatsTest)
#include "test_gui_stats.moc"
