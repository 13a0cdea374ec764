// Colouring rules in the window: the default rules colour the sample's rows, the dialog adds,
// orders and checks rules (a bad filter keeps it open with the rule and column), the toggle
// falls back to event classes, and a restart keeps both.
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include "colour_rules_dialog.h"
#include "event_table_model.h"
#include "gui_fixtures.h"
#include "inspector_settings.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

// The row of the first event `saker print` lists for `filter`.
int row_of(MainWindow& w, const std::string& filter) {
  const auto nums = print_lines(kShell.toStdString(), filter, "%evt.num");
  return nums.empty() ? -1 : w.eventModel()->rowOfEvent(std::stoull(nums.front()));
}

QColor background(MainWindow& w, int row) {
  return w.eventModel()->data(w.eventModel()->index(row, 0), Qt::BackgroundRole).value<QColor>();
}

}  // namespace

class GuiColoursTest : public QObject {
  Q_OBJECT
 private slots:
  void rulesColourRowsAndAreKept() {
    inspector_settings().clear();  // the suite's own settings folder, left by an earlier run
    const QColor chmodColour(0x12, 0x34, 0x56);
    {
      MainWindow w;
      open_sample(w);
      const int shadow = row_of(w, "evt.type = openat and fd.name = /etc/shadow");
      const int chmod = row_of(w, "evt.type = chmod");
      const int plain = row_of(w, "evt.type = clone");  // no rule matches it
      QVERIFY(shadow >= 0 && chmod >= 0 && plain >= 0);
      const std::vector<ColourRule> defaults = default_colour_rules();
      QCOMPARE(background(w, shadow), defaults[0].background);  // "Sensitive files"
      auto class_colour = [&](int row) {
        const int cls =
            w.eventModel()->data(w.eventModel()->index(row, 0), EventTableModel::kEventClassRole).toInt();
        return EventTableModel::classColor(static_cast<EventClass>(cls), false);
      };
      QCOMPARE(background(w, plain), class_colour(plain));

      w.editColourRules();
      auto* dlg = w.findChild<ColourRulesDialog*>("colourRulesDialog");
      QVERIFY(dlg);
      QCOMPARE(dlg->table()->rowCount(), int(defaults.size()));
      dlg->addRule({"chmod", "evt.type = chmod and fd.nosuch = 1", chmodColour, QColor(Qt::white), true});
      dlg->accept();
      QVERIFY(dlg->isVisible());  // refused
      QVERIFY2(dlg->error()->text().contains("rule 'chmod'"), qPrintable(dlg->error()->text()));
      dlg->table()->item(dlg->table()->rowCount() - 1, 1)->setText("evt.type = chmod");
      dlg->moveCurrent(-3);  // first: it wins over every default rule
      QCOMPARE(dlg->table()->item(0, 0)->text(), QString("chmod"));
      dlg->accept();
      QTRY_VERIFY(!dlg->isVisible() || dlg->isHidden());
      QCOMPARE(w.colourRules().rules().front().name, QString("chmod"));
      QCOMPARE(background(w, chmod), chmodColour);
      QCOMPARE(w.eventModel()->data(w.eventModel()->index(chmod, 0), Qt::ForegroundRole).value<QColor>(),
               QColor(Qt::white));
      QCOMPARE(background(w, shadow), defaults[0].background);
      save_shot(&w, "inspector-colours.png");

      // Off: every row shows its event class's colour.
      w.setColourize(false);
      QCOMPARE(background(w, chmod), class_colour(chmod));
      QCOMPARE(background(w, shadow), class_colour(shadow));
      w.setColourize(true);
    }
    {
      MainWindow again;  // the same settings: the rules and the toggle are remembered
      open_sample(again);
      QCOMPARE(again.colourRules().rules().size(), default_colour_rules().size() + 1);
      QCOMPARE(background(again, row_of(again, "evt.type = chmod")), chmodColour);
      again.setColourize(false);
    }
    {
      MainWindow off;
      open_sample(off);
      const int chmod = row_of(off, "evt.type = chmod");
      QVERIFY(background(off, chmod) != chmodColour);
      off.setColourize(true);
    }
  }
};

QTEST_MAIN(GuiColoursTest)
#include "test_gui_colours.moc"
