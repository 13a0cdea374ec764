// The inspector's main window: timeline on top, event list in the middle, details below,
// processes and alerts on the left, filter bar under the toolbar. Its implementation is split
// by purpose: main_window.cpp (layout, status, wiring), main_window_menus.cpp (menus and
// the dialogs they open), main_window_view.cpp (loading and the list's view),
// main_window_sort.cpp (sorting), main_window_passes.cpp (rules, overview, SQL, export,
// follow fd, terminal sessions), main_window_fleet.cpp (the fleet window and opening its
// captures), main_window_stats.cpp (Statistics), main_window_find.cpp (the find bar),
// main_window_marks.cpp (marks, comments, ignored events and their files).
#pragma once

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <memory>
#include <optional>

#include <QTemporaryDir>

#include "alerts_model.h"
#include "annotations.h"
#include "background_jobs.h"
#include "capture_identity.h"
#include "capture_scan.h"
#include "colour_rules.h"
#include "columns_dialog.h"
#include "event_export.h"
#include "event_table_model.h"
#include "export_selection.h"
#include "find_events.h"
#include "follow_fd.h"
#include "io_graph_dialog.h"
#include "process_tree_model.h"

class QAction;
class QActionGroup;
class QTableView;
class QTreeView;
class QLabel;
class QSplitter;
class QTabWidget;

namespace saker::inspector {

class FilterBar;
class FilterButtons;
class TimelineWidget;
class DetailPane;
class OverviewPanel;
class SqlPanel;
class BusyIndicator;
class RecentFilesMenu;
class RuleErrorsDialog;
class FleetWindow;
class FindBar;
class StatisticsDialog;
class FollowFdDialog;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  void openCapture(const QString& path);
  // Opens one capture, or several merged by time into a temporary plain capture (File > Open
  // merged..., several files on the command line or dropped; docs/merge.md).
  // Inputs of different machines are refused unless `allowOtherMachines` (interactively: asked).
  void openCaptures(const QStringList& paths, bool allowOtherMachines = false);
  // Opens `path` and selects event `num` once it is loaded (0: the first row, as openCapture).
  void openCaptureAt(const QString& path, uint64_t num);
  // Shows the fleet window (made when first needed) reading the fleet at `url` in `database`;
  // a URL or database that cannot be one is an error, as for a capture.
  void openFleet(const QString& url, const QString& database = QStringLiteral("saker"));
  FleetWindow* fleetWindow() const { return fleet_; }
  // Rules to rerun after loading (empty: the default ruleset).
  void setRulePaths(const QStringList& paths) { rulePaths_ = paths; }
  const QStringList& rulePaths() const { return rulePaths_; }
  // Rules > Load rule files: `files` join the active rules (`add`) or replace them, and the
  // rules rerun. When they have errors, each is listed (FILE:LINE:COLUMN) and the active
  // rules stay as they were; returns false then.
  bool loadRuleFiles(const QStringList& files, bool add);
  // The errors last listed (the rule error list), and the rules part of the status bar.
  const QStringList& ruleErrors() const { return ruleErrors_; }
  QString rulesStatusText() const;
  void setDarkTheme(bool dark);
  // Errors go to the status bar and lastError() only, never to a modal box (tests).
  void setInteractive(bool on) { interactive_ = on; }

  // For tests and scripting.
  EventTableModel* eventModel() { return &model_; }
  AlertsModel* alertsModel() { return &alerts_; }
  ProcessTreeModel* processModel() { return &procs_; }
  QTableView* eventView() const { return table_; }
  QTreeView* processView() const { return procView_; }
  QTableView* alertsView() const { return alertsView_; }
  FilterBar* filterBar() const { return filter_; }
  TimelineWidget* timeline() const { return timeline_; }
  DetailPane* detailPane() const { return details_; }
  OverviewPanel* overviewPanel() const { return overview_; }
  SqlPanel* sqlPanel() const { return sql_; }
  QTabWidget* bottomTabs() const { return bottomTabs_; }
  // Shown above the list while a damaged capture is open.
  QLabel* damageBanner() const { return damageBanner_; }
  bool busy() const;
  QString statusText() const;
  const QString& lastError() const { return lastError_; }
  // Errors reported since the capture was opened (each a dialog when interactive).
  int errorsShown() const { return errorsShown_; }
  // Selects the row of event `num`, widening the view when the event is filtered out.
  void jumpToEvent(uint64_t num);
  void setTimeRange(uint64_t from, uint64_t to);
  // Exports in the format the name's extension gives (.csv, .json, else a capture).
  void exportTo(const QString& path, bool selectedOnly);
  // Exports in `format`, adding its extension to `path` when missing.
  void exportTo(const QString& path, bool selectedOnly, ExportFormat format);
  // Exports the events `selection` picks (displayed, selected, marked or a range; ignored ones
  // left out or not). False, with the error shown, when it picks none or its range is bad.
  bool exportTo(const QString& path, const ExportSelection& selection, ExportFormat format);

