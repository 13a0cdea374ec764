#include "colour_rules.h"

#include <QVariantMap>

#include "saker/query/filter.h"
#include "saker/query/syntax_error.h"

namespace saker::inspector {

struct ColourRuleSet::Compiled {
  int rule = 0;  // index into rules_
  query::Filter filter;
};

std::vector<ColourRule> default_colour_rules() {
  return {
      {QStringLiteral("Sensitive files"),
       QStringLiteral(
           "fd.name in (/etc/shadow, /etc/sudoers, /etc/gshadow) or fd.name startswith /root/.ssh"),
       QColor(0xff, 0xd5, 0x80), QColor(0x21, 0x21, 0x21), true},
      {QStringLiteral("Failed calls"), QStringLiteral("evt.failed = true"), QColor(0xff, 0xcd, 0xd2),
       QColor(0x21, 0x21, 0x21), true},
      {QStringLiteral("Program runs"), QStringLiteral("evt.type in (execve, execveat) and evt.dir = <"),
       QColor(0xc5, 0xca, 0xe9), QColor(0x21, 0x21, 0x21), true},
  };
}

QVariantList colour_rules_to_settings(const std::vector<ColourRule>& rules) {
  QVariantList list;
  for (const ColourRule& r : rules) {
    QVariantMap m;
    m["name"] = r.name;
    m["filter"] = r.filter;
    m["background"] = r.background.isValid() ? r.background.name() : QString();
    m["foreground"] = r.foreground.isValid() ? r.foreground.name() : QString();
    m["enabled"] = r.enabled;
    list << m;
  }
  return list;
}

std::vector<ColourRule> colour_rules_from_settings(const QVariantList& list) {
  std::vector<ColourRule> rules;
  for (const QVariant& v : list) {
    const QVariantMap m = v.toMap();
    ColourRule r;
    r.name = m.value("name").toString();
    r.filter = m.value("filter").toString();
    if (r.name.isEmpty() || r.filter.trimmed().isEmpty()) continue;
    r.background = QColor(m.value("background").toString());
    r.foreground = QColor(m.value("foreground").toString());
    r.enabled = m.value("enabled", true).toBool();
    rules.push_back(std::move(r));
  }
  return rules;
}

ColourRuleSet::ColourRuleSet() = default;
ColourRuleSet::~ColourRuleSet() = default;
ColourRuleSet::ColourRuleSet(ColourRuleSet&&) noexcept = default;
ColourRuleSet& ColourRuleSet::operator=(ColourRuleSet&&) noexcept = default;

QString ColourRuleSet::setRules(std::vector<ColourRule> rules) {
  std::vector<Compiled> compiled;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!rules[i].enabled) continue;
    try {
      compiled.push_back({static_cast<int>(i), query::Filter::compile(rules[i].filter.toStdString())});
    } catch (const query::SyntaxError& e) {
      return QStringLiteral("rule '%1': column %2: %3")
          .arg(rules[i].name)
          .arg(e.column())
          .arg(QString::fromStdString(e.message()));
    }
  }
  rules_ = std::move(rules);
  compiled_ = std::move(compiled);
  return {};
}

bool ColourRuleSet::empty() const {
  return compiled_.empty();
}

int ColourRuleSet::match(const query::EvalContext& ctx) const {
  for (const Compiled& c : compiled_)
    if (c.filter.event_types().test(ctx.ev->type) && c.filter.matches(ctx)) return c.rule;
  return -1;
}

}  // namespace saker::inspector
