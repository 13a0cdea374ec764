// Rules > Load rule files: the files to load, and whether they join the active rules or
// replace them.
#pragma once

#include <QStringList>
#include <optional>

class QWidget;

namespace saker::inspector {

struct RuleFilesChoice {
  QStringList files;
  bool add = true;  // false: they replace the active rules
};

// `active`: the active rule files (empty: the default ruleset). Nothing when cancelled.
std::optional<RuleFilesChoice> choose_rule_files(QWidget* parent, const QStringList& active);

}  // namespace saker::inspector
