#include "busy_indicator.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <algorithm>

namespace saker::inspector {

BusyIndicator::BusyIndicator(QWidget* parent) : QWidget(parent) {
  auto* lay = new QHBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(220);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName("cancelButton");
  lay->addWidget(progress_);
  lay->addWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, &BusyIndicator::cancelRequested);
  setVisible(false);
}

void BusyIndicator::showProgress(const QString& what, double fraction) {
  setVisible(true);
  progress_->setFormat(what + (fraction >= 0 ? " %p%" : ""));
  if (fraction < 0) {
    progress_->setRange(0, 0);
  } else {
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000));
  }
}

}  // namespace saker::inspector
