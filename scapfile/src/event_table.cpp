#include "saker/scap/event_table.h"

namespace saker::scap {

namespace {
#include "event_table_data.inc"

static_assert(std::size(kEvents) == kEventTypeCount, "the event table must cover every id");

constexpr EventInfo kUnknownEvent{"unknown", "", 0, 0, {}, kUnknownTo2022, EventType::GenericE};
}  // namespace

namespace detail {
const EventInfo* const kEventInfos = kEvents;
const EventInfo& kUnknownEventInfo = kUnknownEvent;
}  // namespace detail

std::span<const EventInfo> event_table() {
  return kEvents;
}

std::string_view syscall_name(uint16_t ppm_sc) {
  return ppm_sc < std::size(kSyscallNames) ? kSyscallNames[ppm_sc] : std::string_view{};
}

}  // namespace saker::scap
