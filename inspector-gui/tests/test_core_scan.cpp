// Inspector core tests: the loading and filtering passes, random access through checkpoints,
// the whole-capture loop, damage and cancel. `saker print` output is the oracle.
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <random>

#include "capture_scan.h"
#include "core_fixtures.h"
#include "saker/scap/reader.h"
#include "whole_capture_pass.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

class CoreScanTest : public QObject {
  Q_OBJECT
 private slots:
  void loadListsWhatPrintPrints() {
    std::vector<RowNum> rows;
    ScanResult r;
    auto info = load(kShell, &rows, &r);
    QVERIFY(r.error.empty());
    auto expected = nums_of(print_lines(kShell, "", "%evt.num"));
    QVERIFY(expected.size() > 50);
    QCOMPARE(rows, expected);
    QCOMPARE(r.rows, uint64_t(expected.size()));
    QCOMPARE(r.bins.total(), uint64_t(expected.size()));
    QVERIFY(info->first_ts > 0 && info->last_ts >= info->first_ts);
    QVERIFY(info->events >= expected.back());
    QVERIFY(info->checkpoints->size() >= 1);
  }

  void filterPassMatchesPrint() {
    auto info = load(kShell);
    for (std::string f : {"evt.type = execve", "proc.name = curl and evt.dir = <", "fd.name startswith /etc",
                          "evt.is_io = true"}) {
      auto rows = filter_rows(*info, f);
      QCOMPARE(rows, nums_of(print_lines(kShell, f, "%evt.num")));
    }
    ScanResult bad;
    filter_rows(*info, "evt.type = execve and", &bad);
    QVERIFY(!bad.filter_error.empty());
    QVERIFY(bad.filter_error_column > 0);
  }

  void timeRangeLimitsRowsAndBins() {
    auto info = load(kShell);
    auto all = filter_rows(*info, "");
    uint64_t mid = info->first_ts + (info->last_ts - info->first_ts) / 2;
    ScanResult r;
    auto rows = filter_rows(*info, "", &r, info->first_ts, mid);
    QVERIFY(!rows.empty() && rows.size() < all.size());
    auto expected = nums_of(print_lines(kShell, "evt.rawtime <= " + std::to_string(mid), "%evt.num"));
    QCOMPARE(rows, expected);
    QCOMPARE(r.bins.total(), uint64_t(rows.size()));
    QCOMPARE(r.bins.begin(), info->first_ts);
  }

  void cursorSeeksThroughCheckpoints() {
    // A checkpoint every 5 events: seeking anywhere restores one and replays forward.
    auto info = load(kShell, nullptr, nullptr, 5);
    QVERIFY(info->checkpoints->size() > 10);
    const std::string fmt = "%evt.num %proc.name %proc.pname %fd.name %evt.args";
    auto lines = print_lines(kShell, "", fmt);
    auto nums = nums_of(lines);
    EventCursor cur(info);
    std::mt19937 rng(7);
    std::string text, scratch;
    auto out = saker::query::OutputFormat::compile(fmt);
    for (int i = 0; i < 300; ++i) {
      size_t k = rng() % nums.size();
      QVERIFY2(cur.seek(nums[k]), cur.error().c_str());
      text.clear();
      out.render(cur.context(), text);
      QCOMPARE(QString::fromStdString(text), QString::fromStdString(lines[k]));
    }
    QVERIFY(!cur.seek(nums.back() + 1000));
  }

  void cursorMatchesPrintOnRealCaptures() {
    QDir dir(SAKER_SHARED_DIR "/captures");
    QStringList caps = dir.entryList({"*.scap"}, QDir::Files, QDir::Name);
    if (caps.isEmpty()) QSKIP("../shared/captures is absent (it exists in CI and developer checkouts only)");
    const std::string fmt =
        "*%evt.num %proc.name %proc.pname %thread.tid %fd.name %fd.type %user.name %evt.args";
    auto out = saker::query::OutputFormat::compile(fmt);
    for (const QString& c : caps) {
      std::string path = dir.filePath(c).toStdString();
      auto info = load(path, nullptr, nullptr, 7);
      auto lines = print_lines(path, "", fmt);
      QVERIFY(!lines.empty());
      EventCursor cur(info);
      std::string text;
      int mismatches = 0;
      std::string first;
      for (size_t k = lines.size(); k-- > 0;) {  // backwards: every row restores a checkpoint
        QVERIFY(cur.seek(std::stoull(lines[k])));
        text.clear();
        out.render(cur.context(), text);
        if (text != lines[k] && mismatches++ == 0) first = "got  " + text + "\nwant " + lines[k];
      }
      QVERIFY2(
          mismatches == 0,
          (c.toStdString() + ": " + std::to_string(mismatches) + " rows differ, first:\n" + first).c_str());
    }
  }

