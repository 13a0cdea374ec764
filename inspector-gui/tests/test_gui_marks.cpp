// Inspector GUI tests: the detail pane's Apply / Prepare as Filter and Copy, the hex view's
// highlight; marks, comments and ignored events (kept across a re-open, exported and imported
// as a file, never written beside the capture); Export of displayed, selected, marked and
// ranged events with their comments.
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "annotation_store.h"
#include "capture_identity.h"
#include "detail_pane.h"
#include "export_dialog.h"
#include "filter_bar.h"
#include "gui_fixtures.h"
#include "main_window.h"

using namespace saker::inspector;
using namespace saker::inspector::test;

namespace {

std::vector<RowNum> print_nums(const QString& capture, const QString& filter) {
  std::vector<RowNum> v;
  for (const auto& l : print_lines(capture.toStdString(), filter.toStdString(), "%evt.num"))
    v.push_back(static_cast<RowNum>(std::stoull(l)));
  return v;
}

// The menu action with shortcut `keys` (the Events, File and View menus' actions are reached
// through them, as a key press would).
QAction* action_for(MainWindow& w, const QString& keys) {
  for (QAction* top : w.menuBar()->actions())
    if (top->menu())
      for (QAction* a : top->menu()->actions())
        if (a->shortcut() == QKeySequence(keys)) return a;
  return nullptr;
}

QAction* action_named(QMenu* menu, const QString& text) {
  for (QAction* a : menu->actions())
    if (a->text() == text) return a;
  return nullptr;
}

void open_and_wait(MainWindow& w, const QString& path) {
  QSignalSpy loaded(&w, &MainWindow::loadFinished);
  w.openCapture(path);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
  QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
}

void apply_and_wait(MainWindow& w, const QString& filter) {
  QSignalSpy view(&w, &MainWindow::viewFinished);
  w.filterBar()->setText(filter);
  w.filterBar()->apply();
  QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
}

std::vector<RowNum> rows_of(MainWindow& w) {
  return w.eventModel()->captureOrderRows();
}

QString copy_capture(QTemporaryDir& dir, const QString& name) {
  QDir().mkpath(QFileInfo(dir.filePath(name)).absolutePath());
  return QFile::copy(kShell, dir.filePath(name)) ? dir.filePath(name) : QString();
}

QList<QByteArray> csv_lines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QList<QByteArray> lines = f.readAll().split('\n');
  if (!lines.isEmpty() && lines.back().isEmpty()) lines.pop_back();
  return lines;
}

QString write_file_at(const QString& path, const QByteArray& text) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(text);
  return path;
}

QString nums_filter(const std::vector<RowNum>& nums) {
  QStringList parts;
  for (RowNum n : nums) parts << QStringLiteral("evt.num = %1").arg(n);
  return parts.join(" or ");
}

}  // namespace

class GuiMarksTest : public QObject {
  Q_OBJECT
 private slots:
  void detailPaneAppliesPreparesAndCopies() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    const QString start = "evt.type = read and evt.dir = < and evt.rawres > 0";
    w.filterBar()->setText(start);
    open_and_wait(w, kShell);
    QVERIFY(w.eventModel()->rowCount() > 0);
    w.eventView()->selectRow(0);
    const uint64_t num = w.eventModel()->eventAt(0);
    DetailPane* pane = w.detailPane();

