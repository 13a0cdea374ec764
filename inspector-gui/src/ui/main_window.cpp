#include "main_window.h"
#include "overview_panel.h"
#include "sql_panel.h"
#include "terminal_dialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextCharFormat>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include "column_sort.h"
#include "decompress.h"
#include "detail_pane.h"
#include "event_details.h"
#include "event_export.h"
#include "filter_bar.h"
#include "filter_support.h"
#include "follow_fd.h"
#include "row_order.h"
#include "rule_files.h"
#include "theme.h"
#include "timeline_widget.h"

namespace saker::inspector {

namespace {
constexpr int kRecentMax = 10;
QSettings settings() {
  return QSettings("Saker", "Inspector");
}
std::vector<std::string> to_std(const QStringList& l) {
  std::vector<std::string> v;
  for (const auto& s : l) v.push_back(s.toStdString());
  return v;
}
QStringList to_q(const std::vector<std::string>& v) {
  QStringList l;
  for (const auto& s : v) l << QString::fromStdString(s);
  return l;
}
QString count_of(qsizetype n, const char* one, const char* many) {
  return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("Saker Inspector");
  setAcceptDrops(true);
  buildUi();
  buildMenus();
  QSettings s = settings();
  restoreGeometry(s.value("geometry").toByteArray());
  restoreState(s.value("windowState").toByteArray());
  if (s.contains("vsplit")) vsplit_->restoreState(s.value("vsplit").toByteArray());
  if (s.contains("hsplit")) hsplit_->restoreState(s.value("hsplit").toByteArray());
  QStringList cols = s.value("columns").toStringList();
  if (!cols.isEmpty() && !model_.setColumns(cols).isEmpty()) model_.setColumns(kDefaultColumns);
  filter_->setHistory(s.value("filterHistory").toStringList());
  connect(filter_, &FilterBar::historyChanged, this,
          [](const QStringList& h) { settings().setValue("filterHistory", h); });
  updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
  auto* central = new QWidget(this);
  auto* lay = new QVBoxLayout(central);
  lay->setContentsMargins(0, 0, 0, 0);
  lay->setSpacing(0);
  filter_ = new FilterBar(central);
  lay->addWidget(filter_);
  // Stays while a damaged capture is open: the list ends at the damage.
  damageBanner_ = new QLabel(central);
  damageBanner_->setObjectName("damageBanner");
  damageBanner_->setWordWrap(true);
  damageBanner_->setContentsMargins(8, 4, 8, 4);
  damageBanner_->setStyleSheet(
      "QLabel { background: #fdecea; color: #8a1c12; border-bottom: 1px solid #e0a39b; }");
  damageBanner_->setVisible(false);
  lay->addWidget(damageBanner_);

  hsplit_ = new QSplitter(Qt::Horizontal, central);
  hsplit_->setObjectName("mainHSplit");
  sideTabs_ = new QTabWidget(hsplit_);
  procView_ = new QTreeView(sideTabs_);
  procView_->setObjectName("processView");
  procView_->setModel(&procs_);
  procView_->setUniformRowHeights(true);
  procView_->setAlternatingRowColors(true);
  procView_->setToolTip(tr("Click a process to list its events"));
  alertsView_ = new QTableView(sideTabs_);
  alertsView_->setObjectName("alertsView");
  alertsView_->setModel(&alerts_);
  alertsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  alertsView_->verticalHeader()->hide();
  alertsView_->verticalHeader()->setDefaultSectionSize(22);
  alertsView_->horizontalHeader()->setStretchLastSection(true);
  alertsView_->setToolTip(tr("Double-click or Enter: jump to the event that triggered the alert"));
  overview_ = new OverviewPanel(sideTabs_);
  overview_->setObjectName("overviewPanel");
  connect(overview_, &OverviewPanel::filterRequested, this, [this](const QString& f) {
    filter_->setText(f);
    filter_->apply();
  });
  sideTabs_->addTab(overview_, tr("Overview"));
  sideTabs_->addTab(procView_, tr("Processes"));
  sideTabs_->addTab(alertsView_, tr("Alerts"));

  vsplit_ = new QSplitter(Qt::Vertical, hsplit_);
  vsplit_->setObjectName("mainVSplit");
  timeline_ = new TimelineWidget(vsplit_);
  table_ = new QTableView(vsplit_);
  table_->setObjectName("eventView");
  table_->setModel(&model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setWordWrap(false);
  table_->setShowGrid(false);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(21);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setSectionsMovable(true);
  table_->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
  table_->horizontalHeader()->setSectionsClickable(true);
  table_->horizontalHeader()->setSortIndicatorShown(true);
  table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  connect(table_->horizontalHeader(), &QHeaderView::sectionClicked, this, &MainWindow::onHeaderClicked);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  mono.setPointSizeF(QApplication::font().pointSizeF() * 0.95);
  table_->setFont(mono);
  const int widths[] = {80, 150, 110, 80, 55, 100, 220};
  for (int i = 0; i < 7; ++i) table_->setColumnWidth(i, widths[i]);
  bottomTabs_ = new QTabWidget(vsplit_);
  details_ = new DetailPane(bottomTabs_);
  sql_ = new SqlPanel(bottomTabs_);
  bottomTabs_->addTab(details_, tr("Details"));
  bottomTabs_->addTab(sql_, tr("SQL"));
  connect(sql_, &SqlPanel::runRequested, this, &MainWindow::runSql);
  connect(details_, &DetailPane::addColumnRequested, this, [this](const QString& field) {
    QStringList cols = model_.columns();
    if (cols.contains(field)) return;
    cols << field;
    setColumns(cols);
  });
  connect(details_, &DetailPane::filterRequested, this, [this](const QString& f) {
    filter_->setText(f);
    filter_->apply();
  });
  connect(sql_, &SqlPanel::eventRequested, this, &MainWindow::jumpToEvent);
  vsplit_->addWidget(timeline_);
  vsplit_->addWidget(table_);
  vsplit_->addWidget(bottomTabs_);
  vsplit_->setStretchFactor(0, 0);
  vsplit_->setStretchFactor(1, 3);
  vsplit_->setStretchFactor(2, 2);
  vsplit_->setSizes({120, 420, 260});
  hsplit_->addWidget(sideTabs_);
  hsplit_->addWidget(vsplit_);
  hsplit_->setStretchFactor(0, 1);
  hsplit_->setStretchFactor(1, 3);
  hsplit_->setSizes({340, 1060});
  lay->addWidget(hsplit_, 1);
  setCentralWidget(central);

  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(220);
  progress_->setVisible(false);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName("cancelButton");
  cancel_->setVisible(false);
  status_ = new QLabel(this);
  rulesStatus_ = new QLabel(this);
  rulesStatus_->setObjectName("rulesStatus");
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(rulesStatus_);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    loadJob_.cancel();
    viewJob_.cancel();
    rulesJob_.cancel();
    auxJob_.cancel();
    overviewJob_.cancel();
    sortJob_.cancel();
  });

