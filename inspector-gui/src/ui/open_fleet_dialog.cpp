#include "open_fleet_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

#include "inspector_settings.h"

namespace saker::inspector {

OpenFleetDialog::OpenFleetDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Open fleet"));
  auto* layout = new QVBoxLayout(this);
  auto* intro =
      new QLabel(tr("The HTTP interface of a ClickHouse server of the fleet (saker fleet init made its "
                    "database; saker ship filled it)."),
                 this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  url_ = new QLineEdit(inspector_settings().value("fleetUrl", "http://127.0.0.1:8123").toString(), this);
  database_ = new QLineEdit(inspector_settings().value("fleetDatabase", "saker").toString(), this);
  form->addRow(tr("&URL:"), url_);
  form->addRow(tr("&Database:"), database_);
  layout->addLayout(form);
  error_ = new QLabel(this);
  error_->setStyleSheet("QLabel { color: #b00020; }");
  error_->setVisible(false);
  layout->addWidget(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &OpenFleetDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(480, sizeHint().height());
}

QString OpenFleetDialog::url() const {
  return url_->text().trimmed();
}

QString OpenFleetDialog::database() const {
  return database_->text().trimmed();
}

QString OpenFleetDialog::check(const QString& url, const QString& database) {
  const QUrl u(url, QUrl::StrictMode);
  if (!u.isValid() || (u.scheme() != "http" && u.scheme() != "https") || u.host().isEmpty())
    return tr("'%1' is not an HTTP URL (http://host:8123)").arg(url);
  static const QRegularExpression kIdentifier("^[A-Za-z_][A-Za-z0-9_]*$");
  if (!kIdentifier.match(database).hasMatch())
    return tr("'%1' is not a database name (letters, digits and _)").arg(database);
  return {};
}

void OpenFleetDialog::accept() {
  const QString error = check(url(), database());
  if (!error.isEmpty()) {
    error_->setText(error);
    error_->setVisible(true);
    return;
  }
  inspector_settings().setValue("fleetUrl", url());
  inspector_settings().setValue("fleetDatabase", database());
  QDialog::accept();
}

}  // namespace saker::inspector
