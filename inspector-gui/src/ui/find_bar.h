// The find bar (Ctrl+F), as Wireshark's: what to look for (a display filter, a string in the
// list's rows or in the event's details), case sensitivity, Find next and previous (Enter and
// Shift+Enter in the bar, F3 and Shift+F3 anywhere), and the last search's outcome. The search
// itself is the main window's (find_events.h); Escape hides the bar.
#pragma once

#include <QWidget>

#include "find_events.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace saker::inspector {

class FindBar : public QWidget {
  Q_OBJECT
 public:
  explicit FindBar(QWidget* parent = nullptr);

  FindMode mode() const;
  void setMode(FindMode mode);
  QString text() const;
  void setText(const QString& text);
  bool caseSensitive() const;
  void setCaseSensitive(bool on);
  // A display filter that does not compile (the bar shows where).
  bool isValid() const { return valid_; }
  // Shows the bar, focused, its text selected.
  void activate();
  void setMessage(const QString& text, bool error = false);
  QString message() const;
  QLineEdit* lineEdit() const { return edit_; }
  QComboBox* modeBox() const { return mode_; }

 signals:
  void findRequested(bool backward);

 protected:
  bool eventFilter(QObject* obj, QEvent* ev) override;

 private:
  void validate();

  QComboBox* mode_;
  QLineEdit* edit_;
  QCheckBox* case_;
  QLabel* message_;
  bool valid_ = true;
};

}  // namespace saker::inspector
