#include "main_window.h"

#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <utility>

#include "decompress.h"
#include "detail_pane.h"
#include "filter_bar.h"
#include "inspector_settings.h"
#include "overview_panel.h"
#include "recent_files_menu.h"
#include "timeline_widget.h"

namespace saker::inspector {

void MainWindow::openCapture(const QString& path) {
  openCaptures({path});
}

void MainWindow::openCaptures(const QStringList& paths, bool allowOtherMachines) {
  if (paths.isEmpty()) return;
  jobs_.stopAll();
  openAt_ = 0;
  for (const QString& path : paths) {
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
  }
  const QString path = paths.first();
  const bool merged = paths.size() > 1;
  // The previous capture's temporary copy (decompressed or merged) goes with it.
  plainDir_.reset();
  std::unique_ptr<QTemporaryDir> mergeDir;
  if (merged) {
    mergeDir = std::make_unique<QTemporaryDir>();
    if (!mergeDir->isValid()) {
      showError(tr("Cannot open merged captures"),
                tr("No temporary folder for the merged capture: %1").arg(mergeDir->errorString()));
      return;
    }
  }
  // A filter belongs to the capture it was written for: another capture opens unfiltered.
  // (A filter typed before the first capture, or given with -f, applies to its load.)
  const bool filterCleared = info_ && !filter_->text().trimmed().isEmpty();
  if (info_) filter_->setText({});
  inspector_settings().setValue("lastDir", QFileInfo(path).absolutePath());
  if (!merged) recentMenu_->add(QFileInfo(path).absoluteFilePath());
  info_ = std::make_shared<CaptureInfo>();
  info_->path = info_->original = path.toStdString();
  bool compressed = !merged && needs_plain_copy(info_->original);
  if (merged) {
    // Merged by time into a plain temporary capture, which every pass then reads (docs/merge.md).
    plainDir_ = std::move(mergeDir);
    info_->path = info_->original = plainDir_->filePath("merged.scap").toStdString();
    for (const QString& p : paths)
      info_->merged_from.push_back(QFileInfo(p).absoluteFilePath().toStdString());
  } else if (compressed) {
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
  loadAnnotations();  // before the first rows: ignored events never show
  model_.setCapture(info_);
  alerts_.setAlerts({});
  procs_.setTree({});
  details_->clear();
  timeline_->setMarkers({});
  timeline_->setBins(TimelineBins::fixed(0, 0, 2));
  bottomTabs_->setTabText(bottomTabs_->indexOf(alertsView_), tr("Alerts"));
  overview_->clear();
  timeline_->setZoomed(false);
  setWindowTitle(QStringLiteral("%1 - Saker Inspector").arg(captureName()));
  setBusy(tr("Loading"), -1);
  auto info = info_;
  ScanOptions opts;
  opts.build = true;
  opts.filter = filter_->isValid() ? filter_->text().trimmed().toStdString() : std::string();
  filterText_ = loadFilter_ = QString::fromStdString(opts.filter);
  jobs_.start(BackgroundJobs::Load, [this, info, opts, compressed, merged, paths, allowOtherMachines](
                                        ScanJob& job, const std::atomic<bool>& cancel) {
    Decompressed plain;
    if (merged) {
      plain = merge_into_plain(info->merged_from, info->path, allowOtherMachines, cancel,
                               [&job, this](uint64_t n) {
                                 job.post([this, n] { setBusy(tr("Merging: %1 events").arg(n), -1); });
                               });
      if (plain.error == "cancelled") {
        auto r = std::make_shared<ScanResult>();
        r->cancelled = true;
        job.post([this, r] { onLoadDone(std::move(*r)); });
        return;
      }
      if (!plain.error.empty() && !plain.damaged) {  // not captures, other machines: nothing to show
        auto error = QString::fromStdString(plain.error);
        const bool otherMachines = plain.other_machines;
        job.post([this, error, otherMachines, paths] {
          loaded_ = false;
          updateStatus();
          clearBusy();
          if (otherMachines && interactive_ &&
              QMessageBox::question(
                  this, tr("Captures of different machines"), error + "\n\n" + tr("Merge them anyway?"),
                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes) {
            // After this job's callback: opening stops (and ends) the jobs.
            QTimer::singleShot(0, this, [this, paths] { openCaptures(paths, true); });
            return;
          }
          showError(tr("Cannot open merged captures"), error);
          emit loadFinished();
        });
        return;
      }
    } else if (compressed) {
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
    if (plain.damaged && merged && !result->cancelled) {
      // An input is damaged: its events before the damage were merged (the message names it).
      result->error = plain.error;
      result->error_offset = UINT64_MAX;
      result->not_capture = false;
    } else if (plain.damaged && !result->cancelled) {
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
    if (openAt_) jumpToEvent(std::exchange(openAt_, 0));
  }
  openAt_ = 0;
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
  jobs_.cancel(BackgroundJobs::Sort);
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
  jobs_.start(BackgroundJobs::View, [this, info, opts, keep](ScanJob& job, const std::atomic<bool>& cancel) {
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
    showError(
        tr("Go to event"),
        tr("There is no event %1: %2 has events 1 to %3").arg(num).arg(captureName()).arg(info_->events));
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

}  // namespace saker::inspector
