#include "capture_identity.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace saker::inspector {

namespace {
constexpr qint64 kPart = qint64{1} << 20;
}  // namespace

QString CaptureIdentity::key() const {
  QCryptographicHash h(QCryptographicHash::Sha256);
  h.addData(path.toUtf8());
  h.addData(QByteArray(1, '\0'));
  h.addData(QByteArray::number(size));
  h.addData(QByteArray(1, '\0'));
  h.addData(hash.toLatin1());
  return QString::fromLatin1(h.result().toHex());
}

std::optional<CaptureIdentity> capture_identity(const QString& path, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    return std::nullopt;
  }
  CaptureIdentity id;
  id.path = QFileInfo(path).absoluteFilePath();
  id.size = f.size();
  QCryptographicHash h(QCryptographicHash::Sha256);
  h.addData(QByteArray::number(id.size));
  h.addData(QByteArray(1, '\0'));
  const QByteArray head = f.read(std::min(id.size, kPart));
  h.addData(head);
  const qint64 tail = std::min(id.size - head.size(), kPart);  // the last MiB, past the first
  if (tail > 0) {
    if (!f.seek(id.size - tail)) {
      if (error) *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
      return std::nullopt;
    }
    const QByteArray end = f.read(tail);
    if (end.size() != tail) {
      if (error) *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
      return std::nullopt;
    }
    h.addData(end);
  }
  if (head.size() != std::min(id.size, kPart)) {
    if (error) *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    return std::nullopt;
  }
  id.hash = QString::fromLatin1(h.result().toHex());
  return id;
}

std::optional<CaptureIdentity> merged_capture_identity(const QStringList& paths, QString* error) {
  CaptureIdentity id;
  QStringList absolute;
  QCryptographicHash h(QCryptographicHash::Sha256);
  h.addData(QByteArrayLiteral("merge"));
  for (const QString& p : paths) {
    auto one = capture_identity(p, error);
    if (!one) return std::nullopt;
    absolute << one->path;
    id.size += one->size;
    h.addData(QByteArray(1, '\0'));
    h.addData(QByteArray::number(one->size));
    h.addData(QByteArray(1, '\0'));
    h.addData(one->hash.toLatin1());
  }
  id.path = absolute.join(QStringLiteral(" + "));
  id.hash = QString::fromLatin1(h.result().toHex());
  return id;
}

}  // namespace saker::inspector
