#include "saker/scap/event_numbering.h"

#include <array>
#include <string_view>

#include "saker/scap/block_types.h"

namespace saker::scap {

namespace {

// State events that libs consume while opening a capture when they come first
// (sinsp::consume_initialstate_events): numbered, parsed, never returned.
bool is_initial_state_type(EventType type) {
  switch (type) {
    case EventType::ContainerJson_2E:
    case EventType::UserAddedE:
    case EventType::UserDeletedE:
    case EventType::GroupAddedE:
    case EventType::GroupDeletedE:
    case EventType::AsynceventE:
      return true;
    default:
      return false;
  }
}

// Enter events that libs' converter passes although it manages their type (C_ACTION_PASS or
// C_ACTION_STORE_AND_PASS at the end of their conversion chain), by libs' enum name
// (userspace/libscap/engine/savefile/converter/table.cpp). The parser uses them (TOCTOU
// mitigation, fallback parameters), then sinsp_evt_filter filters them out.
bool parser_only_enter(std::string_view e) {
  return e == "PPME_SYSCALL_OPEN_E" || e == "PPME_SYSCALL_CREAT_E" || e == "PPME_SYSCALL_OPENAT_2_E" ||
         e == "PPME_SYSCALL_OPENAT2_E" || e == "PPME_SOCKET_CONNECT_E" || e == "PPME_SYSCALL_EXECVEAT_E" ||
         (e.starts_with("PPME_SYSCALL_EXECVE_") && e.ends_with("_E"));
}

// Managed enter events whose conversion ends in another type libs returns.
bool returned_managed_enter(std::string_view e) {
  return e == "PPME_CONTAINER_E" || e == "PPME_CONTAINER_JSON_E" || e == "PPME_SCHEDSWITCH_1_E" ||
         e == "PPME_PROCEXIT_E";
}

}  // namespace

namespace {

// test_event_convertibility() and the conversion table, evaluated once per type at static
// initialization (the event table is constant data): read on every event, without a guard.
std::array<EventFate, kEventTypeCount> build_fates() {
  std::array<EventFate, kEventTypeCount> out{};
  auto table = event_table();
  for (uint16_t t = 0; t < kEventTypeCount; ++t) {
    const auto& info = table[t];
    EventFate f = EventFate::kReturned;
    if (info.flags & kUnused) {
      f = EventFate::kDropped;
    } else if (is_enter(t)) {
      if (!(info.flags & kConverterManaged)) {
        if (info.flags & kOldVersion) f = EventFate::kDropped;
      } else if (parser_only_enter(info.enum_name)) {
        f = EventFate::kParserOnly;
      } else if (!returned_managed_enter(info.enum_name)) {
        f = EventFate::kDropped;
      }
    }
    out[t] = f;
  }
  return out;
}

const std::array<EventFate, kEventTypeCount> kFates = build_fates();

}  // namespace

EventFate converter_fate(uint16_t wire_type) {
  return wire_type < kEventTypeCount ? kFates[wire_type] : EventFate::kDropped;
}

void EventNumbering::assign(EventView& ev) {
  ev.fate = converter_fate(ev.wire_type);
  ev.initial_state = false;
  if (ev.fate == EventFate::kDropped) {
    // scap_next() reports it filtered: the initial state ends, no number.
    ev.num = 0;
    seen_regular_ = true;
    return;
  }
  ev.num = next_++;  // sinsp::next numbers every event scap passes (m_nevts)
  if (!seen_regular_ && is_initial_state_type(ev.event_type())) {
    ev.initial_state = true;
    ev.fate = EventFate::kParserOnly;
    return;
  }
  seen_regular_ = true;
  if (ev.dump_flags & kDumpFlagStateOnly) ev.fate = EventFate::kParserOnly;
}

}  // namespace saker::scap
