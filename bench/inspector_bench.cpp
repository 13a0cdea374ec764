// saker-inspector-bench: how fast the inspector loads a capture, filters it and reaches
// random rows (the costs behind opening a file and scrolling the event list), and sorts the
// list by columns of each kind, counts the Statistics tables and finds rows (Find).
//   saker-inspector-bench CAPTURE [FILTER]
//   saker-inspector-bench --sql CAPTURE       (the SQL panel against saker query only)
#include <sys/resource.h>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>

#include "allocator_settings.h"
#include "annotations.h"
#include "capture_identity.h"
#include "capture_scan.h"
#include "capture_statistics.h"
#include "column_sort.h"
#include "event_table_model.h"
#include "find_events.h"
#include "row_order.h"
#include "sql_query.h"
#include "sql_result_model.h"

using namespace saker::inspector;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds of the whole process (the read-ahead thread included): on a shared machine the
// wall-clock figures vary with the load, these much less.
static double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// CPU seconds of the finished child processes.
static double children_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_CHILDREN, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

// The SQL panel against `saker query` on the same capture: the first query builds the index
// (into a fresh cache folder for each), later ones only read it. The panel's figure includes
// filling its result model.
static void sql_panel_vs_query(const std::string& capture) {
  QTemporaryDir cache;
  qputenv("XDG_CACHE_HOME", cache.path().toUtf8());
  const std::string queries[] = {
      "SELECT proc_name, type, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY n DESC LIMIT 50",
      "SELECT num, ts, proc_name, type, fd_name FROM events WHERE dir = '<' LIMIT 100000"};
  const std::string index = index_path_for(capture);
  const std::string cli_index = cache.path().toStdString() + "/cli.saker-index";
  uint64_t reports = 0;
  auto panel = [&](const std::string& sql) {
    auto t = Clock::now();
    const double cpu = cpu_seconds();
    SqlResult r = run_sql(capture, index, sql, 100000, [&](uint64_t) { ++reports; });
    const size_t n = r.rows.size();
    SqlResultModel model;
    model.setResult(std::move(r));
    std::printf("SQL panel: %zu rows in %.2f s (CPU %.2f s) (%s)\n", n, since(t), cpu_seconds() - cpu,
                sql.substr(0, 40).c_str());
  };
  auto cli = [&](const std::string& sql) {
    const std::string cmd = "'" SAKER_BIN "' query --index '" + cli_index + "' '" + capture + "' \"" + sql +
                            "\" > /dev/null 2>&1";
    auto t = Clock::now();
    const double cpu = children_cpu_seconds();
    const int status = std::system(cmd.c_str());
    std::printf("saker query: %.2f s (CPU %.2f s), status %d (%s)\n", since(t), children_cpu_seconds() - cpu,
                status, sql.substr(0, 40).c_str());
  };
  // Alternating, so that neither always runs on a colder machine.
  cli(queries[0]);
  panel(queries[0]);
  panel(queries[1]);
  cli(queries[1]);
  std::printf("SQL panel: %llu progress reports while indexing\n", static_cast<unsigned long long>(reports));
}

