#include <QFileInfo>
#include <QStatusBar>

#include "capture_properties.h"
#include "capture_statistics.h"
#include "filter_bar.h"
#include "filter_support.h"
#include "main_window.h"
#include "statistics_dialog.h"

namespace saker::inspector {

void MainWindow::showStatistics(int page) {
  if (!stats_) {
    stats_ = new StatisticsDialog(this);
    connect(stats_, &StatisticsDialog::recomputeRequested, this, &MainWindow::computeStatistics);
    connect(stats_, &StatisticsDialog::filterRequested, this, &MainWindow::drillDown);
    // A new capture, or (for the displayed events) a new view: the open window follows.
    auto follow = [this] {
      if (stats_->isVisible() && loaded_ && (stats_->displayedOnly() || statsFor_.lock() != info_))
        computeStatistics();
    };
    connect(this, &MainWindow::loadFinished, stats_, follow);
    connect(this, &MainWindow::viewFinished, stats_, follow);
  }
  stats_->showPage(page);
  stats_->show();
  stats_->raise();
  const bool displayed = stats_->displayedOnly();
  const bool current = statsFor_.lock() == info_ && statsDisplayed_ == displayed &&
                       (!displayed || (statsGen_ == rowsGen_ && statsRows_ == model_.rows().size()));
  if (!current || !info_) computeStatistics();
}

void MainWindow::computeStatistics() {
  if (!stats_) return;
  if (!info_ || !loaded_) {
    stats_->setMessage(info_ ? tr("The capture is still loading; Refresh when it is done")
                             : tr("Open a capture first"));
    return;
  }
  const bool displayed = stats_->displayedOnly();
  auto rows = std::make_shared<std::vector<RowNum>>();
  if (displayed) *rows = model_.captureOrderRows();
  auto info = info_;
  const QString filter = filterText_;
  const bool ranged = from_ > 0 || to_ < UINT64_MAX;
  const uint64_t gen = rowsGen_;
  const size_t count = model_.rows().size();
  stats_->setComputing(tr("Counting..."));
  setBusy(tr("Statistics"), 0);
  jobs_.start(BackgroundJobs::Stats, [=, this](ScanJob& job, const std::atomic<bool>& cancel) {
    StatsOptions opts;
    if (displayed) opts.rows = rows.get();
    auto r =
        std::make_shared<CaptureStatistics>(compute_statistics(*info, opts, cancel, [&job, this](double f) {
          job.post([this, f] { setBusy(tr("Statistics"), f); });
        }));
    job.post([=, this] {
      clearBusy();
      if (r->cancelled) {
        stats_->setMessage(tr("Statistics cancelled"));
        statsFor_.reset();
        emit statisticsFinished();
        return;
      }
      const uint64_t bytes = static_cast<uint64_t>(QFileInfo(QString::fromStdString(info->original)).size());
      QString scope;
      if (!displayed)
        scope = tr("All %1 listed events").arg(r->events);
      else
        scope = tr("The %1 displayed events%2%3")
                    .arg(r->events)
                    .arg(filter.isEmpty() ? QString() : tr(", filter: %1").arg(filter))
                    .arg(ranged ? tr(", in the selected time range") : QString());
      if (!r->error.empty()) scope += tr(" (up to the damage: %1)").arg(userText(r->error));
      stats_->setStatistics(*r, property_rows(*info, r->properties, bytes, r->listed), scope);
      statsFor_ = info;
      statsDisplayed_ = displayed;
      statsGen_ = gen;
      statsRows_ = count;
      statsFilter_ = displayed ? filter : QString();
      emit statisticsFinished();
    });
  });
}

void MainWindow::drillDown(const QString& rowFilter) {
  // Tables of the displayed events count under the view's filter: the drill-down keeps it, so
  // the rows listed are the ones the table row counted.
  filterTo(and_filters(statsFilter_, rowFilter));
  statusBar()->showMessage(tr("Drill-down: %1").arg(filter_->text()), 10000);
}

void MainWindow::showIoGraph() {
  if (!ioGraph_) {
    ioGraph_ = new IoGraphDialog(this);
    connect(ioGraph_, &IoGraphDialog::applyRequested, this, &MainWindow::computeIoGraph);
    connect(ioGraph_, &IoGraphDialog::intervalActivated, this, &MainWindow::setTimeRange);
    // A new capture or time range: the open graph follows.
    connect(this, &MainWindow::loadFinished, ioGraph_, [this] {
      if (ioGraph_->isVisible()) ioGraph_->apply();
    });
  }
  ioGraph_->show();
  ioGraph_->raise();
  ioGraph_->apply();
}

void MainWindow::computeIoGraph(const std::vector<IoGraphSpec>& specs, uint64_t interval) {
  if (!info_ || !loaded_) {
    ioGraph_->setComputing(info_ ? tr("The capture is still loading; Apply when it is done")
                                 : tr("Open a capture first"));
    return;
  }
  auto info = info_;
  const uint64_t from = from_, to = to_;
  ioGraph_->setComputing(tr("Counting..."));
  setBusy(tr("I/O graph"), 0);
  jobs_.start(BackgroundJobs::IoGraph, [=, this](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<IoGraphResult>(
        run_io_graph(*info, specs, interval, from, to, cancel,
                     [&job, this](double f) { job.post([this, f] { setBusy(tr("I/O graph"), f); }); }));
    job.post([this, r] {
      if (ioGraph_) ioGraph_->setResult(*r);
      emit ioGraphFinished();
    });
  });
}

}  // namespace saker::inspector
