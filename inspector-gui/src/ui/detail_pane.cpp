#include "detail_pane.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace saker::inspector {

namespace {
constexpr int kFilterValueRole = Qt::UserRole + 1;  // on column 1: the value a filter compares
}  // namespace

DetailPane::DetailPane(QWidget* parent) : QWidget(parent) {
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 0, 0, 0);
  split_ = new QSplitter(Qt::Horizontal, this);
  auto* split = split_;
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
    if (auto menu = menuFor(tree_->itemAt(pos))) menu->exec(tree_->viewport()->mapToGlobal(pos));
  });
  connect(tree_, &QTreeWidget::currentItemChanged, this,
          [this](QTreeWidgetItem* item) { highlightBufferOf(item); });
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
  split->setStretchFactor(1, 0);
  connect(split, &QSplitter::splitterMoved, this, [this] { splitDragged_ = true; });
  lay->addWidget(split);
}

void DetailPane::resizeEvent(QResizeEvent* e) {
  QWidget::resizeEvent(e);
  fitHexWidth();
}

void DetailPane::fitHexWidth() {
  if (splitDragged_ || width() <= 0) return;
  // "00000000  " + 16 bytes as "xx " + the gap after the 8th + " " + 16 characters.
  constexpr int kDumpLine = 10 + 16 * 3 + 1 + 1 + 16;
  const int text = hex_->fontMetrics().horizontalAdvance(QString(kDumpLine + 1, QChar('0')));
  const int chrome = 2 * hex_->frameWidth() + 2 * int(hex_->document()->documentMargin()) +
                     hex_->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4;
  const int total = split_->width() - split_->handleWidth();
  const int hex = std::min(text + chrome, total * 6 / 10);
  split_->setSizes({total - hex, hex});
}

std::unique_ptr<QMenu> DetailPane::menuFor(QTreeWidgetItem* item) {
  const QString field = fieldOf(item);
  if (field.isEmpty()) return nullptr;
  auto menu = std::make_unique<QMenu>(this);
  menu->addAction(tr("Add column %1").arg(field), this, [this, field] { emit addColumnRequested(field); });
  const QString term = filterFor(item);
  const std::pair<FilterJoin, QString> joins[] = {{FilterJoin::Selected, tr("Selected")},
                                                  {FilterJoin::NotSelected, tr("Not Selected")},
                                                  {FilterJoin::AndSelected, tr("...and Selected")},
                                                  {FilterJoin::OrSelected, tr("...or Selected")},
                                                  {FilterJoin::AndNotSelected, tr("...and not Selected")},
                                                  {FilterJoin::OrNotSelected, tr("...or not Selected")}};
  menu->addSeparator();
  for (bool apply : {true, false}) {
    QMenu* sub = menu->addMenu(apply ? tr("Apply as Filter") : tr("Prepare as Filter"));
    sub->setObjectName(apply ? "applyAsFilter" : "prepareAsFilter");
    sub->setToolTip(term);
    for (const auto& join : joins) {  // not a structured binding: clang 14 cannot capture one
      const FilterJoin how = join.first;
      sub->addAction(join.second, this,
                     [this, term, how, apply] { emit filterJoinRequested(term, how, apply); });
    }
  }
  menu->addSeparator();
  QMenu* copy = menu->addMenu(tr("Copy"));
  copy->setObjectName("copyMenu");
  const QString value = item->text(1);
  copy->addAction(tr("Value"), this, [value] { QGuiApplication::clipboard()->setText(value); });
  copy->addAction(tr("Field name"), this, [field] { QGuiApplication::clipboard()->setText(field); });
  copy->addAction(tr("As Filter"), this, [term] { QGuiApplication::clipboard()->setText(term); });
  return menu;
}

void DetailPane::clear() {
  tree_->clear();
  hex_->clear();
  spans_.clear();
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
    for (size_t i = 0; i < g.rows.size(); ++i) {
      const auto& row = g.rows[i];
      auto* it = new QTreeWidgetItem(top, {row.first, row.second});
      it->setToolTip(1, row.second);
      if (i < g.filter_values.size()) it->setData(1, kFilterValueRole, g.filter_values[i]);
    }
    const bool open = g.title != "Event" && g.title != "Container";
    top->setExpanded(open);
  }
  tree_->setUpdatesEnabled(true);
  QString text;
  spans_.clear();
  for (const auto& b : d.buffers) {
    BufferSpan span{b.name, static_cast<int>(text.size()), 0};
    text += QStringLiteral("%1 (%2 bytes)\n").arg(b.name).arg(b.bytes.size()) + hex_dump(b.bytes);
    span.end = static_cast<int>(text.size()) - 1;  // without the dump's last line break
    spans_.push_back(span);
    text += "\n";
  }
  hex_->setPlainText(text);
}

void DetailPane::highlightBufferOf(const QTreeWidgetItem* item) {
  // A data-buffer argument (evt.arg.data, ...) or evt.buffer (the event's first buffer).
  const QString field = fieldOf(item);
  const BufferSpan* span = nullptr;
  for (const auto& s : spans_)
    if (field == "evt.arg." + s.name || (field == QLatin1String("evt.buffer") && !span)) span = &s;
  QList<QTextEdit::ExtraSelection> marks;
  if (span) {
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(hex_->document());
    sel.cursor.setPosition(span->start);
    sel.cursor.setPosition(span->end, QTextCursor::KeepAnchor);
    sel.format.setBackground(palette().color(QPalette::Highlight));
    sel.format.setForeground(palette().color(QPalette::HighlightedText));
    marks << sel;
    QTextCursor at(hex_->document());
    at.setPosition(span->start);
    hex_->setTextCursor(at);
    hex_->ensureCursorVisible();
  }
  hex_->setExtraSelections(marks);
}

QString DetailPane::highlightedText() const {
  const auto marks = hex_->extraSelections();
  return marks.isEmpty() ? QString() : marks.front().cursor.selectedText().replace(QChar(0x2029), '\n');
}

QString DetailPane::fieldOf(const QTreeWidgetItem* item) {
  if (!item || !item->parent() || item->parent()->text(0).startsWith("Ancestry") ||
      item->parent()->text(0).startsWith("Annotation"))
    return {};
  if (item->parent()->text(0).startsWith("Arguments")) return "evt.arg." + item->text(0);
  return item->text(0);
}

QString DetailPane::filterFor(const QTreeWidgetItem* item) {
  const QString field = fieldOf(item);
  if (field.isEmpty()) return {};
  const QVariant v = item->data(1, kFilterValueRole);
  const QString value = v.isValid() ? v.toString() : item->text(1);
  return QString::fromStdString(filter_equals(field.toStdString(), value.toStdString()));
}

QTreeWidgetItem* DetailPane::itemOf(const QString& field) const {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    auto* top = tree_->topLevelItem(i);
    const bool args = top->text(0).startsWith("Arguments");
    for (int j = 0; j < top->childCount(); ++j)
      if (top->child(j)->text(0) == field || (args && "evt.arg." + top->child(j)->text(0) == field))
        return top->child(j);
  }
  return nullptr;
}

QString DetailPane::valueOf(const QString& field) const {
  const QTreeWidgetItem* item = itemOf(field);
  return item ? item->text(1) : QString();
}

}  // namespace saker::inspector
