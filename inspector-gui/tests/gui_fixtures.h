// What the inspector's GUI tests share: the shell sample, how long to wait for a pass, a
// file written for a test, and screenshots saved in the build tree.
#pragma once

#include <QFile>
#include <QImage>
#include <QString>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

#include "oracle.h"

namespace saker::inspector::test {

inline const QString kShell = SAKER_SAMPLES_DIR "/shell-session.scap";
constexpr int kWait = 30000;

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