    // Every field's filter lists the selected event, and its negation does not.
    int fields = 0;
    QStringList wrong;
    for (int i = 0; i < pane->tree()->topLevelItemCount(); ++i) {
      QTreeWidgetItem* top = pane->tree()->topLevelItem(i);
      for (int j = 0; j < top->childCount(); ++j) {
        const QString f = DetailPane::filterFor(top->child(j));
        if (f.isEmpty()) continue;
        ++fields;
        const auto nums = print_nums(kShell, f);
        if (!std::binary_search(nums.begin(), nums.end(), num)) wrong << f;
        const auto negated = print_nums(
            kShell, QString::fromStdString(join_filter("", f.toStdString(), FilterJoin::NotSelected)));
        if (std::binary_search(negated.begin(), negated.end(), num)) wrong << "not " + f;
      }
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join("; ")));
    QVERIFY(fields > 40);
    QTreeWidgetItem* fd = pane->itemOf("evt.arg.fd");
    QVERIFY(fd);
    QVERIFY(DetailPane::filterFor(fd).startsWith("evt.arg.fd = '"));

    // Apply as Filter > ...and not Selected: the bar's filter, parenthesised, and the term.
    QTreeWidgetItem* name = pane->itemOf("proc.name");
    QVERIFY(name);
    const QString term = DetailPane::filterFor(name);
    QCOMPARE(term, "proc.name = " + name->text(1));
    auto menu = pane->menuFor(name);
    QVERIFY(menu);
    QMenu* apply = menu->findChild<QMenu*>("applyAsFilter");
    QVERIFY(apply);
    QCOMPARE(apply->actions().size(), 6);
    QSignalSpy view(&w, &MainWindow::viewFinished);
    action_named(apply, "...and not Selected")->trigger();
    const QString joined = "(" + start + ") and not " + term;
    QCOMPARE(w.filterBar()->text(), joined);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
    QCOMPARE(rows_of(w), print_nums(kShell, joined));
    QVERIFY(w.statusText().contains("filter: " + joined));

    // Prepare as Filter > ...or Selected: only the bar's text changes.
    w.eventView()->selectRow(0);
    name = pane->itemOf("proc.name");
    const QString term2 = DetailPane::filterFor(name);
    menu = pane->menuFor(name);
    QMenu* prepare = menu->findChild<QMenu*>("prepareAsFilter");
    QVERIFY(prepare);
    const auto before = rows_of(w);
    action_named(prepare, "...or Selected")->trigger();
    QCOMPARE(w.filterBar()->text(), "(" + joined + ") or " + term2);
    QTest::qWait(300);
    QCOMPARE(view.count(), 1);
    QCOMPARE(rows_of(w), before);
    QVERIFY(w.statusText().contains("filter: " + joined));
    // Apply > Selected replaces it.
    action_named(pane->menuFor(pane->itemOf("proc.name"))->findChild<QMenu*>("applyAsFilter"), "Selected")
        ->trigger();
    QCOMPARE(w.filterBar()->text(), term2);
    QTRY_COMPARE_WITH_TIMEOUT(view.count(), 2, kWait);
    QCOMPARE(rows_of(w), print_nums(kShell, term2));

    // Copy: the value, the field's name, the filter.
    apply_and_wait(w, start);
    w.eventView()->selectRow(0);
    QTreeWidgetItem* cmdline = pane->itemOf("proc.cmdline");
    QVERIFY(cmdline);
    auto cmdlineMenu = pane->menuFor(cmdline);
    QMenu* copy = cmdlineMenu->findChild<QMenu*>("copyMenu");
    QVERIFY(copy);
    action_named(copy, "Value")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), cmdline->text(1));
    action_named(copy, "Field name")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("proc.cmdline"));
    action_named(copy, "As Filter")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QString::fromStdString(filter_equals("proc.cmdline", cmdline->text(1).toStdString())));
    QVERIFY(!pane->menuFor(pane->tree()->topLevelItem(0)));  // a group row has no menu

    // The data buffer's bytes are highlighted in the hex view when its argument is selected.
    QTreeWidgetItem* data = pane->itemOf("evt.arg.data");
    QVERIFY(data);
    pane->tree()->setCurrentItem(data);
    const QString lit = pane->highlightedText();
    QVERIFY2(lit.startsWith("data ("), qPrintable(lit));
    QVERIFY(pane->hex()->toPlainText().startsWith(lit));
    const int bytes = lit.section('(', 1, 1).section(' ', 0, 0).toInt();
    QVERIFY(bytes > 0);
    QCOMPARE(int(lit.count('\n')), (std::min(bytes, 65536) + 15) / 16);  // the title, then 16 bytes a line
    pane->tree()->setCurrentItem(pane->itemOf("proc.name"));
    QCOMPARE(pane->highlightedText(), QString());
  }

  void marksCommentsAndIgnoredEventsAreKept() {
    QTemporaryDir dir;
    const QString cap = copy_capture(dir, "evidence/shell.scap");
    QVERIFY(!cap.isEmpty());
    const QDir evidence(QFileInfo(cap).absolutePath());
    const QStringList evidenceFiles = evidence.entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
    const auto all = print_nums(cap, "");
    RowNum e2 = 0, e3 = 0, e4 = 0, e5 = 0;
    {
      MainWindow w;
      w.setInteractive(false);
      w.show();
      open_and_wait(w, cap);
      QVERIFY(w.annotations().empty());
      QCOMPARE(rows_of(w), all);
      EventTableModel* m = w.eventModel();
      e2 = RowNum(m->eventAt(2)), e3 = RowNum(m->eventAt(3)), e4 = RowNum(m->eventAt(4)),
      e5 = RowNum(m->eventAt(5));
      // Ctrl+M marks the selected rows: drawn inverted.
      QAction* mark = action_for(w, "Ctrl+M");
      QVERIFY(mark);
      w.eventView()->selectRow(2);
      mark->trigger();
      w.eventView()->selectRow(5);
      mark->trigger();
      QVERIFY(w.annotations().marked(e2) && w.annotations().marked(e5));
      QCOMPARE(m->data(m->index(2, 1), Qt::BackgroundRole).value<QColor>(),
               EventTableModel::markedBackground(false));
      QCOMPARE(m->data(m->index(2, 1), Qt::ForegroundRole).value<QColor>(),
               EventTableModel::markedForeground(false));
      QVERIFY(m->data(m->index(1, 1), Qt::BackgroundRole).value<QColor>() !=
              EventTableModel::markedBackground(false));
      QVERIFY(w.statusText().contains("2 marked"));
      // Next and previous mark, wrapping around.
      w.eventView()->selectRow(0);
      action_for(w, "Ctrl+Shift+N")->trigger();
      QCOMPARE(w.eventView()->currentIndex().row(), 2);
      action_for(w, "Ctrl+Shift+N")->trigger();
      QCOMPARE(w.eventView()->currentIndex().row(), 5);
      action_for(w, "Ctrl+Shift+N")->trigger();
      QCOMPARE(w.eventView()->currentIndex().row(), 2);
      action_for(w, "Ctrl+Shift+B")->trigger();
      QCOMPARE(w.eventView()->currentIndex().row(), 5);
      QVERIFY(action_for(w, "Ctrl+Alt+C"));
      // A mark again unmarks.
      w.eventView()->selectRow(5);
      mark->trigger();
      QVERIFY(!w.annotations().marked(e5));
      mark->trigger();
      // A comment: tinted, in the tooltip and the detail pane.
      w.setComment(e3, "suspicious read");
      QCOMPARE(m->data(m->index(3, 0), Qt::BackgroundRole).value<QColor>(),
               EventTableModel::commentedBackground(false));
      QVERIFY(m->data(m->index(3, 4), Qt::ToolTipRole).toString().contains("Comment: suspicious read"));
      w.eventView()->selectRow(3);
      QCOMPARE(w.detailPane()->valueOf("comment"), QString("suspicious read"));
      w.resize(1400, 880);
      save_shot(&w, "inspector-marks.png");
      QVERIFY(!w.detailPane()->menuFor(w.detailPane()->itemOf("comment")));  // no filter field
      // Ctrl+D ignores: the row leaves the list, the status counts it.
      w.eventView()->selectRow(4);
      action_for(w, "Ctrl+D")->trigger();
      QVERIFY(w.annotations().ignored(e4));
      QCOMPARE(m->rowCount(), int(all.size()) - 1);
      QCOMPARE(m->rowOfEvent(e4), -1);
      QCOMPARE(m->eventAt(w.eventView()->currentIndex().row()), uint64_t(e5));
      QVERIFY2(w.statusText().contains("1 ignored (hidden)"), qPrintable(w.statusText()));
      // A new view leaves it out too.
      apply_and_wait(w, "evt.num > 0");
      auto want = all;
      want.erase(std::find(want.begin(), want.end(), e4));
      QCOMPARE(rows_of(w), want);
      // Shown (greyed) on request; only marked events on request.
      QSignalSpy view(&w, &MainWindow::viewFinished);
      w.setShowIgnored(true);
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
      QCOMPARE(rows_of(w), all);
      QCOMPARE(m->data(m->index(m->rowOfEvent(e4), 0), Qt::ForegroundRole).value<QColor>(),
               EventTableModel::ignoredForeground(false));
      QVERIFY(w.statusText().contains("1 ignored (shown)"));
      w.setShowIgnored(false);
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 2, kWait);
      w.setOnlyMarked(true);
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 3, kWait);
      QCOMPARE(rows_of(w), (std::vector<RowNum>{e2, e5}));
      w.setOnlyMarked(false);
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 4, kWait);
      QCOMPARE(rows_of(w), want);
      QVERIFY(QFile::exists(stored_annotations_path(*w.captureIdentity())));
    }
    // Re-opened: everything is back, and the ignored row never shows.
    QCOMPARE(evidence.entryList(QDir::NoDotAndDotDot | QDir::AllEntries), evidenceFiles);
    QTemporaryDir out;
    const QString notes = out.filePath("notes.json");
    {
      MainWindow w;
      w.setInteractive(false);
      w.show();
      open_and_wait(w, cap);
      const Annotations& a = w.annotations();
      QCOMPARE(a.markedEvents(), (std::vector<uint64_t>{e2, e5}));
      QCOMPARE(a.comment(e3), QString("suspicious read"));
      QVERIFY(a.ignored(e4));
      QCOMPARE(w.eventModel()->rowOfEvent(e4), -1);
      QCOMPARE(w.eventModel()->rowCount(), int(all.size()) - 1);
      // Export them; unignore all brings the row back.
      QVERIFY(w.exportAnnotations(notes));
      QSignalSpy view(&w, &MainWindow::viewFinished);
      w.unignoreAll();
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);
      QCOMPARE(rows_of(w), all);
      QVERIFY(!w.statusText().contains("ignored"));
    }
    QCOMPARE(evidence.entryList(QDir::NoDotAndDotDot | QDir::AllEntries), evidenceFiles);
    QFile nf(notes);
    QVERIFY(nf.open(QIODevice::ReadOnly));
    auto doc = nlohmann::json::parse(nf.readAll().toStdString());
    QCOMPARE(QString::fromStdString(doc["capture"]["path"].get<std::string>()),
             QFileInfo(cap).absoluteFilePath());
    QCOMPARE(doc["capture"]["size"].get<qint64>(), QFileInfo(cap).size());
    QCOMPARE(doc["events"].size(), size_t(4));

    // Imported into a copy of the capture elsewhere: taken.
    const QString copy = copy_capture(dir, "copy/shell.scap");
    {
      MainWindow w;
      w.setInteractive(false);
      w.show();
      open_and_wait(w, copy);
      QVERIFY(w.annotations().empty());
      QSignalSpy view(&w, &MainWindow::viewFinished);
      QVERIFY2(w.importAnnotations(notes), qPrintable(w.lastError()));
      QTRY_COMPARE_WITH_TIMEOUT(view.count(), 1, kWait);  // an ignored event: the view again
      QCOMPARE(w.annotations().markedEvents(), (std::vector<uint64_t>{e2, e5}));
      QCOMPARE(w.eventModel()->rowOfEvent(e4), -1);
      // Bad JSON: the file, line and column.
      const QString bad =
          write_file(out, "bad.json", "{\n  \"saker_inspector_annotations\": 1,\n  \"events\": [}\n");
      QVERIFY(!w.importAnnotations(bad));
      QVERIFY2(w.lastError().startsWith(bad + ":3:14: not JSON"), qPrintable(w.lastError()));
    }
    // Another capture: refused, nothing changes.
    {
      MainWindow w;
      w.setInteractive(false);
      w.show();
      QSignalSpy aux(&w, &MainWindow::auxFinished);
      open_and_wait(w, copy);
      apply_and_wait(w, "proc.name = curl");
      QVERIFY(w.exportTo(out.filePath("curl.scap"), ExportSelection{}, ExportFormat::Scap));
      QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 1, kWait);
      open_and_wait(w, out.filePath("curl.scap"));
      QVERIFY(w.annotations().empty());
      QVERIFY(!w.importAnnotations(notes));
      QVERIFY2(w.lastError().contains("not for the open capture"), qPrintable(w.lastError()));
      QVERIFY(w.annotations().empty());
    }
  }

  void exportWritesTheEventsAskedWithComments() {
    QTemporaryDir dir;
    const QString cap = copy_capture(dir, "shell.scap");
    MainWindow w;
    w.setInteractive(false);
    w.show();
    open_and_wait(w, cap);
    const QStringList cols = {"evt.num", "proc.name", "evt.type"};
    auto restoreColumns = qScopeGuard([&] { w.setColumns(kDefaultColumns); });
    QCOMPARE(w.setColumns(cols), QString());
    const auto exits = print_nums(cap, "evt.dir = <");
    QVERIFY(exits.size() > 10);
    const RowNum a = exits[1], b = exits[4], c = exits[7];
    w.setMarked({a, b, c}, true);
    w.setComment(b, "beacon, \"2nd\"");
    w.setIgnored({c}, true);
    QSignalSpy aux(&w, &MainWindow::auxFinished);
    const std::string fmt = "%evt.num,%proc.name,%evt.type";

    // Marked, ignored ones left out, as CSV: a comment column.
    ExportSelection marked{ExportScope::Marked, 0, 0, true};
    QVERIFY(w.exportTo(dir.filePath("marked"), marked, ExportFormat::Csv));
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 1, kWait);
    QList<QByteArray> lines = csv_lines(dir.filePath("marked.csv"));
    auto expect = print_lines(cap.toStdString(), nums_filter({a, b}).toStdString(), fmt);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QByteArray("evt.num,proc.name,evt.type,comment"));
    QCOMPARE(lines[1], QByteArray::fromStdString(expect[0]) + ",");
    QCOMPARE(lines[2], QByteArray::fromStdString(expect[1]) + ",\"beacon, \"\"2nd\"\"\"");
    // With the ignored one, as JSON.
    marked.drop_ignored = false;
    QVERIFY(w.exportTo(dir.filePath("marked"), marked, ExportFormat::Json));
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 2, kWait);
    QFile js(dir.filePath("marked.json"));
    QVERIFY(js.open(QIODevice::ReadOnly));
    auto doc = nlohmann::json::parse(js.readAll().toStdString());
    QCOMPARE(doc.size(), size_t(3));
    QCOMPARE(doc[0]["evt.num"].get<RowNum>(), a);
    QVERIFY(doc[0]["comment"].is_null());
    QCOMPARE(doc[1]["comment"].get<std::string>(), std::string("beacon, \"2nd\""));
    QCOMPARE(doc[2]["evt.num"].get<RowNum>(), c);
    // As a capture: the marked exits replay the same.
    marked.drop_ignored = true;
    QVERIFY(w.exportTo(dir.filePath("marked"), marked, ExportFormat::Scap));
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 3, kWait);
    QCOMPARE(
        print_lines(dir.filePath("marked.scap").toStdString(), "evt.dir = <",
                    "%proc.name %evt.type %fd.name"),
        print_lines(cap.toStdString(), nums_filter({a, b}).toStdString(), "%proc.name %evt.type %fd.name"));

    // A range of the displayed events (the ignored one is not displayed); no comment there.
    const RowNum first = exits[0], last = exits[9];
    QVERIFY(w.exportTo(dir.filePath("range"), ExportSelection{ExportScope::Range, first, last, false},
                       ExportFormat::Csv));
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 4, kWait);
    lines = csv_lines(dir.filePath("range.csv"));
    expect = print_lines(cap.toStdString(),
                         QStringLiteral("evt.num >= %1 and evt.num <= %2 and evt.num != %3 and evt.num != %4")
                             .arg(first)
                             .arg(last)
                             .arg(c)
                             .arg(b)
                             .toStdString(),
                         fmt);
    QCOMPARE(lines.value(0), QByteArray("evt.num,proc.name,evt.type,comment"));  // b is in the range
    QCOMPARE(lines.size(), int(expect.size()) + 2);
    int commented = 0;
    for (int i = 1; i < lines.size(); ++i) {
      if (lines[i].startsWith(QByteArray::number(b) + ",")) {
        ++commented;
        continue;
      }
      QVERIFY(lines[i].endsWith(","));
      QVERIFY(std::find(expect.begin(), expect.end(), lines[i].chopped(1).toStdString()) != expect.end());
    }
    QCOMPARE(commented, 1);
    // A range outside the capture, or upside down: refused, nothing written.
    QVERIFY(!w.exportTo(dir.filePath("bad"), ExportSelection{ExportScope::Range, last, first, false},
                        ExportFormat::Csv));
    QVERIFY2(w.lastError().contains("after the last"), qPrintable(w.lastError()));
    QVERIFY(!QFile::exists(dir.filePath("bad.csv")));
    // Selected rows, as before.
    w.eventView()->selectionModel()->clearSelection();
    w.eventView()->selectRow(0);
    QVERIFY(w.exportTo(dir.filePath("one"), ExportSelection{ExportScope::Selected, 0, 0, true},
                       ExportFormat::Csv));
    QTRY_COMPARE_WITH_TIMEOUT(aux.count(), 5, kWait);
    QCOMPARE(csv_lines(dir.filePath("one.csv")).size(), 2);
  }

  void unreadableKeptAnnotationsAreNotWrittenOver() {
    QTemporaryDir dir;
    const QString cap = copy_capture(dir, "shell.scap");
    auto id = capture_identity(cap);
    QVERIFY(id);
    const QString kept = stored_annotations_path(*id);
    QVERIFY(QDir().mkpath(QFileInfo(kept).absolutePath()));
    const QByteArray newer = R"({"saker_inspector_annotations": 2, "events": []})";
    QVERIFY(!write_file_at(kept, newer).isEmpty());
    MainWindow w;
    w.setInteractive(false);
    w.show();
    open_and_wait(w, cap);
    QVERIFY2(w.lastError().contains("cannot be read") && w.lastError().contains("format version 2"),
             qPrintable(w.lastError()));
    QVERIFY(!w.captureIdentity());
    w.eventView()->selectRow(1);
    action_for(w, "Ctrl+M")->trigger();
    QVERIFY(w.annotations().empty());
    QFile f(kept);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), newer);
  }

  void exportDialogValidatesTheRange() {
    ExportCounts counts;
    counts.displayed = 10;
    counts.marked = 2;
    counts.ignored = 1;
    counts.capture_events = 100;
    counts.first_shown = 1;
    counts.last_shown = 100;
    ExportDialog dlg(nullptr, counts);
    auto* ok = dlg.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());  // no file yet
    dlg.setPath("/tmp/x");
    QVERIFY(ok->isEnabled());
    QCOMPARE(dlg.choice().selection.scope, ExportScope::Displayed);
    dlg.setRange("30", "10");
    QVERIFY(dlg.errorText().contains("after the last"));
    QVERIFY(!ok->isEnabled());
    dlg.setRange("1", "101");
    QVERIFY(dlg.errorText().contains("events 1 to 100"));
    dlg.setRange("x", "5");
    QVERIFY(!dlg.errorText().isEmpty());
    dlg.setRange("5", "9");
    QCOMPARE(dlg.errorText(), QString());
    QVERIFY(ok->isEnabled());
    dlg.setFormat(ExportFormat::Json);
    const ExportChoice c = dlg.choice();
    QCOMPARE(c.selection.scope, ExportScope::Range);
    QCOMPARE(c.selection.first, uint64_t(5));
    QCOMPARE(c.selection.last, uint64_t(9));
    QVERIFY(c.selection.drop_ignored);
    QCOMPARE(c.format, ExportFormat::Json);
    dlg.setScope(ExportScope::Marked);
    QCOMPARE(dlg.errorText(), QString());  // the range's fields no longer matter
  }
};

QTEST_MAIN(GuiMarksTest)
#include "test_gui_marks.moc"
