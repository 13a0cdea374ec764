// Help menu contents: the keyboard shortcuts of every menu action, and About.
#pragma once

#include <QString>

class QMenuBar;
class QWidget;

namespace saker::inspector {

// "Menu > Action<TAB>Shortcut" lines for every action of the menu bar that has a shortcut.
QString shortcut_reference(const QMenuBar* menus);
// The versions a bug report needs: Saker's, Qt's (built and running), and the rules engine's.
QString about_text();

void show_shortcuts(QWidget* parent, const QMenuBar* menus);
void show_about(QWidget* parent);

}  // namespace saker::inspector
