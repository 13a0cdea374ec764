// Saved filter buttons: saved from the filter bar, applied by a click (the list `saker print`
// gives for the filter), refused when the filter does not parse, edited, removed, remembered.
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

#include "event_table_model.h"
#include "filter_bar.h"
#include "filter_buttons.h"
#include "gui_fixtures.h"
#include "inspector_settings.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiFilterButtonsTest : public QObject {
  Q_OBJECT
 private slots:
  void buttonsApplyAndAreRemembered() {
    inspector_settings().clear();
    const QString curl = "proc.name = curl and evt.dir = <";
    {
      MainWindow w;
      w.setInteractive(false);
      w.resize(1280, 720);
      w.show();
      QSignalSpy loaded(&w, &MainWindow::loadFinished);
      w.openCapture(kShell);
      QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
      FilterButtons* fb = w.filterButtons();
      QVERIFY(fb);
      QCOMPARE(fb->buttons().size(), size_t{0});
      QVERIFY(fb->setButton({"curl", curl}).isEmpty());
      QVERIFY(fb->setButton({"opens", "evt.type in (open, openat) and evt.dir = <"}).isEmpty());
      // Refused: a filter that does not parse (the column named), a button without a label.
      QString why = fb->setButton({"bad", "evt.type = open and"});
      QVERIFY(why.startsWith("column "));
      QVERIFY(!fb->setButton({"  ", "evt.num > 3"}).isEmpty());
      QCOMPARE(fb->buttons().size(), size_t{2});
      // A click applies the button's filter: the list is what `saker print` lists.
      QSignalSpy view(&w, &MainWindow::viewFinished);
      auto* button = fb->findChild<QToolButton*>("filterButton0");
      QVERIFY(button);
      QCOMPARE(button->text(), QString("curl"));
      QTest::mouseClick(button, Qt::LeftButton);
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
      QCOMPARE(w.filterBar()->text(), curl);
      QCOMPARE(w.eventModel()->rowCount(),
               int(print_lines(kShell.toStdString(), curl.toStdString(), "%evt.num").size()));
      // Edit the second, remove the first.
      QVERIFY(fb->setButton({"execs", "evt.type = execve and evt.dir = <"}, 1).isEmpty());
      fb->removeButton(0);
      QCOMPARE(fb->buttons().size(), size_t{1});
    }
    MainWindow w2;
    QCOMPARE(w2.filterButtons()->buttons().size(), size_t{1});
    QCOMPARE(w2.filterButtons()->buttons()[0].label, QString("execs"));
    QCOMPARE(w2.filterButtons()->buttons()[0].filter, QString("evt.type = execve and evt.dir = <"));
  }
};

QTEST_MAIN(GuiFilterButtonsTest)
#include "test_gui_filter_buttons.moc"
