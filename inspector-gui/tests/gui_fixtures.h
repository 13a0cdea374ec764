// What the inspector's GUI tests share: the shell sample, how long to wait for a pass, a
// window opened on a capture, a file written for a test, and screenshots saved in the build
// tree.
#pragma once

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

#include "main_window.h"
#include "oracle.h"

namespace saker::inspector::test {

inline const QString kShell = SAKER_SAMPLES_DIR "/shell-session.scap";
constexpr int kWait = 30000;

// Shows the window (not interactive: errors are kept, not shown in dialogs), opens `capture`
// and waits until it is loaded and every pass after it is done.
inline void open_sample(MainWindow& w, QSize size = {1280, 720}, const QString& capture = kShell) {
  w.setInteractive(false);
  w.resize(size);
  w.show();
  QSignalSpy loaded(&w, &MainWindow::loadFinished);
  w.openCapture(capture);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kWait);
  QTRY_VERIFY_WITH_TIMEOUT(!w.busy(), kWait);
}

inline QString write_file(QTemporaryDir& dir, const QString& name, const QByteArray& text) {
  QFile f(dir.filePath(name));
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(text);
  return f.fileName();
}

inline void save_shot(QWidget* w, const QString& name) {
  QImage img = w->grab().toImage();
  QVERIFY(!img.isNull());
  QVERIFY(img.save(QString(SAKER_SCREENSHOT_DIR) + "/" + name));
  if (qEnvironmentVariableIsSet("SAKER_SCREENSHOT_OUT") && name == "inspector-shell-session.png")
    QVERIFY(img.save(qEnvironmentVariable("SAKER_SCREENSHOT_OUT")));
}

}  // namespace saker::inspector::test
