// Statistics > I/O Graph in the window: the default graphs over the sample, a bad graph
// refused with its name, a double-clicked interval listing its events (as saker print lists
// them for that time range), and the graphs remembered.
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "gui_fixtures.h"
#include "inspector_settings.h"
#include "io_graph_dialog.h"
#include "io_graph_widget.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiIoGraphTest : public QObject {
  Q_OBJECT
 private slots:
  void graphsIntervalsAndDrillDown() {
    inspector_settings().clear();  // the suite's own settings folder, left by an earlier run
    {
      MainWindow w;
      open_sample(w);

      QSignalSpy done(&w, &MainWindow::ioGraphFinished);
      w.showIoGraph();
      QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kWait);
      IoGraphDialog* d = w.ioGraphDialog();
      QVERIFY(d);
      const IoGraphResult& r = d->plot()->result();
      QVERIFY(r.error.empty());
      QCOMPARE(r.series.size(), size_t(2));  // "Bytes read" is unchecked by default
      double all = 0;
      for (double v : r.series[0].values) all += v;
      const auto lines = print_lines(kShell.toStdString(), "", "%evt.rawtime");
      QCOMPARE(uint64_t(all), uint64_t(lines.size()));
      QVERIFY(d->csv().startsWith("interval_start_s,All events,Failed calls\n"));
      save_shot(d, "inspector-iograph.png");

      // A graph whose field is no number: refused, naming it; nothing runs.
      d->table()->item(2, 0)->setCheckState(Qt::Checked);
      d->table()->item(2, 3)->setText("proc.name");
      d->apply();
      QVERIFY2(d->status()->text().startsWith("Bytes read: field proc.name is"),
               qPrintable(d->status()->text()));
      QCOMPARE(done.count(), 1);
      d->table()->item(2, 3)->setText("evt.rawres");
      d->setInterval(10000);  // 10 µs
      d->apply();
      QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, kWait);
      QCOMPARE(d->plot()->result().interval, uint64_t{10000});
      QCOMPARE(d->plot()->result().series.size(), size_t(3));

      // Double-click the busiest interval: the list shows its events.
      const std::vector<double>& values = d->plot()->result().series[0].values;
      const size_t busiest = size_t(std::max_element(values.begin(), values.end()) - values.begin());
      const uint64_t from = d->plot()->result().from + busiest * 10000;
      QSignalSpy view(&w, &MainWindow::viewFinished);
      const QRect pr = d->plot()->rect().adjusted(70, 10, -16, -28);
      const int x = pr.left() + int((double(busiest) + 0.5) * pr.width() / double(values.size()));
      QCOMPARE(d->plot()->binAt(x), int(busiest));
      QTest::mouseDClick(d->plot(), Qt::LeftButton, {}, QPoint(x, pr.center().y()));
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
      QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
      uint64_t inside = 0;
      for (const auto& l : lines) inside += std::stoull(l) >= from && std::stoull(l) < from + 10000;
      QCOMPARE(uint64_t(w.eventView()->model()->rowCount()), inside);
      QCOMPARE(uint64_t(values[busiest]), inside);
      d->close();
    }
    MainWindow again;  // the graphs and the interval are remembered
    again.showIoGraph();
    QCOMPARE(again.ioGraphDialog()->specs().size(), size_t(3));
    QVERIFY(again.ioGraphDialog()->specs()[2].enabled);
    QCOMPARE(again.ioGraphDialog()->interval(), uint64_t{10000});
    QVERIFY(again.ioGraphDialog()->status()->text().contains("Open a capture first"));
  }
};

QTEST_MAIN(GuiIoGraphTest)
#include "test_gui_iograph.moc"
