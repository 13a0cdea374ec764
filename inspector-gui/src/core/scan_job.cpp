#include "scan_job.h"

#include <QPointer>

namespace saker::inspector {

ScanJob::ScanJob(QObject* parent) : QObject(parent) {}

ScanJob::~ScanJob() {
  cancel_ = true;
  wait();
}

void ScanJob::start(Work work) {
  cancel_ = true;  // a run still going stops first
  wait();
  ++gen_;
  cancel_ = false;
  running_ = true;
  thread_ = std::thread([this, work = std::move(work)] {
    work(*this, cancel_);
    post([this] {
      running_ = false;
      emit finished();
    });
  });
}

void ScanJob::post(std::function<void()> fn) {
  QPointer<ScanJob> self(this);
  uint64_t gen = gen_.load();
  QMetaObject::invokeMethod(
      this,
      [self, gen, fn = std::move(fn)] {
        if (self && self->gen_.load() == gen) fn();
      },
      Qt::QueuedConnection);
}

void ScanJob::wait() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace saker::inspector
