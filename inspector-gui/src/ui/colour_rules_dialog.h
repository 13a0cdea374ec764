// View > Colouring Rules: the rules as an ordered list (first match wins), each with a check
// box, a name, a Falco filter and its colours. OK keeps them only when every enabled filter
// compiles; otherwise the error names the rule and column and the dialog stays open.
#pragma once

#include <QDialog>
#include <vector>

#include "colour_rules.h"

class QLabel;
class QTableWidget;

namespace saker::inspector {

class ColourRulesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ColourRulesDialog(std::vector<ColourRule> rules, QWidget* parent = nullptr);
  std::vector<ColourRule> rules() const;
  QTableWidget* table() const { return table_; }
  QLabel* error() const { return error_; }
  // Adds a rule at the end (what New does, without the colour dialogs).
  void addRule(const ColourRule& rule);
  void moveCurrent(int by);
  void accept() override;

 private:
  void setRow(int row, const ColourRule& rule);
  void chooseColour(bool background);

  QTableWidget* table_;
  QLabel* error_;
};

}  // namespace saker::inspector