  for (ScanJob* job : {&loadJob_, &viewJob_, &rulesJob_, &auxJob_, &overviewJob_, &sqlJob_, &sortJob_})
    connect(job, &ScanJob::finished, this, &MainWindow::clearBusy);
  connect(filter_, &FilterBar::applied, this, &MainWindow::applyFilter);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &MainWindow::onCurrentRowChanged);
  connect(timeline_, &TimelineWidget::rangeSelected, this, &MainWindow::setTimeRange);
  connect(timeline_, &TimelineWidget::zoomOutRequested, this, [this] { setTimeRange(0, UINT64_MAX); });
  connect(procView_, &QTreeView::clicked, this, [this](const QModelIndex& idx) {
    qlonglong pid = idx.sibling(idx.row(), 0).data(ProcessTreeModel::kPidRole).toLongLong();
    filter_->setText(QStringLiteral("proc.pid = %1").arg(pid));
    filter_->apply();
  });
  auto jump = [this](const QModelIndex& idx) {
    if (idx.isValid()) jumpToEvent(idx.data(AlertsModel::kEventNumRole).toULongLong());
  };
  connect(alertsView_, &QTableView::activated, this, jump);
  connect(alertsView_, &QTableView::doubleClicked, this, jump);
  connect(
      table_->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, [this](const QPoint& pos) {
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
        if (section >= 0 && model_.columnCount() > 1)
          menu.addAction(tr("Remove column %1").arg(model_.columns().value(section)), this, [this, section] {
            QStringList c = model_.columns();
            c.removeAt(section);
            setColumns(c);
          });
        menu.exec(table_->horizontalHeader()->mapToGlobal(pos));
      });
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  auto* open = file->addAction(tr("&Open capture..."), this, &MainWindow::openDialog);
  open->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  rebuildRecentMenu();
  auto* exportAct = file->addAction(tr("&Export events..."), this, &MainWindow::exportDialog);
  exportAct->setShortcut(QKeySequence("Ctrl+E"));
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
  auto* dark = view->addAction(tr("&Dark theme"));
  dark->setCheckable(true);
  dark->setChecked(settings().value("dark", false).toBool());
  connect(dark, &QAction::toggled, this, [this](bool on) {
    settings().setValue("dark", on);
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
    filter_->setText(QStringLiteral("proc.pid = %1 and fd.num = %2").arg(key.pid).arg(key.fd));
    filter_->apply();
  });
  auto* filterProc = events->addAction(tr("Filter on this &process"), this, [this] {
    if (!model_.cursor() || !model_.cursor()->seek(model_.eventAt(table_->currentIndex().row()))) return;
    if (auto* t = model_.cursor()->state().current_thread()) {
      filter_->setText(QStringLiteral("proc.pid = %1").arg(t->pid));
      filter_->apply();
    }
  });
  table_->addAction(follow);
  table_->addAction(filterFd);
  table_->addAction(filterProc);
  table_->addAction(exportAct);

  auto* rules = menuBar()->addMenu(tr("&Rules"));
  rules->addAction(tr("&Load rule files..."), this, &MainWindow::chooseRules);
  auto* rerun = rules->addAction(tr("&Rerun rules"), this, &MainWindow::rerunRules);
  rerun->setShortcut(QKeySequence("F5"));

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

void MainWindow::setDarkTheme(bool dark) {
  dark_ = dark;
  if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) apply_theme(*app, dark);
  model_.setDarkColors(dark);
}

bool MainWindow::busy() const {
  return loadJob_.running() || viewJob_.running() || rulesJob_.running() || auxJob_.running() ||
         overviewJob_.running() || sqlJob_.running() || sortJob_.running();
}

QString MainWindow::statusText() const {
  return status_->text();
}

