// Inspector widget tests: the filter bar's live validation, history and field completion.
#include <QCompleter>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

#include "filter_bar.h"
#include "gui_fixtures.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiFilterTest : public QObject {
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
};

QTEST_MAIN(GuiFilterTest)
#include "test_gui_filter.moc"
