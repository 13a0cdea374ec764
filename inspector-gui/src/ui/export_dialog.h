// File > Export events: which events (all displayed, the selected rows, the marked events or
// a range of event numbers among the displayed ones; ignored ones left out or not), the
// format (capture, CSV, JSON) and the file.
#pragma once

#include <QDialog>
#include <QString>
#include <optional>

#include "event_export.h"
#include "export_selection.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace saker::inspector {

struct ExportChoice {
  QString path;  // as typed: the format's extension is added when exporting
  ExportFormat format = ExportFormat::Scap;
  ExportSelection selection;
};

// What the dialog offers: how many events each choice has.
struct ExportCounts {
  size_t displayed = 0, selected = 0, marked = 0, ignored = 0;
  uint64_t capture_events = 0;               // ranges lie within 1 to it
  uint64_t first_shown = 0, last_shown = 0;  // the range offered at first
};

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(QWidget* parent, const ExportCounts& counts);
  ExportChoice choice() const;
  // Why OK is disabled ("" when it is not).
  QString errorText() const;
  void setScope(ExportScope scope);
  void setRange(const QString& first, const QString& last);
  void setPath(const QString& path);
  void setFormat(ExportFormat format);
  void setDropIgnored(bool on);

 private:
  void validate();
  void browse();

  ExportCounts counts_;
  QButtonGroup* scope_;
  QLineEdit* first_;
  QLineEdit* last_;
  QCheckBox* dropIgnored_;
  QComboBox* format_;
  QLineEdit* path_;
  QLabel* error_;
  QPushButton* ok_;
};

// Nothing when cancelled.
std::optional<ExportChoice> choose_export(QWidget* parent, const ExportCounts& counts);

}  // namespace saker::inspector
