// The fleet window (File > Open fleet, --fleet URL): a fleet's hosts with their shipped captures
// and process trees on the left, the fleet timeline of alerts and the alert table on the right.
// Everything is read through the fleet library (saker::fleet::FleetBrowser) off the GUI
// thread. Activating an alert or a process asks the main window to open the capture it came
// from, at that event, when the file is here (openCaptureRequested); otherwise it says where
// the capture is.
#pragma once

#include <QMainWindow>
#include <atomic>
#include <deque>
#include <utility>

#include "fleet_alerts_model.h"
#include "fleet_tree_model.h"
#include "scan_job.h"

class QLabel;
class QTableView;
class QTreeView;

namespace saker::inspector {

class FleetTimelineWidget;

class FleetWindow : public QMainWindow {
  Q_OBJECT
 public:
  // At most this many alerts are listed (the newest are cut; the status says so).
  static constexpr size_t kAlertLimit = 100000;

  explicit FleetWindow(QWidget* parent = nullptr);
  ~FleetWindow() override;

  // Reads the fleet at `url` (ClickHouse's HTTP interface) in `database`.
  void open(const QString& url, const QString& database);
  void reload() { open(url_, database_); }
  const QString& url() const { return url_; }
  const QString& database() const { return database_; }

  // Opens the capture of the alert on `row` of the table at its event, or says where it is.
  void activateAlert(int row);
  // A capture row opens its capture, a process row its capture at the process's first event.
  void activateTreeIndex(const QModelIndex& index);

  FleetTreeModel* treeModel() { return &tree_; }
  FleetAlertsModel* alertsModel() { return &alerts_; }
  QTreeView* treeView() const { return treeView_; }
  QTableView* alertsView() const { return alertsView_; }
  FleetTimelineWidget* timeline() const { return timeline_; }
  bool busy() const { return loadJob_.running() || procJob_.running() || !pending_.empty(); }
  const QString& lastError() const { return lastError_; }
  // Errors go to the banner and lastError() only, never to a modal box (tests).
  void setInteractive(bool on) { interactive_ = on; }

 signals:
  void loaded();  // hosts and alerts are in (or the error is shown)
  void processesLoaded(const QString& host, const QString& hash);
  void openCaptureRequested(const QString& path, quint64 eventNum);

 private:
  struct Loaded;
  void buildUi();
  void onLoaded(Loaded& r);
  void requestProcesses(const QString& host, const QString& hash);
  void startNextProcesses();
  void openCapture(const fleet::FleetCapture& capture, int64_t num);
  void showError(const QString& title, const QString& text);
  void updateStatus();

  FleetTreeModel tree_;
  FleetAlertsModel alerts_;
  ScanJob loadJob_, procJob_;
  std::deque<std::pair<std::string, std::string>> pending_;  // captures whose processes are wanted
  uint64_t epoch_ = 0;                                       // results of an earlier open() are dropped
  QString url_, database_;
  QString lastError_;
  bool interactive_ = true;

  QTreeView* treeView_ = nullptr;
  QTableView* alertsView_ = nullptr;
  FleetTimelineWidget* timeline_ = nullptr;
  QLabel* header_ = nullptr;
  QLabel* banner_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace saker::inspector