void MainWindow::showError(const QString& title, const QString& text) {
  lastError_ = text;
  ++errorsShown_;
  statusBar()->showMessage(title + ": " + text, 15000);
  if (interactive_) QMessageBox::warning(this, title, text);
}

void MainWindow::setBusy(const QString& what, double fraction) {
  progress_->setVisible(true);
  cancel_->setVisible(true);
  progress_->setFormat(what + (fraction >= 0 ? " %p%" : ""));
  if (fraction < 0) {
    progress_->setRange(0, 0);
  } else {
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000));
  }
}

void MainWindow::clearBusy() {
  if (busy()) return;
  progress_->setVisible(false);
  cancel_->setVisible(false);
}

void MainWindow::updateStatus() {
  if (!info_) {
    status_->setText(tr("Open a capture: File > Open, drop a file here, or saker-inspector FILE"));
    return;
  }
  QString range = (from_ > 0 || to_ < UINT64_MAX)
                      ? tr(", time range %1 to %2").arg(format_time(from_), format_time(to_))
                      : "";
  QString sorted =
      appliedField_.isEmpty()
          ? QString()
          : tr(", sorted by %1 %2")
                .arg(appliedField_, appliedOrder_ == Qt::AscendingOrder ? tr("ascending") : tr("descending"));
  status_->setText(tr("%1: %2 events listed of %3%4%5%6")
                       .arg(QFileInfo(QString::fromStdString(info_->original)).fileName())
                       .arg(model_.rowCount())
                       .arg(loaded_ ? QString::number(info_->events) : tr("(loading)"))
                       .arg(filterText_.isEmpty() ? "" : tr(", filter: %1").arg(filterText_))
                       .arg(range, sorted));
}

void MainWindow::openDialog() {
  QString dir = settings().value("lastDir").toString();
  QString path = QFileDialog::getOpenFileName(
      this, tr("Open capture"), dir, tr("Captures (*.scap *.scap.gz *.scap.zst *.gz *.zst);;All files (*)"));
  if (!path.isEmpty()) openCapture(path);
}

void MainWindow::openCapture(const QString& path) {
  loadJob_.cancel();
  viewJob_.cancel();
  rulesJob_.cancel();
  auxJob_.cancel();
  overviewJob_.cancel();
  sortJob_.cancel();
  overviewJob_.wait();
  sortJob_.wait();
  sqlJob_.wait();  // SQLite answers are not cancellable; they are short
  loadJob_.wait();
  viewJob_.wait();
  rulesJob_.wait();
  auxJob_.wait();
  const QFileInfo fi(path);
  if (fi.isDir()) {
    showError(tr("Cannot open capture"), tr("%1 is a directory, not a capture file").arg(path));
    return;
  }
  if (!fi.exists()) {
    showError(tr("Cannot open capture"), tr("%1: no such file").arg(path));
    return;
  }
  if (!fi.isFile()) {
    showError(tr("Cannot open capture"), tr("%1 is not a regular file").arg(path));
    return;
  }
  // A filter belongs to the capture it was written for: another capture opens unfiltered.
  // (A filter typed before the first capture, or given with -f, applies to its load.)
  const bool filterCleared = info_ && !filter_->text().trimmed().isEmpty();
  if (info_) filter_->setText({});
  settings().setValue("lastDir", QFileInfo(path).absolutePath());
  addRecent(QFileInfo(path).absoluteFilePath());
  info_ = std::make_shared<CaptureInfo>();
  info_->path = info_->original = path.toStdString();
  bool compressed = needs_plain_copy(info_->original);
  if (compressed) {
    plainDir_ = std::make_unique<QTemporaryDir>();
    if (plainDir_->isValid())
      info_->path = plainDir_->filePath("capture.scap").toStdString();
    else
      compressed = false;  // no temporary space: read it compressed (backward jumps are slower)
  }
  loaded_ = false;
  ++rowsGen_;
  sortField_.clear();
  appliedField_.clear();
  sortOrder_ = appliedOrder_ = Qt::AscendingOrder;
  showSortIndicator();
  filterText_.clear();
  from_ = 0;
  to_ = UINT64_MAX;
  lastError_.clear();
  errorsShown_ = 0;
  damageBanner_->setVisible(false);
  if (filterCleared) statusBar()->showMessage(tr("Filter cleared for the new capture"), 10000);
  model_.setCapture(info_);
  alerts_.setAlerts({});
  procs_.setTree({});
  details_->clear();
  timeline_->setMarkers({});
  timeline_->setBins(TimelineBins::fixed(0, 0, 2));
  sideTabs_->setTabText(sideTabs_->indexOf(alertsView_), tr("Alerts"));
  overview_->clear();
  timeline_->setZoomed(false);
  setWindowTitle(QStringLiteral("%1 - Saker Inspector").arg(QFileInfo(path).fileName()));
  setBusy(tr("Loading"), -1);
  auto info = info_;
  ScanOptions opts;
  opts.build = true;
  opts.filter = filter_->isValid() ? filter_->text().trimmed().toStdString() : std::string();
  filterText_ = loadFilter_ = QString::fromStdString(opts.filter);
  loadJob_.start([this, info, opts, compressed](ScanJob& job, const std::atomic<bool>& cancel) {
    Decompressed plain;
    if (compressed) {
      plain = decompress_capture(info->original, info->path, cancel, [&job, this](uint64_t n) {
        if ((n & ((64u << 20) - 1)) < (1u << 20))
          job.post([this, n] { setBusy(tr("Decompressing %1 MiB").arg(n >> 20), -1); });
      });
      if (!plain.error.empty() && !plain.damaged) {  // cancelled, or no space for the copy
        auto r = std::make_shared<ScanResult>();
        r->cancelled = plain.error == "cancelled";
        if (!r->cancelled) r->error = plain.error;
        job.post([this, r] { onLoadDone(std::move(*r)); });
        return;
      }
    }
    ScanCallbacks cb;
    cb.rows = [&job, this](std::vector<RowNum>&& rows) {
      auto shared = std::make_shared<std::vector<RowNum>>(std::move(rows));
      job.post([this, shared] {
        model_.appendRows(std::move(*shared));
        if (table_->currentIndex().row() < 0 && model_.rowCount() > 0) table_->selectRow(0);
        updateStatus();
      });
    };
    cb.progress = [&job, this](uint64_t, double f) { job.post([this, f] { setBusy(tr("Loading"), f); }); };
    auto result = std::make_shared<ScanResult>(scan_capture(*info, opts, cb, cancel));
    if (plain.damaged && !result->cancelled) {
      // The compressed stream ends early: that is the damage (the copy's cut last block only
      // follows from it), where the decompressed bytes end.
      result->error = plain.error;
      result->error_offset = plain.bytes;
      result->not_capture = false;
    }
    job.post([this, result] { onLoadDone(std::move(*result)); });
  });
}

