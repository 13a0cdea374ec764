#include "background_jobs.h"

namespace saker::inspector {

BackgroundJobs::BackgroundJobs(QObject* parent) : QObject(parent) {
  for (auto& job : jobs_) {
    job = std::make_unique<ScanJob>();
    connect(job.get(), &ScanJob::finished, this, &BackgroundJobs::finished);
  }
}

void BackgroundJobs::start(Kind kind, ScanJob::Work work) {
  jobs_[kind]->start(std::move(work));
}

bool BackgroundJobs::anyRunning() const {
  for (const auto& job : jobs_)
    if (job->running()) return true;
  return false;
}

void BackgroundJobs::cancelAll() {
  for (auto& job : jobs_) job->cancel();
}

void BackgroundJobs::stopAll() {
  cancelAll();
  for (auto& job : jobs_) job->wait();
}

}  // namespace saker::inspector
