// The container.* field class: the event's container, from container metadata events and
// cgroup paths, with the values and absences of Falco 0.39.2's built-in container engine.
#include <fmt/format.h>

#include "fields/field_container.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using replay::Container;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

bool text(std::string_view s, FieldValue& v) {
  if (s.empty()) return false;
  v.s = s;
  return true;
}

bool x_id(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.indexed) return c.indexed->has_container && (v.s = c.indexed->container_id, true);
  EventContainer k = event_container(c);
  if (!k.known) return false;
  v.s = k.host ? std::string_view("host") : k.id;
  return true;
}

// Fields that are "host" on the host and the metadata's text (none when empty) elsewhere.
template <std::string Container::*Member>
bool x_host_or_text(Ctx c, Ref, FieldValue& v, std::string&) {
  EventContainer k = event_container(c);
  if (!k.known) return false;
  if (k.host) return v.s = "host", true;
  return k.info && text(k.info->*Member, v);
}

// Fields with no value on the host and the metadata's text (none when empty) elsewhere.
template <std::string Container::*Member>
bool x_text(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  return k && text(k->*Member, v);
}

bool x_privileged(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  // libs know the privileged status of docker-compatible runtimes only.
  if (!k || (k->type != "docker" && k->type != "podman")) return false;
  return v.i = k->privileged, true;
}

// libs' container start: the thread's pid namespace init start time.
bool x_start_ts(Ctx c, Ref, FieldValue& v, std::string&) {
  EventContainer k = event_container(c);
  if (k.host || !k.thread || !k.thread->usage.pidns_init_start_ts) return false;
  return v.u = k.thread->usage.pidns_init_start_ts, true;
}
bool x_duration(Ctx c, Ref, FieldValue& v, std::string&) {
  EventContainer k = event_container(c);
  if (k.host || !k.thread || !k.thread->clone_ts) return false;
  return v.u = c.ev->ts - k.thread->usage.pidns_init_start_ts, true;
}

bool x_ip(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  if (!k) return false;
  return v.s = k->ip.empty() ? std::string_view("0.0.0.0") : std::string_view(k->ip), true;
}
bool x_cni_json(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  return k && (v.s = k->cni_json, true);
}

template <replay::ContainerProbe P>
bool x_probe(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  if (!k) return false;
  const auto i = static_cast<unsigned>(P);
  v.s = (k->probe_present & (1u << i)) ? std::string_view(k->probes[i]) : std::string_view("NONE");
  return true;
}

template <bool Container::*Member>
bool x_flag(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  return k && (v.i = k->*Member, true);
}

bool x_label(Ctx c, Ref r, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  if (!k) return false;
  auto it = k->labels.find(r.name_arg);
  return it != k->labels.end() && (v.s = it->second, true);
}

bool x_labels(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const Container* k = event_container_info(c);
  if (!k) return false;
  append_labels(k->labels, scratch);
  return v.s = scratch, true;
}

bool x_mounts(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const Container* k = event_container_info(c);
  if (!k) return false;
  scratch.clear();
  for (const auto& m : k->mounts) {
    if (!scratch.empty()) scratch += ',';
    fmt::format_to(std::back_inserter(scratch), "{}:{}:{}:{}:{}", m.source, m.destination, m.mode,
                   m.rw ? "true" : "false", m.propagation);
  }
  return v.s = scratch, true;
}

using replay::ContainerProbe;

const FieldDef kContainerFields[] = {
    {"container.id", FieldType::String, FieldArg::None,
     "container id (12 characters), \"host\" outside containers", x_id},
    {"container.full_id", FieldType::String, FieldArg::None, "full container id",
     x_host_or_text<&Container::full_id>},
    {"container.name", FieldType::String, FieldArg::None, "container name, \"host\" outside containers",
     x_host_or_text<&Container::name>},
    {"container.image", FieldType::String, FieldArg::None, "image name", x_text<&Container::image>},
    {"container.image.id", FieldType::String, FieldArg::None, "image id", x_text<&Container::image_id>},
    {"container.image.repository", FieldType::String, FieldArg::None, "image repository",
     x_text<&Container::image_repo>},
    {"container.image.tag", FieldType::String, FieldArg::None, "image tag", x_text<&Container::image_tag>},
    {"container.image.digest", FieldType::String, FieldArg::None, "image digest",
     x_text<&Container::image_digest>},
    {"container.type", FieldType::String, FieldArg::None, "runtime: docker, cri-o, containerd, podman, ...",
     x_host_or_text<&Container::type>},
    {"container.privileged", FieldType::Bool, FieldArg::None,
     "the container runs privileged (docker and podman containers)", x_privileged},
    {"container.start_ts", FieldType::AbsTime, FieldArg::None,
     "container start: the start of the pid namespace's init process", x_start_ts},
    {"container.duration", FieldType::RelTime, FieldArg::None, "ns since the container started", x_duration},
    {"container.ip", FieldType::String, FieldArg::None, "container IPv4 address (0.0.0.0 when unknown)",
     x_ip},
    {"container.cni.json", FieldType::String, FieldArg::None, "the pod sandbox's CNI result (JSON)",
     x_cni_json},
    {"container.healthcheck", FieldType::String, FieldArg::None,
     "the container's health check command line, NONE without one", x_probe<ContainerProbe::Healthcheck>},
    {"container.liveness_probe", FieldType::String, FieldArg::None,
     "the container's liveness probe command line, NONE without one", x_probe<ContainerProbe::Liveness>},
    {"container.readiness_probe", FieldType::String, FieldArg::None,
     "the container's readiness probe command line, NONE without one", x_probe<ContainerProbe::Readiness>},
    {"container.host_pid", FieldType::Bool, FieldArg::None, "the container shares the host's pid namespace",
     x_flag<&Container::host_pid>},
    {"container.host_network", FieldType::Bool, FieldArg::None,
     "the container shares the host's network namespace", x_flag<&Container::host_network>},
    {"container.host_ipc", FieldType::Bool, FieldArg::None, "the container shares the host's IPC namespace",
     x_flag<&Container::host_ipc>},
    {"container.label", FieldType::String, FieldArg::Name, "a container label: container.label[name]",
     x_label},
    {"container.labels", FieldType::String, FieldArg::None,
     "the container's labels, key:value, comma separated (without annotations and io.kubernetes.*)",
     x_labels},
    {"proc.is_container_healthcheck", FieldType::Bool, FieldArg::None,
     "deprecated in the container plugin: no value", no_value},
    {"proc.is_container_liveness_probe", FieldType::Bool, FieldArg::None,
     "deprecated in the container plugin: no value", no_value},
    {"proc.is_container_readiness_probe", FieldType::Bool, FieldArg::None,
     "deprecated in the container plugin: no value", no_value},
    {"container.mounts", FieldType::String, FieldArg::None,
     "mounts as source:dest:mode:rw:propagation, comma separated", x_mounts},
};

}  // namespace

std::span<const FieldDef> container_fields() {
  return kContainerFields;
}

}  // namespace saker::query
