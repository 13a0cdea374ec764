// Events > Follow fd, as Wireshark's Follow Stream: the bytes one fd carried, reads in blue and
// writes in red, each chunk headed by its event, a marker where the capture cut the data short;
// shown as ASCII, UTF-8, a hex dump or raw hex, one side or both; find, save, filter on or out,
// and the previous or next stream of the capture.
#pragma once

#include <QDialog>

#include "follow_fd.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace saker::inspector {

class FollowFdDialog : public QDialog {
  Q_OBJECT
 public:
  // `protect`: files Save as never writes over (the capture and its plain copy).
  FollowFdDialog(const FdKey& key, FollowResult stream, std::vector<std::string> protect,
                 QWidget* parent = nullptr);

  // Shows another stream of the capture (after streamRequested), keeping format, side and find.
  void setStream(const FdKey& key, FollowResult stream);
  const FdKey& key() const { return key_; }
  const FollowResult& stream() const { return stream_; }
  void setFormat(StreamFormat format);
  void setSide(StreamSide side);
  QString shownText() const;
  // Finds `text` after (before) the cursor, wrapping; false when it is nowhere.
  bool find(const QString& text, bool backward = false);
  // Saves what is shown to `path` ("" when saved, else why not).
  QString saveTo(const QString& path);

 signals:
  // The stream at `index` of stream().streams: the window runs the pass and calls setStream.
  void streamRequested(const saker::inspector::FdKey& key);
  // A filter for the event list: this stream's events, or everything else.
  void filterRequested(const QString& filter, bool exclude);

 private:
  void render();
  void requestIndex(int index);
  void saveDialog();

  FdKey key_;
  FollowResult stream_;
  std::vector<std::string> protect_;
  QPlainTextEdit* text_;
  QComboBox* side_;
  QComboBox* format_;
  QLineEdit* find_;
  QSpinBox* index_;
  QPushButton *prev_, *next_;
  QLabel* summary_;
};

}  // namespace saker::inspector
