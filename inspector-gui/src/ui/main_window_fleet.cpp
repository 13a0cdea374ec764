#include <QApplication>

#include "fleet_window.h"
#include "main_window.h"
#include "open_fleet_dialog.h"

namespace saker::inspector {

void MainWindow::openCaptureAt(const QString& path, uint64_t num) {
  openCapture(path);
  // openCapture refused it (a directory, a missing file): nothing is loading.
  if (info_ && info_->original == path.toStdString() && !loaded_) openAt_ = num;
  raise();
  activateWindow();
}

void MainWindow::openFleet(const QString& url, const QString& database) {
  const QString error = OpenFleetDialog::check(url, database);
  if (!error.isEmpty()) {
    showError(tr("Cannot open the fleet"), error);
    return;
  }
  if (!fleet_) {
    fleet_ = new FleetWindow(this);
    fleet_->setInteractive(interactive_);
    connect(fleet_, &FleetWindow::openCaptureRequested, this,
            [this](const QString& path, quint64 num) { openCaptureAt(path, num); });
  }
  fleet_->open(url, database);
  fleet_->show();
  fleet_->raise();
}

void MainWindow::openFleetDialog() {
  OpenFleetDialog dialog(this);
  if (dialog.exec() == QDialog::Accepted) openFleet(dialog.url(), dialog.database());
}

}  // namespace saker::inspector
