// Follow fd as a stream view: show as, one side, find, next/previous stream, filter on and out.
// `saker print` is the oracle for the streams and the filters.
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include "filter_bar.h"
#include "follow_fd_dialog.h"
#include "gui_fixtures.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiFollowTest : public QObject {
  Q_OBJECT
 private slots:
  void streamViewShowsNavigatesAndFilters() {
    MainWindow w;
    open_sample(w);
    const std::string sample = kShell.toStdString();

    // Select curl's read of its connection and follow it.
    auto all = print_lines(sample, "", "%evt.num|%proc.name|%evt.type|%evt.dir");
    int row = -1;
    for (size_t i = 0; i < all.size() && row < 0; ++i)
      if (QString::fromStdString(all[i]).endsWith("|curl|read|<")) row = int(i);
    QVERIFY(row >= 0);
    w.eventView()->selectRow(row);
    QSignalSpy aux(&w, &MainWindow::auxFinished);
    w.followSelectedFd();
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 1, kWait);
    auto* dlg = w.findChild<FollowFdDialog*>("followDialog");
    QVERIFY(dlg);
    const FdKey curl = dlg->key();
    QCOMPARE(dlg->shownText().toStdString(), stream_text(dlg->stream()));

    // Show as hex dump, writes only: what the core renders, no read heading.
    dlg->setFormat(StreamFormat::HexDump);
    dlg->setSide(StreamSide::Writes);
    QCOMPARE(dlg->shownText().toStdString(),
             stream_text(dlg->stream(), StreamFormat::HexDump, StreamSide::Writes));
    QVERIFY(dlg->shownText().startsWith(">> write event"));
    QVERIFY(!dlg->shownText().contains("<< read"));
    QVERIFY(dlg->shownText().contains("00000000  47 45 54 20"));  // "GET "
    QVERIFY(dlg->find("47 45 54"));
    QVERIFY(!dlg->find("no such bytes"));

    // Next stream: the one after curl's connection in the capture's order, format kept.
    const auto streams = dlg->stream().streams;
    const size_t at = dlg->stream().stream_index;
    QVERIFY(at + 1 < streams.size());
    QCOMPARE(dlg->findChild<QSpinBox*>("followIndex")->value(), int(at) + 1);
    QTest::mouseClick(dlg->findChild<QPushButton*>("followNext"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 2, kWait);
    QCOMPARE(w.findChildren<FollowFdDialog*>().size(), 1);
    QCOMPARE(dlg->key().name, streams[at + 1].name);
    QCOMPARE(dlg->stream().stream_index, at + 1);
    QCOMPARE(dlg->shownText().toStdString(),
             stream_text(dlg->stream(), StreamFormat::HexDump, StreamSide::Writes));
    auto io = print_lines(
        sample, stream_filter(dlg->key()) + " and evt.is_io = true and evt.dir = < and evt.rawres > 0",
        "%evt.num");
    QCOMPARE(dlg->stream().chunks.size(), io.size());
    QTest::mouseClick(dlg->findChild<QPushButton*>("followPrevious"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 3, kWait);
    QCOMPARE(dlg->key().pid, curl.pid);
    QCOMPARE(dlg->key().fd, curl.fd);

    // Filter out this stream: the list keeps every other event.
    QSignalSpy view(&w, &MainWindow::viewFinished);
    QTest::mouseClick(dlg->findChild<QPushButton*>("followFilterOut"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    const QString out = w.filterBar()->text();
    QCOMPARE(out, "not (" + QString::fromStdString(stream_filter(curl)) + ")");
    QCOMPARE(w.eventModel()->rowCount(), int(print_lines(sample, out.toStdString(), "%evt.num").size()));
    QVERIFY(w.eventModel()->rowCount() < int(all.size()));
    dlg->close();
  }
};

QTEST_MAIN(GuiFollowTest)
#include "test_gui_follow.moc"
