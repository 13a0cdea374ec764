// The four event classes the inspector colours rows and stacks the timeline by.
#pragma once

#include <cstdint>

#include "saker/scap/event.h"

namespace saker::replay {
struct FdInfo;
}

namespace saker::inspector {

enum class EventClass : uint8_t { Process = 0, File = 1, Network = 2, Other = 3 };
inline constexpr int kEventClassCount = 4;

const char* event_class_name(EventClass c);

// Reads and writes take the class of their fd (a socket is network, a file is file).
EventClass classify_event(const scap::EventView& ev, const replay::FdInfo* fd);

}  // namespace saker::inspector
