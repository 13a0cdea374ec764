// A decoded event: header fields and parameter spans pointing into the reader's buffers.
// Valid until the next call to Reader::next(); nothing is copied.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "saker/scap/event_table.h"

namespace saker::scap {

inline constexpr uint32_t kMaxParams = 32;

struct Param {
  const uint8_t* data = nullptr;
  uint32_t len = 0;

  bool empty() const { return len == 0; }
  template <typename T>
  T as() const {  // fixed-size value; 0 when the parameter is too short
    T v{};
    if (len >= sizeof(T)) std::memcpy(&v, data, sizeof(T));
    return v;
  }
  std::string_view bytes() const { return {reinterpret_cast<const char*>(data), len}; }
  // A CHARBUF/FSPATH value without its terminating NUL.
  std::string_view str() const {
    auto s = bytes();
    if (!s.empty() && s.back() == '\0') s.remove_suffix(1);
    return s;
  }
};

// What current libs do with an event (docs/decisions.md, "Event numbering").
enum class EventFate : uint8_t {
  kReturned,    // libs return it to the consumer and number it
  kParserOnly,  // libs number it and parse it for state, but never return it (initial state
                // events, the enter events libs still use, state-only events)
  kDropped,     // libs' converter drops it (old enter events whose parameters complete the
                // exit): no number, no parsing; delivered only with ReaderOptions::deliver_dropped
};

struct EventView {
  uint64_t num = 0;     // libs' evt.num: 1-based, 0 for dropped events (see docs/decisions.md)
  uint64_t offset = 0;  // stream offset of the event's block
  uint64_t ts = 0;      // ns since the epoch
  uint64_t tid = 0;
  uint16_t type = 0;
  uint16_t cpu = 0;
  uint32_t dump_flags = 0;  // EVF blocks only
  uint32_t block_type = 0;
  uint32_t section = 0;  // 0-based section index
  uint32_t nparams = 0;  // parameters present (after conversion)
  uint32_t wire_nparams = 0;
  uint16_t wire_type = 0;      // the type as stored, before an old version was upgraded
  bool converted = false;      // params differ from the raw bytes (old version upgraded or merged)
  bool initial_state = false;  // a state event before the first syscall event (users, containers)
  EventFate fate = EventFate::kReturned;
  const EventInfo* info = nullptr;
  const uint8_t* raw = nullptr;  // the stored event record (v1 or v2 header)
  uint32_t raw_len = 0;
  std::array<Param, kMaxParams> params{};

  EventType event_type() const { return static_cast<EventType>(type); }
  bool is_enter() const { return (type & 1) == 0; }
  // Libs return this event: printers, filters, rules, search and the inspector see only these.
  bool returned() const { return fate == EventFate::kReturned; }
  char dir() const { return is_enter() ? '>' : '<'; }
  std::string_view name() const { return info->name; }
  // The parameter named `pname` in the table, or nullptr.
  const Param* param(std::string_view pname) const {
    for (uint32_t i = 0; i < nparams && i < info->params.size(); ++i)
      if (info->params[i].name == pname) return &params[i];
    return nullptr;
  }
};

}  // namespace saker::scap
