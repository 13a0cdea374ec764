#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QFileDialog>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QTableView>
#include <QToolBar>
#include <algorithm>

#include "columns_dialog.h"
#include "export_dialog.h"
#include "filter_bar.h"
#include "follow_fd.h"
#include "goto_event_dialog.h"
#include "help_dialogs.h"
#include "inspector_settings.h"
#include "recent_files_menu.h"
#include "rule_files_dialog.h"
#include "saker/query/field.h"
#include "statistics_dialog.h"

namespace saker::inspector {

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  auto* open = file->addAction(tr("&Open capture..."), this, &MainWindow::openDialog);
  open->setShortcut(QKeySequence::Open);
  file->addAction(tr("Open &merged..."), this, &MainWindow::openMergedDialog);
  file->addAction(tr("Open &fleet..."), QKeySequence("Ctrl+Shift+O"), this, &MainWindow::openFleetDialog);
  recentMenu_ = new RecentFilesMenu(tr("Open &recent"), this);
  file->addMenu(recentMenu_);
  connect(recentMenu_, &RecentFilesMenu::openRequested, this, &MainWindow::openCapture);
  auto* exportAct = file->addAction(tr("&Export events..."), this, &MainWindow::exportDialog);
  exportAct->setShortcut(QKeySequence("Ctrl+E"));
  file->addAction(tr("Export &annotations..."), this, &MainWindow::exportAnnotationsDialog);
  file->addAction(tr("&Import annotations..."), this, &MainWindow::importAnnotationsDialog);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* view = menuBar()->addMenu(tr("&View"));
  auto* focusFilter = view->addAction(tr("&Filter"), this, [this] {
    filter_->lineEdit()->setFocus();
    filter_->lineEdit()->selectAll();
  });
  focusFilter->setShortcut(QKeySequence("Ctrl+L"));
  view->addAction(tr("&Columns..."), this, &MainWindow::chooseColumns);
  view->addAction(tr("Capture o&rder (unsorted)"), this, [this] { sortByColumn(-1, Qt::AscendingOrder); });
  auto* go = view->addAction(tr("&Go to event..."), this, &MainWindow::gotoDialog);
  go->setShortcut(QKeySequence("Ctrl+G"));
  auto* zoomOut =
      view->addAction(tr("&Zoom out (whole capture)"), this, [this] { setTimeRange(0, UINT64_MAX); });
  zoomOut->setShortcut(QKeySequence("Ctrl+0"));
  auto* timeMenu = view->addMenu(tr("&Time format"));
  auto* timeGroup = new QActionGroup(timeMenu);
  // A reference event is per capture: that format is not restored at start.
  int savedTime = inspector_settings().value("timeFormat", 0).toInt();
  if (savedTime < 0 || savedTime > static_cast<int>(TimeFormat::SincePrevious)) savedTime = 0;
  const std::pair<TimeFormat, QString> formats[] = {
      {TimeFormat::TimeOfDay, tr("Time of &day")},
      {TimeFormat::DateAndTime, tr("D&ate and time of day")},
      {TimeFormat::SinceFirst, tr("Seconds since the &first event")},
      {TimeFormat::SincePrevious, tr("Seconds since the &previous row")},
      {TimeFormat::SinceReference, tr("Seconds since the &reference event")}};
  for (const auto& [format, label] : formats) {
    auto* a = timeMenu->addAction(label);
    a->setCheckable(true);
    a->setData(static_cast<int>(format));
    a->setChecked(static_cast<int>(format) == savedTime);
    timeGroup->addAction(a);
  }
  timeFormatActions_ = timeGroup;
  connect(timeGroup, &QActionGroup::triggered, this, [this](QAction* a) {
    inspector_settings().setValue("timeFormat", a->data().toInt());
    model_.setTimeFormat(static_cast<TimeFormat>(a->data().toInt()));
  });
  if (savedTime > 0) model_.setTimeFormat(static_cast<TimeFormat>(savedTime));
  showIgnoredAction_ = view->addAction(tr("Show &ignored events"));
  showIgnoredAction_->setCheckable(true);
  connect(showIgnoredAction_, &QAction::toggled, this, &MainWindow::setShowIgnored);
  onlyMarkedAction_ = view->addAction(tr("Only &marked events"));
  onlyMarkedAction_->setCheckable(true);
  connect(onlyMarkedAction_, &QAction::toggled, this, &MainWindow::setOnlyMarked);
  view->addAction(tr("Colouring &Rules..."), this, &MainWindow::editColourRules);
  colourizeAction_ = view->addAction(tr("Colou&rize event list"));
  colourizeAction_->setCheckable(true);
  colourizeAction_->setChecked(colourize_);
  connect(colourizeAction_, &QAction::toggled, this, &MainWindow::setColourize);
  auto* dark = view->addAction(tr("&Dark theme"));
  dark->setCheckable(true);
  dark->setChecked(inspector_settings().value("dark", false).toBool());
  connect(dark, &QAction::toggled, this, [this](bool on) {
    inspector_settings().setValue("dark", on);
    setDarkTheme(on);
  });

