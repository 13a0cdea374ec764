// Inspector core tests: marks, comments and ignored events (the annotations, their file and
// store, the capture's identity), filter text joined as Apply as Filter joins it, and the
// events File > Export picks, with comments in CSV and JSON.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "annotation_rows.h"
#include "annotation_store.h"
#include "annotations_file.h"
#include "capture_identity.h"
#include "core_fixtures.h"
#include "event_export.h"
#include "export_selection.h"
#include "filter_support.h"
#include "filter_text.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

std::vector<RowNum> print_nums(const std::string& filter) {
  return nums_of(print_lines(kShell, filter, "%evt.num"));
}

std::vector<RowNum> set_and(const std::vector<RowNum>& a, const std::vector<RowNum>& b) {
  std::vector<RowNum> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}
std::vector<RowNum> set_or(const std::vector<RowNum>& a, const std::vector<RowNum>& b) {
  std::vector<RowNum> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}
std::vector<RowNum> set_minus(const std::vector<RowNum>& a, const std::vector<RowNum>& b) {
  std::vector<RowNum> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

QByteArray read_all(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class CoreAnnotationsTest : public QObject {
  Q_OBJECT
 private slots:
  void joinedFiltersListWhatTheirPartsList() {
    // The current filter has an `or`: joined unparenthesised, `and` would bind to its right half.
    const std::string current = "evt.type = openat or evt.type = read";
    const std::string term = "proc.name = curl";
    QCOMPARE(join_filter(current, term, FilterJoin::Selected), term);
    QCOMPARE(join_filter(current, term, FilterJoin::NotSelected), "not " + term);
    QCOMPARE(join_filter(current, term, FilterJoin::AndSelected), "(" + current + ") and " + term);
    QCOMPARE(join_filter("  ", term, FilterJoin::AndNotSelected), "not " + term);
    QCOMPARE(join_filter(" x = 1 ", term, FilterJoin::OrSelected), "(x = 1) or " + term);
    const auto cur = print_nums(current), sel = print_nums(term), all = print_nums("");
    QVERIFY(!set_and(cur, sel).empty() && set_and(cur, sel).size() < sel.size());
    const std::pair<FilterJoin, std::vector<RowNum>> want[] = {
        {FilterJoin::Selected, sel},
        {FilterJoin::NotSelected, set_minus(all, sel)},
        {FilterJoin::AndSelected, set_and(cur, sel)},
        {FilterJoin::OrSelected, set_or(cur, sel)},
        {FilterJoin::AndNotSelected, set_minus(cur, sel)},
        {FilterJoin::OrNotSelected, set_or(cur, set_minus(all, sel))}};
    for (const auto& w : want) {
      const std::string f = join_filter(current, term, w.first);
      QVERIFY2(check_filter(QString::fromStdString(f)).ok, f.c_str());
      QVERIFY2(print_nums(f) == w.second, f.c_str());
    }
    // Values that need quotes keep them when joined.
    const std::string quoted = filter_equals("proc.cmdline", "cat /etc/shadow");
    QCOMPARE(quoted, std::string("proc.cmdline = 'cat /etc/shadow'"));
    QCOMPARE(print_nums(join_filter("proc.name = cat", quoted, FilterJoin::AndSelected)),
             print_nums("proc.name = cat and proc.cmdline = 'cat /etc/shadow'"));
  }

  void annotationsCountAndMerge() {
    Annotations a;
    QVERIFY(a.empty() && !a.find(3));
    a.setMarked(3, true);
    a.setComment(3, "first");
    a.setIgnored(9, true);
    a.setComment(12, "x");
    QCOMPARE(a.size(), size_t(3));
    QCOMPARE(a.markedCount(), size_t(1));
    QCOMPARE(a.ignoredCount(), size_t(1));
    QCOMPARE(a.commentCount(), size_t(2));
    a.setComment(12, "");  // the last note of 12: it goes
    QVERIFY(!a.find(12));
    QCOMPARE(a.commentCount(), size_t(1));
    Annotations b;
    b.set(3, Annotation{false, true, "replaced"});
    b.setMarked(20, true);
    a.merge(b);
    QCOMPARE(a.events(), (std::vector<uint64_t>{3, 9, 20}));
    QCOMPARE(a.markedEvents(), (std::vector<uint64_t>{20}));
    QCOMPARE(a.comment(3), QString("replaced"));
    QCOMPARE(a.ignoredCount(), size_t(2));
    QCOMPARE(a.clearIgnored(), size_t(2));
    QCOMPARE(a.ignoredCount(), size_t(0));
    QCOMPARE(a.events(), (std::vector<uint64_t>{3, 20}));  // 9 had only its ignore
  }

  void rowsHiddenAndMarkedRowsFound() {
    Annotations a;
    std::vector<RowNum> rows = {2, 4, 6, 8, 10};
    drop_hidden_rows(rows, a, {});
    QCOMPARE(rows.size(), size_t(5));
    a.setIgnored(4, true);
    a.setMarked(8, true);
    a.setMarked(2, true);
    std::vector<RowNum> shown = rows;
    drop_hidden_rows(shown, a, {});
    QCOMPARE(shown, (std::vector<RowNum>{2, 6, 8, 10}));
    shown = rows;
    drop_hidden_rows(shown, a, {true, false});
    QCOMPARE(shown, rows);
    shown = rows;
    drop_hidden_rows(shown, a, {false, true});
    QCOMPARE(shown, (std::vector<RowNum>{2, 8}));
    // Next / previous marked row, wrapping around; rows in any order (a sorted view).
    std::vector<RowNum> sorted = {10, 8, 6, 4, 2};
    QCOMPARE(next_marked_row(sorted, -1, false, a).row, 1);
    QCOMPARE(next_marked_row(sorted, 1, false, a).row, 4);
    MarkedRow w = next_marked_row(sorted, 4, false, a);
    QCOMPARE(w.row, 1);
    QVERIFY(w.wrapped);
    QCOMPARE(next_marked_row(sorted, 1, true, a).row, 4);
    QVERIFY(next_marked_row(sorted, 1, true, a).wrapped);
    QCOMPARE(next_marked_row(sorted, 3, true, a).row, 1);
    QCOMPARE(next_marked_row(sorted, -1, true, a).row, 4);
    a.setMarked(2, false);
    w = next_marked_row(sorted, 1, false, a);  // the only mark: itself, after a whole round
    QCOMPARE(w.row, 1);
    QCOMPARE(next_marked_row({}, 0, false, a).row, -1);
  }

  void identityFollowsContent() {
    QTemporaryDir dir;
    QVERIFY(QFile::copy(QString::fromStdString(kShell), dir.filePath("a.scap")));
    QVERIFY(QFile::copy(QString::fromStdString(kShell), dir.filePath("b.scap")));
    auto a = capture_identity(dir.filePath("a.scap"));
    auto b = capture_identity(dir.filePath("b.scap"));
    QVERIFY(a && b);
    QCOMPARE(a->path, QDir(dir.path()).absoluteFilePath("a.scap"));
    QCOMPARE(a->size, QFileInfo(QString::fromStdString(kShell)).size());
    QCOMPARE(a->hash.size(), 64);
    QVERIFY(a->sameContent(*b));  // a copy
    QVERIFY(!(*a == *b));         // at another path
    QVERIFY(a->key() != b->key());
    // One byte changed in the first or the last MiB: another capture.
    for (qint64 at : {qint64(100), QFileInfo(dir.filePath("b.scap")).size() - 1}) {
      QFile f(dir.filePath("b.scap"));
      QVERIFY(f.open(QIODevice::ReadWrite));
      f.seek(at);
      char c = 0;
      f.getChar(&c);
      f.seek(at);
      f.putChar(static_cast<char>(c ^ 1));
      f.close();
      auto changed = capture_identity(dir.filePath("b.scap"));
      QVERIFY(changed && !changed->sameContent(*a));
      QVERIFY(f.open(QIODevice::ReadWrite));
      f.seek(at);
      f.putChar(c);
      f.close();
      QVERIFY(capture_identity(dir.filePath("b.scap"))->sameContent(*a));
    }
    QString err;
    QVERIFY(!capture_identity(dir.filePath("none.scap"), &err));
    QVERIFY(err.contains("none.scap"));
  }

  void annotationsFileRoundTripsAndNamesItsErrors() {
    QTemporaryDir dir;
    CaptureIdentity id{"/cases/42/host.scap", 139584, QString(64, 'a')};
    Annotations a;
    a.setMarked(12, true);
    a.setComment(12, "the dropper: \"x\"\nline two");
    a.setIgnored(40, true);
    const QString path = dir.filePath("notes.json");
    QCOMPARE(write_annotations_file(path, id, a), QString());
    auto doc = nlohmann::json::parse(read_all(path).toStdString());
    QCOMPARE(doc["saker_inspector_annotations"].get<int>(), 1);
    QCOMPARE(doc["capture"]["path"].get<std::string>(), std::string("/cases/42/host.scap"));
    QCOMPARE(doc["capture"]["size"].get<int64_t>(), int64_t(139584));
    QCOMPARE(doc["events"].size(), size_t(2));
    QCOMPARE(doc["events"][0]["num"].get<int>(), 12);
    QCOMPARE(doc["events"][0]["marked"].get<bool>(), true);
    QCOMPARE(doc["events"][1]["ignored"].get<bool>(), true);
    AnnotationsRead r = read_annotations_file(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.capture == id);
    QCOMPARE(r.annotations.events(), a.events());
    QCOMPARE(r.annotations.comment(12), a.comment(12));
    QVERIFY(r.annotations.ignored(40) && !r.annotations.marked(40));

    // Bad JSON: the file, line and column.
    r = parse_annotations("bad.json", "{\n  \"saker_inspector_annotations\": 1,\n  \"events\": [1,,]\n}\n");
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith("bad.json:3:16: not JSON"), qPrintable(r.error));
    r = read_annotations_file(write_file_text(dir, "trunc.json", "{\"a\": "));
    QVERIFY2(r.error.contains("trunc.json:1:7:"), qPrintable(r.error));
    // Valid JSON, not annotations; wrong types; numbers outside the capture; repeats.
    const std::pair<std::string, QString> bad[] = {
        {"[]", "not a saker-inspector annotations file"},
        {R"({"saker_inspector_annotations": 2})", "format version 2"},
        {R"({"saker_inspector_annotations": 1, "capture": {"path": "p"}, "events": []})", "\"capture\" must"},
        {R"({"saker_inspector_annotations": 1, "capture": {"path": "p", "size": 1, "hash": "h"},
             "events": [{"num": 0}]})",
         "events[0]: event 0 is not in the capture (events 1 to 100)"},
        {R"({"saker_inspector_annotations": 1, "capture": {"path": "p", "size": 1, "hash": "h"},
             "events": [{"num": 5}, {"num": 101}]})",
         "events[1]: event 101 is not in the capture"},
        {R"({"saker_inspector_annotations": 1, "capture": {"path": "p", "size": 1, "hash": "h"},
             "events": [{"num": 5, "marked": "yes"}]})",
         "events[0]: \"marked\" must be true or false"},
        {R"({"saker_inspector_annotations": 1, "capture": {"path": "p", "size": 1, "hash": "h"},
             "events": [{"num": 5}, {"num": 5}]})",
         "events[1]: event 5 is listed twice"},
    };
    for (const auto& b : bad) {
      r = parse_annotations("f.json", b.first, 100);
      QVERIFY2(r.error.startsWith("f.json: ") && r.error.contains(b.second), qPrintable(r.error));
      QVERIFY(r.annotations.empty());
    }
  }

  void storeKeepsAnnotationsInTheDataFolder() {
    // The tests' XDG_DATA_HOME is their own (tests/CMakeLists.txt).
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QVERIFY(data.startsWith(qEnvironmentVariable("XDG_DATA_HOME")));
    QTemporaryDir dir;
    QVERIFY(QFile::copy(QString::fromStdString(kShell), dir.filePath("c.scap")));
    auto id = capture_identity(dir.filePath("c.scap"));
    QVERIFY(id);
    QVERIFY(stored_annotations_path(*id).startsWith(data + "/annotations/"));
    AnnotationsRead none = load_stored_annotations(*id);
    QVERIFY(none.ok() && none.annotations.empty());
    Annotations a;
    a.setMarked(7, true);
    QCOMPARE(store_annotations(*id, a), QString());
    QVERIFY(QFile::exists(stored_annotations_path(*id)));
    AnnotationsRead back = load_stored_annotations(*id);
    QVERIFY(back.ok() && back.annotations.marked(7));
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList{"c.scap"});
    a.setMarked(7, false);
    QCOMPARE(store_annotations(*id, a), QString());
    QVERIFY(!QFile::exists(stored_annotations_path(*id)));
  }

  void exportPicksTheEventsAsked() {
    const std::vector<RowNum> displayed = {3, 5, 9, 12, 20};
    Annotations a;
    a.setMarked(12, true);
    a.setMarked(40, true);  // marked, not displayed: exported all the same
    a.setIgnored(5, true);
    a.setIgnored(40, true);
    ExportSelection sel;
    QCOMPARE(select_export_events(displayed, {}, a, sel, 50).events, displayed);
    sel.drop_ignored = true;
    QCOMPARE(select_export_events(displayed, {}, a, sel, 50).events, (std::vector<RowNum>{3, 9, 12, 20}));
    sel.scope = ExportScope::Selected;
    QCOMPARE(select_export_events(displayed, {20, 5, 3}, a, sel, 50).events, (std::vector<RowNum>{3, 20}));
    QVERIFY(!select_export_events(displayed, {}, a, sel, 50).error.isEmpty());
    sel.scope = ExportScope::Marked;
    QCOMPARE(select_export_events(displayed, {}, a, sel, 50).events, (std::vector<RowNum>{12}));
    sel.drop_ignored = false;
    QCOMPARE(select_export_events(displayed, {}, a, sel, 50).events, (std::vector<RowNum>{12, 40}));
    sel.scope = ExportScope::Range;
    sel.first = 4;
    sel.last = 12;
    QCOMPARE(select_export_events(displayed, {}, a, sel, 50).events, (std::vector<RowNum>{5, 9, 12}));
    sel.first = 13;
    sel.last = 19;
    QVERIFY(select_export_events(displayed, {}, a, sel, 50).error.contains("no events numbered 13 to 19"));
    sel.first = 12;
    sel.last = 4;
    QVERIFY(select_export_events(displayed, {}, a, sel, 50).error.contains("after the last"));
    sel.first = 1;
    sel.last = 51;
    QVERIFY(select_export_events(displayed, {}, a, sel, 50).error.contains("events 1 to 50"));
    sel.first = 0;
    QVERIFY(!select_export_events(displayed, {}, a, sel, 50).error.isEmpty());
  }

  void exportWritesCommentsWhenThereAreAny() {
    std::vector<RowNum> rows;
    auto info = load(kShell, &rows);
    auto sel = filter_rows(*info, "proc.name = curl");
    QVERIFY(sel.size() > 4);
    QTemporaryDir dir;
    std::atomic<bool> cancel{false};
    const std::vector<std::string> cols = {"evt.num", "proc.name", "evt.type"};
    const auto expect = print_lines(kShell, "proc.name = curl", "%evt.num,%proc.name,%evt.type");
    Annotations notes;
    notes.setMarked(sel[0], true);  // a mark alone adds no column
    const std::string plain = dir.filePath("plain.csv").toStdString();
    QVERIFY(export_events(*info, sel, ExportFormat::Csv, plain, cols, cancel, {}, &notes).error.empty());
    QCOMPARE(read_all(QString::fromStdString(plain)).split('\n').value(0),
             QByteArray("evt.num,proc.name,evt.type"));
    notes.setComment(sel[1], "exfil, \"maybe\"");
    QVERIFY(any_commented(sel, &notes));
    QVERIFY(!any_commented({sel[0]}, &notes));
    const std::string csv = dir.filePath("c.csv").toStdString();
    ExportResult r = export_events(*info, sel, ExportFormat::Csv, csv, cols, cancel, {}, &notes);
    QVERIFY2(r.error.empty(), r.error.c_str());
    QList<QByteArray> lines = read_all(QString::fromStdString(csv)).split('\n');
    QCOMPARE(lines.value(0), QByteArray("evt.num,proc.name,evt.type,comment"));
    QCOMPARE(lines.value(1), QByteArray::fromStdString(expect[0]) + ",");
    QCOMPARE(lines.value(2), QByteArray::fromStdString(expect[1]) + ",\"exfil, \"\"maybe\"\"\"");
    QCOMPARE(lines.size(), int(sel.size()) + 2);  // and the last line break
    const std::string js = dir.filePath("c.json").toStdString();
    r = export_events(*info, sel, ExportFormat::Json, js, cols, cancel, {}, &notes);
    QVERIFY(r.error.empty());
    auto doc = nlohmann::ordered_json::parse(read_all(QString::fromStdString(js)).toStdString());
    QCOMPARE(doc.size(), sel.size());
    QVERIFY(doc[0]["comment"].is_null());
    QCOMPARE(doc[1]["comment"].get<std::string>(), std::string("exfil, \"maybe\""));
    QCOMPARE(std::prev(doc[1].end()).key(), std::string("comment"));  // the last key
    QCOMPARE(doc[1]["evt.num"].get<uint64_t>(), uint64_t(sel[1]));
    // Without the commented event: no comment key.
    std::vector<RowNum> one = {sel[0], sel[2]};
    r = export_events(*info, one, ExportFormat::Json, js, cols, cancel, {}, &notes);
    doc = nlohmann::ordered_json::parse(read_all(QString::fromStdString(js)).toStdString());
    QVERIFY(!doc[0].contains("comment") && !doc[1].contains("comment"));
  }

 private:
  static QString write_file_text(QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(text);
    return f.fileName();
  }
};

QTEST_GUILESS_MAIN(CoreAnnotationsTest)
#include "test_core_annotations.moc"
