#include "annotation_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace saker::inspector {

QString stored_annotations_path(const CaptureIdentity& capture) {
  const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  return QDir(base).filePath(QStringLiteral("annotations/%1.json").arg(capture.key()));
}

AnnotationsRead load_stored_annotations(const CaptureIdentity& capture) {
  const QString path = stored_annotations_path(capture);
  if (!QFile::exists(path)) {
    AnnotationsRead none;
    none.capture = capture;
    return none;
  }
  return read_annotations_file(path);
}

QString store_annotations(const CaptureIdentity& capture, const Annotations& annotations) {
  const QString path = stored_annotations_path(capture);
  if (annotations.empty()) {
    if (QFile::exists(path) && !QFile::remove(path)) return QStringLiteral("cannot remove %1").arg(path);
    return {};
  }
  const QString dir = QFileInfo(path).absolutePath();
  if (!QDir().mkpath(dir)) return QStringLiteral("cannot make the folder %1").arg(dir);
  return write_annotations_file(path, capture, annotations);
}

}  // namespace saker::inspector
