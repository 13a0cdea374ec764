#include "columns_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "saker/query/field.h"

namespace saker::inspector {

ColumnsDialog::ColumnsDialog(std::vector<ColumnChoice> current, std::function<QString(const QString&)> check,
                             QWidget* parent)
    : QDialog(parent), columns_(std::move(current)), check_(std::move(check)) {
  setObjectName("columnsDialog");
  setWindowTitle(tr("Columns"));
  auto* lay = new QHBoxLayout;

  auto* left = new QVBoxLayout;
  left->addWidget(new QLabel(tr("Columns (unchecked: hidden; double-click: title)"), this));
  list_ = new QListWidget(this);
  list_->setObjectName("columnsList");
  left->addWidget(list_, 1);
  auto* rowButtons = new QHBoxLayout;
  auto* up = new QPushButton(tr("Up"), this);
  auto* down = new QPushButton(tr("Down"), this);
  auto* title = new QPushButton(tr("Title..."), this);
  auto* remove = new QPushButton(tr("Remove"), this);
  for (auto* b : {up, down, title, remove}) rowButtons->addWidget(b);
  left->addLayout(rowButtons);
  lay->addLayout(left, 2);

  auto* right = new QVBoxLayout;
  right->addWidget(new QLabel(tr("Fields (a field with an argument can be typed: proc.aname[2])"), this));
  search_ = new QLineEdit(this);
  search_->setObjectName("fieldSearch");
  search_->setPlaceholderText(tr("Search fields and descriptions"));
  search_->setClearButtonEnabled(true);
  right->addWidget(search_);
  fields_ = new QTreeWidget(this);
  fields_->setObjectName("fieldTree");
  fields_->setHeaderLabels({tr("Field"), tr("Description")});
  fields_->setRootIsDecorated(false);
  fields_->setUniformRowHeights(true);
  for (const query::FieldDef* f : query::all_fields()) {
    auto* item = new QTreeWidgetItem(fields_);
    item->setText(0, QString::fromUtf8(f->name.data(), static_cast<qsizetype>(f->name.size())));
    item->setText(1, QString::fromUtf8(f->description.data(), static_cast<qsizetype>(f->description.size())));
    item->setToolTip(1, item->text(1));
  }
  fields_->header()->resizeSection(0, 190);
  right->addWidget(fields_, 1);
  auto* add = new QPushButton(tr("Add"), this);
  add->setObjectName("addField");
  right->addWidget(add);
  lay->addLayout(right, 3);

  auto* outer = new QVBoxLayout(this);
  outer->addLayout(lay, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  outer->addWidget(buttons);

  for (int i = 0; i < static_cast<int>(columns_.size()); ++i) {
    list_->addItem(QString());
    refreshItem(i);
  }
  connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const int row = list_->row(item);
    if (row >= 0 && row < static_cast<int>(columns_.size()))
      columns_[static_cast<size_t>(row)].shown = item->checkState() == Qt::Checked;
  });
  connect(list_, &QListWidget::itemDoubleClicked, this, &ColumnsDialog::editTitle);
  connect(up, &QPushButton::clicked, this, [this] { moveRow(list_->currentRow(), -1); });
  connect(down, &QPushButton::clicked, this, [this] { moveRow(list_->currentRow(), 1); });
  connect(title, &QPushButton::clicked, this, &ColumnsDialog::editTitle);
  connect(remove, &QPushButton::clicked, this, [this] { removeRow(list_->currentRow()); });
  connect(search_, &QLineEdit::textChanged, this, &ColumnsDialog::search);
  connect(search_, &QLineEdit::returnPressed, this, &ColumnsDialog::addSelectedField);
  connect(fields_, &QTreeWidget::itemDoubleClicked, this, &ColumnsDialog::addSelectedField);
  connect(add, &QPushButton::clicked, this, &ColumnsDialog::addSelectedField);
  connect(buttons, &QDialogButtonBox::accepted, this, &ColumnsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  resize(900, 560);
}

std::vector<ColumnChoice> ColumnsDialog::choices() const {
  return columns_;
}

void ColumnsDialog::refreshItem(int row) {
  const ColumnChoice& c = columns_[static_cast<size_t>(row)];
  QListWidgetItem* item = list_->item(row);
  QSignalBlocker block(list_);
  item->setText(c.title.isEmpty() ? c.field : tr("%1 (%2)").arg(c.title, c.field));
  item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
  item->setCheckState(c.shown ? Qt::Checked : Qt::Unchecked);
}

void ColumnsDialog::search(const QString& text) {
  const QString t = text.trimmed();
  QTreeWidgetItem* first = nullptr;
  for (int i = 0; i < fields_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = fields_->topLevelItem(i);
    const bool match = t.isEmpty() || item->text(0).contains(t, Qt::CaseInsensitive) ||
                       item->text(1).contains(t, Qt::CaseInsensitive);
    item->setHidden(!match);
    if (match && !first) first = item;
  }
  fields_->setCurrentItem(first);
}

QStringList ColumnsDialog::shownFields() const {
  QStringList out;
  for (int i = 0; i < fields_->topLevelItemCount(); ++i)
    if (!fields_->topLevelItem(i)->isHidden()) out << fields_->topLevelItem(i)->text(0);
  return out;
}

QString ColumnsDialog::addField(const QString& text) {
  const QString field = text.trimmed();
  if (field.isEmpty()) return tr("no field given");
  if (QString why = check_(field); !why.isEmpty()) return why;
  columns_.push_back(ColumnChoice{field, {}, true});
  list_->addItem(QString());
  refreshItem(static_cast<int>(columns_.size()) - 1);
  list_->setCurrentRow(static_cast<int>(columns_.size()) - 1);
  return {};
}

void ColumnsDialog::addSelectedField() {
  // Typed text that is a field (with its argument) wins over the highlighted list entry.
  const QString typed = search_->text().trimmed();
  QString field = !typed.isEmpty() && check_(typed).isEmpty() ? typed : QString();
  if (field.isEmpty() && fields_->currentItem() && !fields_->currentItem()->isHidden())
    field = fields_->currentItem()->text(0);
  if (field.isEmpty()) field = typed;
  if (QString why = addField(field); !why.isEmpty()) QMessageBox::warning(this, tr("Add column"), why);
}

void ColumnsDialog::setTitle(int row, const QString& title) {
  if (row < 0 || row >= static_cast<int>(columns_.size())) return;
  columns_[static_cast<size_t>(row)].title = title.trimmed();
  refreshItem(row);
}

void ColumnsDialog::setShown(int row, bool shown) {
  if (row < 0 || row >= static_cast<int>(columns_.size())) return;
  columns_[static_cast<size_t>(row)].shown = shown;
  refreshItem(row);
}

void ColumnsDialog::editTitle() {
  const int row = list_->currentRow();
  if (row < 0) return;
  bool ok = false;
  QString t = QInputDialog::getText(
      this, tr("Column title"), tr("Title of %1 (empty: the field's name)").arg(columns_[size_t(row)].field),
      QLineEdit::Normal, columns_[size_t(row)].title, &ok);
  if (ok) setTitle(row, t);
}

void ColumnsDialog::moveRow(int row, int by) {
  const int to = row + by;
  if (row < 0 || to < 0 || row >= static_cast<int>(columns_.size()) ||
      to >= static_cast<int>(columns_.size()))
    return;
  std::swap(columns_[static_cast<size_t>(row)], columns_[static_cast<size_t>(to)]);
  refreshItem(row);
  refreshItem(to);
  list_->setCurrentRow(to);
}

void ColumnsDialog::removeRow(int row) {
  if (row < 0 || row >= static_cast<int>(columns_.size())) return;
  columns_.erase(columns_.begin() + row);
  delete list_->takeItem(row);
}

void ColumnsDialog::accept() {
  bool anyShown = false;
  for (const auto& c : columns_) anyShown = anyShown || c.shown;
  if (!anyShown) {
    QMessageBox::warning(this, tr("Columns"), tr("At least one column must be shown."));
    return;
  }
  QDialog::accept();
}

std::optional<std::vector<ColumnChoice>> ask_columns(QWidget* parent, std::vector<ColumnChoice> current,
                                                     std::function<QString(const QString&)> check) {
  ColumnsDialog dlg(std::move(current), std::move(check), parent);
  if (dlg.exec() != QDialog::Accepted) return std::nullopt;
  return dlg.choices();
}

}  // namespace saker::inspector
