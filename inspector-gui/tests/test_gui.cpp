// Widget tests and the end-to-end test of saker-inspector on the offscreen platform:
// open captures, filter, select, follow, export, rules; screenshots land in the build tree.
#include <QCompleter>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <QStandardItemModel>
#include "alerts_model.h"
#include "detail_pane.h"
#include "filter_bar.h"
#include "main_window.h"
#include "oracle.h"
#include "overview_panel.h"
#include "saker/scap/convert.h"
#include "sql_panel.h"
#include "terminal_dialog.h"
#include "theme.h"
#include "timeline_widget.h"

using namespace saker::inspector;
using saker::inspector::test::print_lines;
using saker::inspector::test::print_sorted;
using saker::inspector::test::replay_lines;

namespace {
const QString kShell = SAKER_SAMPLES_DIR "/shell-session.scap";
constexpr int kWait = 30000;

QString write_file(QTemporaryDir& dir, const QString& name, const QByteArray& text) {
  QFile f(dir.filePath(name));
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(text);
  return f.fileName();
}

void save_shot(QWidget* w, const QString& name) {
  QImage img = w->grab().toImage();
  QVERIFY(!img.isNull());
  QVERIFY(img.save(QString(SAKER_SCREENSHOT_DIR) + "/" + name));
  if (qEnvironmentVariableIsSet("SAKER_SCREENSHOT_OUT") && name == "inspector-shell-session.png")
    QVERIFY(img.save(qEnvironmentVariable("SAKER_SCREENSHOT_OUT")));
}
}  // namespace

class GuiTest : public QObject {
  Q_OBJECT
 private slots:
  void filterBarValidatesLive() {
    FilterBar bar;
    QSignalSpy applied(&bar, &FilterBar::applied);
    bar.lineEdit()->setText("proc.name = bash");
    QVERIFY(bar.isValid());
    QVERIFY(bar.lineEdit()->styleSheet().contains("#2e9d4f"));
    bar.lineEdit()->setText("proc.name = bash and evt.nosuch = 1");
    QVERIFY(!bar.isValid());
    QVERIFY(bar.lineEdit()->styleSheet().contains("#d32f2f"));
    QVERIFY(bar.errorText().startsWith("column 22:"));
    QVERIFY(bar.errorText().contains("evt.nosuch"));
    bar.apply();  // invalid: nothing applied
    QCOMPARE(applied.count(), 0);
    bar.lineEdit()->setText("evt.type = execve");
    QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
    QCOMPARE(applied.count(), 1);
    QCOMPARE(applied[0][0].toString(), QString("evt.type = execve"));
    QCOMPARE(bar.history().value(0), QString("evt.type = execve"));
    // History with Up.
    bar.lineEdit()->clear();
    QTest::keyClick(bar.lineEdit(), Qt::Key_Up);
    QCOMPARE(bar.text(), QString("evt.type = execve"));
  }

  void filterBarCompletesFieldNames() {
    FilterBar bar;
    bar.show();
    bar.lineEdit()->setFocus();
    QTest::keyClicks(bar.lineEdit(), "proc.na");
    QCOMPARE(bar.completer()->completionPrefix(), QString("proc.na"));
    QStringList offered;
    for (int i = 0; bar.completer()->setCurrentRow(i); ++i) offered << bar.completer()->currentCompletion();
    QVERIFY(offered.contains("proc.name"));
    QVERIFY(!offered.contains("fd.name"));
    emit bar.completer()->activated("proc.name");
    QCOMPARE(bar.text(), QString("proc.name"));
  }

  void timelineBrushSelectsRange() {
    TimelineWidget tl;
    tl.resize(600, 110);
    tl.setBins(TimelineBins::fixed(1000, 2000, 100));
    QSignalSpy spy(&tl, &TimelineWidget::rangeSelected);
    QSignalSpy zoom(&tl, &TimelineWidget::zoomOutRequested);
    int x0 = tl.xOf(1200), x1 = tl.xOf(1600);
    QTest::mousePress(&tl, Qt::LeftButton, {}, QPoint(x0, 50));
    QTest::mouseMove(&tl, QPoint(x1, 50));
    QTest::mouseRelease(&tl, Qt::LeftButton, {}, QPoint(x1, 50));
    QCOMPARE(spy.count(), 1);
    uint64_t from = spy[0][0].toULongLong(), to = spy[0][1].toULongLong();
    QVERIFY(from >= 1190 && from <= 1210);
    QVERIFY(to >= 1590 && to <= 1610);
    QTest::mouseDClick(&tl, Qt::LeftButton, {}, QPoint(x0, 50));
    QCOMPARE(zoom.count(), 1);
  }

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
    QCOMPARE(f, "proc.cmdline = '" + cmd->text(1) + "'");
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

