// Terminal session playback: what a terminal showed, command by command, replayed at
// capture pace (gaps capped at a second) or shown at once; a slider scrubs through it.
#pragma once

#include <QDialog>

#include "terminal_sessions.h"

class QComboBox;
class QPlainTextEdit;
class QSlider;
class QPushButton;
class QLabel;
class QTimer;

namespace saker::inspector {

class TerminalDialog : public QDialog {
  Q_OBJECT
 public:
  TerminalDialog(TermResult sessions, QWidget* parent = nullptr);
  int sessionCount() const { return static_cast<int>(result_.sessions.size()); }
  QString text() const;
  int position() const { return pos_; }
  void setSession(int i);
  void setPosition(int chunks);
  void showAll();
  void play();

 private:
  void step();
  void refresh();

  TermResult result_;
  int session_ = 0;
  int pos_ = 0;
  QComboBox* sessions_;
  QPlainTextEdit* screen_;
  QSlider* slider_;
  QPushButton* play_;
  QLabel* where_;
  QTimer* timer_;
};

}  // namespace saker::inspector
