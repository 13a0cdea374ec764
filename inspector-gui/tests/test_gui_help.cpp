// Inspector GUI tests: the Help menu (shortcut reference built from the menus, About).
#include <QMenuBar>
#include <QtTest>

#include "help_dialogs.h"
#include "main_window.h"
#include "saker/rules/ruleset.h"

using namespace saker::inspector;

class GuiHelpTest : public QObject {
  Q_OBJECT
 private slots:
  void shortcutsListEveryMenuActionThatHasOne() {
    MainWindow w;
    const QString text = shortcut_reference(w.menuBar());
    const QStringList lines = text.split('\n');
    QVERIFY(lines.contains("File > Open capture...\t" +
                           QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    QVERIFY(lines.contains("View > Go to event...\tCtrl+G"));
    QVERIFY(lines.contains("Events > Follow fd\tCtrl+Shift+F"));
    QVERIFY(lines.contains("Rules > Rerun rules\tF5"));
    QVERIFY(lines.contains("Events > Set time reference\tCtrl+Alt+T"));
    QVERIFY(lines.contains("Events > Mark/Unmark\tCtrl+M"));
    QVERIFY(lines.contains("Events > Next mark\tCtrl+Shift+N"));
    QVERIFY(lines.contains("Events > Previous mark\tCtrl+Shift+B"));
    QVERIFY(lines.contains("Events > Comment...\tCtrl+Alt+C"));
    QVERIFY(lines.contains("Events > Ignore/Unignore\tCtrl+D"));
    QVERIFY(!text.contains("&"));
    // Only actions with a shortcut: Columns... has none.
    QVERIFY(!text.contains("Columns..."));
  }
  void aboutNamesTheVersions() {
    QCoreApplication::setApplicationVersion("9.8.7");
    const QString about = about_text();
    QVERIFY(about.contains("Saker Inspector 9.8.7"));
    QVERIFY(about.contains(QString("Qt ") + qVersion()));
    QVERIFY(about.contains(QString::fromStdString("Rules engine " + saker::rules::engine_version())));
  }
};

QTEST_MAIN(GuiHelpTest)
#include "test_gui_help.moc"
