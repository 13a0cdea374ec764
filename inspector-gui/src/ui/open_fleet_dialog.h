// File > Open fleet: the ClickHouse HTTP URL of a fleet server and its database (both
// remembered), checked before the dialog closes.
#pragma once

#include <QDialog>

class QLineEdit;
class QLabel;

namespace saker::inspector {

class OpenFleetDialog : public QDialog {
  Q_OBJECT
 public:
  explicit OpenFleetDialog(QWidget* parent = nullptr);
  QString url() const;
  QString database() const;

  // Empty when `url` and `database` can be opened, else what is wrong with them.
  static QString check(const QString& url, const QString& database);

  void accept() override;

 private:
  QLineEdit* url_ = nullptr;
  QLineEdit* database_ = nullptr;
  QLabel* error_ = nullptr;
};

}  // namespace saker::inspector