void MainWindow::onLoadDone(ScanResult r) {
  // Nothing readable (not a capture): no further passes, each would report the same error.
  loaded_ = !r.cancelled && (r.error.empty() || r.events_read > 0);
  if (!r.filter_error.empty()) {
    showError(tr("Bad filter"),
              tr("column %1: %2").arg(r.filter_error_column).arg(QString::fromStdString(r.filter_error)));
  }
  if (r.not_capture) {
    showError(tr("Not a capture file"), tr("%1 is not a capture file.\n\n%2")
                                            .arg(QString::fromStdString(info_->original), userText(r.error)));
  } else if (!r.error.empty() && !r.cancelled) {
    const bool compressed = info_->path != info_->original;
    QString where = r.error_offset == UINT64_MAX ? tr("Capture damaged")
                    : compressed
                        ? tr("Capture damaged at offset %1 of its decompressed stream").arg(r.error_offset)
                        : tr("Capture damaged at offset %1").arg(r.error_offset);
    damageBanner_->setText(tr("%1: the events before it are shown. (%2)").arg(where, userText(r.error)));
    damageBanner_->setVisible(true);
    showError(tr("Capture damaged"),
              tr("%1\nEvery event before the damage is shown.").arg(userText(r.error)));
  }
  if (r.cancelled)
    statusBar()->showMessage(tr("Loading cancelled: %1 events read").arg(r.events_read), 10000);
  timeline_->setBins(std::move(r.bins));
  procs_.setTree(std::move(r.tree));
  procView_->expandToDepth(1);
  for (int c = 0; c < ProcessTreeModel::ColumnCount - 1; ++c) procView_->resizeColumnToContents(c);
  updateStatus();
  clearBusy();
  emit loadFinished();
  if (loaded_) {
    if (filterText_ != loadFilter_)
      refreshView();  // the filter changed while loading (the view sorts when done)
    else if (!sortField_.isEmpty())
      startSort();  // a column was clicked while loading
    rerunRules();
    runOverview();
  }
}

QString MainWindow::userText(const std::string& message) const {
  QString m = QString::fromStdString(message);
  if (info_ && info_->path != info_->original)
    m.replace(QString::fromStdString(info_->path), QString::fromStdString(info_->original));
  return m;
}

void MainWindow::runSql(const QString& sql) {
  if (!info_) return;
  std::string capture = info_->original, text = sql.toStdString();
  sql_->setRunning(true);
  setBusy(tr("SQL"), -1);
  sqlJob_.start([this, capture, text](ScanJob& job, const std::atomic<bool>&) {
    auto r = std::make_shared<SqlResult>(run_sql(capture, index_path_for(capture), text));
    job.post([this, r] {
      sql_->setResult(*r);
      emit sqlFinished();
    });
  });
}

void MainWindow::runOverview() {
  if (!info_ || !loaded_) return;
  auto info = info_;
  overviewJob_.start([this, info](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<OverviewResult>(run_overview(*info, default_tiles(), cancel));
    job.post([this, r] {
      // Damage in the capture was reported by the load; only a broken tile is news.
      if (r->error.starts_with("tile ")) showError(tr("Overview"), userText(r->error));
      overview_->setTiles(r->tiles);
      emit overviewFinished();
    });
  });
}

void MainWindow::applyFilter(const QString& text) {
  filterText_ = text;
  refreshView();  // while a capture loads, the load applies it when done
}

void MainWindow::setTimeRange(uint64_t from, uint64_t to) {
  from_ = from;
  to_ = to;
  timeline_->setZoomed(from > 0 || to < UINT64_MAX);
  refreshView();
}

