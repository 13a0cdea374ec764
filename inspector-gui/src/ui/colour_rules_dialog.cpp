#include "colour_rules_dialog.h"

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace saker::inspector {

namespace {
constexpr int kBackgroundRole = Qt::UserRole + 1;
constexpr int kForegroundRole = Qt::UserRole + 2;
}  // namespace

ColourRulesDialog::ColourRulesDialog(std::vector<ColourRule> rules, QWidget* parent) : QDialog(parent) {
  setObjectName("colourRulesDialog");
  setWindowTitle(tr("Colouring Rules"));
  resize(820, 420);
  auto* lay = new QVBoxLayout(this);
  auto* hint =
      new QLabel(tr("A row takes the colours of the first checked rule its event matches; rows no rule "
                    "matches keep their event class's colour. Double-click a name or filter to edit it."),
                 this);
  hint->setWordWrap(true);
  lay->addWidget(hint);
  table_ = new QTableWidget(0, 2, this);
  table_->setObjectName("colourRulesTable");
  table_->setHorizontalHeaderLabels({tr("Name"), tr("Filter")});
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setColumnWidth(0, 200);
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  lay->addWidget(table_, 1);
  auto* buttons = new QHBoxLayout();
  auto add = [&](const QString& text, const char* name, auto fn) {
    auto* b = new QPushButton(text, this);
    b->setObjectName(name);
    b->setAutoDefault(false);
    connect(b, &QPushButton::clicked, this, fn);
    buttons->addWidget(b);
  };
  add(tr("&New"), "newRule", [this] {
    addRule({tr("New rule"), QStringLiteral("evt.type = openat"), QColor(0xe1, 0xf5, 0xfe), QColor(Qt::black),
             true});
    table_->editItem(table_->item(table_->rowCount() - 1, 1));
  });
  add(tr("&Delete"), "deleteRule", [this] {
    if (table_->currentRow() >= 0) table_->removeRow(table_->currentRow());
  });
  add(tr("&Up"), "ruleUp", [this] { moveCurrent(-1); });
  add(tr("Do&wn"), "ruleDown", [this] { moveCurrent(1); });
  add(tr("&Background..."), "ruleBackground", [this] { chooseColour(true); });
  add(tr("&Text colour..."), "ruleForeground", [this] { chooseColour(false); });
  add(tr("De&faults"), "ruleDefaults", [this] {
    table_->setRowCount(0);
    for (const ColourRule& r : default_colour_rules()) addRule(r);
  });
  buttons->addStretch(1);
  lay->addLayout(buttons);
  error_ = new QLabel(this);
  error_->setObjectName("colourRulesError");
  error_->setStyleSheet("color: #d32f2f;");
  error_->setWordWrap(true);
  lay->addWidget(error_);
  auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(box, &QDialogButtonBox::accepted, this, &ColourRulesDialog::accept);
  connect(box, &QDialogButtonBox::rejected, this, &ColourRulesDialog::reject);
  lay->addWidget(box);
  for (const ColourRule& r : rules) addRule(r);
}

void ColourRulesDialog::setRow(int row, const ColourRule& rule) {
  auto* name = new QTableWidgetItem(rule.name);
  name->setFlags(name->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);
  name->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
  name->setData(kBackgroundRole, rule.background);
  name->setData(kForegroundRole, rule.foreground);
  auto* filter = new QTableWidgetItem(rule.filter);
  for (QTableWidgetItem* item : {name, filter}) {
    if (rule.background.isValid()) item->setBackground(rule.background);
    if (rule.foreground.isValid()) item->setForeground(rule.foreground);
  }
  table_->setItem(row, 0, name);
  table_->setItem(row, 1, filter);
}

void ColourRulesDialog::addRule(const ColourRule& rule) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  setRow(row, rule);
  table_->setCurrentCell(row, 0);
}

std::vector<ColourRule> ColourRulesDialog::rules() const {
  std::vector<ColourRule> out;
  for (int row = 0; row < table_->rowCount(); ++row) {
    const QTableWidgetItem* name = table_->item(row, 0);
    const QTableWidgetItem* filter = table_->item(row, 1);
    if (!name || !filter) continue;
    out.push_back({name->text().trimmed(), filter->text().trimmed(),
                   name->data(kBackgroundRole).value<QColor>(), name->data(kForegroundRole).value<QColor>(),
                   name->checkState() == Qt::Checked});
  }
  return out;
}

void ColourRulesDialog::moveCurrent(int by) {
  const int row = table_->currentRow(), to = row + by;
  if (row < 0 || to < 0 || to >= table_->rowCount()) return;
  const std::vector<ColourRule> all = rules();
  setRow(to, all[size_t(row)]);
  setRow(row, all[size_t(to)]);
  table_->setCurrentCell(to, 0);
}

void ColourRulesDialog::chooseColour(bool background) {
  const int row = table_->currentRow();
  if (row < 0) return;
  ColourRule rule = rules()[size_t(row)];
  QColor& target = background ? rule.background : rule.foreground;
  const QColor chosen = QColorDialog::getColor(
      target.isValid() ? target : QColor(Qt::white), this,
      background ? tr("Background of %1").arg(rule.name) : tr("Text colour of %1").arg(rule.name));
  if (!chosen.isValid()) return;  // cancelled
  target = chosen;
  setRow(row, rule);
}

void ColourRulesDialog::accept() {
  for (const ColourRule& r : rules())
    if (r.name.isEmpty() || r.filter.isEmpty()) {
      error_->setText(tr("Every rule needs a name and a filter."));
      return;
    }
  ColourRuleSet check;
  const QString err = check.setRules(rules());
  if (!err.isEmpty()) {
    error_->setText(err);
    return;
  }
  QDialog::accept();
}

}  // namespace saker::inspector
