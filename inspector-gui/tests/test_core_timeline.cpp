// Inspector core tests: the timeline's bins and its axis ticks.
#include <QtTest>

#include "capture_scan.h"
#include "core_fixtures.h"
#include "timeline_bins.h"
#include "timeline_ticks.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class CoreTimelineTest : public QObject {
  Q_OBJECT
 private slots:
  void timelineOpenEndedMergesBins() {
    TimelineBins b(8, 10);
    b.add(1000, EventClass::File);
    b.add(1005, EventClass::Network);
    b.add(1079, EventClass::Process);
    QCOMPARE(b.width(), uint64_t{10});
    QCOMPARE(b.at(0)[int(EventClass::File)], uint64_t{1});
    QCOMPARE(b.at(7)[int(EventClass::Process)], uint64_t{1});
    b.add(1080, EventClass::Other);  // past 8 bins of 10 ns: width doubles
    QCOMPARE(b.width(), uint64_t{20});
    QCOMPARE(b.bin_total(0), uint64_t{2});
    QCOMPARE(b.at(3)[int(EventClass::Process)], uint64_t{1});
    QCOMPARE(b.at(4)[int(EventClass::Other)], uint64_t{1});
    b.add(1000 + 20 * 8 * 4, EventClass::File);  // two more doublings
    QCOMPARE(b.width(), uint64_t{160});
    QCOMPARE(b.total(), uint64_t{5});
    uint64_t sum = 0;
    for (size_t i = 0; i < b.size(); ++i) sum += b.bin_total(i);
    QCOMPARE(sum, uint64_t{5});
    QCOMPARE(b.bin_of(1000 + 640), size_t{4});
  }

  void timelineFixedRangeIgnoresOutside() {
    auto b = TimelineBins::fixed(100, 199, 10);
    b.add(99, EventClass::File);
    b.add(100, EventClass::File);
    b.add(150, EventClass::Network);
    b.add(199, EventClass::Process);
    b.add(200, EventClass::Process);
    QCOMPARE(b.total(), uint64_t{3});
    QCOMPARE(b.bin_total(0), uint64_t{1});
    QCOMPARE(b.at(5)[int(EventClass::Network)], uint64_t{1});
    QCOMPARE(b.bin_total(b.bin_of(199)), uint64_t{1});
    QCOMPARE(b.max_bin_total(), uint64_t{1});
  }

  void timelineAxisHasRoundLabelledTicks() {
    const uint64_t s = 1'700'000'000'000'000'000ull;                   // 22:13:20 UTC
    TimelineAxis a = timeline_axis(s + 3'000'000, s + 77'000'000, 8);  // 74 ms
    QCOMPARE(a.step, uint64_t{10'000'000});
    QCOMPARE(a.ticks.size(), size_t{7});
    QCOMPARE(a.ticks.front(), s + 10'000'000);
    QCOMPARE(a.ticks.back(), s + 70'000'000);
    QCOMPARE(tick_label(a.ticks.front(), a.step), QString("22:13:20.01"));
    a = timeline_axis(s, s + 8'000'000'000ull, 6);
    QCOMPARE(a.step, uint64_t{2'000'000'000});
    QCOMPARE(a.ticks.size(), size_t{5});
    QCOMPARE(tick_label(a.ticks[1], a.step), QString("22:13:22"));
    QCOMPARE(tick_label(s + 1'234'567, 1'000), QString("22:13:20.001234"));
    QCOMPARE(tick_label(s + 5, 1), QString("22:13:20.000000005"));
    QVERIFY(timeline_axis(s, s, 8).ticks.empty());
    QVERIFY(timeline_axis(0, UINT64_MAX, 8).ticks.size() <= 8);
  }

  void timelineSpansTheListedEvents() {
    // Libs' internal events (left out of the list) can lie seconds away from the listed ones:
    // the timeline spans what the list shows, after loading and after every filter.
    std::vector<std::string> caps = {kShell};
    if (QFileInfo::exists(SAKER_SHARED_DIR "/captures/curl_google.scap"))
      caps.push_back(SAKER_SHARED_DIR "/captures/curl_google.scap");
    for (const std::string& path : caps) {
      auto times = print_lines(path, "", "%evt.rawtime");
      QVERIFY(!times.empty());
      uint64_t lo = UINT64_MAX, hi = 0;
      for (const auto& t : times)
        lo = std::min<uint64_t>(lo, std::stoull(t)), hi = std::max<uint64_t>(hi, std::stoull(t));
      ScanResult r;
      auto info = load(path, nullptr, &r);
      QCOMPARE(r.bins.begin(), lo);
      QVERIFY(r.bins.end() >= hi && r.bins.end() - hi <= r.bins.width());
      ScanResult f;
      filter_rows(*info, "", &f);
      QCOMPARE(f.bins.begin(), lo);
      QCOMPARE(f.bins.end(), hi);
      QCOMPARE(f.bins.total(), uint64_t(times.size()));
    }
  }
};

QTEST_GUILESS_MAIN(CoreTimelineTest)
#include "test_core_timeline.moc"