void MainWindow::refreshView() {
  if (!info_ || !loaded_) return;
  uint64_t keep = pendingSelect_ ? pendingSelect_ : model_.eventAt(table_->currentIndex().row());
  // The new rows come in capture order; the sort asked for runs again when they are all there.
  ++rowsGen_;
  sortJob_.cancel();
  appliedField_.clear();
  appliedOrder_ = Qt::AscendingOrder;
  model_.clearRows();
  details_->clear();
  ScanOptions opts;
  opts.filter = filterText_.toStdString();
  opts.from_ts = from_;
  opts.to_ts = to_;
  auto info = info_;
  setBusy(tr("Filtering"), 0);
  updateStatus();
  viewJob_.start([this, info, opts, keep](ScanJob& job, const std::atomic<bool>& cancel) {
    ScanCallbacks cb;
    cb.rows = [&job, this](std::vector<RowNum>&& rows) {
      auto shared = std::make_shared<std::vector<RowNum>>(std::move(rows));
      job.post([this, shared] {
        model_.appendRows(std::move(*shared));
        updateStatus();
      });
    };
    cb.progress = [&job, this](uint64_t, double f) { job.post([this, f] { setBusy(tr("Filtering"), f); }); };
    auto result = std::make_shared<ScanResult>(scan_capture(*info, opts, cb, cancel));
    job.post([this, result, keep] {
      if (!result->filter_error.empty())
        showError(tr("Bad filter"), tr("column %1: %2")
                                        .arg(result->filter_error_column)
                                        .arg(QString::fromStdString(result->filter_error)));
      timeline_->setBins(std::move(result->bins));
      int row = keep ? model_.rowOfEvent(keep) : -1;
      if (row < 0 && keep && pendingSelect_ && !result->cancelled)
        showError(tr("Go to event"),
                  tr("Event %1 is not listed: it is a call's enter or one of libs' internal "
                     "events, which saker print does not list either")
                      .arg(keep));
      if (row < 0 && model_.rowCount() > 0) row = 0;
      if (row >= 0) {
        table_->selectRow(row);
        table_->scrollTo(model_.index(row, 0), QAbstractItemView::PositionAtCenter);
      }
      pendingSelect_ = 0;
      updateStatus();
      clearBusy();
      if (!sortField_.isEmpty()) {
        if (result->cancelled) {  // the rows are cut short: leave them in capture order
          sortField_.clear();
          showSortIndicator();
        } else {
          startSort();
        }
      }
      emit viewFinished();
    });
  });
}

void MainWindow::jumpToEvent(uint64_t num) {
  if (!info_) return;
  if (loaded_ && (num == 0 || num > info_->events)) {
    showError(tr("Go to event"), tr("There is no event %1: %2 has events 1 to %3")
                                     .arg(num)
                                     .arg(QFileInfo(QString::fromStdString(info_->original)).fileName())
                                     .arg(info_->events));
    return;
  }
  int row = model_.rowOfEvent(num);
  if (row >= 0) {
    table_->setFocus();
    table_->selectRow(row);
    table_->scrollTo(model_.index(row, 0), QAbstractItemView::PositionAtCenter);
    return;
  }
  // Filtered out: widen the view to every event and select it when the view is ready.
  pendingSelect_ = num;
  filter_->setText({});
  filterText_.clear();
  from_ = 0;
  to_ = UINT64_MAX;
  timeline_->setZoomed(false);
  refreshView();
}

void MainWindow::sortByColumn(int column, Qt::SortOrder order) {
  requestSort(column < 0 ? QString() : model_.columns().value(column), order);
}

void MainWindow::onHeaderClicked(int section) {
  // Ascending, descending, then back to capture order, as in Wireshark.
  QString field = model_.columns().value(section);
  if (field.isEmpty()) return;
  if (field != sortField_)
    requestSort(field, Qt::AscendingOrder);
  else if (sortOrder_ == Qt::AscendingOrder)
    requestSort(field, Qt::DescendingOrder);
  else
    requestSort({}, Qt::AscendingOrder);
}

void MainWindow::requestSort(const QString& field, Qt::SortOrder order) {
  sortField_ = field;
  sortOrder_ = field.isEmpty() ? Qt::AscendingOrder : order;
  showSortIndicator();
  // While a capture loads or a view fills, the sort waits for all the rows.
  if (!info_ || !loaded_ || viewJob_.running()) return;
  startSort();
}

void MainWindow::showSortIndicator() {
  // Set after the header's own flip on click, so the header shows what was asked.
  table_->horizontalHeader()->setSortIndicator(
      sortField_.isEmpty() ? -1 : model_.columns().indexOf(sortField_), sortOrder_);
}

QString MainWindow::setColumns(const QStringList& fields) {
  QString err = model_.setColumns(fields);
  if (!err.isEmpty()) return err;
  settings().setValue("columns", fields);
  // The sorted column was removed: back to capture order.
  if (!sortField_.isEmpty() && !model_.columns().contains(sortField_))
    requestSort({}, Qt::AscendingOrder);
  else
    showSortIndicator();
  return {};
}

