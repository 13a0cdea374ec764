// Inspector GUI tests: opening captures (the filter reset, errors, damage, compressed captures).
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "filter_bar.h"
#include "gui_fixtures.h"
#include "main_window.h"
#include "saker/scap/convert.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiOpenTest : public QObject {
  Q_OBJECT
 private slots:
  void openingResetsTheFilterAndSaysWhatIsWrong() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QSignalSpy view(&w, &MainWindow::viewFinished);
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    const int all = w.eventModel()->rowCount();
    w.filterBar()->setText("proc.name = sudo");
    w.filterBar()->apply();
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    QVERIFY(w.eventModel()->rowCount() > 0 && w.eventModel()->rowCount() < all);

    // The next capture opens unfiltered: every event listed.
    const QString other = SAKER_SAMPLES_DIR "/rules/shell-history-deleted.scap";
    const auto otherRows = print_lines(other.toStdString(), "", "%evt.num");
    w.openCapture(other);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.eventModel()->rowCount(), int(otherRows.size()));
    QVERIFY(w.filterBar()->text().isEmpty());
    QVERIFY2(!w.statusText().contains("filter:"), qPrintable(w.statusText()));

    // Go to an event past the last one: said plainly, the selection stays.
    w.eventView()->selectRow(2);
    const uint64_t last = w.eventModel()->capture()->events;
    w.jumpToEvent(last + 10);
    QCOMPARE(w.eventView()->currentIndex().row(), 2);
    QVERIFY2(w.lastError().startsWith(QString("There is no event %1: ").arg(last + 10)),
             qPrintable(w.lastError()));
    QVERIFY(w.lastError().endsWith(QString("events 1 to %1").arg(last)));

    // A directory and an empty file say what they are, naming the file.
    QTemporaryDir tmp;
    w.openCapture(tmp.path());
    QCOMPARE(w.lastError(), QString("%1 is a directory, not a capture file").arg(tmp.path()));
    const QString empty = write_file(tmp, "empty.scap", "");
    w.openCapture(empty);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().startsWith(empty + " is not a capture file."), qPrintable(w.lastError()));
    QCOMPARE(w.errorsShown(), 1);
    QVERIFY(!w.damageBanner()->isVisible());

    // A truncated gzip capture: one error, and a banner above the list while it is open.
    QProcess gzip;
    gzip.setStandardOutputFile(tmp.filePath("cut.scap.gz"));
    gzip.start("gzip", {"-c", kShell});
    QVERIFY(gzip.waitForFinished());
    QFile gz(tmp.filePath("cut.scap.gz"));
    QVERIFY(gz.resize(gz.size() * 6 / 10));
    w.openCapture(gz.fileName());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 4, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QCOMPARE(w.errorsShown(), 1);
    QVERIFY(w.eventModel()->rowCount() > 0 && w.eventModel()->rowCount() < all);
    QVERIFY(w.damageBanner()->isVisible());
    QVERIFY2(
        QRegularExpression("^Capture damaged at offset \\d+ of its decompressed stream: the events before it "
                           "are shown\\.")
            .match(w.damageBanner()->text())
            .hasMatch(),
        qPrintable(w.damageBanner()->text()));
    QVERIFY(w.damageBanner()->text().contains("cut.scap.gz"));
    save_shot(&w, "inspector-damaged.png");
    w.openCapture(kShell);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 5, kWait);
    QVERIFY(!w.damageBanner()->isVisible());
  }

  void compressedCaptureIsReadThroughAPlainCopy() {
    QTemporaryDir tmp;
    const QString gz = tmp.filePath("shell-session.scap.gz");
    QProcess gzip;
    gzip.setStandardOutputFile(gz);
    gzip.start("gzip", {"-c", kShell});
    QVERIFY(gzip.waitForFinished());
    QCOMPARE(gzip.exitCode(), 0);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(gz);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    auto lines = print_lines(kShell.toStdString(), "", "%evt.num|%proc.name");
    QCOMPARE(w.eventModel()->rowCount(), int(lines.size()));
    QVERIFY(w.statusText().contains("shell-session.scap.gz"));
    for (int r : {int(lines.size()) - 1, 3, int(lines.size()) / 2, 0}) {  // backwards and forwards
      QString cell = w.eventModel()->data(w.eventModel()->index(r, 0), Qt::DisplayRole).toString() + "|" +
                     w.eventModel()->data(w.eventModel()->index(r, 2), Qt::DisplayRole).toString();
      QCOMPARE(cell, QString::fromStdString(lines[r]));
    }
    QCOMPARE(w.eventModel()->capture()->original, gz.toStdString());
    QVERIFY(w.eventModel()->capture()->path != gz.toStdString());
  }

  void seekableZstdCaptureIsReadInPlace() {
    QTemporaryDir tmp;
    const std::string zst = tmp.filePath("shell-session.scap.zst").toStdString();
    saker::scap::WriterOptions o;
    o.compression = saker::scap::Compression::Zstd;
    o.profile = saker::scap::WriterProfile::Current;
    saker::scap::convert_capture(kShell.toStdString(), zst, o);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    w.openCapture(QString::fromStdString(zst));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    // No plain copy: the seek table gives the jumps.
    QCOMPARE(w.eventModel()->capture()->path, zst);
    auto lines = print_lines(zst, "", "%evt.num|%proc.name");
    QCOMPARE(w.eventModel()->rowCount(), int(lines.size()));
    for (int r : {int(lines.size()) - 1, 3, int(lines.size()) / 2, 0}) {
      QString cell = w.eventModel()->data(w.eventModel()->index(r, 0), Qt::DisplayRole).toString() + "|" +
                     w.eventModel()->data(w.eventModel()->index(r, 2), Qt::DisplayRole).toString();
      QCOMPARE(cell, QString::fromStdString(lines[r]));
    }
  }
};

QTEST_MAIN(GuiOpenTest)
#include "test_gui_open.moc"
