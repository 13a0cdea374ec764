// File > Export events: the file to write and its format, the type chosen in the dialog.
#pragma once

#include <QString>
#include <optional>

#include "event_export.h"

class QWidget;

namespace saker::inspector {

struct ExportChoice {
  QString path;  // as typed: the format's extension is added when exporting
  ExportFormat format = ExportFormat::Scap;
};

// Nothing when cancelled.
std::optional<ExportChoice> choose_export_file(QWidget* parent);

}  // namespace saker::inspector
