// The status bar's progress of background work: what runs, how far (a moving bar when that
// is unknown), and the Cancel button. Hidden while nothing runs.
#pragma once

#include <QWidget>

class QProgressBar;
class QPushButton;

namespace saker::inspector {

class BusyIndicator : public QWidget {
  Q_OBJECT
 public:
  explicit BusyIndicator(QWidget* parent = nullptr);
  // `fraction` in [0, 1], negative when unknown.
  void showProgress(const QString& what, double fraction);

 signals:
  void cancelRequested();

 private:
  QProgressBar* progress_;
  QPushButton* cancel_;
};

}  // namespace saker::inspector