  void endToEndRulesSampleJumpsToAlert() {
    const QString cap = SAKER_SAMPLES_DIR "/rules/shell-history-deleted.scap";
    MainWindow w;
    w.setInteractive(false);
    w.resize(1400, 880);
    w.show();
    QSignalSpy rules(&w, &MainWindow::rulesFinished);
    QSignalSpy view(&w, &MainWindow::viewFinished);
    // A filter typed before opening applies to the load.
    w.filterBar()->setText("evt.type = openat");
    w.openCapture(cap);
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    auto opens = print_lines(cap.toStdString(), "evt.type = openat", "%evt.num");
    QCOMPARE(w.eventModel()->rowCount(), int(opens.size()));
    QCOMPARE(w.alertsModel()->rowCount(), 1);
    QCOMPARE(w.alertsModel()->index(0, AlertsModel::Rule).data().toString(),
             QString("Shell history deleted"));
    uint64_t num = w.alertsModel()->index(0, 0).data(AlertsModel::kEventNumRole).toULongLong();
    // The alert's event (an unlink) is filtered out: jumping widens the view and selects it.
    QVERIFY(w.eventModel()->rowOfEvent(num) < 0);
    w.alertsView()->setFocus();
    w.alertsView()->setCurrentIndex(w.alertsModel()->index(0, 0));
    QTest::keyClick(w.alertsView(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    QCOMPARE(w.eventModel()->rowCount(), int(print_lines(cap.toStdString(), "", "%evt.num").size()));
    QCOMPARE(w.eventModel()->eventAt(w.eventView()->currentIndex().row()), num);
    QCOMPARE(w.detailPane()->valueOf("proc.name"), QString("rm"));
    save_shot(&w, "inspector-rules-sample.png");

    // SQL over the index; double-clicking a row with an event number selects that event.
    QTemporaryDir tmp;
    const QString copy = tmp.filePath("history.scap");
    QVERIFY(QFile::copy(cap, copy));
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(copy);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    w.bottomTabs()->setCurrentWidget(w.sqlPanel());
    QSignalSpy sql(&w, &MainWindow::sqlFinished);
    w.sqlPanel()->editor()->setPlainText(
        "SELECT num, type, proc_name FROM events WHERE type = 'unlink' AND dir = '<'");
    w.sqlPanel()->editor()->setFocus();
    QTest::keyClick(w.sqlPanel()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(sql.count(), 1, kWait);
    QCOMPARE(w.sqlPanel()->model()->rowCount(), 1);
    QCOMPARE(w.sqlPanel()->model()->index(0, 0).data().toULongLong(), num);
    w.eventView()->selectRow(0);
    QModelIndex cell = w.sqlPanel()->model()->index(0, 2);
    QPoint at = w.sqlPanel()->results()->visualRect(cell).center();
    QTest::mouseClick(w.sqlPanel()->results()->viewport(), Qt::LeftButton, {},
                      at);  // a double-click follows a press
    QTest::mouseDClick(w.sqlPanel()->results()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(w.eventModel()->eventAt(w.eventView()->currentIndex().row()), num);
    save_shot(&w, "inspector-sql.png");

    // A bad file reports its name.
    w.openCapture(SAKER_SAMPLES_DIR "/no-such.scap");
    QVERIFY(w.lastError().contains("no-such.scap"));
    // So does a file that is no capture.
    const QString notCapture = tmp.filePath("notes.txt");
    QFile f(notCapture);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("these are notes, not a capture\n");
    f.close();
    w.openCapture(notCapture);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().contains("notes.txt"), qPrintable(w.lastError()));
    QCOMPARE(w.eventModel()->rowCount(), 0);
  }

  void ruleFilesAreAddedOrReplaceAndErrorsKeepTheActiveRules() {
    const QString cap = SAKER_SAMPLES_DIR "/rules/shell-history-deleted.scap";
    QTemporaryDir tmp;
    const QString good = write_file(tmp, "unlinks.yaml",
                                    "- rule: Any unlink\n  desc: every removal\n"
                                    "  condition: evt.type in (unlink, unlinkat) and evt.dir = <\n"
                                    "  output: removed (file=%evt.arg.name)\n  priority: NOTICE\n");
    const QString bad = write_file(tmp, "bad.yaml",
                                   "- rule: broken\n  desc: x\n  condition: proc.nosuch = 1\n"
                                   "  output: x\n  priority: WARNING\n");
    const QString macros = write_file(tmp, "macros.yaml", "- macro: opens\n  condition: evt.type = openat\n");
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy rules(&w, &MainWindow::rulesFinished);
    w.openCapture(cap);
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    const QString defaults = w.rulesStatusText();
    QVERIFY2(defaults.endsWith(" rules active, 1 alert"), qPrintable(defaults));
    const int defaultRules = defaults.section(' ', 0, 0).toInt();
    QVERIFY(defaultRules > 10);

    // Errors: each listed with its file, line and column; the active rules stay.
    QVERIFY(!w.loadRuleFiles({good, bad}, true));
    QVERIFY(!w.ruleErrors().isEmpty());
    for (const QString& e : w.ruleErrors())
      QVERIFY2(QRegularExpression("^" + QRegularExpression::escape(bad) + ":3:\\d+: ").match(e).hasMatch(),
               qPrintable(e));
    auto* list = w.findChild<QListWidget*>("ruleErrorList");
    QVERIFY(list);
    QCOMPARE(list->count(), int(w.ruleErrors().size()));
    QCOMPARE(list->item(0)->text(), w.ruleErrors()[0]);
    QVERIFY(w.rulePaths().isEmpty());  // still the default ruleset
    QCOMPARE(w.rulesStatusText(), defaults);
    QCOMPARE(w.alertsModel()->rowCount(), 1);
    QVERIFY(w.statusBar()->currentMessage().contains("the active rules stay"));

    // Added to the default ruleset: both rerun, as `saker replay` with both.
    QVERIFY(w.loadRuleFiles({good}, true));
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    const std::string defaultDir = w.rulePaths().value(0).toStdString();
    const auto both = replay_lines(cap.toStdString(), {defaultDir, good.toStdString()});
    QVERIFY(both.size() > 1);
    QCOMPARE(w.alertsModel()->rowCount(), int(both.size()));
    QCOMPARE(w.rulesStatusText(),
             QString("%1 rules active, %2 alerts").arg(defaultRules + 1).arg(both.size()));

    // Replacing: only the new rule.
    QVERIFY(w.loadRuleFiles({good}, false));
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 3, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.rulePaths(), QStringList{good});
    const auto only = replay_lines(cap.toStdString(), {good.toStdString()});
    QCOMPARE(w.alertsModel()->rowCount(), int(only.size()));
    QCOMPARE(w.rulesStatusText(),
             QString("1 rule active, %1")
                 .arg(only.size() == 1 ? QString("1 alert") : QString("%1 alerts").arg(only.size())));

    // Rule files without rules: said plainly.
    QVERIFY(w.loadRuleFiles({macros}, false));
    QTRY_COMPARE_WITH_TIMEOUT(rules.count(), 4, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.rulesStatusText(), QString("No rules active"));
    QCOMPARE(w.alertsModel()->rowCount(), 0);
  }

  void exportWritesTheFormatChosen() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.filterBar()->setText("proc.name = curl");
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    const QStringList cols = {"proc.name", "evt.num", "evt.rawres", "evt.is_io", "evt.type"};
    auto restoreColumns = qScopeGuard([&] { w.setColumns(kDefaultColumns); });  // remembered for later tests
    QCOMPARE(w.setColumns(cols), QString());
    const auto expect = print_lines(kShell.toStdString(), "proc.name = curl",
                                    "*%proc.name|%evt.num|%evt.rawres|%evt.is_io|%evt.type");
    QCOMPARE(w.eventModel()->rowCount(), int(expect.size()));
    QTemporaryDir dir;
    QSignalSpy aux(&w, &MainWindow::auxFinished);

    // CSV chosen, no extension typed: a CSV file named .csv.
    w.exportTo(dir.filePath("events"), false, ExportFormat::Csv);
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 1, kWait);
    QVERIFY(!QFileInfo::exists(dir.filePath("events")));
    QFile csv(dir.filePath("events.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.value(0), QByteArray("proc.name,evt.num,evt.rawres,evt.is_io,evt.type"));
    QCOMPARE(lines.value(1), QByteArray::fromStdString(expect[0]).replace("<NA>", "").replace('|', ','));

    // JSON chosen: keys in column order, numbers and booleans typed.
    w.exportTo(dir.filePath("events"), false, ExportFormat::Json);
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 2, kWait);
    QFile js(dir.filePath("events.json"));
    QVERIFY(js.open(QIODevice::ReadOnly));
    auto doc = nlohmann::ordered_json::parse(js.readAll().toStdString());
    QCOMPARE(doc.size(), expect.size());
    for (size_t i = 0; i < expect.size(); ++i) {
      QStringList want = QString::fromStdString(expect[i]).split('|');
      const auto& o = doc[i];
      QStringList keys;
      for (auto it = o.begin(); it != o.end(); ++it) keys << QString::fromStdString(it.key());
      QCOMPARE(keys, cols);
      QCOMPARE(QString::fromStdString(o["proc.name"].get<std::string>()), want[0]);
      QVERIFY(o["evt.num"].is_number_unsigned());
      QCOMPARE(QString::number(o["evt.num"].get<uint64_t>()), want[1]);
      if (want[2] == "<NA>") {
        QVERIFY(o["evt.rawres"].is_null());
      } else {
        QVERIFY(o["evt.rawres"].is_number_integer());
        QCOMPARE(QString::number(o["evt.rawres"].get<int64_t>()), want[2]);
      }
      QVERIFY(o["evt.is_io"].is_boolean());
      QCOMPARE(o["evt.is_io"].get<bool>() ? QString("true") : QString("false"), want[3]);
    }

    // Capture chosen with a name ending in .csv: a capture, named .scap.
    w.exportTo(dir.filePath("curl.csv"), false, ExportFormat::Scap);
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 3, kWait);
    QVERIFY(!QFileInfo::exists(dir.filePath("curl.csv")));
    QCOMPARE(print_lines(dir.filePath("curl.csv.scap").toStdString(), "evt.dir = <",
                         "%proc.name %evt.type %fd.name"),
             print_lines(kShell.toStdString(), "proc.name = curl and evt.dir = <",
                         "%proc.name %evt.type %fd.name"));
  }