  auto* events = menuBar()->addMenu(tr("&Events"));
  auto* follow = events->addAction(tr("&Follow fd"), this, &MainWindow::followSelectedFd);
  follow->setShortcut(QKeySequence("Ctrl+Shift+F"));
  auto* terminals = events->addAction(tr("&Terminal sessions..."), this, &MainWindow::showTerminalSessions);
  terminals->setShortcut(QKeySequence("Ctrl+T"));
  auto* filterFd = events->addAction(tr("Filter on this &fd"), this, [this] {
    if (!model_.cursor() || !model_.cursor()->seek(model_.eventAt(table_->currentIndex().row()))) return;
    FdKey key;
    if (!fd_key_at(*model_.cursor(), key)) return;
    filterTo(QStringLiteral("proc.pid = %1 and fd.num = %2").arg(key.pid).arg(key.fd));
  });
  auto* reference = events->addAction(tr("Set time &reference"), this, [this] {
    const int row = table_->currentIndex().row();
    if (row < 0) return;
    model_.setTimeReference(model_.timeAt(row));
    for (QAction* a : timeFormatActions_->actions())
      if (a->data().toInt() == static_cast<int>(TimeFormat::SinceReference)) a->trigger();
  });
  reference->setShortcut(QKeySequence("Ctrl+Alt+T"));
  auto* filterProc = events->addAction(tr("Filter on this &process"), this, [this] {
    if (!model_.cursor() || !model_.cursor()->seek(model_.eventAt(table_->currentIndex().row()))) return;
    if (auto* t = model_.cursor()->state().current_thread())
      filterTo(QStringLiteral("proc.pid = %1").arg(t->pid));
  });
  events->addSeparator();
  auto* mark =
      events->addAction(tr("&Mark/Unmark"), QKeySequence("Ctrl+M"), this, &MainWindow::toggleMarkSelected);
  events->addAction(tr("&Next mark"), QKeySequence("Ctrl+Shift+N"), this, [this] { gotoMark(false); });
  events->addAction(tr("Previous mar&k"), QKeySequence("Ctrl+Shift+B"), this, [this] { gotoMark(true); });
  auto* comment =
      events->addAction(tr("&Comment..."), QKeySequence("Ctrl+Alt+C"), this, &MainWindow::commentSelected);
  auto* ignore = events->addAction(tr("I&gnore/Unignore"), QKeySequence("Ctrl+D"), this,
                                   &MainWindow::toggleIgnoreSelected);
  events->addAction(tr("&Unignore all"), this, &MainWindow::unignoreAll);
  events->addSeparator();
  events->addAction(tr("F&ind..."), QKeySequence::Find, this, &MainWindow::showFindBar);
  events->addAction(tr("Find ne&xt"), QKeySequence("F3"), this, [this] { findNext(false); });
  events->addAction(tr("Find pre&vious"), QKeySequence("Shift+F3"), this, [this] { findNext(true); });
  table_->addAction(follow);
  table_->addAction(filterFd);
  table_->addAction(filterProc);
  table_->addAction(reference);
  table_->addAction(mark);
  table_->addAction(comment);
  table_->addAction(ignore);
  table_->addAction(exportAct);

  auto* statistics = menuBar()->addMenu(tr("&Statistics"));
  statistics->addAction(tr("Capture &properties"), this,
                        [this] { showStatistics(StatisticsDialog::kPropertiesPage); });
  statistics->addSeparator();
  const std::pair<StatsKind, QString> tables[] = {{StatsKind::EventTypes, tr("&Event types")},
                                                  {StatsKind::Processes, tr("P&rocesses")},
                                                  {StatsKind::Files, tr("&Files")},
                                                  {StatsKind::Directories, tr("&Directories")},
                                                  {StatsKind::Connections, tr("&Connections")},
                                                  {StatsKind::Containers, tr("Co&ntainers")},
                                                  {StatsKind::Errors, tr("E&rrors")},
                                                  {StatsKind::TopIo, tr("Top &I/O")}};
  for (const auto& entry : tables) {  // not a structured binding: clang 14 cannot capture one
    const StatsKind kind = entry.first;
    statistics->addAction(entry.second, this,
                          [this, kind] { showStatistics(StatisticsDialog::pageOf(kind)); });
  }

  statistics->addSeparator();
  statistics->addAction(tr("I/O &Graph"), this, &MainWindow::showIoGraph);

  auto* rules = menuBar()->addMenu(tr("&Rules"));
  rules->addAction(tr("&Load rule files..."), this, &MainWindow::chooseRules);
  auto* rerun = rules->addAction(tr("&Rerun rules"), this, &MainWindow::rerunRules);
  rerun->setShortcut(QKeySequence("F5"));

