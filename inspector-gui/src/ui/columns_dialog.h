// View > Columns: the list's columns in order, each shown or hidden and with an optional
// title, and a field chooser with search over every field the filter language knows (fields
// with arguments, `proc.aname[2]`, `evt.arg.fd`, are typed in the search box and added).
#pragma once

#include <QDialog>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

class QLineEdit;
class QListWidget;
class QTreeWidget;

namespace saker::inspector {

struct ColumnChoice {
  QString field;
  QString title;  // empty: the field's name
  bool shown = true;
  bool operator==(const ColumnChoice&) const = default;
};

class ColumnsDialog : public QDialog {
  Q_OBJECT
 public:
  // `check`: why a field text is not a field ("" when it is).
  ColumnsDialog(std::vector<ColumnChoice> current, std::function<QString(const QString&)> check,
                QWidget* parent = nullptr);

  std::vector<ColumnChoice> choices() const;
  // The field chooser: shows the fields whose name or description contains `text`.
  void search(const QString& text);
  // Fields the chooser shows now.
  QStringList shownFields() const;
  // Adds `field` (a listed field or typed text) at the end; an error text when it is no field.
  QString addField(const QString& field);
  void setTitle(int row, const QString& title);
  void setShown(int row, bool shown);
  void moveRow(int row, int by);
  void removeRow(int row);

 private:
  void addSelectedField();
  void editTitle();
  void accept() override;
  void refreshItem(int row);

  std::vector<ColumnChoice> columns_;
  std::function<QString(const QString&)> check_;
  QListWidget* list_;
  QLineEdit* search_;
  QTreeWidget* fields_;
};

// Nothing when cancelled.
std::optional<std::vector<ColumnChoice>> ask_columns(QWidget* parent, std::vector<ColumnChoice> current,
                                                     std::function<QString(const QString&)> check);

}  // namespace saker::inspector
