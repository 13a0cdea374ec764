// Inspector widget tests: brushing a range on the timeline and zooming out.
#include <QSignalSpy>
#include <QtTest>

#include "gui_fixtures.h"
#include "timeline_widget.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class GuiTimelineTest : public QObject {
  Q_OBJECT
 private slots:
  void timelineBrushSelectsRange() {
    TimelineWidget tl;
    tl.resize(600, 110);
    tl.setBins(TimelineBins::fixed(1000, 2000, 100));
    QSignalSpy spy(&tl, &TimelineWidget::rangeSelected);
    QSignalSpy zoom(&tl, &TimelineWidget::zoomOutRequested);
    int x0 = tl.xOf(1200), x1 = tl.xOf(1600);
    QTest::mousePress(&tl, Qt::LeftButton, {}, QPoint(x0, 50));
    QTest::mouseMove(&tl, QPoint(x1, 50));
    QTest::mouseRelease(&tl, Qt::LeftButton, {}, QPoint(x1, 50));
    QCOMPARE(spy.count(), 1);
    uint64_t from = spy[0][0].toULongLong(), to = spy[0][1].toULongLong();
    QVERIFY(from >= 1190 && from <= 1210);
    QVERIFY(to >= 1590 && to <= 1610);
    QTest::mouseDClick(&tl, Qt::LeftButton, {}, QPoint(x0, 50));
    QCOMPARE(zoom.count(), 1);
  }
};

QTEST_MAIN(GuiTimelineTest)
#include "test_gui_timeline.moc"
