#include "fleet_window.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include "fleet_alert_bins.h"
#include "fleet_capture_access.h"
#include "fleet_timeline_widget.h"

namespace saker::inspector {

namespace {

constexpr size_t kTimelineBins = 160;

fleet::BrowseOptions browse_options(const QString& url, const QString& database) {
  return {url.toStdString(), database.toStdString()};
}

}  // namespace

struct FleetWindow::Loaded {
  std::vector<fleet::FleetHost> hosts;
  fleet::AlertPage alerts;
  QString error;
};

FleetWindow::FleetWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowFlag(Qt::Window);
  setAttribute(Qt::WA_DeleteOnClose, false);
  buildUi();
  connect(&procJob_, &ScanJob::finished, this, &FleetWindow::startNextProcesses);
  connect(&tree_, &FleetTreeModel::processesWanted, this, &FleetWindow::requestProcesses);
}

FleetWindow::~FleetWindow() {
  loadJob_.cancel();
  procJob_.cancel();
  loadJob_.wait();
  procJob_.wait();
}

void FleetWindow::buildUi() {
  auto* tools = addToolBar(tr("Fleet"));
  tools->setObjectName("fleetToolbar");
  auto* reloadAct = tools->addAction(tr("&Reload"), this, &FleetWindow::reload);
  reloadAct->setShortcut(QKeySequence::Refresh);

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(4, 4, 4, 4);
  header_ = new QLabel(central);
  header_->setTextFormat(Qt::PlainText);
  header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(header_);
  banner_ = new QLabel(central);
  banner_->setTextFormat(Qt::PlainText);  // server text is never read as HTML
  banner_->setWordWrap(true);
  banner_->setStyleSheet("QLabel { background: #fdecea; color: #611a15; padding: 6px; }");
  banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  banner_->setVisible(false);
  layout->addWidget(banner_);

  auto* split = new QSplitter(Qt::Horizontal, central);
  treeView_ = new QTreeView(split);
  treeView_->setModel(&tree_);
  treeView_->setUniformRowHeights(true);
  treeView_->setAlternatingRowColors(true);
  treeView_->header()->setStretchLastSection(true);
  connect(treeView_, &QTreeView::activated, this, &FleetWindow::activateTreeIndex);

  auto* right = new QSplitter(Qt::Vertical, split);
  timeline_ = new FleetTimelineWidget(right);
  alertsView_ = new QTableView(right);
  alertsView_->setModel(&alerts_);
  alertsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  alertsView_->setSelectionMode(QAbstractItemView::SingleSelection);
  alertsView_->verticalHeader()->setDefaultSectionSize(alertsView_->fontMetrics().height() + 6);
  alertsView_->verticalHeader()->setVisible(false);
  alertsView_->horizontalHeader()->setStretchLastSection(true);
  alertsView_->setWordWrap(false);
  connect(alertsView_, &QTableView::activated, this,
          [this](const QModelIndex& i) { activateAlert(i.row()); });
  right->setStretchFactor(0, 1);
  right->setStretchFactor(1, 4);
  split->setSizes({520, 780});
  layout->addWidget(split, 1);
  setCentralWidget(central);

  connect(timeline_, &FleetTimelineWidget::rangeSelected, this, [this](uint64_t from, uint64_t to) {
    alerts_.setRange(from, to);
    updateStatus();
  });
  connect(timeline_, &FleetTimelineWidget::rangeCleared, this, [this] {
    alerts_.setRange(0, UINT64_MAX);
    updateStatus();
  });
  status_ = new QLabel(this);
  statusBar()->addWidget(status_, 1);
  resize(1300, 800);
}

void FleetWindow::open(const QString& url, const QString& database) {
  ++epoch_;
  loadJob_.cancel();
  procJob_.cancel();
  loadJob_.wait();
  procJob_.wait();
  pending_.clear();
  url_ = url;
  database_ = database;
  lastError_.clear();
  banner_->setVisible(false);
  tree_.setHosts({});
  alerts_.setAlerts({});
  timeline_->setBins({});
  setWindowTitle(tr("Fleet %1 (%2) - Saker Inspector").arg(url, database));
  header_->setText(tr("Fleet at %1, database %2").arg(url, database));
  status_->setText(tr("Reading hosts, captures and alerts..."));
  const auto opts = browse_options(url, database);
  const uint64_t epoch = epoch_;
  loadJob_.start([this, opts, epoch](ScanJob& job, const std::atomic<bool>&) {
    auto r = std::make_shared<Loaded>();
    try {
      fleet::FleetBrowser browser(opts);
      r->hosts = browser.hosts();
      r->alerts = browser.alerts(0, UINT64_MAX, kAlertLimit);
    } catch (const std::exception& e) {
      r->error = QString::fromStdString(e.what());
    }
    job.post([this, r, epoch] {
      if (epoch == epoch_) onLoaded(*r);
    });
  });
}