  void openingResetsTheFilterAndSaysWhatIsWrong() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QSignalSpy view(&w, &MainWindow::viewFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    const int all = w.eventModel()->rowCount();
    w.filterBar()->setText("proc.name = sudo");
    w.filterBar()->apply();
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    QVERIFY(w.eventModel()->rowCount() > 0 && w.eventModel()->rowCount() < all);

    // The next capture opens unfiltered: every event listed.
    const QString other = SAKER_SAMPLES_DIR "/rules/shell-history-deleted.scap";
    const auto otherRows = print_lines(other.toStdString(), "", "%evt.num");
    w.openCapture(other);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.eventModel()->rowCount(), int(otherRows.size()));
    QVERIFY(w.filterBar()->text().isEmpty());
    QVERIFY2(!w.statusText().contains("filter:"), qPrintable(w.statusText()));

    // Go to an event past the last one: said plainly, the selection stays.
    w.eventView()->selectRow(2);
    const uint64_t last = w.eventModel()->capture()->events;
    w.jumpToEvent(last + 10);
    QCOMPARE(w.eventView()->currentIndex().row(), 2);
    QVERIFY2(w.lastError().startsWith(QString("There is no event %1: ").arg(last + 10)),
             qPrintable(w.lastError()));
    QVERIFY(w.lastError().endsWith(QString("events 1 to %1").arg(last)));

