// The container fields beyond fields_container.cpp: mounts one by one, and the k8s.* fields
// Falco 0.39.2 took from a CRI container's metadata (pod labels, sandbox, address).
#include <fmt/format.h>

#include "fields/field_container.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using replay::Container;
using replay::ContainerMount;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

// container.mount[N] (0-based) or by name: libs look a mount up by its destination for
// container.mount.source[...] and by its source for every other mount field.
enum class MountKey { Source, Destination };
const ContainerMount* mount_of(const Container& k, Ref r, MountKey key) {
  if (r.index >= 0) return static_cast<size_t>(r.index) < k.mounts.size() ? &k.mounts[r.index] : nullptr;
  for (const auto& m : k.mounts)
    if ((key == MountKey::Source ? m.source : m.destination) == r.name_arg) return &m;
  return nullptr;
}
bool x_mount(Ctx c, Ref r, FieldValue& v, std::string& s) {
  const Container* k = event_container_info(c);
  const auto* m = k ? mount_of(*k, r, MountKey::Source) : nullptr;
  if (!m) return false;
  s.clear();
  fmt::format_to(std::back_inserter(s), "{}:{}:{}:{}:{}", m->source, m->destination, m->mode,
                 m->rw ? "true" : "false", m->propagation);
  return v.s = s, true;
}
enum class MountPart { Source, Dest, Mode, Rw, Propagation };
template <MountPart P>
bool x_mount_part(Ctx c, Ref r, FieldValue& v, std::string&) {
  const Container* k = event_container_info(c);
  const auto* m =
      k ? mount_of(*k, r, P == MountPart::Source ? MountKey::Destination : MountKey::Source) : nullptr;
  if (!m) return false;
  switch (P) {
    case MountPart::Source:
      return v.s = m->source, true;
    case MountPart::Dest:
      return v.s = m->destination, true;
    case MountPart::Mode:
      return v.s = m->mode, true;
    case MountPart::Rw:
      return v.s = m->rw ? "true" : "false", true;
    case MountPart::Propagation:
      return v.s = m->propagation, true;
  }
  return false;
}

// k8s.*: only a container with a pod sandbox id (a CRI container) has them.
const Container* pod_container(Ctx c) {
  EventContainer k = event_container(c);
  if (k.id.empty() || !k.info || k.info->pod_sandbox_id.empty()) return nullptr;
  return k.info;
}
// The pod's own metadata when the container's lacks it: the sandbox container's (looked up
// only when the container has no CNI result, as libs does).
const Container* sandbox_of(Ctx c, const Container& k) {
  if (!k.cni_json.empty()) return nullptr;
  return c.state->container(std::string_view(k.pod_sandbox_id).substr(0, 12));
}

template <const char* Label>
bool x_pod_label_of(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = pod_container(c);
  if (!k) return false;
  auto it = k->labels.find(Label);
  return it != k->labels.end() && (v.s = it->second, true);
}
bool x_sandbox_id(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = pod_container(c);
  return k && (v.s = std::string_view(k->pod_sandbox_id).substr(0, 12), true);
}
bool x_full_sandbox_id(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = pod_container(c);
  return k && (v.s = k->pod_sandbox_id, true);
}
bool x_pod_label(Ctx c, Ref r, FieldValue& v, std::string&) {
  const Container* k = pod_container(c);
  if (!k) return false;
  v.s = "";
  const Container* sandbox = sandbox_of(c, *k);
  if (sandbox) {
    if (auto it = sandbox->pod_sandbox_labels.find(r.name_arg); it != sandbox->pod_sandbox_labels.end())
      return v.s = it->second, true;
  }
  if (auto it = k->pod_sandbox_labels.find(r.name_arg); it != k->pod_sandbox_labels.end()) v.s = it->second;
  return true;
}
// libs' concatenate_container_labels: "key:value, key2" without annotations and the pod's identity.
bool x_pod_labels(Ctx c, Ref, FieldValue& v, std::string& s) {
  const Container* k = pod_container(c);
  if (!k) return false;
  const Container* sandbox = sandbox_of(c, *k);
  append_labels((sandbox ? sandbox : k)->pod_sandbox_labels, s);
  return v.s = s, true;
}
bool x_pod_ip(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = pod_container(c);
  if (!k) return false;
  const Container* from = k->cni_json.empty() ? sandbox_of(c, *k) : k;
  v.s = from && !from->ip.empty() ? std::string_view(from->ip) : std::string_view("0.0.0.0");
  return true;
}
bool x_pod_cni_json(Ctx c, Ref, FieldValue& v, std::string&) {
  const Container* k = pod_container(c);
  if (!k) return false;
  const Container* sandbox = sandbox_of(c, *k);
  return v.s = sandbox ? sandbox->cni_json : k->cni_json, true;
}

