#include "recent_files_menu.h"

#include "inspector_settings.h"

namespace saker::inspector {

namespace {
constexpr int kRecentMax = 10;
}

RecentFilesMenu::RecentFilesMenu(const QString& title, QWidget* parent) : QMenu(title, parent) {
  rebuild();
}

void RecentFilesMenu::add(const QString& path) {
  QSettings s = inspector_settings();
  QStringList recent = s.value("recentFiles").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kRecentMax) recent.removeLast();
  s.setValue("recentFiles", recent);
  rebuild();
}

void RecentFilesMenu::rebuild() {
  clear();
  QStringList recent = inspector_settings().value("recentFiles").toStringList();
  if (recent.isEmpty()) addAction(tr("(none)"))->setEnabled(false);
  for (const QString& p : recent) addAction(p, this, [this, p] { emit openRequested(p); });
}

}  // namespace saker::inspector
