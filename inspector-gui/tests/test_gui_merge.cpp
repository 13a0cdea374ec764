// Inspector GUI tests: several captures opened merged by time (File > Open merged..., several
// files on the command line or dropped): the rows are the original's, the title says so, the
// annotations are kept under the inputs, and the temporary merge goes with the capture.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "capture_pieces.h"
#include "gui_fixtures.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

// `in` cut into two time-contiguous captures, each with the original's state tables.
QStringList split_in_two(const QString& in, QTemporaryDir& dir) {
  QStringList out;
  for (const std::string& p : saker::test::split_capture(in.toStdString(), dir.path().toStdString(), 2))
    out << QString::fromStdString(p);
  return out;
}

// Every cell of every row, as shown.
QStringList rows_of(EventTableModel* m) {
  QStringList out;
  for (int r = 0; r < m->rowCount(); ++r) {
    QStringList cells;
    for (int c = 0; c < m->columnCount(); ++c) cells << m->data(m->index(r, c), Qt::DisplayRole).toString();
    out << cells.join('|');
  }
  return out;
}

}  // namespace

class GuiMergeTest : public QObject {
  Q_OBJECT
 private slots:
  void twoPiecesOpenMergedAsTheOriginal() {
    QTemporaryDir tmp;
    const QStringList pieces = split_in_two(kShell, tmp);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    const QStringList original = rows_of(w.eventModel());
    QVERIFY(original.size() > 20);

    w.openCaptures(pieces);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    QCOMPARE(rows_of(w.eventModel()), original);
    QVERIFY2(w.windowTitle().startsWith("2 captures merged"), qPrintable(w.windowTitle()));
    QVERIFY2(w.statusText().startsWith("2 captures merged: "), qPrintable(w.statusText()));
    const auto info = w.eventModel()->capture();
    QCOMPARE(int(info->merged_from.size()), 2);
    QCOMPARE(QString::fromStdString(info->merged_from[1]), pieces[1]);
    // Annotations are kept under the inputs, whatever the temporary file is called.
    QVERIFY(w.captureIdentity());
    QCOMPARE(w.captureIdentity()->path, pieces[0] + " + " + pieces[1]);
    const QString merged = QString::fromStdString(info->path);
    QVERIFY(QFile::exists(merged));
    save_shot(&w, "inspector-merge.png");

    // The other order: the same rows by time, the other identity.
    w.openCaptures({pieces[1], pieces[0]});
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY(!QFile::exists(merged));  // the previous merge went with its capture
    QCOMPARE(w.eventModel()->rowCount(), original.size());
    QCOMPARE(w.captureIdentity()->path, pieces[1] + " + " + pieces[0]);
    const QString merged2 = QString::fromStdString(w.eventModel()->capture()->path);

    // Another capture: the merge is removed.
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 4, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY(!QFile::exists(merged2));
    QCOMPARE(w.windowTitle(), QString("shell-session.scap - Saker Inspector"));

    // A capture of another machine: refused naming both (asked about when interactive), merged
    // when allowed.
    QString other;
    {
      saker::scap::Reader r(pieces[1].toStdString());
      auto meta = r.metadata();
      QVERIFY(meta.machine);
      meta.machine->hostname = "elsewhere";
      other = tmp.filePath("other.scap");
      saker::scap::Writer wr(other.toStdString());
      wr.begin_section(meta);
      saker::scap::EventView ev;
      while (r.next(ev)) wr.write_event(ev);
      wr.close();
    }
    w.openCaptures({pieces[0], other});
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 5, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().startsWith(pieces[0] + " and " + other + " were recorded on different machines"),
             qPrintable(w.lastError()));
    QVERIFY(!w.lastError().contains("--allow"));
    w.openCaptures({pieces[0], other}, true);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 6, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.eventModel()->rowCount(), original.size());

    // Not a capture among them: said, naming it.
    const QString junk = write_file(tmp, "junk.scap", "not a capture");
    w.openCaptures({pieces[0], junk});
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 7, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().contains(junk), qPrintable(w.lastError()));
  }
};

QTEST_MAIN(GuiMergeTest)
#include "test_gui_merge.moc"