  // Marks, comments, ignored events (Events menu), kept per capture in the user's data folder.
  const Annotations& annotations() const { return notes_; }
  // The capture's identity (path, size, hash of its first and last MiB); none when unread.
  const std::optional<CaptureIdentity>& captureIdentity() const { return identity_; }
  // The selected rows' events: marked unless the current row is (then all unmarked).
  void toggleMarkSelected();
  void setMarked(const std::vector<RowNum>& events, bool on);
  // Selects the next (previous) marked row after the current one, wrapping around.
  void gotoMark(bool backward);
  // Event `num`'s comment (empty removes it); commentSelected asks for it in a dialog.
  void setComment(uint64_t num, const QString& comment);
  void commentSelected();
  // The selected rows' events: ignored unless the current row is (then unignored). Ignored
  // rows leave the list unless View > Show ignored events is on.
  void toggleIgnoreSelected();
  void setIgnored(const std::vector<RowNum>& events, bool on);
  void unignoreAll();
  void setShowIgnored(bool on);
  void setOnlyMarked(bool on);
  // File > Export / Import annotations. Import refuses a file that is not an annotations
  // file (the error names it, and the line and column of bad JSON) and, unless the user says
  // otherwise when asked, one made for another capture (a different size or hash).
  bool exportAnnotations(const QString& path);
  bool importAnnotations(const QString& path);
  void followSelectedFd();
  // Follows `key` into a new stream window, or into `into` (its next/previous stream).
  void followStream(const FdKey& key, FollowFdDialog* into);
  void showTerminalSessions();
  void rerunRules();
  void runOverview();
  void runSql(const QString& sql);
  // Sorts the list by column `column` (-1: back to capture order); runs in the background
  // when the column needs a pass, and again after every new view. sortFinished when applied.
  void sortByColumn(int column, Qt::SortOrder order);
  // Sets the list's columns (remembered); an error naming a bad field leaves them unchanged.
  QString setColumns(const QStringList& fields);
  // The columns with their titles and shown flags (View > Columns); remembered, as are widths.
  QString setColumnChoices(const std::vector<ColumnChoice>& choices);
  std::vector<ColumnChoice> columnChoices() const;
  // What the rows are sorted by now: a field name, empty for capture order.
  const QString& sortedBy() const { return appliedField_; }
  // Statistics: the window at `page` (StatisticsDialog::kPropertiesPage or pageOf(kind)),
  // computed again when the capture, or the view it counts, changed. statisticsFinished when in.
  void showStatistics(int page);
  StatisticsDialog* statisticsDialog() const { return stats_; }
  // Statistics > I/O Graph: the dialog (made on first use) and its run over the current
  // time range; ioGraphFinished() when the values are in.
  void showIoGraph();
  IoGraphDialog* ioGraphDialog() const { return ioGraph_; }
  // Find: shows the find bar; findNext looks for the next (previous) match from the selected
  // row, running a pass first when the query or the view changed. findFinished when done.
  // Colouring rules (View > Colouring Rules): the first enabled rule a row's event matches
  // gives its colours. Returns the error naming the rule and column, keeping the rules.
  QString setColourRules(std::vector<ColourRule> rules);
  const ColourRuleSet& colourRules() const { return colourRules_; }
  void editColourRules();
  // View > Colourize event list: off shows only the event classes' colours.
  void setColourize(bool on);
  void showFindBar();
  void findNext(bool backward);
  FilterButtons* filterButtons() const { return filterButtons_; }
  FindBar* findBar() const { return find_; }

 signals:
  void loadFinished();
  void viewFinished();
  void rulesFinished();
  void overviewFinished();
  void sqlFinished();
  void auxFinished();
  void sortFinished();
  void statisticsFinished();
  void findFinished();
  void ioGraphFinished();

