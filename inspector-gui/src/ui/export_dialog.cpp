#include "export_dialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "inspector_settings.h"

namespace saker::inspector {

namespace {
const std::pair<ExportFormat, const char*> kFormats[] = {{ExportFormat::Scap, "Capture (*.scap)"},
                                                         {ExportFormat::Csv, "CSV (*.csv)"},
                                                         {ExportFormat::Json, "JSON (*.json)"}};
}  // namespace

ExportDialog::ExportDialog(QWidget* parent, const ExportCounts& counts) : QDialog(parent), counts_(counts) {
  setObjectName("exportDialog");
  setWindowTitle(tr("Export events"));
  auto* lay = new QVBoxLayout(this);
  auto* which = new QGroupBox(tr("Events"), this);
  auto* wl = new QVBoxLayout(which);
  scope_ = new QButtonGroup(this);
  auto add = [&](ExportScope s, const QString& text, size_t n) {
    auto* b = new QRadioButton(text, which);
    b->setEnabled(n > 0 || s == ExportScope::Range);
    scope_->addButton(b, static_cast<int>(s));
    return b;
  };
  wl->addWidget(
      add(ExportScope::Displayed, tr("All displayed (%1)").arg(counts.displayed), counts.displayed));
  wl->addWidget(add(ExportScope::Selected, tr("Selected rows (%1)").arg(counts.selected), counts.selected));
  wl->addWidget(
      add(ExportScope::Marked, tr("Marked events (%1, displayed or not)").arg(counts.marked), counts.marked));
  auto* rangeRow = new QHBoxLayout;
  rangeRow->addWidget(add(ExportScope::Range, tr("Displayed events numbered"), 1));
  first_ = new QLineEdit(counts.first_shown ? QString::number(counts.first_shown) : QString(), which);
  first_->setObjectName("rangeFirst");
  last_ = new QLineEdit(counts.last_shown ? QString::number(counts.last_shown) : QString(), which);
  last_->setObjectName("rangeLast");
  rangeRow->addWidget(first_);
  rangeRow->addWidget(new QLabel(tr("to"), which));
  rangeRow->addWidget(last_);
  wl->addLayout(rangeRow);
  dropIgnored_ = new QCheckBox(tr("Leave out ignored events (%1 in the capture)").arg(counts.ignored), which);
  dropIgnored_->setChecked(true);
  wl->addWidget(dropIgnored_);
  lay->addWidget(which);

  auto* form = new QFormLayout;
  format_ = new QComboBox(this);
  for (const auto& f : kFormats) format_->addItem(tr(f.second), static_cast<int>(f.first));
  form->addRow(tr("Format"), format_);
  auto* fileRow = new QHBoxLayout;
  path_ = new QLineEdit(this);
  path_->setObjectName("exportPath");
  auto* browse = new QPushButton(tr("Browse..."), this);
  fileRow->addWidget(path_, 1);
  fileRow->addWidget(browse);
  form->addRow(tr("File"), fileRow);
  lay->addLayout(form);
  error_ = new QLabel(this);
  error_->setObjectName("exportError");
  error_->setStyleSheet("color: #d32f2f;");
  error_->setWordWrap(true);
  lay->addWidget(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  ok_->setText(tr("Export"));
  lay->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  connect(scope_, &QButtonGroup::idClicked, this, &ExportDialog::validate);
  connect(first_, &QLineEdit::textChanged, this, &ExportDialog::validate);
  connect(last_, &QLineEdit::textChanged, this, &ExportDialog::validate);
  connect(path_, &QLineEdit::textChanged, this, &ExportDialog::validate);
  connect(first_, &QLineEdit::textEdited, this, [this] { setScope(ExportScope::Range); });
  connect(last_, &QLineEdit::textEdited, this, [this] { setScope(ExportScope::Range); });
  // Several rows selected: those, as before; else every displayed row.
  setScope(counts.selected > 1 ? ExportScope::Selected : ExportScope::Displayed);
}

void ExportDialog::setScope(ExportScope scope) {
  if (auto* b = scope_->button(static_cast<int>(scope))) b->setChecked(true);
  validate();
}

void ExportDialog::setRange(const QString& first, const QString& last) {
  first_->setText(first);
  last_->setText(last);
  setScope(ExportScope::Range);
}

void ExportDialog::setPath(const QString& path) {
  path_->setText(path);
}

void ExportDialog::setFormat(ExportFormat format) {
  format_->setCurrentIndex(format_->findData(static_cast<int>(format)));
}

void ExportDialog::setDropIgnored(bool on) {
  dropIgnored_->setChecked(on);
}

ExportChoice ExportDialog::choice() const {
  ExportChoice c;
  c.path = path_->text().trimmed();
  c.format = static_cast<ExportFormat>(format_->currentData().toInt());
  c.selection.scope = static_cast<ExportScope>(std::max(0, scope_->checkedId()));
  c.selection.first = first_->text().trimmed().toULongLong();
  c.selection.last = last_->text().trimmed().toULongLong();
  c.selection.drop_ignored = dropIgnored_->isChecked();
  return c;
}

QString ExportDialog::errorText() const {
  return error_->text();
}

void ExportDialog::validate() {
  const ExportChoice c = choice();
  QString err;
  if (c.selection.scope == ExportScope::Range) {
    bool okFirst = false, okLast = false;
    first_->text().trimmed().toULongLong(&okFirst);
    last_->text().trimmed().toULongLong(&okLast);
    if (!okFirst || !okLast)
      err = tr("Range: give the first and last event numbers");
    else if (QString why = check_export_range(c.selection.first, c.selection.last, counts_.capture_events);
             !why.isEmpty())
      err = tr("Range: %1").arg(why);
  }
  if (err.isEmpty() && c.path.isEmpty()) err = tr("Choose the file to write");
  error_->setText(err);
  ok_->setEnabled(err.isEmpty());
}

void ExportDialog::browse() {
  QFileDialog dlg(this, tr("Export events"), inspector_settings().value("lastDir").toString());
  dlg.setObjectName("exportFileDialog");
  dlg.setAcceptMode(QFileDialog::AcceptSave);
  dlg.setFileMode(QFileDialog::AnyFile);
  QStringList filters;
  for (const auto& f : kFormats) filters << tr(f.second);
  dlg.setNameFilters(filters);
  dlg.selectNameFilter(format_->currentText());
  if (dlg.exec() != QDialog::Accepted || dlg.selectedFiles().isEmpty()) return;
  path_->setText(dlg.selectedFiles().front());
  for (const auto& f : kFormats)
    if (tr(f.second) == dlg.selectedNameFilter()) setFormat(f.first);
}

std::optional<ExportChoice> choose_export(QWidget* parent, const ExportCounts& counts) {
  ExportDialog dlg(parent, counts);
  if (dlg.exec() != QDialog::Accepted) return std::nullopt;
  return dlg.choice();
}

}  // namespace saker::inspector
