#include "main_window.h"

#include <QHeaderView>
#include <QStatusBar>
#include <QTableView>

#include "column_sort.h"
#include "inspector_settings.h"
#include "row_order.h"

namespace saker::inspector {

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
  if (!info_ || !loaded_ || jobs_.running(BackgroundJobs::View)) return;
  startSort();
}

void MainWindow::showSortIndicator() {
  // Set after the header's own flip on click, so the header shows what was asked.
  table_->horizontalHeader()->setSortIndicator(
      sortField_.isEmpty() ? -1 : model_.columns().indexOf(sortField_), sortOrder_);
}

QString MainWindow::setColumns(const QStringList& fields) {
  layingOutColumns_ = true;  // the model's reset resizes sections: not the user's widths
  QString err = model_.setColumns(fields);
  layingOutColumns_ = false;
  if (!err.isEmpty()) return err;
  inspector_settings().setValue("columns", fields);
  applyColumnLayout();
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
    jobs_.cancel(BackgroundJobs::Sort);  // a sort still running would undo what is asked
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
  jobs_.start(BackgroundJobs::Sort, [this, info, rows, inCaptureOrder, field, descending, gen, what](
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
      if (jobs_.cancelled(BackgroundJobs::Sort)) {  // Cancel clicked after the pass ended still wins
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

QString MainWindow::setColumnChoices(const std::vector<ColumnChoice>& choices) {
  QStringList fields;
  for (const auto& c : choices) fields << c.field;
  for (const auto& c : choices) {
    if (c.title.isEmpty())
      columnTitles_.remove(c.field);
    else
      columnTitles_[c.field] = c.title;
    if (c.shown)
      hiddenColumns_.remove(c.field);
    else
      hiddenColumns_.insert(c.field);
  }
  QVariantMap titles;
  for (auto it = columnTitles_.begin(); it != columnTitles_.end(); ++it) titles[it.key()] = it.value();
  QSettings s = inspector_settings();
  s.setValue("columnTitles", titles);
  s.setValue("hiddenColumns", QStringList(hiddenColumns_.begin(), hiddenColumns_.end()));
  return setColumns(fields);
}

std::vector<ColumnChoice> MainWindow::columnChoices() const {
  std::vector<ColumnChoice> out;
  for (const QString& f : model_.columns())
    out.push_back({f, columnTitles_.value(f), !hiddenColumns_.contains(f)});
  return out;
}

namespace {
// A column's width when the user never set one: by field, so a column keeps its width at
// any position.
int default_width(const QString& field) {
  static const QHash<QString, int> widths = {{"evt.num", 80},    {"evt.time", 150}, {"proc.name", 110},
                                             {"thread.tid", 80}, {"evt.dir", 55},   {"evt.type", 100},
                                             {"fd.name", 220},   {"evt.args", 400}, {"proc.cmdline", 260}};
  return widths.value(field, 120);
}
}  // namespace

void MainWindow::applyColumnLayout() {
  layingOutColumns_ = true;
  const QVariantMap widths = inspector_settings().value("columnWidths").toMap();
  const QStringList cols = model_.columns();
  model_.setColumnTitles(columnTitles_);
  QHeaderView* header = table_->horizontalHeader();
  int last = -1;  // the last shown column stretches: a width of its own would push it past the edge
  for (int v = header->count() - 1; v >= 0 && last < 0; --v)
    if (!hiddenColumns_.contains(cols.value(header->logicalIndex(v)))) last = header->logicalIndex(v);
  for (int i = 0; i < cols.size(); ++i) {
    table_->setColumnHidden(i, hiddenColumns_.contains(cols[i]));
    const int w = widths.value(cols[i]).toInt();
    table_->setColumnWidth(i, i == last ? 60 : w > 0 ? w : default_width(cols[i]));
  }
  layingOutColumns_ = false;
}

}  // namespace saker::inspector
