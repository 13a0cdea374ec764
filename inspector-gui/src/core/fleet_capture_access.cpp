#include "fleet_capture_access.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace saker::inspector {

CaptureAccess capture_access(const fleet::FleetCapture& capture) {
  CaptureAccess out;
  out.path = QString::fromStdString(capture.path);
  const QString host = QString::fromStdString(capture.host);
  const QFileInfo fi(out.path);
  auto tr = [](const char* s) { return QCoreApplication::translate("CaptureAccess", s); };
  if (out.path.isEmpty() || !fi.exists()) {
    out.message = tr("The capture %1 is on host %2 at %3 and not reachable here.")
                      .arg(QString::fromStdString(capture.name), host, out.path);
  } else if (!fi.isFile() || static_cast<uint64_t>(fi.size()) != capture.size) {
    // Same path, other file (another machine's capture of the same name, or it was rotated).
    out.message = tr("The capture %1 is on host %2 at %3 and not reachable here: the file at that path "
                     "here is another one (%4 bytes; the shipped capture has %5).")
                      .arg(QString::fromStdString(capture.name), host, out.path, QString::number(fi.size()),
                           QString::number(capture.size));
  } else {
    out.reachable = true;
  }
  return out;
}

}  // namespace saker::inspector
