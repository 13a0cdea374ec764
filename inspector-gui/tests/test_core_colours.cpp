// Colouring rules: a row's rule is the first enabled rule whose filter `saker print` matches
// the row's event with, on the sample and the shared captures, rendered backwards (every row a
// checkpoint restore); the settings round trip; bad filters refused with rule and column.
#include <QColor>
#include <QDir>
#include <QtTest>
#include <set>

#include "colour_rules.h"
#include "core_fixtures.h"
#include "event_table_model.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class CoreColoursTest : public QObject {
  Q_OBJECT
 private slots:
  void rowsTakeTheFirstMatchingRule() {
    std::vector<ColourRule> rules = default_colour_rules();
    rules.push_back({"disabled", "evt.num > 0", QColor(Qt::red), QColor(), false});
    rules.push_back({"reads", "evt.type = read", QColor(Qt::green), QColor(Qt::blue), true});
    ColourRuleSet set;
    QCOMPARE(set.setRules(rules), QString());
    if (sample_and_shared_captures().size() == 1)
      qWarning("../shared/captures is absent: only the sample is checked");
    for (const std::string& path : sample_and_shared_captures()) {
      std::vector<RowNum> rows;
      auto info = load(path, &rows, nullptr, 64);
      EventTableModel model;
      model.setCapture(info);
      QCOMPARE(model.setColumns({"evt.num"}), QString());
      model.appendRows(std::vector<RowNum>(rows));
      model.setColourRules(&set);
      // The oracle: each enabled rule's events as `saker print` filters them.
      std::vector<std::set<RowNum>> matched(rules.size());
      for (size_t i = 0; i < rules.size(); ++i)
        if (rules[i].enabled)
          for (RowNum n : nums_of(print_lines(path, rules[i].filter.toStdString(), "%evt.num")))
            matched[i].insert(n);
      int coloured = 0;
      for (int r = model.rowCount() - 1; r >= 0; --r) {
        const RowNum num = rows[size_t(r)];
        int expected = -1;
        for (size_t i = 0; i < rules.size() && expected < 0; ++i)
          if (matched[i].count(num)) expected = int(i);
        QVERIFY2(model.colourRuleAt(r) == expected,
                 qPrintable(QStringLiteral("%1: event %2: rule %3, expected %4")
                                .arg(QString::fromStdString(path))
                                .arg(num)
                                .arg(model.colourRuleAt(r))
                                .arg(expected)));
        const QVariant bg = model.data(model.index(r, 0), Qt::BackgroundRole);
        if (expected >= 0) {
          ++coloured;
          QCOMPARE(bg.value<QColor>(), rules[size_t(expected)].background);
          QCOMPARE(model.data(model.index(r, 0), Qt::ForegroundRole).value<QColor>(),
                   rules[size_t(expected)].foreground);
        }
      }
      if (path == kShell) QVERIFY(coloured > 0);  // /etc/shadow, the program runs, the reads
      model.setColourRules(nullptr);
      for (int r = 0; r < model.rowCount(); ++r) QCOMPARE(model.colourRuleAt(r), -1);
    }
  }

  void settingsRoundTripAndErrors() {
    std::vector<ColourRule> rules = default_colour_rules();
    rules[1].enabled = false;
    rules[2].foreground = QColor();
    QCOMPARE(colour_rules_from_settings(colour_rules_to_settings(rules)), rules);
    ColourRuleSet set;
    QCOMPARE(set.setRules(rules), QString());
    const QString err =
        set.setRules({{"broken", "proc.name = bash and fd.nosuch = 1", QColor(Qt::red), {}, true}});
    QVERIFY2(err.contains("rule 'broken'") && err.contains("column 22"), qPrintable(err));
    QCOMPARE(set.rules(), rules);  // kept
    // A disabled rule is not compiled: its filter may be unfinished.
    QCOMPARE(set.setRules({{"draft", "proc.name =", QColor(Qt::red), {}, false}}), QString());
    QVERIFY(set.empty());
  }
};

QTEST_MAIN(CoreColoursTest)
#include "test_core_colours.moc"
