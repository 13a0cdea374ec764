// Every background pass of the main window in one list, one job per kind: starting a kind
// stops its previous run, cancelAll() stops them all (the Cancel button, a new capture, the
// window closing), and finished() reports on the GUI thread when any of them is done.
#pragma once

#include <QObject>
#include <array>
#include <memory>

#include "scan_job.h"

namespace saker::inspector {

class BackgroundJobs : public QObject {
  Q_OBJECT
 public:
  // Follow fd, terminal sessions and export share Aux: one of them runs at a time.
  enum Kind { Load, View, Rules, Overview, Sort, Sql, Aux, Stats, Find, IoGraph, KindCount };

  explicit BackgroundJobs(QObject* parent = nullptr);

  void start(Kind kind, ScanJob::Work work);
  void cancel(Kind kind) { jobs_[kind]->cancel(); }
  bool running(Kind kind) const { return jobs_[kind]->running(); }
  bool cancelled(Kind kind) const { return jobs_[kind]->cancelled(); }
  bool anyRunning() const;
  // SQL ignores the flag: its answers are short and run to the end.
  void cancelAll();
  // Cancels every job and blocks until their workers returned (a new capture opens).
  void stopAll();

 signals:
  void finished();

 private:
  std::array<std::unique_ptr<ScanJob>, KindCount> jobs_;
};

}  // namespace saker::inspector
