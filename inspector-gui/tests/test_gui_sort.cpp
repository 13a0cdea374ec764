// Inspector GUI tests: sorting the list by clicking its column headers, cancelling a long sort.
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "detail_pane.h"
#include "filter_bar.h"
#include "gui_fixtures.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiSortTest : public QObject {
  Q_OBJECT
 private slots:
  void sortingByClickingColumnHeaders() {
    MainWindow w;
    w.setInteractive(false);
    w.resize(1400, 880);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QSignalSpy sorted(&w, &MainWindow::sortFinished);
    QSignalSpy view(&w, &MainWindow::viewFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    EventTableModel* m = w.eventModel();
    const std::vector<RowNum> all = m->rows();
    QHeaderView* header = w.eventView()->horizontalHeader();
    auto click = [&](const QString& field) {
      int section = m->columns().indexOf(field);
      QVERIFY(section >= 0);
      QPoint at(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                header->height() / 2);
      QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    };
    auto selected = [&] { return m->eventAt(w.eventView()->currentIndex().row()); };
    w.eventView()->selectRow(40);
    const uint64_t event = selected();
    const int nameCol = m->columns().indexOf("proc.name");

    // First click: ascending, the indicator on the column, the same event selected.
    click("proc.name");
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 1, kWait);
    QCOMPARE(header->sortIndicatorSection(), nameCol);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(w.sortedBy(), QString("proc.name"));
    QVERIFY(m->rows() == print_sorted(kShell.toStdString(), "", "proc.name", "proc.name", false));
    QVERIFY(m->rows() != all);
    QCOMPARE(selected(), event);
    QVERIFY(w.statusText().contains("sorted by proc.name ascending"));
    QCOMPARE(w.detailPane()->valueOf("evt.num"), QString::number(event));
    save_shot(&w, "inspector-sorted.png");

    // Second: descending.
    click("proc.name");
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 2, kWait);
    QCOMPARE(header->sortIndicatorSection(), nameCol);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QVERIFY(m->rows() == print_sorted(kShell.toStdString(), "", "proc.name", "proc.name", true));
    QCOMPARE(selected(), event);
    QVERIFY(w.statusText().contains("sorted by proc.name descending"));

    // Third: capture order again, no indicator.
    click("proc.name");
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 3, kWait);
    QCOMPARE(header->sortIndicatorSection(), -1);
    QVERIFY(w.sortedBy().isEmpty());
    QVERIFY(m->inCaptureOrder());
    QVERIFY(m->rows() == all);
    QCOMPARE(selected(), event);
    QVERIFY(!w.statusText().contains("sorted"));

    // The filter's rows are what is sorted, and a new filter is sorted again when its rows are in.
    click("fd.name");
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 4, kWait);
    const std::string filter = "proc.name = curl or proc.name = sudo";
    w.filterBar()->lineEdit()->setText(QString::fromStdString(filter));
    QTest::keyClick(w.filterBar()->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 5, kWait);
    QCOMPARE(w.sortedBy(), QString("fd.name"));
    QCOMPARE(header->sortIndicatorSection(), m->columns().indexOf("fd.name"));
    QVERIFY(m->rows() == print_sorted(kShell.toStdString(), filter, "fd.name", "fd.name", false));
    QVERIFY(w.statusText().contains("sorted by fd.name ascending"));
    // Jumping to an event of the view selects it in the sorted list.
    uint64_t target = m->rows()[m->rowCount() / 2];
    w.jumpToEvent(target);
    QCOMPARE(selected(), target);

    // View > Capture order (and the header menu) go back without clicking through.
    w.sortByColumn(-1, Qt::AscendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 6, kWait);
    QVERIFY(m->inCaptureOrder());
    QVERIFY(m->rows() == print_sorted(kShell.toStdString(), filter, "evt.num", "evt.num", false));
    QCOMPARE(selected(), target);

    // Straight to descending from the API (the header menu's Sort descending).
    w.sortByColumn(m->columns().indexOf("evt.type"), Qt::DescendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 7, kWait);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QVERIFY(m->rows() == print_sorted(kShell.toStdString(), filter, "evt.type", "evt.type", true));
    // Removing the sorted column goes back to capture order; the sort indicator follows a column.
    QStringList cols = kDefaultColumns;
    cols.removeAll("evt.type");
    QCOMPARE(w.setColumns(cols), QString());
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 8, kWait);
    QVERIFY(m->inCaptureOrder() && w.sortedBy().isEmpty());
    QCOMPARE(header->sortIndicatorSection(), -1);
    w.sortByColumn(cols.indexOf("proc.name"), Qt::AscendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 9, kWait);
    QCOMPARE(w.setColumns({"evt.num", "proc.name", "evt.time"}), QString());
    QCOMPARE(header->sortIndicatorSection(), 1);
    QCOMPARE(w.setColumns({"proc.name", "evt.num"}), QString());
    QCOMPARE(header->sortIndicatorSection(), 0);
    QCOMPARE(w.sortedBy(), QString("proc.name"));
    QVERIFY(w.setColumns({"evt.num", "proc.nosuch"}).contains("proc.nosuch"));
    QCOMPARE(w.setColumns(kDefaultColumns), QString());
    QVERIFY(w.lastError().isEmpty());
  }

  void sortingALargeCaptureCanBeCancelled() {  // a Cancel after the pass ended counts too
    QTemporaryDir dir;
    const QString path = dir.filePath("load.scap");
    QCOMPARE(QProcess::execute(SAKER_GENCAP, {"-o", path, "--scenario", "load", "--events", "600000"}), 0);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QSignalSpy sorted(&w, &MainWindow::sortFinished);
    w.openCapture(path);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    EventTableModel* m = w.eventModel();
    const std::vector<RowNum> before = m->rows();
    w.eventView()->selectRow(1000);
    const uint64_t event = m->eventAt(1000);
    const int nameCol = m->columns().indexOf("proc.name");
    auto* cancel = w.findChild<QPushButton*>("cancelButton");
    QVERIFY(cancel);

    // Cancelled: the list, the indicator and the selection stay as they were.
    w.sortByColumn(nameCol, Qt::AscendingOrder);
    QVERIFY(w.busy() && cancel->isVisible());
    QCOMPARE(w.eventView()->horizontalHeader()->sortIndicatorSection(), nameCol);
    cancel->click();
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 1, kWait);
    QVERIFY(w.sortedBy().isEmpty());
    QCOMPARE(w.eventView()->horizontalHeader()->sortIndicatorSection(), -1);
    QVERIFY(m->rows() == before);
    QCOMPARE(m->eventAt(w.eventView()->currentIndex().row()), event);
    QVERIFY(w.statusBar()->currentMessage().contains("cancelled"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);

    // Not cancelled: the same sort completes in the background, the event still selected.
    w.sortByColumn(nameCol, Qt::DescendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(sorted.count(), 2, kWait);
    QCOMPARE(w.sortedBy(), QString("proc.name"));
    QCOMPARE(m->rowCount(), int(before.size()));
    QCOMPARE(m->eventAt(w.eventView()->currentIndex().row()), event);
    QString first = m->data(m->index(0, nameCol), Qt::DisplayRole).toString();
    QString last = m->data(m->index(m->rowCount() - 1, nameCol), Qt::DisplayRole).toString();
    QVERIFY2(first.toUtf8() > last.toUtf8(), qPrintable(first + " / " + last));
  }
};

QTEST_MAIN(GuiSortTest)
#include "test_gui_sort.moc"
