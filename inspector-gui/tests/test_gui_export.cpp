// Inspector GUI tests: exporting in the format chosen (CSV, JSON, capture).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "filter_bar.h"
#include "gui_fixtures.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiExportTest : public QObject {
  Q_OBJECT
 private slots:
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
};

QTEST_MAIN(GuiExportTest)
#include "test_gui_export.moc"
