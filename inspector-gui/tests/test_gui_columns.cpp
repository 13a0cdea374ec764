// Column preferences: the field chooser with search, titles, hidden columns, widths remembered
// by field, columns dragged to another place; everything back after a restart.
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include "columns_dialog.h"
#include "event_table_model.h"
#include "gui_fixtures.h"
#include "inspector_settings.h"
#include "main_window.h"
#include "saker/query/field.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

QString check_field(const QString& field) {
  saker::query::FieldRef ref;
  std::string why;
  return saker::query::resolve_field(field.toStdString(), ref, why) ? QString() : QString::fromStdString(why);
}

int column_of(MainWindow& w, const QString& field) {
  return static_cast<int>(w.eventModel()->columns().indexOf(field));
}

}  // namespace

class GuiColumnsTest : public QObject {
  Q_OBJECT
 private slots:
  void chooserSearchesAndEdits() {
    std::vector<ColumnChoice> start;
    for (const QString& f : kDefaultColumns) start.push_back({f, {}, true});
    ColumnsDialog dlg(start, check_field);
    dlg.search("aname");
    const QStringList shown = dlg.shownFields();
    QVERIFY(shown.contains("proc.aname"));
    QVERIFY(!shown.contains("evt.num"));
    dlg.search("");
    QCOMPARE(dlg.shownFields().size(), int(saker::query::all_fields().size()));
    QCOMPARE(dlg.addField("proc.aname[2]"), QString());
    QVERIFY(!dlg.addField("proc.nosuch").isEmpty());
    dlg.setTitle(0, "Number");
    dlg.setShown(4, false);  // evt.dir
    dlg.moveRow(int(start.size()), -1);
    auto got = dlg.choices();
    QCOMPARE(got.size(), start.size() + 1);
    QCOMPARE(got[0].title, QString("Number"));
    QVERIFY(!got[4].shown);
    QCOMPARE(got[start.size() - 1].field, QString("proc.aname[2]"));
    QCOMPARE(got[start.size()].field, start.back().field);
  }

  void titlesHiddenWidthsAndOrderAreKept() {
    const std::string sample = kShell.toStdString();
    inspector_settings().clear();  // the suite's own settings folder, left by an earlier run
    {
      MainWindow w;
      w.setInteractive(false);
      w.resize(1280, 720);
      w.show();
      QSignalSpy loaded(&w, &MainWindow::loadFinished);
      w.openCapture(kShell);
      QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
      auto choices = w.columnChoices();
      choices[0].title = "Number";
      choices[4].shown = false;  // evt.dir
      choices.push_back({"proc.aname[2]", "Grandparent", true});
      QCOMPARE(w.setColumnChoices(choices), QString());
      QCOMPARE(w.eventModel()->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Number"));
      QVERIFY(w.eventView()->isColumnHidden(column_of(w, "evt.dir")));
      const int gp = column_of(w, "proc.aname[2]");
      auto expected = print_lines(sample, "", "%proc.aname[2]");
      for (int row = 0; row < 5; ++row) {
        QString want = QString::fromStdString(expected[size_t(row)]);
        if (want == "<NA>") want.clear();
        QCOMPARE(w.eventModel()->data(w.eventModel()->index(row, gp), Qt::DisplayRole).toString(), want);
      }
      // A width the user gives proc.name stays with it when it moves.
      QHeaderView* h = w.eventView()->horizontalHeader();
      h->resizeSection(column_of(w, "proc.name"), 222);
      QStringList cols = w.eventModel()->columns();
      cols.move(cols.indexOf("proc.name"), 0);
      QCOMPARE(w.setColumns(cols), QString());
      QCOMPARE(h->sectionSize(0), 222);
      // Dragging a column: the list's columns take the new order.
      const int from = column_of(w, "evt.type");
      h->moveSection(h->visualIndex(from), 1);
      QTRY_COMPARE_WITH_TIMEOUT(column_of(w, "evt.type"), 1, kWait);
      QCOMPARE(h->visualIndex(1), 1);
      QCOMPARE(h->sectionSize(column_of(w, "proc.name")), 222);
    }
    // A new window (a restart) has it all back.
    MainWindow w2;
    w2.setInteractive(false);
    w2.resize(1280, 720);
    w2.show();
    const QStringList cols = w2.eventModel()->columns();
    QCOMPARE(cols.value(0), QString("proc.name"));
    QCOMPARE(cols.value(1), QString("evt.type"));
    QVERIFY(cols.contains("proc.aname[2]"));
    QCOMPARE(
        w2.eventModel()->headerData(column_of(w2, "evt.num"), Qt::Horizontal, Qt::DisplayRole).toString(),
        QString("Number"));
    QCOMPARE(w2.eventModel()
                 ->headerData(column_of(w2, "proc.aname[2]"), Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             QString("Grandparent"));
    QVERIFY(w2.eventView()->isColumnHidden(column_of(w2, "evt.dir")));
    QCOMPARE(w2.eventView()->horizontalHeader()->sectionSize(0), 222);
  }
};

QTEST_MAIN(GuiColumnsTest)
#include "test_gui_columns.moc"
