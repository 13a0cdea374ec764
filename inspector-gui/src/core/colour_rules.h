// Colouring rules, as Wireshark's View > Coloring Rules: an ordered list of named Falco filters
// with a background and a text colour; a row takes the colours of the first enabled rule its
// event matches, and the event class's colour when none does. Rules are evaluated only for
// the rows drawn (with the state the row is rendered with), never in a pass.
#pragma once

#include <QColor>
#include <QString>
#include <QVariantList>
#include <memory>
#include <vector>

#include "saker/query/field.h"

namespace saker::inspector {

struct ColourRule {
  QString name;
  QString filter;
  QColor background;
  QColor foreground;  // invalid: the view's text colour
  bool enabled = true;
  bool operator==(const ColourRule&) const = default;
};

// Rules a new user starts with (they edit or delete them).
std::vector<ColourRule> default_colour_rules();

// The settings' form (a list of maps) and back; entries with missing names or filters are
// dropped.
QVariantList colour_rules_to_settings(const std::vector<ColourRule>& rules);
std::vector<ColourRule> colour_rules_from_settings(const QVariantList& list);

// The rules compiled for matching.
class ColourRuleSet {
 public:
  ColourRuleSet();
  ~ColourRuleSet();
  ColourRuleSet(ColourRuleSet&&) noexcept;
  ColourRuleSet& operator=(ColourRuleSet&&) noexcept;

  // Compiles every enabled rule; on the first bad filter returns "rule 'NAME': column N:
  // message" and leaves the set as it was.
  QString setRules(std::vector<ColourRule> rules);
  const std::vector<ColourRule>& rules() const { return rules_; }
  bool empty() const;
  // The index into rules() of the first enabled rule `ctx`'s event matches, or -1.
  int match(const query::EvalContext& ctx) const;

 private:
  struct Compiled;
  std::vector<ColourRule> rules_;
  std::vector<Compiled> compiled_;
};

}  // namespace saker::inspector