void MainWindow::startSort() {
  if (!info_ || !loaded_) return;
  if (sortField_ == appliedField_ && sortOrder_ == appliedOrder_) {
    sortJob_.cancel();  // a sort still running would undo what is asked
    return;
  }
  auto rows = std::make_shared<std::vector<RowNum>>(model_.rows());
  bool inCaptureOrder = model_.inCaptureOrder();
  std::string field = sortField_.toStdString();
  bool descending = sortOrder_ == Qt::DescendingOrder;
  auto info = info_;
  uint64_t gen = rowsGen_;
  QString what = field.empty() ? tr("Capture order") : tr("Sorting by %1").arg(sortField_);
  setBusy(what, 0);
  sortJob_.start([this, info, rows, inCaptureOrder, field, descending, gen, what](
                     ScanJob& job, const std::atomic<bool>& cancel) {
    std::vector<RowNum> r = std::move(*rows);
    if (!inCaptureOrder) restore_capture_order(r);
    auto res = std::make_shared<ColumnSortResult>();
    if (field.empty()) {
      res->rows = std::move(r);
      res->ok = true;
    } else {
      *res = sort_by_column(*info, std::move(r), field, descending, cancel, [&job, this, what](double f) {
        job.post([this, f, what] { setBusy(what, f); });
      });
    }
    job.post([this, res, gen, field, descending] {
      if (sortJob_.cancelled()) {  // Cancel clicked after the pass ended still wins
        res->ok = false;
        res->cancelled = true;
      }
      QString name = QString::fromStdString(field);
      Qt::SortOrder order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
      // Applied only to the rows it sorted and when still asked for (clicks may have moved on).
      const bool wanted = gen == rowsGen_ && sortField_ == name && sortOrder_ == order;
      if (wanted && res->ok) {
        uint64_t keep = model_.eventAt(table_->currentIndex().row());
        model_.setRowOrder(std::move(res->rows), name.isEmpty());
        appliedField_ = name;
        appliedOrder_ = order;
        int row = keep ? model_.rowOfEvent(keep) : -1;
        if (row < 0 && model_.rowCount() > 0) row = 0;
        if (row >= 0) {
          table_->selectRow(row);
          table_->scrollTo(model_.index(row, 0), QAbstractItemView::PositionAtCenter);
        }
      } else if (wanted) {
        // Cancelled or refused: the list stays as it was, and so does the indicator.
        sortField_ = appliedField_;
        sortOrder_ = appliedOrder_;
        showSortIndicator();
        if (res->cancelled)
          statusBar()->showMessage(tr("Sorting cancelled: the list keeps its order"), 10000);
        else
          showError(tr("Cannot sort"), userText(res->error));
      }
      updateStatus();
      clearBusy();
      emit sortFinished();
    });
  });
}

void MainWindow::onCurrentRowChanged() {
  uint64_t num = model_.eventAt(table_->currentIndex().row());
  if (!num || !model_.cursor() || !model_.cursor()->seek(num)) {
    details_->clear();
    return;
  }
  details_->showDetails(describe_event(*model_.cursor()));
}

void MainWindow::rerunRules() {
  if (!info_ || !loaded_) return;
  auto info = info_;
  auto paths = to_std(rulePaths_);
  setBusy(tr("Rules"), 0);
  rulesJob_.start([this, info, paths](ScanJob& job, const std::atomic<bool>& cancel) {
    auto run = std::make_shared<RulesRun>(run_rules(
        *info, paths, cancel, [&job, this](double f) { job.post([this, f] { setBusy(tr("Rules"), f); }); }));
    job.post([this, run] {
      // Files chosen in the menu were checked before they became active: only rules given on
      // the command line (or a ruleset changed on disk since) get here with errors.
      if (!run->rule_errors.empty()) showRuleErrors(to_q(run->rule_errors), tr("The rules were not run"));
      std::vector<TimelineWidget::Marker> marks;
      for (const auto& a : run->alerts) marks.push_back({a.ts, a.priority});
      timeline_->setMarkers(std::move(marks));
      alerts_.setAlerts(std::move(run->alerts));
      alertsView_->resizeColumnsToContents();
      sideTabs_->setTabText(sideTabs_->indexOf(alertsView_), tr("Alerts (%1)").arg(alerts_.rowCount()));
      setRulesStatus(run->rules, alerts_.rowCount(), !run->cancelled);
      clearBusy();
      emit rulesFinished();
    });
  });
}

void MainWindow::chooseRules() {
  QStringList files =
      QFileDialog::getOpenFileNames(this, tr("Rule files"), settings().value("rulesDir").toString(),
                                    tr("Rules (*.yaml *.yml);;All files (*)"));
  if (files.isEmpty()) return;
  settings().setValue("rulesDir", QFileInfo(files.front()).absolutePath());
  QMessageBox ask(QMessageBox::Question, tr("Load rule files"),
                  tr("Add %1 to the active rules (%2), or replace them?")
                      .arg(count_of(files.size(), "file", "files"),
                           rulePaths_.isEmpty() ? tr("Saker's default ruleset") : rulePaths_.join(", ")),
                  QMessageBox::Cancel, this);
  auto* add = ask.addButton(tr("&Add to active rules"), QMessageBox::AcceptRole);
  auto* replace = ask.addButton(tr("&Replace active rules"), QMessageBox::DestructiveRole);
  ask.setDefaultButton(add);
  ask.exec();
  if (ask.clickedButton() != add && ask.clickedButton() != replace) return;
  loadRuleFiles(files, ask.clickedButton() == add);
}

bool MainWindow::loadRuleFiles(const QStringList& files, bool add) {
  if (files.isEmpty()) return false;
  std::vector<std::string> paths = combine_rule_paths(to_std(rulePaths_), to_std(files), add);
  RuleCheck check = check_rules(paths);
  if (!check.ok()) {
    showRuleErrors(to_q(check.errors), tr("Rule files not loaded; the active rules stay as they were"));
    return false;
  }
  rulePaths_ = to_q(paths);
  ruleErrors_.clear();
  if (info_ && loaded_)
    rerunRules();
  else
    setRulesStatus(check.rules, 0, false);
  return true;
}

