// Inspector end-to-end test on the shell sample (filter, select, follow fd, terminals, export,
// time range, processes, details, overview) and the dark theme. Screenshots land in the build tree.
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

#include "detail_pane.h"
#include "filter_bar.h"
#include "filter_text.h"
#include "gui_fixtures.h"
#include "main_window.h"
#include "overview_panel.h"
#include "terminal_dialog.h"
#include "timeline_widget.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiSessionTest : public QObject {
  Q_OBJECT
 private slots:
  void endToEndShellSession() {
    MainWindow w;
    w.setInteractive(false);
    w.resize(1400, 880);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QSignalSpy rules(&w, &MainWindow::rulesFinished);
    QSignalSpy overview(&w, &MainWindow::overviewFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(overview.count(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    auto all = print_lines(kShell.toStdString(), "", "%evt.num");
    QCOMPARE(w.eventModel()->rowCount(), int(all.size()));
    QVERIFY(w.statusText().contains(QString::number(all.size())));
    QVERIFY(w.processModel()->rowCount() > 0);
    QVERIFY(w.alertsModel()->rowCount() >= 5);
    QCOMPARE(size_t(w.alertsModel()->rowCount()),
             saker::inspector::test::replay_lines(kShell.toStdString()).size());
    QVERIFY(w.timeline()->bins().total() == all.size());
    // The first row is selected and described.
    QCOMPARE(w.eventView()->currentIndex().row(), 0);

    // Filter: type it, press Enter, the list shows what `saker print` would.
    QSignalSpy view(&w, &MainWindow::viewFinished);
    const QString filter = "proc.name = curl and evt.dir = <";
    w.filterBar()->lineEdit()->setText(filter);
    QVERIFY(w.filterBar()->isValid());
    QTest::keyClick(w.filterBar()->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    auto curl = print_lines(kShell.toStdString(), filter.toStdString(), "%evt.num|%evt.type");
    QCOMPARE(w.eventModel()->rowCount(), int(curl.size()));
    QVERIFY(w.statusText().contains("filter: " + filter));
    QCOMPARE(w.timeline()->bins().total(), uint64_t(curl.size()));

    // Select the curl read and check the detail pane and the hex view.
    int readRow = -1;
    for (size_t i = 0; i < curl.size(); ++i)
      if (QString::fromStdString(curl[i]).endsWith("|read")) readRow = int(i);
    QVERIFY(readRow >= 0);
    w.eventView()->setFocus();
    w.eventView()->selectRow(readRow);
    QCOMPARE(w.detailPane()->valueOf("proc.name"), QString("curl"));
    QCOMPARE(w.detailPane()->valueOf("evt.type"), QString("read"));
    QVERIFY(w.detailPane()->valueOf("fd.name").contains("->"));
    QVERIFY(w.detailPane()->hex()->toPlainText().contains("00000000  "));
    QCOMPARE(w.eventModel()->data(w.eventModel()->index(readRow, 2), Qt::DisplayRole).toString(),
             QString("curl"));
    save_shot(&w, "inspector-shell-session.png");

    // Keyboard navigation: Down moves the selection and the details follow.
    QTest::keyClick(w.eventView(), Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(w.eventView()->currentIndex().row(), 0);
    QTest::keyClick(w.eventView(), Qt::Key_Down);
    QCOMPARE(w.eventView()->currentIndex().row(), 1);
    QCOMPARE(w.detailPane()->valueOf("evt.num"), QString::fromStdString(curl[1]).section('|', 0, 0));

    // Follow the connection's fd.
    w.eventView()->selectRow(readRow);
    QSignalSpy aux(&w, &MainWindow::auxFinished);
    w.followSelectedFd();
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 1, kWait);
    auto* dlg = w.findChild<QWidget*>("followDialog");
    QVERIFY(dlg);
    auto* text = dlg->findChild<QPlainTextEdit*>("followText");
    QVERIFY(text->toPlainText().contains("GET "));
    QVERIFY(text->toPlainText().contains(" bytes returned, "));
    QVERIFY(dlg->findChild<QLabel*>("followSummary")->text().contains(" captured)"));
    save_shot(dlg, "inspector-follow-fd.png");
    dlg->close();

    // Terminal sessions: the shell's commands and their output, played back.
    w.showTerminalSessions();
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 2, kWait);
    auto* term = w.findChild<TerminalDialog*>("terminalDialog");
    QVERIFY(term);
    QCOMPARE(term->sessionCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(term->position() >= 2, kWait);  // playing
    term->showAll();
    QVERIFY(term->text().contains("$ cat /etc/shadow"));
    save_shot(term, "inspector-terminal.png");
    term->close();

    // Export the filtered view.
    QTemporaryDir dir;
    QString out = dir.filePath("curl.scap");
    w.exportTo(out, false);
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 3, kWait);
    // The writer adds the enter events of the exported exits (compat profile).
    QCOMPARE(print_lines(out.toStdString(), "evt.dir = <", "%proc.name %evt.type %fd.name"),
             print_lines(kShell.toStdString(), filter.toStdString(), "%proc.name %evt.type %fd.name"));

    // Brush a time range on the timeline: the view shrinks; zoom out restores it.
    uint64_t first = w.timeline()->bins().begin();
    w.setTimeRange(first, first + 1);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 2, kWait);
    QVERIFY(w.eventModel()->rowCount() < int(curl.size()));

    // Clicking a process filters to it.
    QModelIndex sudo = w.processModel()->indexOfPid(
        std::stoll(print_lines(kShell.toStdString(), "proc.name = sudo", "%proc.pid").at(0)));
    QVERIFY(sudo.isValid());
    w.setTimeRange(0, UINT64_MAX);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 3, kWait);
    w.findChild<QTabWidget*>()->setCurrentWidget(w.processView());
    w.processView()->scrollTo(sudo);
    QRect r = w.processView()->visualRect(sudo);
    QTest::mouseClick(w.processView()->viewport(), Qt::LeftButton, {}, r.center());
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 4, kWait);
    QVERIFY(w.filterBar()->text().startsWith("proc.pid = "));
    auto sudoRows = print_lines(kShell.toStdString(), w.filterBar()->text().toStdString(), "%evt.num");
    QCOMPARE(w.eventModel()->rowCount(), int(sudoRows.size()));

    // From the detail pane: a field as a column, and as a filter.
    w.eventView()->selectRow(0);
    QTreeWidgetItem* cmd = w.detailPane()->itemOf("proc.cmdline");
    QVERIFY(cmd);
    emit w.detailPane()->addColumnRequested(DetailPane::fieldOf(cmd));
    QCOMPARE(w.eventModel()->columns().last(), QString("proc.cmdline"));
    QCOMPARE(w.eventModel()
                 ->data(w.eventModel()->index(0, w.eventModel()->columnCount() - 1), Qt::DisplayRole)
                 .toString(),
             cmd->text(1));
    QString f = DetailPane::filterFor(cmd);
    // The value written as the filter language reads it back: bare or quoted (filter_literal).
    QCOMPARE(f, QString::fromStdString(filter_equals("proc.cmdline", cmd->text(1).toStdString())));
    emit w.detailPane()->filterRequested(f);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 5, kWait);
    QCOMPARE(w.eventModel()->rowCount(),
             int(print_lines(kShell.toStdString(), f.toStdString(), "%evt.num").size()));
    QVERIFY(w.eventModel()->rowCount() > 0);
    QCOMPARE(DetailPane::filterFor(w.detailPane()->itemOf("proc.pid")),
             "proc.pid = " + w.detailPane()->valueOf("proc.pid"));
    w.eventModel()->setColumns(kDefaultColumns);

    // An overview tile applies its filter.
    QToolButton* tile = w.overviewPanel()->tileButton(0);
    QVERIFY(tile && tile->isEnabled());
    QVERIFY(tile->text().contains("Interactive commands"));
    QTest::mouseClick(tile, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 6, kWait);
    QCOMPARE(w.filterBar()->text(), QString::fromStdString(default_tiles()[0].filter));
    QCOMPARE(w.eventModel()->rowCount(),
             int(print_lines(kShell.toStdString(), default_tiles()[0].filter, "%evt.num").size()));
    QVERIFY(w.lastError().isEmpty());
  }

  void darkThemeScreenshot() {
    MainWindow w;
    w.setInteractive(false);
    w.setDarkTheme(true);
    w.resize(1400, 880);
    w.show();
    QSignalSpy rules(&w, &MainWindow::rulesFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(
        w.eventModel()->data(w.eventModel()->index(0, 0), Qt::BackgroundRole).value<QColor>().lightness() <
            128,
        true);
    save_shot(&w, "inspector-dark.png");
    w.setDarkTheme(false);
  }
};

QTEST_MAIN(GuiSessionTest)
#include "test_gui_session.moc"
