#include "saker/capture/container_events.h"

#include <nlohmann/json.hpp>

#include "saker/capture/container_metadata.h"

namespace saker::capture {

const scap::EventView& container_event(scap::EventBuilder& b, std::string_view json, uint64_t ts) {
  return b.begin(scap::EventType::ContainerJson_2E, ts, ~uint64_t{0}).str(json).view();
}

bool ContainerEvents::remember(const scap::EventView& ev) {
  if (ev.event_type() != scap::EventType::ContainerJson_2E || ev.nparams < 1) return false;
  std::string_view text = ev.params[0].str();
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return true;
  auto c = j.find("container");
  if (c == j.end() || !c->is_object()) return true;
  auto id = c->find("id");
  if (id == c->end() || !id->is_string()) return true;
  by_id_[id->get<std::string>()] = std::string(text);
  return true;
}

void ContainerEvents::write_all(scap::Writer& w, uint64_t ts) {
  for (const auto& [id, json] : by_id_) w.write_event(container_event(builder_, json, ts));
}

}  // namespace saker::capture
