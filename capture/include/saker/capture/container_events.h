// The container JSON events of a recording, kept so that every file it starts (a rotation, a
// triggered capture) opens with the containers known so far, as initial-state events.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "saker/scap/event.h"
#include "saker/scap/writer.h"

namespace saker::capture {

// Builds a container JSON event (CONTAINER_JSON_2, tid -1 as libs write it) in `b`.
const scap::EventView& container_event(scap::EventBuilder& b, std::string_view json, uint64_t ts);

class ContainerEvents {
 public:
  // Keeps `ev` if it is a container JSON event (the newest one per container); false otherwise.
  bool remember(const scap::EventView& ev);
  // Writes every kept container at `ts`.
  void write_all(scap::Writer& w, uint64_t ts);
  size_t size() const { return by_id_.size(); }

 private:
  std::map<std::string, std::string> by_id_;
  scap::EventBuilder builder_;
};

}  // namespace saker::capture
