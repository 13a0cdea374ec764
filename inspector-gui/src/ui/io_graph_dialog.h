// Statistics > I/O Graph: the graphs (name, Falco filter, value, field, colour; checked ones
// are drawn) over the listed events of the current time range, an interval (Auto or fixed),
// linear or log scale, Copy as CSV. Double-click an interval to list its events. The graphs
// are remembered.
#pragma once

#include <QDialog>
#include <vector>

#include "io_graph.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

namespace saker::inspector {

class IoGraphWidget;

class IoGraphDialog : public QDialog {
  Q_OBJECT
 public:
  explicit IoGraphDialog(QWidget* parent = nullptr);
  std::vector<IoGraphSpec> specs() const;
  void setSpecs(const std::vector<IoGraphSpec>& specs);
  // 0: Auto.
  uint64_t interval() const;
  void setInterval(uint64_t ns);
  IoGraphWidget* plot() const { return plot_; }
  QTableWidget* table() const { return table_; }
  QLabel* status() const { return status_; }
  void setResult(const IoGraphResult& r);
  void setComputing(const QString& what);
  // Checks the graphs (the first problem shown, naming the graph) and asks for a run.
  void apply();
  QString csv() const;

  static std::vector<IoGraphSpec> defaultSpecs();

 signals:
  void applyRequested(std::vector<saker::inspector::IoGraphSpec> specs, uint64_t interval);
  void intervalActivated(uint64_t from, uint64_t to);

 private:
  void addRow(const IoGraphSpec& spec);
  void save() const;

  IoGraphWidget* plot_;
  QTableWidget* table_;
  QComboBox* interval_;
  QCheckBox* log_;
  QLabel* status_;
  std::vector<IoGraphSpec> shown_;  // the specs of the result on the plot
};

}  // namespace saker::inspector
