// The filter bar: a Falco filter with live validation (green when it compiles, red with
// the error and its column otherwise), field-name completion and a remembered history.
#pragma once

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QLabel;
class QCompleter;
class QToolButton;

namespace saker::inspector {

class FilterBar : public QWidget {
  Q_OBJECT
 public:
  explicit FilterBar(QWidget* parent = nullptr);

  QString text() const;
  void setText(const QString& text);
  bool isValid() const { return valid_; }
  QString errorText() const;
  QLineEdit* lineEdit() const { return edit_; }
  QCompleter* completer() const { return completer_; }
  const QStringList& history() const { return history_; }
  void setHistory(const QStringList& h) { history_ = h; }

 public slots:
  // Emits applied() when the text is valid; remembers it in the history.
  void apply();

 signals:
  void applied(const QString& filter);
  void historyChanged(const QStringList& history);

 protected:
  bool eventFilter(QObject* obj, QEvent* ev) override;

 private:
  void validate();
  void complete();
  void insertCompletion(const QString& word);
  void showHistoryMenu();

  QLineEdit* edit_;
  QLabel* status_;
  QString message_;  // the whole message (the label may show it cut)
  QCompleter* completer_;
  QToolButton* historyButton_;
  QStringList history_;
  int historyPos_ = -1;
  bool valid_ = true;
};

}  // namespace saker::inspector