  auto* help = menuBar()->addMenu(tr("&Help"));
  auto* keys = help->addAction(tr("&Keyboard shortcuts"), this, [this] { show_shortcuts(this, menuBar()); });
  keys->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&About Saker Inspector"), this, [this] { show_about(this); });

  auto* tb = addToolBar(tr("Main"));
  tb->setObjectName("mainToolBar");
  tb->setMovable(false);
  tb->setToolButtonStyle(Qt::ToolButtonTextOnly);
  tb->addAction(open);
  tb->addAction(exportAct);
  tb->addSeparator();
  tb->addAction(follow);
  tb->addAction(zoomOut);
  tb->addAction(rerun);
  tb->addAction(dark);
}

void MainWindow::showHeaderMenu(const QPoint& pos) {
  int section = table_->horizontalHeader()->logicalIndexAt(pos);
  QMenu menu(this);
  if (section >= 0) {
    menu.addAction(tr("Sort ascending"), this,
                   [this, section] { sortByColumn(section, Qt::AscendingOrder); });
    menu.addAction(tr("Sort descending"), this,
                   [this, section] { sortByColumn(section, Qt::DescendingOrder); });
  }
  menu.addAction(tr("Capture order"), this, [this] { sortByColumn(-1, Qt::AscendingOrder); });
  menu.addSeparator();
  menu.addAction(tr("Choose columns..."), this, &MainWindow::chooseColumns);
  if (section >= 0 && model_.columnCount() > 1) {
    const QString field = model_.columns().value(section);
    menu.addAction(tr("Hide column %1").arg(field), this, [this, section] {
      auto c = columnChoices();
      c[size_t(section)].shown = false;
      setColumnChoices(c);
    });
    menu.addAction(tr("Remove column %1").arg(field), this, [this, section] {
      QStringList c = model_.columns();
      c.removeAt(section);
      setColumns(c);
    });
  }
  if (!hiddenColumns_.isEmpty()) {
    auto* shown = menu.addMenu(tr("Hidden columns"));
    const auto choices = columnChoices();
    for (size_t i = 0; i < choices.size(); ++i)
      if (!choices[i].shown)
        shown->addAction(tr("Show %1").arg(choices[i].field), this, [this, i] {
          auto c = columnChoices();
          c[i].shown = true;
          setColumnChoices(c);
        });
  }
  menu.exec(table_->horizontalHeader()->mapToGlobal(pos));
}

void MainWindow::openDialog() {
  QString dir = inspector_settings().value("lastDir").toString();
  QString path = QFileDialog::getOpenFileName(
      this, tr("Open capture"), dir, tr("Captures (*.scap *.scap.gz *.scap.zst *.gz *.zst);;All files (*)"));
  if (!path.isEmpty()) openCapture(path);
}

void MainWindow::openMergedDialog() {
  QString dir = inspector_settings().value("lastDir").toString();
  QStringList paths =
      QFileDialog::getOpenFileNames(this, tr("Open captures merged by time"), dir,
                                    tr("Captures (*.scap *.scap.gz *.scap.zst *.gz *.zst);;All files (*)"));
  if (!paths.isEmpty()) openCaptures(paths);
}

void MainWindow::chooseColumns() {
  auto check = [](const QString& field) {
    saker::query::FieldRef ref;
    std::string why;
    return saker::query::resolve_field(field.toStdString(), ref, why) ? QString()
                                                                      : QString::fromStdString(why);
  };
  auto choices = ask_columns(this, columnChoices(), check);
  if (!choices) return;
  QString err = setColumnChoices(*choices);
  if (!err.isEmpty()) showError(tr("Bad column"), err);
}

void MainWindow::gotoDialog() {
  if (!info_) return;
  EventNumberAnswer answer = ask_event_number(this, loaded_ ? std::optional(info_->events) : std::nullopt);
  if (!answer.error.isEmpty())
    showError(tr("Go to event"), answer.error);
  else if (answer.num)
    jumpToEvent(*answer.num);
}

void MainWindow::exportDialog() {
  if (!info_ || !loaded_) return;
  ExportCounts counts;
  counts.displayed = model_.rows().size();
  counts.selected = static_cast<size_t>(table_->selectionModel()->selectedRows().size());
  counts.marked = notes_.markedCount();
  counts.ignored = notes_.ignoredCount();
  counts.capture_events = info_->events;
  if (!model_.rows().empty()) {
    const auto mm = std::minmax_element(model_.rows().begin(), model_.rows().end());
    counts.first_shown = *mm.first;
    counts.last_shown = *mm.second;
  }
  if (auto choice = choose_export(this, counts)) exportTo(choice->path, choice->selection, choice->format);
}

void MainWindow::chooseRules() {
  if (auto choice = choose_rule_files(this, rulePaths_)) loadRuleFiles(choice->files, choice->add);
}

}  // namespace saker::inspector
