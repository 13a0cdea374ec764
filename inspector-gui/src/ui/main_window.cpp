#include "main_window.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include "busy_indicator.h"
#include "detail_pane.h"
#include "event_details.h"
#include "filter_bar.h"
#include "filter_buttons.h"
#include "inspector_settings.h"
#include "overview_panel.h"
#include "sql_panel.h"
#include "theme.h"
#include "timeline_widget.h"

namespace saker::inspector {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("Saker Inspector");
  setAcceptDrops(true);
  model_.setAnnotations(&notes_);
  buildUi();
  buildMenus();
  QSettings s = inspector_settings();
  restoreGeometry(s.value("geometry").toByteArray());
  restoreState(s.value("windowState").toByteArray());
  if (s.contains("vsplit")) vsplit_->restoreState(s.value("vsplit").toByteArray());
  if (s.contains("hsplit")) hsplit_->restoreState(s.value("hsplit").toByteArray());
  QStringList cols = s.value("columns").toStringList();
  if (!cols.isEmpty() && !model_.setColumns(cols).isEmpty()) model_.setColumns(kDefaultColumns);
  const QVariantMap titles = s.value("columnTitles").toMap();
  for (auto it = titles.begin(); it != titles.end(); ++it) columnTitles_[it.key()] = it.value().toString();
  for (const QString& f : s.value("hiddenColumns").toStringList()) hiddenColumns_.insert(f);
  applyColumnLayout();
  loadColourRules();
  filter_->setHistory(s.value("filterHistory").toStringList());
  connect(filter_, &FilterBar::historyChanged, this,
          [](const QStringList& h) { inspector_settings().setValue("filterHistory", h); });
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
  filterButtons_ = new FilterButtons(central);
  lay->addWidget(filterButtons_);
  connect(filterButtons_, &FilterButtons::applyRequested, this, &MainWindow::filterTo);
  connect(filterButtons_, &FilterButtons::saveRequested, this,
          [this] { filterButtons_->askAndAdd(filter_->text().trimmed()); });
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
  // The overview's tiles on the left; processes and alerts are tabs beside the details, where
  // their command lines and outputs get the list's width.
  overview_ = new OverviewPanel(hsplit_);
  overview_->setObjectName("overviewPanel");
  connect(overview_, &OverviewPanel::filterRequested, this, &MainWindow::filterTo);

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
  connect(table_->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int section, int, int size) {
    if (layingOutColumns_ || size <= 0 || section < 0 || section >= model_.columns().size()) return;
    // The last column stretches with the window: only widths the user drags are remembered.
    QHeaderView* h = table_->horizontalHeader();
    if (h->visualIndex(section) == h->count() - 1) return;
    QSettings s = inspector_settings();
    QVariantMap widths = s.value("columnWidths").toMap();
    widths[model_.columns()[section]] = size;
    s.setValue("columnWidths", widths);
  });
  // A column dragged to another place stays there: the columns are set again in the new order.
  connect(table_->horizontalHeader(), &QHeaderView::sectionMoved, this, [this] {
    if (layingOutColumns_) return;
    QHeaderView* h = table_->horizontalHeader();
    auto choices = columnChoices();
    std::vector<ColumnChoice> moved;
    for (int v = 0; v < h->count(); ++v) moved.push_back(choices[size_t(h->logicalIndex(v))]);
    QTimer::singleShot(0, this, [this, moved] {
      QHeaderView* hv = table_->horizontalHeader();
      layingOutColumns_ = true;
      for (int i = 0; i < hv->count(); ++i) hv->moveSection(hv->visualIndex(i), i);
      layingOutColumns_ = false;
      setColumnChoices(moved);
    });
  });
  bottomTabs_ = new QTabWidget(vsplit_);
  details_ = new DetailPane(bottomTabs_);
  procView_ = new QTreeView(bottomTabs_);
  procView_->setObjectName("processView");
  procView_->setModel(&procs_);
  procView_->setUniformRowHeights(true);
  procView_->setAlternatingRowColors(true);
  procView_->setToolTip(tr("Click a process to list its events"));
  alertsView_ = new QTableView(bottomTabs_);
  alertsView_->setObjectName("alertsView");
  alertsView_->setModel(&alerts_);
  alertsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  alertsView_->setWordWrap(false);
  alertsView_->verticalHeader()->hide();
  alertsView_->verticalHeader()->setDefaultSectionSize(22);
  alertsView_->horizontalHeader()->setStretchLastSection(true);
  alertsView_->setToolTip(tr("Double-click or Enter: jump to the event that triggered the alert"));
  sql_ = new SqlPanel(bottomTabs_);
  bottomTabs_->addTab(details_, tr("Details"));
  bottomTabs_->addTab(procView_, tr("Processes"));
  bottomTabs_->addTab(alertsView_, tr("Alerts"));
  bottomTabs_->addTab(sql_, tr("SQL"));
  connect(sql_, &SqlPanel::runRequested, this, &MainWindow::runSql);
  connect(details_, &DetailPane::addColumnRequested, this, [this](const QString& field) {
    QStringList cols = model_.columns();
    if (cols.contains(field)) return;
    cols << field;
    setColumns(cols);
  });
  connect(details_, &DetailPane::filterRequested, this, &MainWindow::filterTo);
  connect(details_, &DetailPane::filterJoinRequested, this,
          [this](const QString& term, FilterJoin how, bool apply) {
            const QString text =
                QString::fromStdString(join_filter(filter_->text().toStdString(), term.toStdString(), how));
            if (apply) {
              filterTo(text);
            } else {  // Prepare: the text waits in the filter bar for Enter
              filter_->setText(text);
              filter_->lineEdit()->setFocus();
            }
          });
  connect(sql_, &SqlPanel::eventRequested, this, &MainWindow::jumpToEvent);
  vsplit_->addWidget(timeline_);
  vsplit_->addWidget(table_);
  vsplit_->addWidget(bottomTabs_);
  vsplit_->setStretchFactor(0, 0);
  vsplit_->setStretchFactor(1, 1);
  vsplit_->setStretchFactor(2, 1);
  vsplit_->setSizes({90, 360, 400});
  hsplit_->addWidget(overview_);
  hsplit_->addWidget(vsplit_);
  hsplit_->setStretchFactor(0, 0);
  hsplit_->setStretchFactor(1, 1);
  hsplit_->setSizes({190, 1210});
  lay->addWidget(hsplit_, 1);
  setCentralWidget(central);

  busy_ = new BusyIndicator(this);
  status_ = new QLabel(this);
  rulesStatus_ = new QLabel(this);
  rulesStatus_->setObjectName("rulesStatus");
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(rulesStatus_);
  statusBar()->addPermanentWidget(busy_);
  connect(busy_, &BusyIndicator::cancelRequested, &jobs_, &BackgroundJobs::cancelAll);
  connect(&jobs_, &BackgroundJobs::finished, this, &MainWindow::clearBusy);
  connect(filter_, &FilterBar::applied, this, &MainWindow::applyFilter);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &MainWindow::onCurrentRowChanged);
  connect(timeline_, &TimelineWidget::rangeSelected, this, &MainWindow::setTimeRange);
  connect(timeline_, &TimelineWidget::zoomOutRequested, this, [this] { setTimeRange(0, UINT64_MAX); });
  connect(procView_, &QTreeView::clicked, this, [this](const QModelIndex& idx) {
    qlonglong pid = idx.sibling(idx.row(), 0).data(ProcessTreeModel::kPidRole).toLongLong();
    filterTo(QStringLiteral("proc.pid = %1").arg(pid));
  });
  auto jump = [this](const QModelIndex& idx) {
    if (idx.isValid()) jumpToEvent(idx.data(AlertsModel::kEventNumRole).toULongLong());
  };
  connect(alertsView_, &QTableView::activated, this, jump);
  connect(alertsView_, &QTableView::doubleClicked, this, jump);
  connect(table_->horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
          &MainWindow::showHeaderMenu);
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void MainWindow::setDarkTheme(bool dark) {
  if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) apply_theme(*app, dark);
  model_.setDarkColors(dark);
}

