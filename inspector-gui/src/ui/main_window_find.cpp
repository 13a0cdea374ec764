#include <QItemSelectionModel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "find_bar.h"
#include "main_window.h"

namespace saker::inspector {

void MainWindow::showFindBar() {
  if (!find_) {
    find_ = new FindBar(centralWidget());
    // Under the filter bar, as Wireshark's.
    if (auto* lay = qobject_cast<QVBoxLayout*>(centralWidget()->layout())) lay->insertWidget(1, find_);
    connect(find_, &FindBar::findRequested, this, &MainWindow::findNext);
  }
  find_->activate();
}

void MainWindow::findNext(bool backward) {
  if (!find_) showFindBar();
  if (!info_ || !loaded_) {
    find_->setMessage(info_ ? tr("The capture is still loading") : tr("Open a capture first"), true);
    emit findFinished();
    return;
  }
  if (!find_->isValid()) {
    emit findFinished();
    return;
  }
  FindQuery q;
  q.mode = find_->mode();
  q.text = (q.mode == FindMode::Filter ? find_->text().trimmed() : find_->text()).toStdString();
  q.case_sensitive = find_->caseSensitive();
  if (q.mode == FindMode::RowText)
    for (const QString& c : model_.columns())
      q.columns.push_back(model_.timeFormat() == TimeFormat::DateAndTime && c == QLatin1String("evt.time")
                              ? std::string("evt.datetime")
                              : c.toStdString());
  if (q.text.empty()) {
    find_->setMessage(tr("Nothing to find"), true);
    emit findFinished();
    return;
  }
  const size_t count = model_.rows().size();
  if (q == findQuery_ && findFor_.lock() == info_ && findGen_ == rowsGen_ && findRows_ == count) {
    selectFound(backward);
    return;
  }
  auto rows = std::make_shared<std::vector<RowNum>>(model_.captureOrderRows());
  auto info = info_;
  const uint64_t gen = rowsGen_;
  find_->setMessage(tr("Finding..."));
  setBusy(tr("Finding"), 0);
  jobs_.start(BackgroundJobs::Find, [=, this](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<FindResult>(find_events(*info, *rows, q, cancel, [&job, this](double f) {
      job.post([this, f] { setBusy(tr("Finding"), f); });
    }));
    job.post([=, this] {
      clearBusy();
      if (r->cancelled) {
        find_->setMessage(tr("Find cancelled"));
        emit findFinished();
        return;
      }
      if (!r->error.empty() && r->matches.empty()) {
        find_->setMessage(r->error_column
                              ? tr("column %1: %2").arg(r->error_column).arg(QString::fromStdString(r->error))
                              : userText(r->error),
                          true);
        emit findFinished();
        return;
      }
      findQuery_ = q;
      findMatches_ = std::move(r->matches);
      findFor_ = info;
      findGen_ = gen;
      findRows_ = count;
      selectFound(backward);
    });
  });
}

void MainWindow::selectFound(bool backward) {
  bool wrapped = false;
  const int row = next_match_row(model_.rows(), model_.inCaptureOrder(), findMatches_,
                                 table_->currentIndex().row(), backward, wrapped);
  if (row < 0) {
    find_->setMessage(tr("No event matches"), true);
    statusBar()->showMessage(tr("Find: no event matches %1").arg(find_->text()), 10000);
    emit findFinished();
    return;
  }
  // Not selectRow: with Shift held (Shift+F3, Shift+Enter) it would extend the selection.
  const QModelIndex at = model_.index(row, std::max(table_->currentIndex().column(), 0));
  table_->selectionModel()->setCurrentIndex(at,
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  table_->scrollTo(at, QAbstractItemView::PositionAtCenter);
  QString text = tr("Event %1 (%2 %3)")
                     .arg(model_.eventAt(row))
                     .arg(findMatches_.size())
                     .arg(findMatches_.size() == 1 ? tr("match") : tr("matches"));
  if (wrapped)
    text += backward ? tr("; reached the top, continued from the bottom")
                     : tr("; reached the bottom, continued from the top");
  find_->setMessage(text);
  statusBar()->showMessage(tr("Find: %1").arg(text), 10000);
  emit findFinished();
}

}  // namespace saker::inspector
