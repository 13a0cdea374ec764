// Helpers to compare events read from two captures.
#pragma once

#include <string>
#include <vector>

#include "saker/scap/event.h"
#include "saker/scap/reader.h"

namespace saker::test {

struct OwnedEvent {
  uint64_t num = 0, ts = 0, tid = 0;
  uint16_t type = 0, cpu = 0;
  uint32_t dump_flags = 0;
  std::vector<std::string> params;

  scap::EventType event_type() const { return static_cast<scap::EventType>(type); }
  bool operator==(const OwnedEvent&) const = default;
};

inline OwnedEvent own(const scap::EventView& ev) {
  OwnedEvent o{ev.num, ev.ts, ev.tid, ev.type, ev.cpu, ev.dump_flags, {}};
  for (uint32_t i = 0; i < ev.nparams; ++i) o.params.emplace_back(ev.params[i].bytes());
  return o;
}

// Every stored event of a capture, the ones libs' converter drops included.
inline std::vector<OwnedEvent> read_all(const std::string& path, std::string* error = nullptr) {
  std::vector<OwnedEvent> out;
  scap::ReaderOptions every;
  every.deliver_dropped = true;
  scap::Reader r(path, every);
  scap::EventView ev;
  try {
    while (r.next(ev)) out.push_back(own(ev));
  } catch (const std::exception& e) {
    if (!error) throw;
    *error = e.what();
  }
  return out;
}

inline std::string describe(const OwnedEvent& e) {
  std::string s = "#" + std::to_string(e.num) + " type " + std::to_string(e.type) + " tid " +
                  std::to_string(e.tid) + " ts " + std::to_string(e.ts) + " params";
  for (const auto& p : e.params) s += " [" + std::to_string(p.size()) + "]";
  return s;
}

}  // namespace saker::test
