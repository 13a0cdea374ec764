// The container an event's container.* and k8s.* fields describe, as Falco 0.39.2 (libs
// 0.18.2, the last with a built-in container engine) found it.
#pragma once

#include <map>
#include <string>

#include "fields/field_thread.h"
#include "saker/scap/event_table.h"

namespace saker::query {

inline bool is_container_metadata_event(uint16_t type) {
  using scap::EventType;
  return type == scap::type_id(EventType::ContainerE) || type == scap::type_id(EventType::ContainerJsonE) ||
         type == scap::type_id(EventType::ContainerJson_2E);
}

struct EventContainer {
  bool known = false;  // the event has a thread (or is a container metadata event)
  bool host = false;   // libs' is_host: no container id and not in a pid namespace
  std::string_view id;
  const replay::Container* info = nullptr;
  const replay::ThreadInfo* thread = nullptr;  // null for a container metadata event
};

// A container metadata event describes its own container: libs 0.18.2 gave it a thread of that
// container (tid -1, no start time). Other events: their thread's container.
inline EventContainer event_container(const EvalContext& c) {
  EventContainer out;
  if (!c.state) return out;
  if (is_container_metadata_event(c.ev->type) && !c.state->event_container_id().empty()) {
    out.known = true;
    out.id = c.state->event_container_id();
  } else {
    out.thread = event_thread(c);
    if (!out.thread) return out;
    out.known = true;
    out.id = out.thread->container_id;
    out.host = out.id.empty() && !in_pid_namespace(*out.thread);
  }
  if (!out.id.empty()) out.info = c.state->container(out.id);
  return out;
}

// The event's container metadata where libs would look at it: never on the host.
inline const replay::Container* event_container_info(const EvalContext& c) {
  EventContainer k = event_container(c);
  return k.host ? nullptr : k.info;
}

// The fields libs and the container plugin still list but no longer fill.
inline bool no_value(const EvalContext&, const FieldRef&, FieldValue&, std::string&) {
  return false;
}

// libs' concatenate_container_labels: "key:value, key2", without annotations and the pod's
// identity (io.kubernetes.*).
inline void append_labels(const std::map<std::string, std::string>& labels, std::string& out) {
  out.clear();
  for (const auto& [key, val] : labels) {
    if (key.starts_with("annotation.") || key.starts_with("io.kubernetes.")) continue;
    if (!out.empty()) out += ", ";
    out += key;
    if (!val.empty()) {
      out += ':';
      out += val;
    }
  }
}

}  // namespace saker::query
