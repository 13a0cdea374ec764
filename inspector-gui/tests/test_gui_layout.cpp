// The main views at the two window sizes docs/inspector.md shows (1280x720 and 1920x1080):
// what a responder needs is on screen without dragging splitters or scrolling sideways.
// Screenshots of every view are saved in the build tree; with SAKER_DOCS_SCREENSHOTS=DIR they
// are also written there (how docs/inspector.md's images are made).
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

#include "detail_pane.h"
#include "filter_bar.h"
#include "follow_fd_dialog.h"
#include "gui_fixtures.h"
#include "main_window.h"
#include "sql_panel.h"
#include "statistics_dialog.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

// `size` empty: a dialog, whose size does not follow the main window's.
void shoot(QWidget* w, const QString& view, QSize size = {}) {
  const QString name =
      size.isEmpty()
          ? QStringLiteral("inspector-%1.png").arg(view)
          : QStringLiteral("inspector-%1-%2x%3.png").arg(view).arg(size.width()).arg(size.height());
  save_shot(w, name);
  if (qEnvironmentVariableIsSet("SAKER_DOCS_SCREENSHOTS"))
    QVERIFY(w->grab().save(qEnvironmentVariable("SAKER_DOCS_SCREENSHOTS") + "/" + name));
}

// Every column of a view lies inside its viewport: nothing needs a sideways scroll.
void expect_columns_visible(QHeaderView* h, const QString& what) {
  const int width = h->viewport()->width();
  for (int i = 0; i < h->count(); ++i) {
    if (h->isSectionHidden(i)) continue;
    const int right = h->sectionViewportPosition(i) + h->sectionSize(i);
    const QString title = h->model()->headerData(i, Qt::Horizontal).toString();
    QVERIFY2(right <= width + 1,
             qPrintable(
                 QStringLiteral("%1: column %2 ends at %3 of %4 px").arg(what, title).arg(right).arg(width)));
    QVERIFY2(h->sectionSize(i) >= 24, qPrintable(what + ": column " + title + " is squeezed"));
  }
}

}  // namespace

class GuiLayoutTest : public QObject {
  Q_OBJECT
 private slots:
  void mainViewsFitTheWindow_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
  }

  void mainViewsFitTheWindow() {
    QFETCH(QSize, size);
    MainWindow w;
    w.setInteractive(false);
    w.resize(size);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);

    // curl's read of the HTTP answer: an event with a data buffer for the hex pane.
    const auto rows = print_lines(kShell.toStdString(), "", "%proc.name|%evt.type|%evt.dir");
    int row = -1;
    for (size_t i = 0; i < rows.size() && row < 0; ++i)
      if (rows[i] == "curl|read|<") row = int(i);
    QVERIFY(row >= 0);
    w.eventView()->selectRow(row);
    QTRY_VERIFY_WITH_TIMEOUT(!w.detailPane()->hex()->toPlainText().isEmpty(), kWait);
    QTest::qWait(50);

    // The filter field and its buttons stay where they are whatever the message says.
    const QRect field = w.filterBar()->lineEdit()->geometry();
    for (const char* text :
         {"evt.type = openat", "proc.name = bash and fd.nosuchfieldwithalongname = 1 and x = 2",
          "evt.type = opne", ""}) {
      w.filterBar()->setText(QString::fromLatin1(text));
      QTest::qWait(10);
      QCOMPARE(w.filterBar()->lineEdit()->geometry(), field);
    }
    QVERIFY(w.filterBar()->errorText().isEmpty());

    // The details get a good part of the height, the event list the most of the width.
    const int listHeight = w.eventView()->height();
    const int detailHeight = w.bottomTabs()->height();
    QVERIFY2(detailHeight * 10 >= (listHeight + detailHeight) * 4,
             qPrintable(QStringLiteral("details %1 px, list %2 px").arg(detailHeight).arg(listHeight)));
    QVERIFY2(w.eventView()->width() * 10 >= w.width() * 7,
             qPrintable(QStringLiteral("list %1 px of %2").arg(w.eventView()->width()).arg(w.width())));
    // The hex pane shows whole 16-byte lines, text column included.
    QPlainTextEdit* hex = w.detailPane()->hex();
    QCOMPARE(hex->horizontalScrollBar()->maximum(), 0);
    expect_columns_visible(w.eventView()->horizontalHeader(), "event list");
    shoot(&w, "events", size);

    w.bottomTabs()->setCurrentWidget(w.processView());
    QTest::qWait(50);
    expect_columns_visible(w.processView()->header(), "processes");
    shoot(&w, "processes", size);

    w.bottomTabs()->setCurrentWidget(w.alertsView());
    QTest::qWait(50);
    QVERIFY(w.alertsView()->model()->rowCount() > 0);
    expect_columns_visible(w.alertsView()->horizontalHeader(), "alerts");
    shoot(&w, "alerts", size);

    QSignalSpy sql(&w, &MainWindow::sqlFinished);
    w.bottomTabs()->setCurrentWidget(w.sqlPanel());
    w.runSql("SELECT proc_name, type, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY n DESC");
    QTRY_COMPARE_WITH_TIMEOUT(sql.count(), 1, kWait);
    auto* results = w.sqlPanel()->findChild<QTableView*>("sqlResults");
    QVERIFY(results);
    const int shownRows = results->viewport()->height() / results->verticalHeader()->defaultSectionSize();
    QVERIFY2(shownRows >= size.height() / 144,
             qPrintable(QStringLiteral("the SQL results show %1 rows").arg(shownRows)));
    shoot(&w, "sql", size);
    w.bottomTabs()->setCurrentWidget(w.detailPane());

    QSignalSpy stats(&w, &MainWindow::statisticsFinished);
    w.showStatistics(StatisticsDialog::pageOf(StatsKind::Processes));
    QTRY_COMPARE_WITH_TIMEOUT(stats.count(), 1, kWait);
    StatisticsDialog* d = w.statisticsDialog();
    QVERIFY(d);
    QTest::qWait(50);
    if (size.width() == 1280) shoot(d, "statistics");
    d->close();

    QSignalSpy aux(&w, &MainWindow::auxFinished);
    w.followSelectedFd();
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 1, kWait);
    auto* follow = w.findChild<FollowFdDialog*>("followDialog");
    QVERIFY(follow);
    QTest::qWait(50);
    if (size.width() == 1280) shoot(follow, "follow");
    follow->close();
  }
};

QTEST_MAIN(GuiLayoutTest)
#include "test_gui_layout.moc"
