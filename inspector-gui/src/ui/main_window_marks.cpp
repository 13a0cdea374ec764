// Marks, comments and ignored events: the Events menu's actions on the selected rows, the
// view's visibility toggles, and the annotations kept per capture in the user's data folder
// (annotation_store.h) or written to and read from a file the user chooses.
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <algorithm>

#include "annotation_rows.h"
#include "annotation_store.h"
#include "inspector_settings.h"
#include "main_window.h"

namespace saker::inspector {

void MainWindow::loadAnnotations() {
  notes_.clear();
  identity_.reset();
  if (!info_) return;
  QString err;
  if (info_->merged_from.empty()) {
    identity_ = capture_identity(QString::fromStdString(info_->original), &err);
  } else {  // known by its inputs, before the merge is written (capture_identity.h)
    QStringList inputs;
    for (const auto& p : info_->merged_from) inputs << QString::fromStdString(p);
    identity_ = merged_capture_identity(inputs, &err);
  }
  if (!identity_) {
    showError(tr("Annotations"), tr("Marks and comments cannot be kept for this capture: %1").arg(err));
    return;
  }
  AnnotationsRead kept = load_stored_annotations(*identity_);
  if (!kept.ok()) {
    // Not written over either (it may come from a newer inspector): annotating is off.
    identity_.reset();
    showError(tr("Annotations"), tr("The kept marks and comments cannot be read: %1\nMarking and comments "
                                    "are off for this capture until that file is fixed or removed.")
                                     .arg(kept.error));
    return;
  }
  notes_ = std::move(kept.annotations);
  if (!notes_.empty())
    statusBar()->showMessage(tr("Annotations restored: %1 marked, %2 commented, %3 ignored")
                                 .arg(notes_.markedCount())
                                 .arg(notes_.commentCount())
                                 .arg(notes_.ignoredCount()),
                             10000);
}

void MainWindow::saveAnnotations() {
  if (!identity_) return;
  const QString err = store_annotations(*identity_, notes_);
  if (!err.isEmpty()) showError(tr("Annotations not kept"), err);
  updateStatus();
}

std::vector<RowNum> MainWindow::selectedEvents() const {
  std::vector<RowNum> out;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows())
    if (uint64_t num = model_.eventAt(i.row())) out.push_back(static_cast<RowNum>(num));
  if (out.empty())
    if (uint64_t num = model_.eventAt(table_->currentIndex().row())) out.push_back(static_cast<RowNum>(num));
  std::sort(out.begin(), out.end());
  return out;
}

void MainWindow::toggleMarkSelected() {
  const std::vector<RowNum> events = selectedEvents();
  if (events.empty()) return;
  const uint64_t current = model_.eventAt(table_->currentIndex().row());
  setMarked(events, !notes_.marked(current ? current : events.front()));
}

void MainWindow::setMarked(const std::vector<RowNum>& events, bool on) {
  if (!identity_) return;
  for (RowNum num : events) {
    notes_.setMarked(num, on);
    model_.annotationChanged(num);
  }
  saveAnnotations();
  onCurrentRowChanged();  // the detail pane shows the annotation
}

void MainWindow::gotoMark(bool backward) {
  const MarkedRow m = next_marked_row(model_.rows(), table_->currentIndex().row(), backward, notes_);
  if (m.row < 0) {
    statusBar()->showMessage(notes_.markedCount() ? tr("No marked event is listed in this view")
                                                  : tr("No events are marked (Events > Mark, Ctrl+M)"),
                             10000);
    return;
  }
  table_->setFocus();
  table_->selectRow(m.row);
  table_->scrollTo(model_.index(m.row, 0), QAbstractItemView::PositionAtCenter);
  if (m.wrapped)
    statusBar()->showMessage(backward ? tr("Reached the top, continued from the bottom")
                                      : tr("Reached the bottom, continued from the top"),
                             10000);
}

void MainWindow::setComment(uint64_t num, const QString& comment) {
  if (!identity_ || num == 0) return;
  notes_.setComment(num, comment.trimmed().isEmpty() ? QString() : comment);
  model_.annotationChanged(num);
  saveAnnotations();
  onCurrentRowChanged();
}

void MainWindow::commentSelected() {
  const std::vector<RowNum> events = selectedEvents();
  if (events.empty() || !identity_) return;
  const uint64_t current = model_.eventAt(table_->currentIndex().row());
  const uint64_t shown = current ? current : events.front();
  const QString label = events.size() == 1
                            ? tr("Comment on event %1 (empty removes it):").arg(events.front())
                            : tr("Comment on the %1 selected events (empty removes it):").arg(events.size());
  bool ok = false;
  const QString text = QInputDialog::getMultiLineText(this, tr("Comment"), label, notes_.comment(shown), &ok);
  if (!ok) return;
  for (RowNum num : events) setComment(num, text);
}

void MainWindow::toggleIgnoreSelected() {
  const std::vector<RowNum> events = selectedEvents();
  if (events.empty()) return;
  const uint64_t current = model_.eventAt(table_->currentIndex().row());
  setIgnored(events, !notes_.ignored(current ? current : events.front()));
}