void MainWindow::showRuleErrors(const QStringList& errors, const QString& what) {
  ruleErrors_ = errors;
  lastError_ = what + ": " + errors.value(0);
  statusBar()->showMessage(tr("%1 (%2)").arg(what, count_of(errors.size(), "error", "errors")), 15000);
  // One list, reused: every error with its FILE:LINE:COLUMN.
  auto* dlg = findChild<QDialog*>("ruleErrorsDialog");
  if (!dlg) {
    dlg = new QDialog(this);
    dlg->setObjectName("ruleErrorsDialog");
    dlg->setWindowTitle(tr("Rule files have errors"));
    auto* lay = new QVBoxLayout(dlg);
    auto* head = new QLabel(dlg);
    head->setObjectName("ruleErrorsHeading");
    head->setWordWrap(true);
    lay->addWidget(head);
    auto* list = new QListWidget(dlg);
    list->setObjectName("ruleErrorList");
    QFont mono("Monospace");
    mono.setStyleHint(QFont::TypeWriter);
    list->setFont(mono);
    lay->addWidget(list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dlg);
    connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::close);
    lay->addWidget(buttons);
    dlg->resize(820, 320);
  }
  dlg->findChild<QLabel*>("ruleErrorsHeading")
      ->setText(tr("%1. %2:").arg(what, count_of(errors.size(), "error", "errors")));
  auto* list = dlg->findChild<QListWidget*>("ruleErrorList");
  list->clear();
  list->addItems(errors);
  if (interactive_) {
    dlg->show();
    dlg->raise();
  }
}

void MainWindow::setRulesStatus(size_t rules, qsizetype alerts, bool ran) {
  if (rules == 0)
    rulesStatus_->setText(tr("No rules active"));
  else if (ran)
    rulesStatus_->setText(
        tr("%1 active, %2")
            .arg(count_of(qsizetype(rules), "rule", "rules"), count_of(alerts, "alert", "alerts")));
  else
    rulesStatus_->setText(tr("%1 active").arg(count_of(qsizetype(rules), "rule", "rules")));
}

QString MainWindow::rulesStatusText() const {
  return rulesStatus_->text();
}

void MainWindow::chooseColumns() {
  bool ok = false;
  QString text = QInputDialog::getText(
      this, tr("Columns"), tr("Fields, comma-separated (any filter field: proc.aname[2], evt.arg.fd, ...)"),
      QLineEdit::Normal, model_.columns().join(", "), &ok);
  if (!ok) return;
  QStringList cols;
  for (const QString& c : text.split(',', Qt::SkipEmptyParts)) cols << c.trimmed();
  QString err = setColumns(cols);
  if (!err.isEmpty()) showError(tr("Bad column"), err);
}

void MainWindow::gotoDialog() {
  if (!info_) return;
  bool entered = false;
  QString text = QInputDialog::getText(
      this, tr("Go to event"), loaded_ ? tr("Event number (1 to %1)").arg(info_->events) : tr("Event number"),
      QLineEdit::Normal, {}, &entered);
  if (!entered || text.trimmed().isEmpty()) return;
  bool ok = false;
  qulonglong num = text.trimmed().toULongLong(&ok);
  if (!ok) {
    showError(tr("Go to event"), tr("'%1' is not an event number").arg(text.trimmed()));
    return;
  }
  jumpToEvent(num);
}

void MainWindow::exportDialog() {
  if (!info_ || !loaded_) return;
  // The format is the type chosen in the dialog; the file name gets its extension.
  const std::pair<QString, ExportFormat> kinds[] = {{tr("Capture (*.scap)"), ExportFormat::Scap},
                                                    {tr("CSV (*.csv)"), ExportFormat::Csv},
                                                    {tr("JSON (*.json)"), ExportFormat::Json}};
  QFileDialog dlg(this, tr("Export events"), settings().value("lastDir").toString());
  dlg.setObjectName("exportFileDialog");
  dlg.setAcceptMode(QFileDialog::AcceptSave);
  dlg.setFileMode(QFileDialog::AnyFile);
  QStringList filters;
  for (const auto& k : kinds) filters << k.first;
  dlg.setNameFilters(filters);
  if (dlg.exec() != QDialog::Accepted || dlg.selectedFiles().isEmpty()) return;
  ExportFormat format = ExportFormat::Scap;
  for (const auto& k : kinds)
    if (k.first == dlg.selectedNameFilter()) format = k.second;
  exportTo(dlg.selectedFiles().front(), table_->selectionModel()->selectedRows().size() > 1, format);
}

void MainWindow::exportTo(const QString& path, bool selectedOnly) {
  exportTo(path, selectedOnly, export_format_for(path.toStdString()));
}

void MainWindow::exportTo(const QString& chosen, bool selectedOnly, ExportFormat format) {
  if (!info_ || !loaded_) return;
  const QString path = QString::fromStdString(export_path_for(chosen.toStdString(), format));
  std::vector<RowNum> events;
  if (selectedOnly) {
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
      events.push_back(static_cast<RowNum>(model_.eventAt(i.row())));
    std::sort(events.begin(), events.end());
  } else {
    events = model_.captureOrderRows();
  }
  auto info = info_;
  auto cols = to_std(model_.columns());
  std::string out = path.toStdString();
  setBusy(tr("Exporting"), 0);
  auxJob_.start([this, info, events = std::move(events), cols, out, format](ScanJob& job,
                                                                            const std::atomic<bool>& cancel) {
    auto r = std::make_shared<ExportResult>(
        export_events(*info, events, format, out, cols, cancel,
                      [&job, this](double f) { job.post([this, f] { setBusy(tr("Exporting"), f); }); }));
    job.post([this, r, out] {
      if (!r->error.empty())
        showError(tr("Export failed"), userText(r->error));
      else
        statusBar()->showMessage(
            tr("%1 events written to %2").arg(r->written).arg(QString::fromStdString(out)), 15000);
      clearBusy();
      emit auxFinished();
    });
  });
}

