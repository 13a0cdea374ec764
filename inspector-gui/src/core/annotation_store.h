// Where a capture's annotations are kept between runs: one annotations file per capture
// identity (annotations_file.h) in the user's data folder (QStandardPaths::AppDataLocation,
// `~/.local/share/Saker/saker-inspector/annotations/`), never beside the capture: evidence
// folders stay as they were.
#pragma once

#include <QString>

#include "annotations_file.h"

namespace saker::inspector {

// The file that holds `capture`'s annotations: <data folder>/annotations/<identity key>.json.
QString stored_annotations_path(const CaptureIdentity& capture);

// The annotations kept for `capture` (none when nothing was kept). A kept file that cannot be
// read is an error; the annotations are then empty.
AnnotationsRead load_stored_annotations(const CaptureIdentity& capture);

// Keeps `annotations` for `capture` (no annotations: the kept file is removed). "" or the error.
QString store_annotations(const CaptureIdentity& capture, const Annotations& annotations);

}  // namespace saker::inspector