 protected:
  void closeEvent(QCloseEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  void buildUi();
  void buildMenus();
  void loadColourRules();
  void computeIoGraph(const std::vector<IoGraphSpec>& specs, uint64_t interval);
  void applyFilter(const QString& text);
  // Puts `text` in the filter bar and applies it, as if typed.
  void filterTo(const QString& text);
  void refreshView();
  void onCurrentRowChanged();
  void onLoadDone(ScanResult r);
  void setBusy(const QString& what, double fraction);
  void clearBusy();
  void updateStatus();
  void chooseColumns();
  // Widths (remembered by field), hidden columns and titles onto the list's current columns.
  void applyColumnLayout();
  void chooseRules();
  void showRuleErrors(const QStringList& errors, const QString& what);
  void setRulesStatus(size_t rules, qsizetype alerts, bool ran);
  void openDialog();
  void openMergedDialog();
  // The capture's file name, or "N captures merged".
  QString captureName() const;
  void openFleetDialog();
  void exportDialog();
  void gotoDialog();
  void showError(const QString& title, const QString& text);
  void onHeaderClicked(int section);
  void showHeaderMenu(const QPoint& pos);
  void requestSort(const QString& field, Qt::SortOrder order);
  void startSort();
  void showSortIndicator();
  void computeStatistics();
  void drillDown(const QString& rowFilter);
  void selectFound(bool backward);
  void loadAnnotations();
  void saveAnnotations();
  // Events of the selected rows, in capture order (the current row's when none is selected).
  std::vector<RowNum> selectedEvents() const;
  void exportAnnotationsDialog();
  void importAnnotationsDialog();

  EventTableModel model_;
  AlertsModel alerts_;
  ProcessTreeModel procs_;
  std::shared_ptr<CaptureInfo> info_;
  std::unique_ptr<QTemporaryDir> plainDir_;            // the plain copy of a compressed capture
  QString userText(const std::string& message) const;  // messages name the opened file
  BackgroundJobs jobs_;
  bool loaded_ = false;
  QString filterText_;
  QString loadFilter_;  // the filter the loading pass applied
  uint64_t from_ = 0, to_ = UINT64_MAX;
  uint64_t pendingSelect_ = 0;
  uint64_t openAt_ = 0;  // the event to select when the capture being opened is loaded
  // Sorting: the field asked for (empty: capture order) and the one the rows are in; a sort
  // result applies only to the rows of the same generation (a new view starts a new one).
  QString sortField_, appliedField_;
  Qt::SortOrder sortOrder_ = Qt::AscendingOrder, appliedOrder_ = Qt::AscendingOrder;
  uint64_t rowsGen_ = 0;
  QStringList rulePaths_;   // the active rules (empty: the default ruleset)
  QStringList ruleErrors_;  // the last errors listed
  QString lastError_;
  int errorsShown_ = 0;
  bool interactive_ = true;

  QTableView* table_ = nullptr;
  QTreeView* procView_ = nullptr;
  QTableView* alertsView_ = nullptr;
  FilterBar* filter_ = nullptr;
  TimelineWidget* timeline_ = nullptr;
  DetailPane* details_ = nullptr;
  OverviewPanel* overview_ = nullptr;
  SqlPanel* sql_ = nullptr;
  QTabWidget* bottomTabs_ = nullptr;
  BusyIndicator* busy_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* damageBanner_ = nullptr;
  QLabel* rulesStatus_ = nullptr;
  QSplitter* vsplit_ = nullptr;
  QSplitter* hsplit_ = nullptr;
  RecentFilesMenu* recentMenu_ = nullptr;
  QActionGroup* timeFormatActions_ = nullptr;     // View > Time format
  RuleErrorsDialog* ruleErrorsDialog_ = nullptr;  // made when first needed
  FleetWindow* fleet_ = nullptr;                  // made when first needed
  // Statistics: the window (made when first needed), the filter its displayed-only tables
  // counted under, and what they were computed for (the capture, the view generation and its
  // row count).
  StatisticsDialog* stats_ = nullptr;
  QPointer<FollowFdDialog> followTarget_;
  FilterButtons* filterButtons_ = nullptr;
  QHash<QString, QString> columnTitles_;  // by field
  QSet<QString> hiddenColumns_;
  bool layingOutColumns_ = false;  // widths set by applyColumnLayout are not remembered  // the stream window
                                   // a running follow pass fills
  QString statsFilter_;
  std::weak_ptr<const CaptureInfo> statsFor_;
  uint64_t statsGen_ = 0;
  size_t statsRows_ = 0;
  bool statsDisplayed_ = false;
  // Find: the bar (made when first needed) and the matches of the last query, for the rows of
  // one view generation.
  FindBar* find_ = nullptr;
  FindQuery findQuery_;
  std::vector<RowNum> findMatches_;
  std::weak_ptr<const CaptureInfo> findFor_;
  uint64_t findGen_ = 0;
  size_t findRows_ = 0;
  // Annotations of the open capture and its identity (the key they are kept under).
  Annotations notes_;
  std::optional<CaptureIdentity> identity_;
  QAction* showIgnoredAction_ = nullptr;
  QAction* colourizeAction_ = nullptr;
  IoGraphDialog* ioGraph_ = nullptr;
  ColourRuleSet colourRules_;
  bool colourize_ = true;
  QAction* onlyMarkedAction_ = nullptr;
};

}  // namespace saker::inspector
