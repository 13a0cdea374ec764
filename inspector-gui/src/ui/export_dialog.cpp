#include "export_dialog.h"

#include <QFileDialog>

#include "inspector_settings.h"

namespace saker::inspector {

std::optional<ExportChoice> choose_export_file(QWidget* parent) {
  const std::pair<QString, ExportFormat> kinds[] = {{QObject::tr("Capture (*.scap)"), ExportFormat::Scap},
                                                    {QObject::tr("CSV (*.csv)"), ExportFormat::Csv},
                                                    {QObject::tr("JSON (*.json)"), ExportFormat::Json}};
  QFileDialog dlg(parent, QObject::tr("Export events"), inspector_settings().value("lastDir").toString());
  dlg.setObjectName("exportFileDialog");
  dlg.setAcceptMode(QFileDialog::AcceptSave);
  dlg.setFileMode(QFileDialog::AnyFile);
  QStringList filters;
  for (const auto& k : kinds) filters << k.first;
  dlg.setNameFilters(filters);
  if (dlg.exec() != QDialog::Accepted || dlg.selectedFiles().isEmpty()) return std::nullopt;
  ExportChoice choice{dlg.selectedFiles().front()};
  for (const auto& k : kinds)
    if (k.first == dlg.selectedNameFilter()) choice.format = k.second;
  return choice;
}

}  // namespace saker::inspector