void MainWindow::setIgnored(const std::vector<RowNum>& events, bool on) {
  if (!identity_) return;
  for (RowNum num : events) notes_.setIgnored(num, on);
  if (on && !model_.visibility().show_ignored) {
    // The rows leave the list; the row after them becomes the current one.
    const int row = table_->currentIndex().row();
    model_.removeEvents(events);
    const int next = std::min(row, model_.rowCount() - 1);
    if (next >= 0) table_->selectRow(next);
  } else {
    for (RowNum num : events) model_.annotationChanged(num);
  }
  saveAnnotations();
  onCurrentRowChanged();
}

void MainWindow::unignoreAll() {
  const size_t n = notes_.clearIgnored();
  if (n == 0) return;
  saveAnnotations();
  statusBar()->showMessage(tr("%1 events unignored").arg(n), 10000);
  if (model_.visibility().show_ignored) {
    if (model_.rowCount() > 0)
      emit model_.dataChanged(model_.index(0, 0),
                              model_.index(model_.rowCount() - 1, model_.columnCount() - 1));
  } else {
    refreshView();  // their rows come back through a pass over the capture
  }
}

void MainWindow::setShowIgnored(bool on) {
  RowVisibility v = model_.visibility();
  if (v.show_ignored == on) return;
  v.show_ignored = on;
  model_.setVisibility(v);
  if (showIgnoredAction_) showIgnoredAction_->setChecked(on);
  refreshView();
}

void MainWindow::setOnlyMarked(bool on) {
  RowVisibility v = model_.visibility();
  if (v.only_marked == on) return;
  v.only_marked = on;
  model_.setVisibility(v);
  if (onlyMarkedAction_) onlyMarkedAction_->setChecked(on);
  refreshView();
}

bool MainWindow::exportAnnotations(const QString& path) {
  if (!identity_) {
    showError(tr("Export annotations"), tr("Open a capture first"));
    return false;
  }
  const QString err = write_annotations_file(path, *identity_, notes_);
  if (!err.isEmpty()) {
    showError(tr("Export annotations"), err);
    return false;
  }
  statusBar()->showMessage(tr("Annotations of %1 events written to %2").arg(notes_.size()).arg(path), 15000);
  return true;
}

bool MainWindow::importAnnotations(const QString& path) {
  if (!identity_) {
    showError(tr("Import annotations"), tr("Open a capture first"));
    return false;
  }
  AnnotationsRead r = read_annotations_file(path, loaded_ ? info_->events : UINT32_MAX);
  if (!r.ok()) {
    showError(tr("Cannot import annotations"), r.error);
    return false;
  }
  if (!r.capture.sameContent(*identity_)) {
    const QString why = tr("%1 holds annotations for %2 (%3 bytes, hash %4), not for the open capture %5 "
                           "(%6 bytes, hash %7): its event numbers may point at other events.")
                            .arg(path, r.capture.path)
                            .arg(r.capture.size)
                            .arg(r.capture.hash.left(16), identity_->path)
                            .arg(identity_->size)
                            .arg(identity_->hash.left(16));
    if (!interactive_) {
      showError(tr("Annotations for another capture"), why);
      return false;
    }
    if (QMessageBox::question(this, tr("Annotations for another capture"),
                              why + "\n\n" + tr("Import them anyway?"), QMessageBox::Yes | QMessageBox::No,
                              QMessageBox::No) != QMessageBox::Yes) {
      lastError_ = why;
      return false;
    }
  }
  const bool hides = r.annotations.ignoredCount() > 0 || model_.visibility().only_marked;
  notes_.merge(r.annotations);
  saveAnnotations();
  statusBar()->showMessage(
      tr("Annotations of %1 events imported from %2").arg(r.annotations.size()).arg(path), 15000);
  if (hides) {
    refreshView();
  } else if (model_.rowCount() > 0) {
    emit model_.dataChanged(model_.index(0, 0),
                            model_.index(model_.rowCount() - 1, model_.columnCount() - 1));
    onCurrentRowChanged();
  }
  return true;
}

namespace {
// Annotation files go where the user last put one (the documents folder at first), never by
// default beside the capture: evidence folders stay as they were.
QString annotations_dir() {
  const QString dir = inspector_settings().value("annotationsDir").toString();
  return dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) : dir;
}
}  // namespace

void MainWindow::exportAnnotationsDialog() {
  if (!identity_) return;
  const QString name = QFileInfo(identity_->path).fileName() + ".annotations.json";
  const QString path = QFileDialog::getSaveFileName(this, tr("Export annotations"),
                                                    annotations_dir() + "/" + name, tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  inspector_settings().setValue("annotationsDir", QFileInfo(path).absolutePath());
  exportAnnotations(path);
}

void MainWindow::importAnnotationsDialog() {
  if (!identity_) return;
  const QString path = QFileDialog::getOpenFileName(this, tr("Import annotations"), annotations_dir(),
                                                    tr("JSON (*.json);;All files (*)"));
  if (path.isEmpty()) return;
  inspector_settings().setValue("annotationsDir", QFileInfo(path).absolutePath());
  importAnnotations(path);
}

}  // namespace saker::inspector
