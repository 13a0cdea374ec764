// Inspector core tests: sorting (radix sort, row order, string ranks, sorting by a column).
// `saker print` output, sorted, is the oracle.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <map>
#include <random>

#include "column_sort.h"
#include "core_fixtures.h"
#include "event_table_model.h"
#include "row_order.h"
#include "string_interner.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class CoreSortTest : public QObject {
  Q_OBJECT
 private slots:
  void radixSortAndCaptureOrderMatchStdSort() {
    std::mt19937_64 rng(5);
    for (int bits : {1, 7, 8, 9, 20, 40, 64}) {
      std::vector<uint64_t> w(100000);
      uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
      for (auto& x : w) x = rng() & mask;
      auto expected = w;
      std::sort(expected.begin(), expected.end());
      radix_sort_words(w.data(), w.size(), bits);
      QVERIFY2(w == expected, std::to_string(bits).c_str());
    }
    for (uint32_t stride : {1u, 3u, 1000u}) {  // dense (bitmap) and sparse (std::sort)
      std::vector<RowNum> rows;
      for (uint32_t i = 0; i < 50000; ++i) rows.push_back(7 + i * stride);
      auto expected = rows;
      std::shuffle(rows.begin(), rows.end(), rng);
      QVERIFY(rows != expected);
      restore_capture_order(rows);
      QVERIFY(rows == expected);
    }
  }

  void orderRowsKeepsTiesAndPlacesMissingValues() {
    const std::vector<RowNum> rows = {2, 5, 7, 9, 11};
    const std::vector<bool> present = {true, true, true, false, true};
    auto keys = [] { return std::vector<uint64_t>{3, 1, 3, 0, 1}; };
    QCOMPARE(order_rows(rows, keys(), present, false), (std::vector<RowNum>{9, 5, 11, 2, 7}));
    QCOMPARE(order_rows(rows, keys(), present, true), (std::vector<RowNum>{2, 7, 5, 11, 9}));
    // Keys over the whole 64-bit range cannot be packed with the event number: the other path.
    const std::vector<RowNum> four = {1, 2, 3, 4};
    auto wide = [] { return std::vector<uint64_t>{UINT64_MAX, 0, 5, UINT64_MAX}; };
    const std::vector<bool> all(4, true), some = {true, true, false, true};
    QCOMPARE(order_rows(four, wide(), all, false), (std::vector<RowNum>{2, 3, 1, 4}));
    QCOMPARE(order_rows(four, wide(), all, true), (std::vector<RowNum>{1, 4, 3, 2}));
    QCOMPARE(order_rows(four, wide(), some, false), (std::vector<RowNum>{3, 2, 1, 4}));
    QCOMPARE(order_rows(four, wide(), some, true), (std::vector<RowNum>{1, 4, 2, 3}));
    // No values at all: capture order.
    QCOMPARE(order_rows(four, wide(), std::vector<bool>(4, false), true), four);
  }

  void stringInternerRanksBytewiseWithinItsBudget() {
    StringInterner in(size_t{4} << 20);
    QCOMPARE(in.intern("b"), 0u);
    QCOMPARE(in.intern("a"), 1u);
    QCOMPARE(in.intern("b"), 0u);
    QCOMPARE(in.intern(""), 2u);
    QCOMPARE(in.intern("\xff"), 3u);  // bytes compare unsigned: after every ASCII text
    QCOMPARE(in.intern("ab"), 4u);
    QCOMPARE(in.ranks(), (std::vector<uint32_t>{3, 1, 0, 4, 2}));
    for (int i = 0; i < 20000; ++i) QCOMPARE(in.intern("value " + std::to_string(i)), uint32_t(5 + i));
    for (int i = 0; i < 20000; i += 7) QCOMPARE(in.intern("value " + std::to_string(i)), uint32_t(5 + i));
    QCOMPARE(in.at(5 + 1234), std::string_view("value 1234"));
    const std::string big(40000, 'x');  // longer than a text chunk: a chunk of its own
    QCOMPARE(in.intern(big), 20005u);
    QCOMPARE(in.intern("after the big one"), 20006u);
    QCOMPARE(in.at(20005), std::string_view(big));
    QCOMPARE(in.at(20006), std::string_view("after the big one"));
    QCOMPARE(in.intern(big), 20005u);
    QVERIFY(in.memory() <= size_t{4} << 20);
    StringInterner small(16 << 10);
    uint32_t id = 0;
    int added = 0;
    while ((id = small.intern("a longer value number " + std::to_string(added))) !=
           StringInterner::kOverBudget)
      ++added;
    QVERIFY(added > 10);
    QCOMPARE(small.size(), size_t(added));
    QVERIFY(small.memory() <= 16 << 10);
    QCOMPARE(small.intern("a longer value number 3"), 3u);  // known values are still found
  }

  void sortByEveryKindOfColumnMatchesSortedPrint() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    std::atomic<bool> cancel{false};
    const std::pair<const char*, const char*> columns[] = {{"evt.num", "evt.num"},
                                                           {"evt.time", "evt.rawtime"},
                                                           {"evt.reltime", "evt.reltime"},
                                                           {"evt.cpu", "evt.cpu"},
                                                           {"proc.name", "proc.name"},
                                                           {"thread.tid", "thread.tid"},
                                                           {"proc.pid", "proc.pid"},
                                                           {"evt.dir", "evt.dir"},
                                                           {"evt.type", "evt.type"},
                                                           {"fd.name", "fd.name"},
                                                           {"evt.args", "evt.args"},
                                                           {"evt.rawres", "evt.rawres"},
                                                           {"evt.failed", "evt.failed"},
                                                           {"evt.buflen", "evt.buflen"},
                                                           {"fd.sip", "fd.sip"},
                                                           {"fd.sport", "fd.sport"},
                                                           {"proc.aname[2]", "proc.aname[2]"},
                                                           {"fd.num", "fd.num"}};
    int reordered = 0;
    for (auto [field, printed] : columns)
      for (bool desc : {false, true}) {
        std::string what = std::string(field) + (desc ? " descending" : " ascending");
        auto expected = print_sorted(kShell, "", field, printed, desc);
        QCOMPARE(expected.size(), rows.size());
        auto r = sort_by_column(*info, rows, field, desc, cancel);
        QVERIFY2(r.ok, (what + ": " + r.error).c_str());
        QVERIFY2(r.rows == expected, what.c_str());
        if (r.rows != rows) ++reordered;
      }
    QVERIFY(reordered >= 30);  // every column but the capture-ordered ones in both directions
    // Text columns were interned: proc.name has a handful of distinct values.
    auto names = sort_by_column(*info, rows, "proc.name", false, cancel);
    QVERIFY(names.pass && names.distinct >= 5 && names.distinct < 100);
    QVERIFY(names.memory >= rows.size() * sizeof(uint64_t));
    auto bad = sort_by_column(*info, rows, "proc.nosuch", false, cancel);
    QVERIFY(!bad.ok && bad.error.find("proc.nosuch") != std::string::npos);
  }

  void sortInCaptureOrderNeedsNoPass() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    std::atomic<bool> cancel{false};
    auto up = sort_by_column(*info, rows, "evt.num", false, cancel);
    QVERIFY(up.ok && !up.pass);
    QCOMPARE(up.rows, rows);
    auto down = sort_by_column(*info, rows, "evt.num", true, cancel);
    QVERIFY(down.ok && !down.pass);
    QCOMPARE(down.rows, std::vector<RowNum>(rows.rbegin(), rows.rend()));
    // The loading pass knows whether times go back or repeat.
    auto times = print_lines(kShell, "", "%evt.rawtime");
    bool nondecreasing = true, increasing = true;
    for (size_t i = 1; i < times.size(); ++i) {
      nondecreasing &= std::stoull(times[i]) >= std::stoull(times[i - 1]);
      increasing &= std::stoull(times[i]) > std::stoull(times[i - 1]);
    }
    QCOMPARE(info->ts_nondecreasing, nondecreasing);
    QCOMPARE(info->ts_increasing, increasing);
    for (bool desc : {false, true}) {
      auto expected = print_sorted(kShell, "", "evt.time", "evt.rawtime", desc);
      auto t = sort_by_column(*info, rows, "evt.time", desc, cancel);
      QVERIFY(t.ok);
      QCOMPARE(t.pass, !(desc ? increasing : nondecreasing));
      QVERIFY(t.rows == expected);
      // Both ways give the same order.
      info->ts_nondecreasing = info->ts_increasing = !info->ts_nondecreasing;
      auto other = sort_by_column(*info, rows, "evt.time", desc, cancel);
      info->ts_nondecreasing = nondecreasing;
      info->ts_increasing = increasing;
      QVERIFY(other.ok && other.rows == expected);
    }
  }

  void sortOfAFilteredViewMatchesSortedPrint() {
    auto info = load(kShell);
    std::atomic<bool> cancel{false};
    for (std::string f : {"evt.type = openat or evt.type = read or evt.type = connect", "proc.name = sudo"}) {
      auto rows = filter_rows(*info, f);
      QVERIFY(rows.size() > 5);
      for (const char* field : {"fd.name", "proc.name", "evt.rawres", "fd.sip"})
        for (bool desc : {false, true}) {
          auto r = sort_by_column(*info, rows, field, desc, cancel);
          QVERIFY(r.ok);
          QVERIFY2(r.rows == print_sorted(kShell, f, field, field, desc), (f + " by " + field).c_str());
        }
    }
  }

  void sortCanBeCancelledAndRefusesTooMuchText() {
    QTemporaryDir dir;
    QString path = generated_capture(dir, 300000);
    QVERIFY(!path.isEmpty());
    std::vector<RowNum> rows;
    auto info = load(path.toStdString(), &rows);
    std::atomic<bool> cancel{true};
    double seen = -1;
    auto c = sort_by_column(*info, rows, "proc.name", false, cancel, [&](double f) { seen = f; });
    QVERIFY(c.cancelled && !c.ok && c.rows.empty());
    QCOMPARE(seen, -1.0);  // stopped at the first check, before any progress
    cancel = false;
    auto args = sort_by_column(
        *info, rows, "evt.args", false, cancel, [&](double f) { seen = f; }, 64 << 10);
    QVERIFY(!args.ok && !args.cancelled);
    QVERIFY2(args.error.find("cannot sort by evt.args") != std::string::npos, args.error.c_str());
    QVERIFY(args.distinct > 100);
    auto ok = sort_by_column(*info, rows, "evt.args", true, cancel, [&](double f) { seen = f; });
    QVERIFY2(ok.ok, ok.error.c_str());
    QCOMPARE(ok.rows.size(), rows.size());
    QVERIFY(seen > 0 && seen <= 1);
    QVERIFY(ok.rows == print_sorted(path.toStdString(), "", "evt.args", "evt.args", true));
  }

  void eventModelShowsASortedOrder() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapture(info);
    model.appendRows(std::vector<RowNum>(rows));
    std::atomic<bool> cancel{false};
    auto sorted = sort_by_column(*info, rows, "proc.name", true, cancel).rows;
    model.setRowOrder(std::vector<RowNum>(sorted), false);
    QVERIFY(!model.inCaptureOrder());
    QCOMPARE(model.rows(), sorted);
    QCOMPARE(model.captureOrderRows(), rows);
    QCOMPARE(model.rowOfEvent(sorted[17]), 17);
    QCOMPARE(model.rowOfEvent(sorted.back()), model.rowCount() - 1);
    auto names = print_lines(kShell, "", "%evt.num %proc.name");
    std::map<uint64_t, QString> name_of;
    for (const auto& l : names) name_of[std::stoull(l)] = QString::fromStdString(l.substr(l.find(' ') + 1));
    for (int r = 0; r < model.rowCount(); r += 5)
      QCOMPARE(model.data(model.index(r, 2), Qt::DisplayRole).toString(), name_of[sorted[r]]);
    QVERIFY(model.headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString().contains("sort"));
    model.clearRows();
    QVERIFY(model.inCaptureOrder());
  }
};

QTEST_GUILESS_MAIN(CoreSortTest)
#include "test_core_sort.moc"
