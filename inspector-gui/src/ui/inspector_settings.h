// Where the inspector remembers things between runs (window layout, columns, recent files,
// last directories, filter history, theme).
#pragma once

#include <QSettings>

namespace saker::inspector {

inline QSettings inspector_settings() {
  return QSettings("Saker", "Inspector");
}

}  // namespace saker::inspector