// The k8s.rc/svc/rs/deployment/ns.* fields libs and the container plugin list but no longer fill.
constexpr std::string_view kDeprecated = "deprecated in libs and the container plugin: no value";

constexpr char kNamespaceLabel[] = "io.kubernetes.pod.namespace";
constexpr char kPodNameLabel[] = "io.kubernetes.pod.name";
constexpr char kPodUidLabel[] = "io.kubernetes.pod.uid";
constexpr char kContainerNameLabel[] = "io.kubernetes.container.name";

const FieldDef kContainerExtraFields[] = {
    {"container.mount", FieldType::String, FieldArg::IndexOrName,
     "one mount, by index (container.mount[0]) or source (container.mount[/var/lib/x]): "
     "source:dest:mode:rw:propagation",
     x_mount},
    {"container.mount.source", FieldType::String, FieldArg::IndexOrName,
     "a mount's source, by index or destination: container.mount.source[/etc]",
     x_mount_part<MountPart::Source>},
    {"container.mount.dest", FieldType::String, FieldArg::IndexOrName,
     "a mount's destination, by index or source: container.mount.dest[0]", x_mount_part<MountPart::Dest>},
    {"container.mount.mode", FieldType::String, FieldArg::IndexOrName, "a mount's mode, by index or source",
     x_mount_part<MountPart::Mode>},
    {"container.mount.rdwr", FieldType::String, FieldArg::IndexOrName,
     "a mount's read-write flag, by index or source", x_mount_part<MountPart::Rw>},
    {"container.mount.propagation", FieldType::String, FieldArg::IndexOrName,
     "a mount's propagation, by index or source", x_mount_part<MountPart::Propagation>},
    {"k8s.ns.name", FieldType::String, FieldArg::None, "Kubernetes namespace (CRI containers)",
     x_pod_label_of<kNamespaceLabel>},
    {"k8s.pod.name", FieldType::String, FieldArg::None, "Kubernetes pod name", x_pod_label_of<kPodNameLabel>},
    {"k8s.pod.uid", FieldType::String, FieldArg::None, "Kubernetes pod uid", x_pod_label_of<kPodUidLabel>},
    {"k8s.pod.id", FieldType::String, FieldArg::None, "Kubernetes pod uid (legacy name of k8s.pod.uid)",
     x_pod_label_of<kPodUidLabel>},
    {"k8s.container.name", FieldType::String, FieldArg::None, "Kubernetes container name",
     x_pod_label_of<kContainerNameLabel>},
    {"k8s.pod.sandbox_id", FieldType::String, FieldArg::None, "the pod sandbox id (12 characters)",
     x_sandbox_id},
    {"k8s.pod.full_sandbox_id", FieldType::String, FieldArg::None, "the full pod sandbox id",
     x_full_sandbox_id},
    {"k8s.pod.label", FieldType::String, FieldArg::Name, "a pod label: k8s.pod.label[app]", x_pod_label},
    {"k8s.pod.labels", FieldType::String, FieldArg::None, "the pod's labels, key:value, comma separated",
     x_pod_labels},
    {"k8s.pod.ip", FieldType::String, FieldArg::None, "the pod's IPv4 address", x_pod_ip},
    {"k8s.pod.cni.json", FieldType::String, FieldArg::None, "the pod's CNI result (JSON)", x_pod_cni_json},
    {"k8s.rc.name", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.rc.id", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.rc.label", FieldType::String, FieldArg::Name, kDeprecated, no_value},
    {"k8s.rc.labels", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.svc.name", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.svc.id", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.svc.label", FieldType::String, FieldArg::Name, kDeprecated, no_value},
    {"k8s.svc.labels", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.rs.name", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.rs.id", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.rs.label", FieldType::String, FieldArg::Name, kDeprecated, no_value},
    {"k8s.rs.labels", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.deployment.name", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.deployment.id", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.deployment.label", FieldType::String, FieldArg::Name, kDeprecated, no_value},
    {"k8s.deployment.labels", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.ns.id", FieldType::String, FieldArg::None, kDeprecated, no_value},
    {"k8s.ns.label", FieldType::String, FieldArg::Name, kDeprecated, no_value},
    {"k8s.ns.labels", FieldType::String, FieldArg::None, kDeprecated, no_value},
};

}  // namespace

std::span<const FieldDef> container_extra_fields() {
  return kContainerExtraFields;
}

}  // namespace saker::query
