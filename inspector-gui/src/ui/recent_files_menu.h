// File > Open recent: the last captures opened, newest first, remembered between runs.
#pragma once

#include <QMenu>

namespace saker::inspector {

class RecentFilesMenu : public QMenu {
  Q_OBJECT
 public:
  explicit RecentFilesMenu(const QString& title, QWidget* parent = nullptr);
  void add(const QString& path);

 signals:
  void openRequested(const QString& path);

 private:
  void rebuild();
};

}  // namespace saker::inspector
