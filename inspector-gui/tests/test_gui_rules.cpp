// Inspector GUI tests: alerts and jumping to them, SQL over the index, loading rule files.
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "alerts_model.h"
#include "detail_pane.h"
#include "filter_bar.h"
#include "gui_fixtures.h"
#include "main_window.h"
#include "sql_panel.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiRulesTest : public QObject {
  Q_OBJECT
 private slots:
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
};

QTEST_MAIN(GuiRulesTest)
#include "test_gui_rules.moc"
