#include "rule_files_dialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

#include "count_text.h"
#include "inspector_settings.h"

namespace saker::inspector {

std::optional<RuleFilesChoice> choose_rule_files(QWidget* parent, const QStringList& active) {
  QStringList files = QFileDialog::getOpenFileNames(parent, QObject::tr("Rule files"),
                                                    inspector_settings().value("rulesDir").toString(),
                                                    QObject::tr("Rules (*.yaml *.yml);;All files (*)"));
  if (files.isEmpty()) return std::nullopt;
  inspector_settings().setValue("rulesDir", QFileInfo(files.front()).absolutePath());
  QMessageBox ask(QMessageBox::Question, QObject::tr("Load rule files"),
                  QObject::tr("Add %1 to the active rules (%2), or replace them?")
                      .arg(count_of(files.size(), "file", "files"),
                           active.isEmpty() ? QObject::tr("Saker's default ruleset") : active.join(", ")),
                  QMessageBox::Cancel, parent);
  auto* add = ask.addButton(QObject::tr("&Add to active rules"), QMessageBox::AcceptRole);
  auto* replace = ask.addButton(QObject::tr("&Replace active rules"), QMessageBox::DestructiveRole);
  ask.setDefaultButton(add);
  ask.exec();
  if (ask.clickedButton() != add && ask.clickedButton() != replace) return std::nullopt;
  return RuleFilesChoice{files, ask.clickedButton() == add};
}

}  // namespace saker::inspector