void FleetWindow::onLoaded(Loaded& r) {
  if (!r.error.isEmpty()) {
    status_->setText(tr("Could not read the fleet"));
    showError(tr("Cannot open the fleet"), r.error);
    emit loaded();
    return;
  }
  tree_.setHosts(std::move(r.hosts));
  alerts_.setAlerts(std::move(r.alerts));
  timeline_->setBins(bin_alerts(alerts_.alerts(), alerts_.priorities(), kTimelineBins));
  treeView_->expandToDepth(0);
  for (int c = 0; c < FleetTreeModel::Detail; ++c) treeView_->resizeColumnToContents(c);
  alertsView_->resizeColumnToContents(FleetAlertsModel::Host);
  alertsView_->resizeColumnToContents(FleetAlertsModel::Time);
  alertsView_->resizeColumnToContents(FleetAlertsModel::Priority);
  alertsView_->resizeColumnToContents(FleetAlertsModel::Rule);
  updateStatus();
  emit loaded();
}

void FleetWindow::updateStatus() {
  size_t captures = 0;
  for (const auto& h : tree_.hosts()) captures += h.captures.size();
  QString text = tr("%1 hosts, %2 captures, %3 alerts")
                     .arg(tree_.hosts().size())
                     .arg(captures)
                     .arg(alerts_.alerts().size());
  if (alerts_.truncated()) text += tr(" (the first %1 only)").arg(kAlertLimit);
  if (tree_.hosts().empty() && lastError_.isEmpty())
    text += tr(": nothing shipped yet (saker ship CAPTURE --clickhouse %1)").arg(url_);
  if (alerts_.rangeFrom() > 0 || alerts_.rangeTo() < UINT64_MAX)
    text += tr("; %1 listed in the time range chosen (double-click the timeline for all)")
                .arg(alerts_.rowCount());
  status_->setText(text);
}

void FleetWindow::requestProcesses(const QString& host, const QString& hash) {
  pending_.emplace_back(host.toStdString(), hash.toStdString());
  startNextProcesses();
}

void FleetWindow::startNextProcesses() {
  if (procJob_.running() || pending_.empty()) return;
  // Plain variables, not a structured binding: clang 14 (Debian 12) cannot capture those.
  const std::string host = pending_.front().first, hash = pending_.front().second;
  pending_.pop_front();
  const auto opts = browse_options(url_, database_);
  const uint64_t epoch = epoch_;
  status_->setText(tr("Reading the processes of a capture of %1...").arg(QString::fromStdString(host)));
  procJob_.start([this, opts, epoch, host, hash](ScanJob& job, const std::atomic<bool>&) {
    auto procs = std::make_shared<std::vector<fleet::FleetProcess>>();
    QString error;
    try {
      fleet::FleetBrowser browser(opts);
      *procs = browser.processes(host, hash);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    job.post([this, epoch, host, hash, procs, error] {
      if (epoch != epoch_) return;
      if (error.isEmpty()) {
        tree_.setProcesses(host, hash, std::move(*procs));
        // The first levels open: a capture's processes hang under one or two roots.
        treeView_->expandRecursively(tree_.captureIndex(host, hash), 3);
        for (int c = 0; c < FleetTreeModel::Detail; ++c) treeView_->resizeColumnToContents(c);
      } else {
        tree_.processesFailed(host, hash);
        showError(tr("Cannot read processes"), error);
      }
      updateStatus();
      emit processesLoaded(QString::fromStdString(host), QString::fromStdString(hash));
    });
  });
}

void FleetWindow::activateAlert(int row) {
  if (row < 0 || row >= alerts_.rowCount()) return;
  const fleet::FleetAlert& a = alerts_.alertAt(row);
  const fleet::FleetCapture* c = tree_.findCapture(a.host, a.capture_hash);
  if (!c) {
    showError(tr("Capture not shipped completely"),
              tr("The alert's capture %1 of host %2 has no row in the captures view: its ship did not finish "
                 "(run saker ship again on %2).")
                  .arg(QString::fromStdString(a.capture), QString::fromStdString(a.host)));
    return;
  }
  openCapture(*c, a.num);
}

void FleetWindow::activateTreeIndex(const QModelIndex& index) {
  const fleet::FleetCapture* c = tree_.captureAt(index);
  if (!c) return;  // a host row
  const fleet::FleetProcess* p = tree_.processAt(index);
  openCapture(*c, p && p->start_num ? *p->start_num : 0);
}

void FleetWindow::openCapture(const fleet::FleetCapture& capture, int64_t num) {
  const CaptureAccess access = capture_access(capture);
  if (!access.reachable) {
    showError(tr("Capture not reachable"), access.message);
    return;
  }
  emit openCaptureRequested(access.path, num > 0 ? static_cast<quint64>(num) : 0);
}

void FleetWindow::showError(const QString& title, const QString& text) {
  lastError_ = text;
  banner_->setText(title + ": " + text);
  banner_->setVisible(true);
  if (interactive_) QMessageBox::warning(this, title, text);
}

}  // namespace saker::inspector
