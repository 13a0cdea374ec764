#include "saker/replay/container.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

namespace saker::replay {

namespace {

bool hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string_view type_name(int t) {
  switch (t) {
    case 0:
      return "docker";
    case 1:
      return "lxc";
    case 2:
      return "libvirt-lxc";
    case 3:
      return "mesos";
    case 4:
      return "rkt";
    case 5:
      return "custom";
    case 6:
      return "cri";
    case 7:
      return "containerd";
    case 8:
      return "cri-o";
    case 9:
      return "bpm";
    case 10:
      return "static";
    case 11:
      return "podman";
    default:
      return "unknown";
  }
}

// libs keep the container address as a number: text that is no IPv4 address is 0.0.0.0.
std::string ipv4_text(const std::string& text) {
  in_addr a{};
  if (text.empty() || inet_pton(AF_INET, text.c_str(), &a) != 1) return "0.0.0.0";
  char buf[INET_ADDRSTRLEN];
  return inet_ntop(AF_INET, &a, buf, sizeof buf) ? std::string(buf) : std::string("0.0.0.0");
}

// libs' parse_health_probes: {"Healthcheck"|"LivenessProbe"|"ReadinessProbe": {"exe", "args"}}.
void read_probes(const nlohmann::json& c, Container& out) {
  static constexpr const char* kKeys[] = {"Healthcheck", "LivenessProbe", "ReadinessProbe"};
  for (int i = 0; i < 3; ++i) {
    auto p = c.find(kKeys[i]);
    if (p == c.end() || !p->is_object()) continue;
    auto exe = p->find("exe");
    if (exe == p->end() || !(exe->is_string() || exe->is_number() || exe->is_boolean())) continue;
    std::string text = exe->is_string() ? exe->get<std::string>() : exe->dump();
    if (auto args = p->find("args"); args != p->end() && args->is_array())
      for (const auto& a : *args)
        if (a.is_string()) text += ' ' + a.get<std::string>();
    out.probes[i] = std::move(text);
    out.probe_present |= static_cast<uint8_t>(1u << i);
  }
}

std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

CgroupContainer container_from_cgroups(std::string_view cgroups) {
  auto ref = find_container_in_cgroups(cgroups);
  return {std::string(ref.full_id.substr(0, 12)), ref.type};
}

CgroupContainerRef find_container_in_cgroups(std::string_view cgroups) {
  // Each entry is "subsys=path"; the id is a 64-hex component, optionally wrapped as in
  // "docker-<id>.scope", "crio-<id>.scope", "cri-containerd-<id>.scope", "libpod-<id>.scope".
  size_t start = 0;
  while (start < cgroups.size()) {
    size_t end = cgroups.find('\0', start);
    if (end == std::string_view::npos) end = cgroups.size();
    std::string_view entry = cgroups.substr(start, end - start);
    auto eq = entry.find('=');
    std::string_view path = eq == std::string_view::npos ? entry : entry.substr(eq + 1);
    size_t p = 0;
    while (p < path.size()) {
      size_t q = path.find('/', p);
      if (q == std::string_view::npos) q = path.size();
      std::string_view comp = path.substr(p, q - p);
      std::string_view type = "docker";
      if (comp.size() > 6 && comp.substr(comp.size() - 6) == ".scope") comp.remove_suffix(6);
      for (auto [prefix, t] : {std::pair{"docker-", "docker"}, std::pair{"crio-", "cri-o"},
                               std::pair{"cri-containerd-", "containerd"}, std::pair{"libpod-", "podman"}}) {
        std::string_view pre(prefix);
        if (comp.substr(0, pre.size()) == pre) {
          comp.remove_prefix(pre.size());
          type = t;
          break;
        }
      }
      if (hex64(comp)) {
        if (path.find("kubepods") != std::string_view::npos && type == "docker") type = "cri";
        return {comp, type};
      }
      p = q + 1;
    }
    start = end + 1;
  }
  return {};
}

const Container* ContainerTable::add_json(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return nullptr;
  auto it = j.find("container");
  if (it == j.end() || !it->is_object()) return nullptr;
  const auto& c = *it;
  Container out;
  // libs write the 12-character id; Saker's recorder adds the full one. Without "full_id",
  // container.full_id has no value, as in Falco 0.39.2.
  out.full_id = str(c, "full_id");
  out.id = str(c, "id").substr(0, 12);
  if (out.id.empty()) out.id = out.full_id.substr(0, 12);
  if (out.id.empty()) return nullptr;
  auto t = c.find("type");
  out.type = t != c.end() && t->is_number_integer() ? std::string(type_name(t->get<int>())) : str(c, "type");
  out.name = str(c, "name");
  out.image = str(c, "image");
  out.image_id = str(c, "imageid");
  out.image_repo = str(c, "imagerepo");
  out.image_tag = str(c, "imagetag");
  out.image_digest = str(c, "imagedigest");
  out.ip = ipv4_text(str(c, "ip"));
  out.pod_sandbox_id = str(c, "pod_sandbox_id");
  out.cni_json = str(c, "cni_json");
  read_probes(c, out);
  auto priv = c.find("privileged");
  out.privileged = priv != c.end() && priv->is_boolean() && priv->get<bool>();
  auto flag = [&](const char* key) {
    auto f = c.find(key);
    return f != c.end() && f->is_boolean() && f->get<bool>();
  };
  out.host_pid = flag("host_pid");
  out.host_network = flag("host_network");
  out.host_ipc = flag("host_ipc");
  auto sandbox = c.find("is_pod_sandbox");
  out.pod_sandbox = sandbox != c.end() && sandbox->is_boolean() && sandbox->get<bool>();
  out.from_metadata = true;
  if (auto ct = c.find("created_time"); ct != c.end() && ct->is_number()) {
    // Seconds in container metadata; libs keep ns.
    double secs = ct->get<double>();
    double ns = secs > 1e12 ? secs : secs * 1e9;
    // Out-of-range values (negative, huge, NaN) would be undefined behaviour to convert.
    out.created_ts = ns >= 0 && ns < 1.8e19 ? static_cast<uint64_t>(ns) : 0;
  }
  if (auto m = c.find("Mounts"); m != c.end() && m->is_array()) {
    for (const auto& e : *m) {
      if (!e.is_object()) continue;
      ContainerMount cm{str(e, "Source"), str(e, "Destination"), str(e, "Mode"), false,
                        str(e, "Propagation")};
      auto rw = e.find("RW");
      cm.rw = rw != e.end() && rw->is_boolean() && rw->get<bool>();
      out.mounts.push_back(std::move(cm));
    }
  }
  if (auto pm = c.find("port_mappings"); pm != c.end() && pm->is_array()) {
    for (const auto& e : *pm) {
      if (!e.is_object()) continue;
      auto num = [&](const char* key) -> uint64_t {
        auto f = e.find(key);
        return f != e.end() && f->is_number_unsigned() ? f->get<uint64_t>() : 0;
      };
      out.port_mappings.push_back({static_cast<uint32_t>(num("HostIp")),
                                   static_cast<uint16_t>(num("HostPort")),
                                   static_cast<uint16_t>(num("ContainerPort"))});
    }
  }
  if (auto l = c.find("labels"); l != c.end() && l->is_object())
    for (auto& [k, v] : l->items()) out.labels[k] = v.is_string() ? v.get<std::string>() : v.dump();
  if (auto l = c.find("pod_sandbox_labels"); l != c.end() && l->is_object())
    for (auto& [k, v] : l->items())
      out.pod_sandbox_labels[k] = v.is_string() ? v.get<std::string>() : v.dump();
  if (by_id_.size() >= kMaxContainers && !by_id_.count(out.id)) return nullptr;
  auto& slot = by_id_[out.id];
  slot = std::move(out);
  return &slot;
}

const Container& ContainerTable::touch(std::string_view id, std::string_view type) {
  if (by_id_.size() >= kMaxContainers && !by_id_.count(std::string(id))) {
    overflow_ = Container{};
    overflow_.id = std::string(id);
    overflow_.type = std::string(type);
    return overflow_;
  }
  auto [it, inserted] = by_id_.try_emplace(std::string(id));
  if (inserted) {
    it->second.id = std::string(id);
    it->second.type = std::string(type);
  }
  return it->second;
}

const Container* ContainerTable::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &it->second;
}

}  // namespace saker::replay
