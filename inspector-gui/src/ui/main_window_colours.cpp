// Colouring rules: kept in the settings, edited in their dialog, applied by the event model.
#include <QAction>
#include <QStatusBar>

#include "colour_rules_dialog.h"
#include "inspector_settings.h"
#include "main_window.h"

namespace saker::inspector {

void MainWindow::loadColourRules() {
  QSettings s = inspector_settings();
  colourize_ = s.value("colourize", true).toBool();
  if (colourizeAction_) colourizeAction_->setChecked(colourize_);
  std::vector<ColourRule> rules = s.contains("colourRules")
                                      ? colour_rules_from_settings(s.value("colourRules").toList())
                                      : default_colour_rules();
  const QString err = colourRules_.setRules(std::move(rules));
  // Saved rules the filter language no longer accepts: shown, and replaced on the next edit.
  if (!err.isEmpty()) statusBar()->showMessage(tr("Colouring rules not used: %1").arg(err), 15000);
  model_.setColourRules(colourize_ ? &colourRules_ : nullptr);
}

QString MainWindow::setColourRules(std::vector<ColourRule> rules) {
  ColourRuleSet set;
  const QString err = set.setRules(std::move(rules));
  if (!err.isEmpty()) return err;
  colourRules_ = std::move(set);
  inspector_settings().setValue("colourRules", colour_rules_to_settings(colourRules_.rules()));
  model_.setColourRules(colourize_ ? &colourRules_ : nullptr);
  return {};
}

void MainWindow::editColourRules() {
  auto* dlg = new ColourRulesDialog(colourRules_.rules(), this);
  dlg->setAttribute(Qt::WA_DeleteOnClose);
  connect(dlg, &QDialog::accepted, this, [this, dlg] { setColourRules(dlg->rules()); });
  dlg->open();
}

void MainWindow::setColourize(bool on) {
  colourize_ = on;
  inspector_settings().setValue("colourize", on);
  if (colourizeAction_ && colourizeAction_->isChecked() != on) colourizeAction_->setChecked(on);
  model_.setColourRules(colourize_ ? &colourRules_ : nullptr);
}

}  // namespace saker::inspector