    // A directory and an empty file say what they are, naming the file.
    QTemporaryDir tmp;
    w.openCapture(tmp.path());
    QCOMPARE(w.lastError(), QString("%1 is a directory, not a capture file").arg(tmp.path()));
    const QString empty = write_file(tmp, "empty.scap", "");
    w.openCapture(empty);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().startsWith(empty + " is not a capture file."), qPrintable(w.lastError()));
    QCOMPARE(w.errorsShown(), 1);
    QVERIFY(!w.damageBanner()->isVisible());

    // A truncated gzip capture: one error, and a banner above the list while it is open.
    QProcess gzip;
    gzip.setStandardOutputFile(tmp.filePath("cut.scap.gz"));
    gzip.start("gzip", {"-c", kShell});
    QVERIFY(gzip.waitForFinished());
    QFile gz(tmp.filePath("cut.scap.gz"));
    QVERIFY(gz.resize(gz.size() * 6 / 10));
    w.openCapture(gz.fileName());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 4, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.errorsShown(), 1);
    QVERIFY(w.eventModel()->rowCount() > 0 && w.eventModel()->rowCount() < all);
    QVERIFY(w.damageBanner()->isVisible());
    QVERIFY2(
        QRegularExpression("^Capture damaged at offset \\d+ of its decompressed stream: the events before it "
                           "are shown\\.")
            .match(w.damageBanner()->text())
            .hasMatch(),
        qPrintable(w.damageBanner()->text()));
    QVERIFY(w.damageBanner()->text().contains("cut.scap.gz"));
    save_shot(&w, "inspector-damaged.png");
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 5, kWait);
    QVERIFY(!w.damageBanner()->isVisible());
  }

  void compressedCaptureIsReadThroughAPlainCopy() {
    QTemporaryDir tmp;
    const QString gz = tmp.filePath("shell-session.scap.gz");
    QProcess gzip;
    gzip.setStandardOutputFile(gz);
    gzip.start("gzip", {"-c", kShell});
    QVERIFY(gzip.waitForFinished());
    QCOMPARE(gzip.exitCode(), 0);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(gz);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    auto lines = print_lines(kShell.toStdString(), "", "%evt.num|%proc.name");
    QCOMPARE(w.eventModel()->rowCount(), int(lines.size()));
    QVERIFY(w.statusText().contains("shell-session.scap.gz"));
    for (int r : {int(lines.size()) - 1, 3, int(lines.size()) / 2, 0}) {  // backwards and forwards
      QString cell = w.eventModel()->data(w.eventModel()->index(r, 0), Qt::DisplayRole).toString() + "|" +
                     w.eventModel()->data(w.eventModel()->index(r, 2), Qt::DisplayRole).toString();
      QCOMPARE(cell, QString::fromStdString(lines[r]));
    }
    QCOMPARE(w.eventModel()->capture()->original, gz.toStdString());
    QVERIFY(w.eventModel()->capture()->path != gz.toStdString());
  }

  void seekableZstdCaptureIsReadInPlace() {
    QTemporaryDir tmp;
    const std::string zst = tmp.filePath("shell-session.scap.zst").toStdString();
    saker::scap::WriterOptions o;
    o.compression = saker::scap::Compression::Zstd;
    o.profile = saker::scap::WriterProfile::Current;
    saker::scap::convert_capture(kShell.toStdString(), zst, o);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(QString::fromStdString(zst));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    // No plain copy: the seek table gives the jumps.
    QCOMPARE(w.eventModel()->capture()->path, zst);
    auto lines = print_lines(zst, "", "%evt.num|%proc.name");
    QCOMPARE(w.eventModel()->rowCount(), int(lines.size()));
    for (int r : {int(lines.size()) - 1, 3, int(lines.size()) / 2, 0}) {
      QString cell = w.eventModel()->data(w.eventModel()->index(r, 0), Qt::DisplayRole).toString() + "|" +
                     w.eventModel()->data(w.eventModel()->index(r, 2), Qt::DisplayRole).toString();
      QCOMPARE(cell, QString::fromStdString(lines[r]));
    }
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

QTEST_MAIN(GuiTest)
#include "test_gui.moc"