void MainWindow::followSelectedFd() {
  uint64_t num = model_.eventAt(table_->currentIndex().row());
  if (!num || !model_.cursor() || !model_.cursor()->seek(num)) return;
  FdKey key;
  if (!fd_key_at(*model_.cursor(), key)) {
    showError(tr("Follow fd"), tr("Event %1 uses no file descriptor").arg(num));
    return;
  }
  auto info = info_;
  setBusy(tr("Following"), -1);
  auxJob_.start([this, info, key](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<FollowResult>(follow_fd(*info, key, cancel));
    job.post([this, r, key] {
      clearBusy();
      auto* dlg = new QDialog(this);
      dlg->setObjectName("followDialog");
      dlg->setAttribute(Qt::WA_DeleteOnClose);
      dlg->setWindowTitle(
          tr("Follow fd %1 of pid %2: %3").arg(key.fd).arg(key.pid).arg(QString::fromStdString(key.name)));
      auto* lay = new QVBoxLayout(dlg);
      auto* text = new QPlainTextEdit(dlg);
      text->setObjectName("followText");
      text->setReadOnly(true);
      QFont mono("Monospace");
      mono.setStyleHint(QFont::TypeWriter);
      text->setFont(mono);
      QTextCharFormat rd, wr, head, cut;
      rd.setForeground(QColor(0x19, 0x76, 0xd2));
      wr.setForeground(QColor(0xc6, 0x28, 0x28));
      head.setForeground(QColor(0x78, 0x78, 0x78));
      cut.setForeground(QColor(0xe6, 0x7e, 0x00));
      cut.setFontWeight(QFont::Bold);
      QTextCursor c(text->document());
      for (const auto& ch : r->chunks) {
        c.insertText(QString::fromStdString(chunk_heading(ch)) + '\n', head);
        std::string printable;
        for (char b : ch.data)
          printable += (b == '\n' || b == '\t' ||
                        (static_cast<unsigned char>(b) >= 0x20 && static_cast<unsigned char>(b) < 0x7f))
                           ? b
                           : '.';
        if (!printable.empty() && printable.back() != '\n') printable += '\n';
        c.insertText(QString::fromStdString(printable), ch.write ? wr : rd);
        if (ch.missing()) c.insertText(QString::fromStdString(missing_marker(ch)) + '\n', cut);
      }
      lay->addWidget(text);
      auto* summary = new QLabel(tr("%1 chunks: %2 bytes read (blue, %3 captured), %4 bytes written (red, %5 "
                                    "captured)%6")
                                     .arg(r->chunks.size())
                                     .arg(r->returned_read)
                                     .arg(r->captured_read)
                                     .arg(r->returned_written)
                                     .arg(r->captured_written)
                                     .arg(r->truncated ? tr("; the list stops at the size limit") : ""),
                                 dlg);
      summary->setObjectName("followSummary");
      lay->addWidget(summary);
      auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dlg);
      connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::close);
      lay->addWidget(buttons);
      dlg->resize(800, 560);
      dlg->show();
      if (!r->error.empty()) showError(tr("Capture damaged"), userText(r->error));
      emit auxFinished();
    });
  });
}

void MainWindow::showTerminalSessions() {
  if (!info_ || !loaded_) return;
  auto info = info_;
  setBusy(tr("Terminals"), -1);
  auxJob_.start([this, info](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<TermResult>(terminal_sessions(*info, cancel));
    job.post([this, r] {
      if (!r->error.empty()) showError(tr("Capture damaged"), userText(r->error));
      auto* dlg = new TerminalDialog(std::move(*r), this);
      dlg->setAttribute(Qt::WA_DeleteOnClose);
      dlg->show();
      if (dlg->sessionCount() > 0) dlg->play();
      emit auxFinished();
    });
  });
}

void MainWindow::addRecent(const QString& path) {
  QSettings s = settings();
  QStringList recent = s.value("recentFiles").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kRecentMax) recent.removeLast();
  s.setValue("recentFiles", recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  if (!recentMenu_) return;
  recentMenu_->clear();
  QStringList recent = settings().value("recentFiles").toStringList();
  if (recent.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
  for (const QString& p : recent) recentMenu_->addAction(p, this, [this, p] { openCapture(p); });
}

void MainWindow::closeEvent(QCloseEvent* e) {
  QSettings s = settings();
  s.setValue("geometry", saveGeometry());
  s.setValue("windowState", saveState());
  s.setValue("vsplit", vsplit_->saveState());
  s.setValue("hsplit", hsplit_->saveState());
  QMainWindow::closeEvent(e);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  for (const QUrl& u : e->mimeData()->urls())
    if (u.isLocalFile()) {
      openCapture(u.toLocalFile());
      e->acceptProposedAction();
      return;
    }
}

}  // namespace saker::inspector
