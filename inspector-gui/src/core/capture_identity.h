// Which capture a set of annotations belongs to: the file's absolute path, its size and a
// cheap hash of its content (SHA-256 over the size and the file's first and last MiB), read
// in a few milliseconds whatever the capture's size. Two files with the same size and hash
// hold the same capture (a copy), wherever they are.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace saker::inspector {

// How CaptureIdentity::hash is made (written beside it in annotation files).
inline constexpr const char* kIdentityHashMethod = "sha256(size, first MiB, last MiB)";

struct CaptureIdentity {
  QString path;  // absolute
  qint64 size = 0;
  QString hash;  // lowercase hex

  // The same content: size and hash (the path may differ, as for a copy).
  bool sameContent(const CaptureIdentity& o) const { return size == o.size && hash == o.hash; }
  bool operator==(const CaptureIdentity& o) const { return path == o.path && sameContent(o); }
  // A file name for this identity (hex SHA-256 of path, size and hash): the annotation store's.
  QString key() const;
};

// Reads the file's first and last MiB; nothing (and `error` set) when it cannot be read.
std::optional<CaptureIdentity> capture_identity(const QString& path, QString* error = nullptr);

// Several captures opened merged (File > Open merged...): the merge is a function of its inputs
// in their order, so it is known by them, before it is written. Path: the inputs' absolute
// paths joined by " + "; size: the sum of theirs; hash: SHA-256 of "merge" and each input's
// size and hash in order. The same inputs, copied elsewhere, have the same content identity.
std::optional<CaptureIdentity> merged_capture_identity(const QStringList& paths, QString* error = nullptr);

}  // namespace saker::inspector
