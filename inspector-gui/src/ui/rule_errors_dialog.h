// The rule error list: every error of the rule files with its FILE:LINE:COLUMN, under a
// heading that says what became of the rules. One dialog, reused for each new list.
#pragma once

#include <QDialog>

class QLabel;
class QListWidget;

namespace saker::inspector {

class RuleErrorsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit RuleErrorsDialog(QWidget* parent = nullptr);
  void setErrors(const QString& what, const QStringList& errors);

 private:
  QLabel* heading_;
  QListWidget* list_;
};

}  // namespace saker::inspector