int main(int argc, char** argv) {
  tune_allocator(argv);  // as the inspector
  QCoreApplication app(argc, argv);
  if (argc < 2 || (std::string(argv[1]) == "--sql" && argc < 3)) {
    std::fprintf(stderr, "usage: saker-inspector-bench CAPTURE [FILTER] | --sql CAPTURE\n");
    return 2;
  }
  if (std::string(argv[1]) == "--sql") {
    sql_panel_vs_query(argv[2]);
    return 0;
  }
  // The capture's identity for its annotations (size, first and last MiB), against hashing
  // the whole file, the alternative it replaces.
  {
    auto t = Clock::now();
    auto id = capture_identity(QString::fromLocal8Bit(argv[1]));
    const double cheap = since(t);
    t = Clock::now();
    QFile f(QString::fromLocal8Bit(argv[1]));
    QCryptographicHash whole(QCryptographicHash::Sha256);
    if (f.open(QIODevice::ReadOnly)) whole.addData(&f);
    const double full = since(t);
    std::printf(
        "identity (sha256 of size, first and last MiB): %.2f ms; sha256 of the whole %.1f MiB: %.2f s\n",
        cheap * 1e3, id ? static_cast<double>(id->size) / (1 << 20) : 0.0, full);
  }
  auto info = std::make_shared<CaptureInfo>();
  info->path = argv[1];
  std::atomic<bool> cancel{false};
  std::vector<RowNum> rows;
  ScanCallbacks cb;
  double first_rows = -1;
  auto t0 = Clock::now();
  double cpu0 = cpu_seconds();
  cb.rows = [&](std::vector<RowNum>&& r) {
    if (first_rows < 0) first_rows = since(t0);
    rows.insert(rows.end(), r.begin(), r.end());
  };
  ScanOptions load;
  load.build = true;
  ScanResult r = scan_capture(*info, load, cb, cancel);
  double secs = since(t0), cpu = cpu_seconds() - cpu0;
  std::printf("load: %llu events in %.2f s (%.0f events/s; cpu %.2f s), first rows after %.3f s\n",
              static_cast<unsigned long long>(r.events_read), secs, static_cast<double>(r.events_read) / secs,
              cpu, first_rows);
  std::printf("  rows %zu (%.1f MiB), checkpoints %zu every %llu events (%.1f MiB), processes %zu\n",
              rows.size(), static_cast<double>(rows.size() * sizeof(RowNum)) / (1 << 20),
              info->checkpoints->size(), static_cast<unsigned long long>(info->checkpoints->interval()),
              static_cast<double>(info->checkpoints->memory()) / (1 << 20), r.tree.nodes().size());
  if (!r.error.empty()) std::printf("  error: %s\n", r.error.c_str());

  EventTableModel model;
  model.setCapture(info);
  model.appendRows(std::move(rows));
  std::mt19937 rng(1);
  const int jumps = 200;
  t0 = Clock::now();
  for (int i = 0; i < jumps; ++i) {
    int row = static_cast<int>(rng() % static_cast<unsigned>(model.rowCount()));
    model.data(model.index(row, model.columnCount() - 1), Qt::DisplayRole);  // renders a screenful
  }
  std::printf("random jump + render 48 rows: %.2f ms each\n", since(t0) * 1000 / jumps);
  t0 = Clock::now();
  int start = model.rowCount() / 3, n = 20000;
  for (int row = start; row < start + n && row < model.rowCount(); ++row)
    model.data(model.index(row, 0), Qt::DisplayRole);
  std::printf("scrolling: %.2f us per row\n", since(t0) * 1e6 / n);
  // What annotations add to drawing a row: the background and text colours of the rows just
  // rendered, without annotations and with about 100,000 (one hash lookup per role).
  const int m = 5000;
  for (int row = start; row < start + m && row < model.rowCount(); ++row)
    model.data(model.index(row, 0), Qt::DisplayRole);
  auto colours = [&] {
    auto t = Clock::now();
    for (int row = start; row < start + m && row < model.rowCount(); ++row) {
      model.data(model.index(row, 0), Qt::BackgroundRole);
      model.data(model.index(row, 0), Qt::ForegroundRole);
    }
    return since(t) * 1e6 / m;
  };
  const double plain = colours();
  Annotations notes;
  for (size_t i = 0; i < model.rows().size() && notes.size() < 100000; i += 7) {
    notes.setMarked(model.rows()[i], true);
    if (i % 3 == 0) notes.setComment(model.rows()[i], "a comment");
  }
  model.setAnnotations(&notes);
  const double annotated = colours();
  model.setAnnotations(nullptr);
  std::printf("row colours: %.3f us per row; with %zu annotated events %.3f us\n", plain, notes.size(),
              annotated);

  ScanOptions filter;
  filter.filter = argc > 2 ? argv[2] : "evt.type = openat and fd.name startswith /etc";
  std::vector<RowNum> matched_rows;
  cb.rows = [&](std::vector<RowNum>&& v) { matched_rows.insert(matched_rows.end(), v.begin(), v.end()); };
  t0 = Clock::now();
  cpu0 = cpu_seconds();
  ScanResult f = scan_capture(*info, filter, cb, cancel);
  secs = since(t0);
  cpu = cpu_seconds() - cpu0;
  std::printf("filter '%s': %zu rows of %llu events in %.2f s (%.0f events/s; cpu %.2f s)\n",
              filter.filter.c_str(), matched_rows.size(), static_cast<unsigned long long>(f.events_read),
              secs, static_cast<double>(f.events_read) / secs, cpu);

  // Sorting every row by columns of each kind: the key pass, then the order.
  const std::vector<RowNum> all = model.rows();
  auto sort_by = [&](const std::vector<RowNum>& view, const char* field, bool desc, const char* what) {
    t0 = Clock::now();
    cpu0 = cpu_seconds();
    ColumnSortResult s = sort_by_column(*info, view, field, desc, cancel);
    secs = since(t0);
    cpu = cpu_seconds() - cpu0;
    std::printf("sort %s by %s %s: %.2f s (cpu %.2f s)%s, %zu distinct, keys %.1f MiB%s%s\n", what, field,
                desc ? "descending" : "ascending", secs, cpu, s.pass ? "" : " without a pass", s.distinct,
                static_cast<double>(s.memory) / (1 << 20), s.ok ? "" : ": ", s.error.c_str());
    return s;
  };
  // Statistics over every listed event: one pass, eight tables.
  t0 = Clock::now();
  cpu0 = cpu_seconds();
  CaptureStatistics st = compute_statistics(*info, {}, cancel);
  secs = since(t0);
  cpu = cpu_seconds() - cpu0;
  auto table_rows = [&](StatsKind k) {
    return stats_table(st, k) ? stats_table(st, k)->rows.size() : size_t{0};
  };
  std::printf(
      "statistics: %llu events in %.2f s (%.0f events/s; cpu %.2f s): %zu processes, %zu files, %zu "
      "directories, %zu connections, %zu top I/O rows\n",
      static_cast<unsigned long long>(st.events), secs, static_cast<double>(st.events) / secs, cpu,
      table_rows(StatsKind::Processes), table_rows(StatsKind::Files), table_rows(StatsKind::Directories),
      table_rows(StatsKind::Connections), table_rows(StatsKind::TopIo));
  // Find over every row: by the filter, by a string in the default columns' text.
  auto find = [&](FindQuery q, const char* what) {
    t0 = Clock::now();
    cpu0 = cpu_seconds();
    FindResult fr = find_events(*info, all, q, cancel);
    secs = since(t0);
    cpu = cpu_seconds() - cpu0;
    std::printf("find %s '%s': %zu matches in %.2f s (cpu %.2f s)%s%s\n", what, q.text.c_str(),
                fr.matches.size(), secs, cpu, fr.error.empty() ? "" : ": ", fr.error.c_str());
  };
  FindQuery fq;
  fq.text = filter.filter;
  find(fq, "by filter");
  fq.mode = FindMode::RowText;
  fq.text = "passwd";
  for (const QString& col : kDefaultColumns) fq.columns.push_back(col.toStdString());
  find(fq, "in the rows");

  sort_by(all, "evt.num", true, "all rows");
  sort_by(all, "evt.time", false, "all rows");
  sort_by(all, "evt.time", true, "all rows");
  sort_by(all, "thread.tid", false, "all rows");
  sort_by(all, "fd.name", false, "all rows");
  sort_by(all, "evt.args", false, "all rows");
  sort_by(matched_rows, "fd.name", false, "filtered rows");
  ColumnSortResult by_name = sort_by(all, "proc.name", true, "all rows");

  // The order alone, on random 32-bit keys (the pass excluded), and back to capture order.
  std::mt19937_64 keys_rng(3);
  std::vector<uint64_t> keys(all.size());
  for (auto& k : keys) k = keys_rng() >> 32;
  t0 = Clock::now();
  std::vector<RowNum> ordered = order_rows(all, std::move(keys), std::vector<bool>(all.size(), true), false);
  std::printf("order %zu rows by random 32-bit keys: %.3f s\n", ordered.size(), since(t0));
  t0 = Clock::now();
  restore_capture_order(ordered);
  std::printf("back to capture order: %.3f s\n", since(t0));

  // Reaching rows of the sorted list: its neighbours are far apart in the capture.
  model.setRowOrder(std::move(by_name.rows), false);
  t0 = Clock::now();
  for (int i = 0; i < jumps; ++i) {
    int row = static_cast<int>(rng() % static_cast<unsigned>(model.rowCount()));
    model.data(model.index(row, model.columnCount() - 1), Qt::DisplayRole);
  }
  std::printf("sorted by proc.name: random jump + render 48 rows: %.2f ms each\n", since(t0) * 1000 / jumps);
  t0 = Clock::now();
  n = 5000;
  for (int row = start; row < start + n && row < model.rowCount(); ++row)
    model.data(model.index(row, 0), Qt::DisplayRole);
  std::printf("sorted by proc.name: scrolling: %.2f us per row\n", since(t0) * 1e6 / n);
  sql_panel_vs_query(argv[1]);
  return 0;
}
