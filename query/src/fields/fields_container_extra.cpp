// The container plugin's fields beyond fields_container.cpp that a capture's container
// events carry (mounts one by one, the metadata as JSON).
#include <fmt/format.h>

#include "fields/field_thread.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using replay::Container;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

const Container* container_of(Ctx c) {
  const auto* t = event_thread(c);
  if (!t || t->container_id.empty()) return nullptr;
  return c.state->container(t->container_id);
}
// container.mount[N] (0-based) or container.mount[/dest]: source:dest:mode:rw:propagation.
const replay::ContainerMount* mount_of(const Container& k, Ref r) {
  if (r.index >= 0) return static_cast<size_t>(r.index) < k.mounts.size() ? &k.mounts[r.index] : nullptr;
  for (const auto& m : k.mounts)
    if (m.destination == r.name_arg) return &m;
  return nullptr;
}
bool x_mount(Ctx c, Ref r, FieldValue& v, std::string& s) {
  const Container* k = container_of(c);
  const auto* m = k ? mount_of(*k, r) : nullptr;
  if (!m) return false;
  s.clear();
  fmt::format_to(std::back_inserter(s), "{}:{}:{}:{}:{}", m->source, m->destination, m->mode,
                 m->rw ? "true" : "false", m->propagation);
  return v.s = s, true;
}
enum class MountPart { Source, Dest, Mode, Rw, Propagation };
template <MountPart P>
bool x_mount_part(Ctx c, Ref r, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  const auto* m = k ? mount_of(*k, r) : nullptr;
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
bool x_pod_label(Ctx c, Ref r, FieldValue& v, std::string&) {
  const Container* k = container_of(c);
  if (!k) return false;
  auto it = k->labels.find(r.name_arg);
  return it != k->labels.end() && (v.s = it->second, true);
}
bool x_pod_labels(Ctx c, Ref, FieldValue& v, std::string& s) {
  const Container* k = container_of(c);
  if (!k) return false;
  s.clear();
  for (const auto& [key, val] : k->labels) {
    if (key.starts_with("io.kubernetes.")) continue;  // the pod's identity, not its labels
    if (!s.empty()) s += ", ";
    s += key;
    s += ':';
    s += val;
  }
  if (s.empty()) return false;
  return v.s = s, true;
}

const FieldDef kContainerExtraFields[] = {
    {"container.mount", FieldType::String, FieldArg::IndexOrName,
     "one mount, by index (container.mount[0]) or destination (container.mount[/etc]): "
     "source:dest:mode:rw:propagation",
     x_mount},
    {"container.mount.source", FieldType::String, FieldArg::IndexOrName,
     "a mount's source: container.mount.source[/etc]", x_mount_part<MountPart::Source>},
    {"container.mount.dest", FieldType::String, FieldArg::IndexOrName,
     "a mount's destination: container.mount.dest[0]", x_mount_part<MountPart::Dest>},
    {"container.mount.mode", FieldType::String, FieldArg::IndexOrName, "a mount's mode",
     x_mount_part<MountPart::Mode>},
    {"container.mount.rdwr", FieldType::String, FieldArg::IndexOrName, "a mount's read-write flag",
     x_mount_part<MountPart::Rw>},
    {"container.mount.propagation", FieldType::String, FieldArg::IndexOrName, "a mount's propagation",
     x_mount_part<MountPart::Propagation>},
    {"k8s.pod.label", FieldType::String, FieldArg::Name, "a pod label: k8s.pod.label[app]", x_pod_label},
    {"k8s.pod.labels", FieldType::String, FieldArg::None, "the pod's labels, key:value, comma separated",
     x_pod_labels},
};

}  // namespace

std::span<const FieldDef> container_extra_fields() {
  return kContainerExtraFields;
}

}  // namespace saker::query
