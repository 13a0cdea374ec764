// Statistics (Wireshark's Statistics menu, Sysdig Inspect's drill-down tables): a window with
// the capture's properties and one sortable table per StatsKind, computed by the main window
// in one background pass over every event or only the displayed ones. Double-clicking (or
// Enter on) a row asks for its drill-down filter; Copy as CSV copies the shown table.
#pragma once

#include <QDialog>
#include <array>

#include "capture_properties.h"
#include "capture_statistics.h"
#include "stats_table_model.h"

class QCheckBox;
class QLabel;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace saker::inspector {

class StatisticsDialog : public QDialog {
  Q_OBJECT
 public:
  // Page 0 is the capture's properties; page 1 + StatsKind a table.
  static constexpr int kPropertiesPage = 0;
  static int pageOf(StatsKind kind) { return 1 + static_cast<int>(kind); }

  explicit StatisticsDialog(QWidget* parent = nullptr);

  void showPage(int page);
  int currentPage() const;
  bool displayedOnly() const;
  void setDisplayedOnly(bool on);
  // Shown while the pass runs (the tables keep the last result until the new one is in).
  void setComputing(const QString& what);
  void setStatistics(const CaptureStatistics& stats, const std::vector<PropertyRow>& properties,
                     const QString& scope);
  void setMessage(const QString& text);
  QString scopeText() const;
  StatsTableModel* model(StatsKind kind) const { return models_[static_cast<size_t>(kind)]; }
  QTableView* view(StatsKind kind) const { return views_[static_cast<size_t>(kind)]; }
  QTableWidget* propertiesView() const { return properties_; }
  // Copies the current page as CSV to the clipboard and returns it.
  QString copyCsv();

 signals:
  // A row's drill-down filter.
  void filterRequested(const QString& filter);
  // "Displayed events only" changed, or Refresh.
  void recomputeRequested();

 private:
  QTabWidget* tabs_;
  QCheckBox* displayed_;
  QLabel* scope_;
  QTableWidget* properties_;
  std::array<StatsTableModel*, kStatsKinds> models_{};
  std::array<QTableView*, kStatsKinds> views_{};
};

}  // namespace saker::inspector
