#include "filter_buttons.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>

#include "filter_support.h"
#include "inspector_settings.h"

namespace saker::inspector {

FilterButtons::FilterButtons(QWidget* parent) : QWidget(parent) {
  setObjectName("filterButtons");
  row_ = new QHBoxLayout(this);
  row_->setContentsMargins(4, 0, 4, 2);
  row_->setSpacing(2);
  const QVariantList saved = inspector_settings().value("filterButtons").toList();
  for (const QVariant& v : saved) {
    const QStringList pair = v.toStringList();
    if (pair.size() == 2 && !pair[0].isEmpty() && check_filter(pair[1]).ok)
      buttons_.push_back({pair[0], pair[1]});
  }
  rebuild();
}

QString FilterButtons::setButton(const FilterButton& b, int at) {
  if (b.label.trimmed().isEmpty()) return tr("a button needs a label");
  FilterCheck check = check_filter(b.filter);
  if (!check.ok) return tr("column %1: %2").arg(check.column).arg(check.message);
  FilterButton clean{b.label.trimmed(), b.filter.trimmed()};
  if (at >= 0 && at < static_cast<int>(buttons_.size()))
    buttons_[static_cast<size_t>(at)] = clean;
  else
    buttons_.push_back(clean);
  save();
  rebuild();
  return {};
}

void FilterButtons::removeButton(int at) {
  if (at < 0 || at >= static_cast<int>(buttons_.size())) return;
  buttons_.erase(buttons_.begin() + at);
  save();
  rebuild();
}

void FilterButtons::click(int at) {
  if (at >= 0 && at < static_cast<int>(buttons_.size())) emit applyRequested(buttons_[size_t(at)].filter);
}

void FilterButtons::save() const {
  QVariantList out;
  for (const auto& b : buttons_) out << QVariant(QStringList{b.label, b.filter});
  inspector_settings().setValue("filterButtons", out);
}

void FilterButtons::rebuild() {
  while (QLayoutItem* item = row_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  for (size_t i = 0; i < buttons_.size(); ++i) {
    auto* b = new QToolButton(this);
    b->setObjectName(QStringLiteral("filterButton%1").arg(i));
    b->setText(buttons_[i].label);
    b->setToolTip(buttons_[i].filter);
    b->setAutoRaise(true);
    b->setContextMenuPolicy(Qt::CustomContextMenu);
    const int at = static_cast<int>(i);
    connect(b, &QToolButton::clicked, this, [this, at] { click(at); });
    connect(b, &QWidget::customContextMenuRequested, this, [this, b, at](const QPoint& pos) {
      QMenu menu(this);
      menu.addAction(tr("Edit..."), this, [this, at] { editDialog(at); });
      menu.addAction(tr("Remove"), this, [this, at] { removeButton(at); });
      menu.exec(b->mapToGlobal(pos));
    });
    row_->addWidget(b);
  }
  auto* add = new QToolButton(this);
  add->setObjectName("addFilterButton");
  add->setText("+");
  add->setAutoRaise(true);
  add->setToolTip(tr("Save the filter bar's filter as a button"));
  connect(add, &QToolButton::clicked, this, &FilterButtons::saveRequested);
  row_->addWidget(add);
  row_->addStretch(1);
}

void FilterButtons::askAndAdd(const QString& filter) {
  buttons_.push_back({QString(), filter});
  const int at = static_cast<int>(buttons_.size()) - 1;
  editDialog(at);
  if (at < static_cast<int>(buttons_.size()) && buttons_[size_t(at)].label.isEmpty()) {
    buttons_.erase(buttons_.begin() + at);  // cancelled
    rebuild();
  }
}

void FilterButtons::editDialog(int at) {
  if (at < 0 || at >= static_cast<int>(buttons_.size())) return;
  QDialog dlg(this);
  dlg.setWindowTitle(tr("Filter button"));
  auto* form = new QFormLayout(&dlg);
  auto* label = new QLineEdit(buttons_[size_t(at)].label, &dlg);
  auto* filter = new QLineEdit(buttons_[size_t(at)].filter, &dlg);
  filter->setMinimumWidth(420);
  form->addRow(tr("Label"), label);
  form->addRow(tr("Filter"), filter);
  auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dlg);
  form->addRow(box);
  connect(box, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
  connect(box, &QDialogButtonBox::accepted, &dlg, [&] {
    if (QString why = setButton({label->text(), filter->text()}, at); !why.isEmpty())
      QMessageBox::warning(&dlg, tr("Filter button"), why);
    else
      dlg.accept();
  });
  dlg.exec();
}

}  // namespace saker::inspector
