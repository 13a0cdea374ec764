#include "detail_pane.h"

#include <QHeaderView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace saker::inspector {

DetailPane::DetailPane(QWidget* parent) : QWidget(parent) {
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->setObjectName("detailSplitter");
  tree_ = new QTreeWidget(split);
  tree_->setObjectName("detailTree");
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Field"), tr("Value")});
  tree_->setAlternatingRowColors(true);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  tree_->setColumnWidth(0, 220);
  tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(tree_, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    QTreeWidgetItem* it = tree_->itemAt(pos);
    QString field = fieldOf(it);
    if (field.isEmpty()) return;
    QMenu menu(this);
    menu.addAction(tr("Add column %1").arg(field), this, [this, field] { emit addColumnRequested(field); });
    QString f = filterFor(it);
    if (!f.isEmpty())
      menu.addAction(tr("Filter: %1").arg(f.left(80)), this, [this, f] { emit filterRequested(f); });
    menu.exec(tree_->viewport()->mapToGlobal(pos));
  });
  hex_ = new QPlainTextEdit(split);
  hex_->setObjectName("hexView");
  hex_->setReadOnly(true);
  hex_->setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  hex_->setFont(mono);
  hex_->setPlaceholderText(tr("Data buffers of the selected event appear here in hex and text."));
  split->addWidget(tree_);
  split->addWidget(hex_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  lay->addWidget(split);
}

void DetailPane::clear() {
  tree_->clear();
  hex_->clear();
}

void DetailPane::showDetails(const EventDetails& d) {
  tree_->setUpdatesEnabled(false);
  tree_->clear();
  for (const auto& g : d.groups) {
    if (g.rows.empty()) continue;
    auto* top = new QTreeWidgetItem(tree_, {QStringLiteral("%1 (%2)").arg(g.title).arg(g.rows.size())});
    QFont bold = top->font(0);
    bold.setBold(true);
    top->setFont(0, bold);
    for (const auto& [k, v] : g.rows) {
      auto* it = new QTreeWidgetItem(top, {k, v});
      it->setToolTip(1, v);
    }
    bool open = g.title != "Event" && g.title != "Container";
    top->setExpanded(open);
  }
  tree_->setUpdatesEnabled(true);
  QString text;
  for (const auto& b : d.buffers)
    text += QStringLiteral("%1 (%2 bytes)\n").arg(b.name).arg(b.bytes.size()) + hex_dump(b.bytes) + "\n";
  hex_->setPlainText(text);
}

QString DetailPane::fieldOf(const QTreeWidgetItem* item) {
  if (!item || !item->parent() || item->parent()->text(0).startsWith("Ancestry")) return {};
  if (item->parent()->text(0).startsWith("Arguments")) return "evt.arg." + item->text(0);
  return item->text(0);
}

QString DetailPane::filterFor(const QTreeWidgetItem* item) {
  QString field = fieldOf(item);
  if (field.isEmpty()) return {};
  QString v = item->text(1);
  if (field.startsWith("evt.arg.")) return {};  // decorated text ("3(<f>/etc/passwd)"), not the raw value
  bool number = false;
  v.toLongLong(&number);
  if (number) return QStringLiteral("%1 = %2").arg(field, v);
  if (!v.contains('\'')) return QStringLiteral("%1 = '%2'").arg(field, v);
  if (!v.contains('"')) return QStringLiteral("%1 = \"%2\"").arg(field, v);
  return {};
}

QTreeWidgetItem* DetailPane::itemOf(const QString& field) const {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    auto* top = tree_->topLevelItem(i);
    for (int j = 0; j < top->childCount(); ++j)
      if (top->child(j)->text(0) == field) return top->child(j);
  }
  return nullptr;
}

QString DetailPane::valueOf(const QString& field) const {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    auto* top = tree_->topLevelItem(i);
    for (int j = 0; j < top->childCount(); ++j)
      if (top->child(j)->text(0) == field) return top->child(j)->text(1);
  }
  return {};
}

}  // namespace saker::inspector
