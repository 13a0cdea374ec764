#include "rule_errors_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

#include "count_text.h"

namespace saker::inspector {

RuleErrorsDialog::RuleErrorsDialog(QWidget* parent) : QDialog(parent) {
  setObjectName("ruleErrorsDialog");
  setWindowTitle(tr("Rule files have errors"));
  auto* lay = new QVBoxLayout(this);
  heading_ = new QLabel(this);
  heading_->setObjectName("ruleErrorsHeading");
  heading_->setWordWrap(true);
  lay->addWidget(heading_);
  list_ = new QListWidget(this);
  list_->setObjectName("ruleErrorList");
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  list_->setFont(mono);
  lay->addWidget(list_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
  lay->addWidget(buttons);
  resize(820, 320);
}

void RuleErrorsDialog::setErrors(const QString& what, const QStringList& errors) {
  heading_->setText(tr("%1. %2:").arg(what, count_of(errors.size(), "error", "errors")));
  list_->clear();
  list_->addItems(errors);
}

}  // namespace saker::inspector
