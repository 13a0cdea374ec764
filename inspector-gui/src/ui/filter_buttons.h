// Saved filter buttons under the filter bar, as Wireshark's filter toolbar: each button applies
// its filter; "+" saves the filter bar's text under a label; right-click edits or removes one.
// The buttons are remembered.
#pragma once

#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

class QHBoxLayout;

namespace saker::inspector {

struct FilterButton {
  QString label;
  QString filter;
  bool operator==(const FilterButton&) const = default;
};

class FilterButtons : public QWidget {
  Q_OBJECT
 public:
  explicit FilterButtons(QWidget* parent = nullptr);

  const std::vector<FilterButton>& buttons() const { return buttons_; }
  // Adds (or, with `at` >= 0, replaces) a button; why not when the label is empty or the
  // filter does not parse (the error's column given), "" when done. Remembered.
  QString setButton(const FilterButton& b, int at = -1);
  void removeButton(int at);
  // Clicks the button at `at`, as the user would.
  void click(int at);

 signals:
  void applyRequested(const QString& filter);
  // "+" asks for the filter bar's current text to save.
  void saveRequested();

 public slots:
  // Asks for a label (and lets the filter be edited) for `filter`, then adds the button.
  void askAndAdd(const QString& filter);

 private:
  void rebuild();
  void save() const;
  void editDialog(int at);

  std::vector<FilterButton> buttons_;
  QHBoxLayout* row_;
};

}  // namespace saker::inspector
