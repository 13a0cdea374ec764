// View > Columns: the list's columns as comma-separated field names.
#pragma once

#include <QStringList>
#include <optional>

class QWidget;

namespace saker::inspector {

// Nothing when cancelled.
std::optional<QStringList> ask_columns(QWidget* parent, const QStringList& current);

}  // namespace saker::inspector
