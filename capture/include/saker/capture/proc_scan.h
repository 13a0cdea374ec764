// A snapshot of the running system as capture metadata, so a recording starts
// self-contained: machine, interfaces, users, groups, every thread and every open fd.
#pragma once

#include "saker/scap/metadata.h"

namespace saker::capture {

// Reads /proc, /etc/passwd and /etc/group (through NSS) and the interfaces. Processes that
// exit during the scan are skipped.
scap::Metadata scan_system();

}  // namespace saker::capture
