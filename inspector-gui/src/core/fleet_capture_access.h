// Whether a shipped capture can be opened here: the file at its shipped path, with the
// shipped size, on this machine; else the message saying where it is.
#pragma once

#include <QString>

#include "saker/fleet/fleet_browse.h"

namespace saker::inspector {

struct CaptureAccess {
  bool reachable = false;
  QString path;     // the capture's path (on its host)
  QString message;  // why it cannot be opened here (empty when reachable)
};

CaptureAccess capture_access(const fleet::FleetCapture& capture);

}  // namespace saker::inspector
