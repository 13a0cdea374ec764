// The I/O graph's values against `saker print`: for each kind of value, every bin of the
// sample and the shared captures equals what the events `saker print` lists for the filter
// add up to; bad graphs are refused with the reason; CSV has a row per bin.
#include <QDir>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <limits>

#include "core_fixtures.h"
#include "io_graph.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

// The bins `spec` should give, from `saker print FILTER` with the events' times and the field.
std::vector<double> expected_bins(const std::string& path, const IoGraphSpec& spec, const IoGraphResult& r) {
  const bool events = spec.value == IoGraphValue::Events;
  const std::string format =
      "*%evt.rawtime " + (events ? std::string("%evt.num") : "%" + spec.field.toStdString());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> bins(r.bins, events || spec.value == IoGraphValue::Sum ? 0.0 : nan);
  std::vector<int> counts(r.bins, 0);
  for (const std::string& line : print_lines(path, spec.filter.toStdString(), format)) {
    const auto space = line.find(' ');
    const uint64_t ts = std::stoull(line.substr(0, space));
    const std::string value = line.substr(space + 1);
    const size_t b = static_cast<size_t>((ts - r.from) / r.interval);
    if (b >= r.bins) continue;
    if (events) {
      bins[b] += 1;
      continue;
    }
    if (value == "<NA>" || value.empty()) continue;
    const double x = value == "true" ? 1.0 : value == "false" ? 0.0 : std::stod(value);
    double& cell = bins[b];
    switch (spec.value) {
      case IoGraphValue::Sum:
        cell += x;
        break;
      case IoGraphValue::Max:
        cell = std::isnan(cell) ? x : std::max(cell, x);
        break;
      case IoGraphValue::Min:
        cell = std::isnan(cell) ? x : std::min(cell, x);
        break;
      default:
        cell = std::isnan(cell) ? x : cell + x;
        ++counts[b];
    }
  }
  if (spec.value == IoGraphValue::Mean)
    for (size_t b = 0; b < r.bins; ++b)
      if (counts[b]) bins[b] /= counts[b];
  return bins;
}

}  // namespace

class CoreIoGraphTest : public QObject {
  Q_OBJECT
 private slots:
  void binsMatchPrint() {
    const std::vector<IoGraphSpec> specs = {
        {"all", "", IoGraphValue::Events, "", Qt::black, true},
        {"files", "fd.type = file", IoGraphValue::Events, "", Qt::blue, true},
        {"off", "evt.type = read", IoGraphValue::Events, "", Qt::gray, false},
        {"bytes read", "evt.type in (read, pread, readv) and evt.dir = <", IoGraphValue::Sum, "evt.rawres",
         Qt::red, true},
        {"largest write", "evt.type = write and evt.dir = <", IoGraphValue::Max, "evt.rawres", Qt::green,
         true},
        {"smallest fd", "fd.num >= 0", IoGraphValue::Min, "fd.num", Qt::cyan, true},
        {"mean latency", "evt.dir = <", IoGraphValue::Mean, "evt.latency", Qt::magenta, true},
    };
    std::atomic<bool> cancel{false};
    for (const std::string& path : sample_and_shared_captures()) {
      auto info = load(path);
      for (uint64_t interval : {uint64_t{0}, uint64_t{1000}}) {
        IoGraphResult r = run_io_graph(*info, specs, interval, 0, UINT64_MAX, cancel);
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(r.bins > 0 && r.interval > 0);
        if (interval) QCOMPARE(r.interval, interval);
        QCOMPARE(r.series.size(), specs.size() - 1);  // "off" is not run
        size_t k = 0;
        for (const IoGraphSpec& s : specs) {
          if (!s.enabled) continue;
          const std::vector<double> want = expected_bins(path, s, r);
          const std::vector<double>& got = r.series[k++].values;
          QCOMPARE(got.size(), want.size());
          for (size_t b = 0; b < got.size(); ++b) {
            const bool same = (std::isnan(got[b]) && std::isnan(want[b])) ||
                              std::abs(got[b] - want[b]) <= 1e-9 * std::max(1.0, std::abs(want[b]));
            QVERIFY2(same, qPrintable(QStringLiteral("%1: %2, bin %3: %4, print says %5")
                                          .arg(QString::fromStdString(path), s.name)
                                          .arg(b)
                                          .arg(got[b])
                                          .arg(want[b])));
          }
        }
        double all = 0;
        for (double v : r.series[0].values) all += v;
        QCOMPARE(uint64_t(all), uint64_t(print_lines(path, "", "%evt.num").size()));
        QCOMPARE(r.series[0].events, uint64_t(all));
      }
    }
  }

  void zoomedRangeAndCsv() {
    auto info = load(kShell);
    std::atomic<bool> cancel{false};
    const uint64_t from = info->listed_first_ts + 100000, to = info->listed_first_ts + 200000;
    std::vector<IoGraphSpec> specs = {{"all", "", IoGraphValue::Events, "", Qt::black, true}};
    IoGraphResult r = run_io_graph(*info, specs, 10000, from, to, cancel);
    QCOMPARE(r.from, from - from % 10000);
    double n = 0;
    for (double v : r.series[0].values) n += v;
    const auto lines = print_lines(kShell, "", "%evt.rawtime");
    uint64_t inside = 0;
    for (const auto& l : lines) inside += std::stoull(l) >= r.from && std::stoull(l) <= to;
    QCOMPARE(uint64_t(n), inside);
    const std::string csv = io_graph_csv(r, specs);
    QCOMPARE(size_t(std::count(csv.begin(), csv.end(), '\n')), r.bins + 1);
    QVERIFY(csv.starts_with("interval_start_s,all\n0.000000000,"));
  }

  void badGraphsAreRefused() {
    QVERIFY(check_io_graph({"g", "proc.name = bash and fd.nosuch = 1", IoGraphValue::Events, "", {}, true})
                .contains("column 22"));
    QVERIFY(check_io_graph({"g", "", IoGraphValue::Sum, "proc.name", {}, true}).contains("not a number"));
    QVERIFY(check_io_graph({"g", "", IoGraphValue::Max, "evt.nosuch", {}, true}).startsWith("field:"));
    QVERIFY(check_io_graph({"g", "", IoGraphValue::Mean, "", {}, true}).contains("numeric field"));
    QCOMPARE(check_io_graph({"g", "evt.type = read", IoGraphValue::Sum, "evt.rawres", {}, true}), QString());
    auto info = load(kShell);
    std::atomic<bool> cancel{false};
    IoGraphResult r =
        run_io_graph(*info, {{"bad", "", IoGraphValue::Sum, "fd.name", {}, true}}, 0, 0, UINT64_MAX, cancel);
    QVERIFY(r.error.starts_with("bad: field fd.name is"));
    QCOMPARE(io_graph_auto_interval(0, 1000000000, 400), uint64_t{5000000});
    QCOMPARE(io_graph_auto_interval(0, 0, 400), uint64_t{1});
  }
};

QTEST_MAIN(CoreIoGraphTest)
#include "test_core_iograph.moc"
