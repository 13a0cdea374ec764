// The container.* and k8s.* field classes: the event's container, from container metadata
// events and cgroup paths; k8s fields come from the container's Kubernetes labels.
#include <fmt/format.h>

#include "fields/field_thread.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using replay::Container;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

const replay::ThreadInfo* thread_of(Ctx c) {
  return event_thread(c);
}

const Container* container_of(Ctx c) {
  const auto* t = thread_of(c);
  if (!t || t->container_id.empty()) return nullptr;
  return c.state->container(t->container_id);
}

bool text(std::string_view s, FieldValue& v) {
  if (s.empty()) return false;
  v.s = s;
  return true;
}

bool x_id(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.indexed) return c.indexed->has_container && (v.s = c.indexed->container_id, true);
  const auto* t = thread_of(c);
  if (!t) return false;
  v.s = t->container_id.empty() ? std::string_view("host") : std::string_view(t->container_id);
  return true;
}
bool x_full_id(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* t = thread_of(c);
  if (!t) return false;
  if (t->container_id.empty()) return v.s = "host", true;
  const Container* k = c.state->container(t->container_id);
  return v.s = (k && !k->full_id.empty()) ? std::string_view(k->full_id) : std::string_view(t->container_id),
         true;
}
bool x_name(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* t = thread_of(c);
  if (!t) return false;
  if (t->container_id.empty()) return v.s = "host", true;
  const Container* k = c.state->container(t->container_id);
  return k && text(k->name, v);
}
bool x_image(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && text(k->image, v);
}
bool x_image_id(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && text(k->image_id, v);
}
bool x_image_repo(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && text(k->image_repo, v);
}
bool x_image_tag(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && text(k->image_tag, v);
}
bool x_image_digest(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && text(k->image_digest, v);
}
bool x_type(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* t = thread_of(c);
  if (!t) return false;
  if (t->container_id.empty()) return v.s = "host", true;
  const Container* k = c.state->container(t->container_id);
  return k && text(k->type, v);
}
bool x_privileged(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && k->from_metadata && (v.i = k->privileged, true);
}
bool x_start_ts(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && k->created_ts && (v.u = k->created_ts, true);
}
bool x_ip(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  return k && text(k->ip, v);
}
bool x_label(Ctx c, Ref r, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  if (!k) return false;
  auto it = k->labels.find(r.name_arg);
  return it != k->labels.end() && (v.s = it->second, true);
}
bool x_mounts(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  const Container* k = container_of(c);
  if (!k) return false;
  scratch.clear();
  for (const auto& m : k->mounts) {
    if (!scratch.empty()) scratch += ',';
    scratch += fmt::format("{}:{}:{}:{}", m.source, m.destination, m.rw ? "true" : "false", m.propagation);
  }
  return v.s = scratch, true;
}

template <const char* Label>
bool x_k8s(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  if (!k) return false;
  auto it = k->labels.find(Label);
  return it != k->labels.end() && (v.s = it->second, true);
}

constexpr char kNamespaceLabel[] = "io.kubernetes.pod.namespace";
constexpr char kPodNameLabel[] = "io.kubernetes.pod.name";
constexpr char kPodUidLabel[] = "io.kubernetes.pod.uid";
constexpr char kContainerNameLabel[] = "io.kubernetes.container.name";

const FieldDef kContainerFields[] = {
    {"container.id", FieldType::String, FieldArg::None,
     "container id (12 characters), \"host\" outside containers", x_id},
    {"container.full_id", FieldType::String, FieldArg::None, "full container id", x_full_id},
    {"container.name", FieldType::String, FieldArg::None, "container name, \"host\" outside containers",
     x_name},
    {"container.image", FieldType::String, FieldArg::None, "image name", x_image},
    {"container.image.id", FieldType::String, FieldArg::None, "image id", x_image_id},
    {"container.image.repository", FieldType::String, FieldArg::None, "image repository", x_image_repo},
    {"container.image.tag", FieldType::String, FieldArg::None, "image tag", x_image_tag},
    {"container.image.digest", FieldType::String, FieldArg::None, "image digest", x_image_digest},
    {"container.type", FieldType::String, FieldArg::None, "runtime: docker, cri-o, containerd, podman, ...",
     x_type},
    {"container.privileged", FieldType::Bool, FieldArg::None, "the container runs privileged", x_privileged},
    {"container.start_ts", FieldType::AbsTime, FieldArg::None, "container creation time", x_start_ts},
    {"container.ip", FieldType::String, FieldArg::None, "container IP address", x_ip},
    {"container.label", FieldType::String, FieldArg::Name, "a container label: container.label[name]",
     x_label},
    {"container.mounts", FieldType::String, FieldArg::None,
     "mounts as source:dest:rw:propagation, comma separated", x_mounts},
    {"k8s.ns.name", FieldType::String, FieldArg::None, "Kubernetes namespace (from the container's labels)",
     x_k8s<kNamespaceLabel>},
    {"k8s.pod.name", FieldType::String, FieldArg::None, "Kubernetes pod name", x_k8s<kPodNameLabel>},
    {"k8s.pod.uid", FieldType::String, FieldArg::None, "Kubernetes pod uid", x_k8s<kPodUidLabel>},
    {"k8s.container.name", FieldType::String, FieldArg::None, "Kubernetes container name",
     x_k8s<kContainerNameLabel>},
};

}  // namespace

std::span<const FieldDef> container_fields() {
  return kContainerFields;
}

}  // namespace saker::query