  void cursorOnLargeCaptureDecodesLittle() {
    QTemporaryDir dir;
    // 100,000 stored events, about 61,000 numbered as libs do (the enters libs drop have none).
    QString path = generated_capture(dir, 100000);
    QVERIFY(!path.isEmpty());
    auto info = load(path.toStdString(), nullptr, nullptr, 4096);
    QVERIFY(info->checkpoints->size() >= 10);
    const std::string fmt = "%evt.num %proc.name %thread.tid %fd.name %evt.args";
    auto lines = print_lines(path.toStdString(), "", fmt);
    EventCursor cur(info);
    auto out = saker::query::OutputFormat::compile(fmt);
    std::string text;
    std::mt19937 rng(11);
    for (int i = 0; i < 40; ++i) {
      size_t k = rng() % lines.size();
      uint64_t before = cur.decoded();
      QVERIFY(cur.seek(std::stoull(lines[k])));
      QVERIFY(cur.decoded() - before <= 2 * 4096 + 16);  // never more than about one interval
      text.clear();
      out.render(cur.context(), text);
      QCOMPARE(QString::fromStdString(text), QString::fromStdString(lines[k]));
    }
  }

  void checkpointBudgetThinsOut() {
    CheckpointTable t(10, 1000);
    QVERIFY(t.due(1));
    int added = 0;
    for (uint64_t n = 1; n <= 400; ++n)
      if (t.due(n)) {
        t.add({n, n * 100, std::make_shared<std::string>(), nullptr}, 100);
        ++added;
        QVERIFY(!t.due(n + 1));
      }
    QVERIFY(added > 10);
    QVERIFY(t.memory() <= 1000);
    QVERIFY(t.size() <= 10);
    QVERIFY(t.interval() > 10);
    QCOMPARE(t.at_or_before(1).num, uint64_t{1});
    QVERIFY(t.at_or_before(150).num <= 150);
    QCOMPARE(t.at_or_before(0).num, uint64_t{0});
  }

  void wholeCapturePassStopsWhereItsHooksSay() {
    using saker::scap::EventView;
    auto info = load(kShell);
    uint64_t total = 0;
    {
      saker::scap::Reader r(kShell);
      EventView ev;
      while (r.next(ev)) ++total;
    }
    QVERIFY(total > 20);
    std::atomic<bool> cancel{false};
    uint64_t before = 0, after = 0, finished_at = UINT64_MAX;
    PassHooks h;
    h.cancel = &cancel;
    h.finish = [&](PassContext& pc) { finished_at = pc.events; };
    auto count_before = [&](PassContext& pc, const EventView& ev) {
      ++before;
      return pc.events == before - 1 && pc.eval.ev == &ev;  // not yet applied
    };
    auto count_after = [&](PassContext& pc, const EventView&) { return ++after == pc.events; };
    PassOutcome out = run_whole_capture(*info, h, count_before, count_after);
    QVERIFY(out.error.empty());
    QVERIFY(!out.cancelled);
    QCOMPARE(out.events, total);
    QCOMPARE(before, total);
    QCOMPARE(after, total);
    QCOMPARE(finished_at, total);
    // `each` false: stops after that event; `before` false: stops before applying it.
    auto first_ten = [](PassContext& pc, const EventView&) { return pc.events < 10; };
    auto every = [](PassContext&, const EventView&) { return true; };
    out = run_whole_capture(*info, h, kNothingBefore, first_ten);
    QCOMPARE(out.events, uint64_t{10});
    QCOMPARE(finished_at, uint64_t{10});
    out = run_whole_capture(*info, h, first_ten, every);
    QCOMPARE(out.events, uint64_t{10});
    // `start` false: no event is read, `finish` still runs.
    h.start = [](PassContext&) { return false; };
    out = run_whole_capture(*info, h, kNothingBefore, every);
    QCOMPARE(out.events, uint64_t{0});
    QCOMPARE(finished_at, uint64_t{0});
    // Damage: the error names the file, `finish` does not run.
    finished_at = UINT64_MAX;
    CaptureInfo missing;
    missing.path = "/nonexistent/x.scap";
    out = run_whole_capture(missing, h, kNothingBefore, every);
    QVERIFY(QString::fromStdString(out.error).contains("/nonexistent/x.scap"));
    QCOMPARE(finished_at, UINT64_MAX);
  }

  void damagedCaptureKeepsEventsBeforeTheDamage() {
    QTemporaryDir dir;
    QFile src(QString::fromStdString(kShell));
    QVERIFY(src.open(QIODevice::ReadOnly));
    QByteArray bytes = src.readAll();
    QString path = dir.filePath("cut.scap");
    QFile cut(path);
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(bytes.left(bytes.size() * 2 / 3));
    cut.close();
    std::vector<RowNum> rows;
    ScanResult r;
    load(path.toStdString(), &rows, &r);
    QVERIFY(!r.error.empty());
    QVERIFY(QString::fromStdString(r.error).contains("cut.scap"));
    auto expected = nums_of(print_lines(path.toStdString(), "", "%evt.num"));
    QCOMPARE(rows, expected);
    QVERIFY(!rows.empty());
  }

  void cancelStopsALoad() {
    QTemporaryDir dir;
    QString path = generated_capture(dir, 300000);
    QVERIFY(!path.isEmpty());
    auto info = std::make_shared<CaptureInfo>();
    info->path = path.toStdString();
    ScanOptions o;
    o.build = true;
    std::atomic<bool> cancel{false};
    uint64_t seen = 0;
    ScanCallbacks cb;
    cb.progress = [&](uint64_t n, double) {
      seen = n;
      cancel = true;
    };
    ScanResult r = scan_capture(*info, o, cb, cancel);
    QVERIFY(r.cancelled);
    QVERIFY(r.events_read < 300000);
    QVERIFY(seen > 0);
  }
};

QTEST_GUILESS_MAIN(CoreScanTest)
#include "test_core_scan.moc"
