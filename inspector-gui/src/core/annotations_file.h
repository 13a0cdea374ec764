// The annotations file: one capture's marks, comments and ignored events as JSON, the format
// of File > Export annotations and of the copy kept in the user's data folder:
//
//   {"saker_inspector_annotations": 1,
//    "capture": {"path": "/cases/42/host.scap", "size": 139584, "hash": "9f86...",
//                "hash_method": "sha256(size, first MiB, last MiB)"},
//    "events": [{"num": 12, "marked": true, "ignored": false, "comment": "the dropper"}]}
//
// Events are listed by number, ascending; "marked", "ignored" and "comment" may be left out
// when reading (false, false, none).
#pragma once

#include <QString>
#include <string>

#include "annotations.h"
#include "capture_identity.h"

namespace saker::inspector {

inline constexpr int kAnnotationsFormatVersion = 1;

struct AnnotationsRead {
  QString error;  // "FILE:LINE:COLUMN: message" for bad JSON, "FILE: message" otherwise
  CaptureIdentity capture;
  Annotations annotations;
  bool ok() const { return error.isEmpty(); }
};

// The file's text.
std::string annotations_json(const CaptureIdentity& capture, const Annotations& annotations);
// Parses `text` read from `name` (named in errors). Event numbers must be 1 to `max_event`.
AnnotationsRead parse_annotations(const QString& name, const std::string& text,
                                  uint64_t max_event = UINT32_MAX);
AnnotationsRead read_annotations_file(const QString& path, uint64_t max_event = UINT32_MAX);
// Writes the file whole or not at all (a temporary file renamed over it); "" or the error.
QString write_annotations_file(const QString& path, const CaptureIdentity& capture,
                               const Annotations& annotations);

}  // namespace saker::inspector