bool MainWindow::busy() const {
  return jobs_.anyRunning();
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
  busy_->showProgress(what, fraction);
}

void MainWindow::clearBusy() {
  if (busy()) return;
  busy_->setVisible(false);
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
  QString notes;
  if (model_.visibility().only_marked) notes += tr(", only marked events");
  if (notes_.markedCount()) notes += tr(", %1 marked").arg(notes_.markedCount());
  if (notes_.ignoredCount())
    notes += tr(", %1 ignored (%2)")
                 .arg(notes_.ignoredCount())
                 .arg(model_.visibility().show_ignored ? tr("shown") : tr("hidden"));
  status_->setText(tr("%1: %2 events listed of %3%4%5%6%7")
                       .arg(captureName())
                       .arg(model_.rowCount())
                       .arg(loaded_ ? QString::number(info_->events) : tr("(loading)"))
                       .arg(filterText_.isEmpty() ? "" : tr(", filter: %1").arg(filterText_))
                       .arg(range, sorted, notes));
}

QString MainWindow::captureName() const {
  if (!info_) return {};
  if (!info_->merged_from.empty()) return tr("%1 captures merged").arg(info_->merged_from.size());
  return QFileInfo(QString::fromStdString(info_->original)).fileName();
}

QString MainWindow::userText(const std::string& message) const {
  QString m = QString::fromStdString(message);
  if (info_ && info_->path != info_->original)
    m.replace(QString::fromStdString(info_->path), QString::fromStdString(info_->original));
  return m;
}

void MainWindow::filterTo(const QString& text) {
  filter_->setText(text);
  filter_->apply();
}

void MainWindow::onCurrentRowChanged() {
  uint64_t num = model_.eventAt(table_->currentIndex().row());
  if (!num || !model_.cursor() || !model_.cursor()->seek(num)) {
    details_->clear();
    return;
  }
  EventDetails d = describe_event(*model_.cursor());
  if (const Annotation* note = notes_.find(num)) {  // the analyst's notes come first
    DetailGroup g{tr("Annotation"), {}, {}};
    if (!note->comment.isEmpty()) g.rows.emplace_back(tr("comment"), note->comment);
    if (note->marked) g.rows.emplace_back(tr("marked"), tr("yes"));
    if (note->ignored) g.rows.emplace_back(tr("ignored"), tr("yes"));
    d.groups.insert(d.groups.begin(), std::move(g));
  }
  details_->showDetails(d);
}

void MainWindow::closeEvent(QCloseEvent* e) {
  jobs_.cancelAll();
  QSettings s = inspector_settings();
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
  // Several files dropped together open merged by time.
  QStringList files;
  for (const QUrl& u : e->mimeData()->urls())
    if (u.isLocalFile()) files << u.toLocalFile();
  if (files.isEmpty()) return;
  openCaptures(files);
  e->acceptProposedAction();
}

}  // namespace saker::inspector
