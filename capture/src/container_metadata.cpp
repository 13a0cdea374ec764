#include "saker/capture/container_metadata.h"

#include <arpa/inet.h>
#include <time.h>

#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace saker::capture {

namespace {

using nlohmann::json;

// libs' container types (sinsp_container_type).
constexpr int kDocker = 0;
constexpr int kPodman = 11;

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::string text(const json& j, const char* key) {
  const json* v = member(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

const json& object(const json& j, const char* key) {
  static const json kEmpty = json::object();
  const json* v = member(j, key);
  return v && v->is_object() ? *v : kEmpty;
}

bool hex_id(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string strip_sha256(std::string_view s) {
  if (s.starts_with("sha256:")) s.remove_prefix(7);
  return std::string(s);
}

// IPv4 text -> host byte order, as libs store port mappings; 0 when it is not IPv4.
uint32_t ipv4_host_order(const std::string& s) {
  in_addr a{};
  return inet_pton(AF_INET, s.c_str(), &a) == 1 ? ntohl(a.s_addr) : 0;
}

std::string container_ip(const json& net) {
  std::string ip = text(net, "IPAddress");
  if (!ip.empty()) return ip;
  // User-defined networks leave the top-level address empty.
  for (const auto& [name, n] : object(net, "Networks").items()) {
    ip = text(n, "IPAddress");
    if (!ip.empty()) return ip;
  }
  return {};
}

json port_mappings(const json& net) {
  json out = json::array();
  for (const auto& [key, binds] : object(net, "Ports").items()) {
    // "8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "80"}]; libs keep TCP only.
    size_t slash = key.find('/');
    if (slash == std::string::npos || key.substr(slash) != "/tcp" || !binds.is_array()) continue;
    unsigned container_port = 0;
    if (std::sscanf(key.c_str(), "%u", &container_port) != 1 || container_port > 65535) continue;
    for (const auto& b : binds) {
      unsigned host_port = 0;
      std::string hp = text(b, "HostPort");
      if (std::sscanf(hp.c_str(), "%u", &host_port) != 1 || host_port > 65535) continue;
      out.push_back({{"HostIp", ipv4_host_order(text(b, "HostIp"))},
                     {"HostPort", host_port},
                     {"ContainerPort", container_port}});
    }
  }
  return out;
}

json mounts(const json& root) {
  json out = json::array();
  const json* m = member(root, "Mounts");
  if (!m || !m->is_array()) return out;
  for (const auto& e : *m) {
    if (!e.is_object()) continue;
    const json* rw = member(e, "RW");
    out.push_back({{"Source", text(e, "Source")},
                   {"Destination", text(e, "Destination")},
                   {"Mode", text(e, "Mode")},
                   {"RW", rw && rw->is_boolean() && rw->get<bool>()},
                   {"Propagation", text(e, "Propagation")}});
  }
  return out;
}

// Repository, tag and digest from an image inspection: the tag and digest of the container's
// repository, else the only ones there are.
void from_image(const json& img, json& c) {
  std::string repo = c["imagerepo"].get<std::string>();
  if (c["imagedigest"].get<std::string>().empty()) {
    if (const json* d = member(img, "Digest"); d && d->is_string()) {  // podman
      c["imagedigest"] = d->get<std::string>();
    } else if (const json* rd = member(img, "RepoDigests"); rd && rd->is_array()) {
      std::string only;
      size_t distinct = 0;
      for (const auto& e : *rd) {
        if (!e.is_string()) continue;
        ImageRef r = split_image(e.get<std::string>());
        if (r.digest.empty()) continue;
        if (!repo.empty() && r.repo == repo) {
          c["imagedigest"] = r.digest;
          only.clear();
          distinct = 0;
          break;
        }
        if (r.digest != only) ++distinct, only = r.digest;
      }
      if (distinct == 1) c["imagedigest"] = only;
    }
  }
  if (const json* rt = member(img, "RepoTags");
      rt && rt->is_array() && c["imagetag"].get<std::string>().empty()) {
    for (const auto& e : *rt) {
      if (!e.is_string()) continue;
      ImageRef r = split_image(e.get<std::string>());
      if (repo.empty() || r.repo == repo) {
        c["imagerepo"] = r.repo;
        c["imagetag"] = r.tag;
        break;
      }
    }
  }
}

}  // namespace

ImageRef split_image(std::string_view image) {
  ImageRef r;
  size_t at = image.find('@');
  if (at != std::string_view::npos) {
    r.digest = std::string(image.substr(at + 1));
    image = image.substr(0, at);
  }
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    r.tag = std::string(image.substr(colon + 1));
    image = image.substr(0, colon);
  }
  r.repo = std::string(image);
  return r;
}

std::optional<int64_t> parse_rfc3339(std::string_view s) {
  std::string str(s.substr(0, 64));
  tm t{};
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
                  &t.tm_min, &t.tm_sec, &consumed) != 6 ||
      consumed != 19)
    return std::nullopt;
  std::string_view rest = std::string_view(str).substr(19);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
  }
  int64_t offset = 0;
  if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int hh = 0, mm = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &hh, &mm) != 2) return std::nullopt;
    offset = (rest[0] == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
  } else {
    return std::nullopt;
  }
  if (t.tm_mon < 1 || t.tm_mon > 12 || t.tm_mday < 1 || t.tm_mday > 31 || t.tm_hour > 23 || t.tm_min > 59 ||
      t.tm_sec > 60)
    return std::nullopt;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&t)) - offset;
}

std::optional<std::string> container_event_json(std::string_view container_body, std::string_view image_body,
                                                std::string_view runtime, std::string& error) {
  json root = json::parse(container_body, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    error = "the container inspection is not a JSON object";
    return std::nullopt;
  }
  std::string full_id = text(root, "Id");
  if (!hex_id(full_id)) {
    error = fmt::format("the container inspection has no 64-hex Id ('{}')", full_id.substr(0, 80));
    return std::nullopt;
  }
  const json& config = object(root, "Config");
  const json& host = object(root, "HostConfig");
  const json& net = object(root, "NetworkSettings");

  json c = json::object();
  c["id"] = full_id.substr(0, 12);
  c["full_id"] = full_id;
  c["type"] = runtime == "podman" ? kPodman : kDocker;
  std::string name = text(root, "Name");
  if (!name.empty() && name[0] == '/') name.erase(0, 1);
  c["name"] = name;

  // Docker: Config.Image is what was run, Image the image id. podman's compatible API may put
  // the image name in Image instead.
  std::string image = text(config, "Image"), image_field = text(root, "Image"), image_id;
  if (image_field.find('/') == std::string::npos) {
    image_id = strip_sha256(image_field);
  } else if (image.empty()) {
    image = image_field;
  }
  if (image.empty()) image = text(root, "ImageName");
  // A container run by image id has no name to split; the image inspection supplies it.
  std::string bare = strip_sha256(image);
  bool run_by_id = !bare.empty() && !image_id.empty() && image_id.starts_with(bare) &&
                   bare.find_first_not_of("0123456789abcdef") == std::string::npos;
  ImageRef ref = run_by_id ? ImageRef{} : split_image(image);
  if (ref.tag.empty() && ref.digest.empty() && !ref.repo.empty()) ref.tag = "latest";
  c["image"] = image;
  c["imageid"] = image_id;
  c["imagerepo"] = ref.repo;
  c["imagetag"] = ref.tag;
  c["imagedigest"] = ref.digest;
  if (!image_body.empty()) {
    json img = json::parse(image_body, nullptr, false);
    if (img.is_object()) from_image(img, c);
  }

  const json* priv = member(host, "Privileged");
  c["privileged"] = priv && priv->is_boolean() && priv->get<bool>();
  // The container plugin's host_pid/host_network/host_ipc: the mode "host" shares the namespace.
  c["host_pid"] = text(host, "PidMode") == "host";
  c["host_network"] = text(host, "NetworkMode") == "host";
  c["host_ipc"] = text(host, "IpcMode") == "host";
  json labels = json::object();
  for (const auto& [k, v] : object(config, "Labels").items())
    if (v.is_string()) labels[k] = v;
  auto sandbox_type = labels.find("io.kubernetes.docker.type");
  c["is_pod_sandbox"] =
      name.starts_with("k8s_POD") || (sandbox_type != labels.end() && *sandbox_type == "podsandbox");
  // Kubernetes through dockershim: the pod's sandbox is a container of its own, named in a
  // label; libs' k8s.* fields need its id, and take the pod's labels from the sandbox.
  if (c["is_pod_sandbox"].get<bool>()) {
    c["pod_sandbox_id"] = full_id;
    c["pod_sandbox_labels"] = labels;
  } else if (auto sandbox = labels.find("io.kubernetes.sandbox.id");
             sandbox != labels.end() && sandbox->is_string()) {
    c["pod_sandbox_id"] = *sandbox;
  }
  c["Mounts"] = mounts(root);
  if (std::string ip = container_ip(net); !ip.empty()) c["ip"] = ip;
  c["port_mappings"] = port_mappings(net);
  c["labels"] = std::move(labels);
  // Docker says 0001-01-01T00:00:00Z for "unknown".
  if (auto created = parse_rfc3339(text(root, "Created")); created && *created > 0)
    c["created_time"] = *created;
  json out = {{"container", std::move(c)}};
  // Label values are arbitrary text: replace invalid UTF-8 rather than fail the whole event.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

LookupResult lookup_container(const HttpGet& get, std::string_view id, std::string_view runtime) {
  LookupResult r;
  HttpResponse c = get(fmt::format("/containers/{}/json", id));
  if (!c.ok) {
    r.error = c.error;
    return r;
  }
  if (c.status == 404) return r;
  if (c.status != 200) {
    r.error = fmt::format("HTTP status {} for container {}", c.status, id.substr(0, 12));
    return r;
  }
  // The image inspection only when the container's answer leaves something out.
  std::string error, image_body;
  auto first = container_event_json(c.body, "", runtime, error);
  if (!first) {
    r.error = error;
    return r;
  }
  auto j = json::parse(*first, nullptr, false);
  const json& cj = j["container"];
  std::string image_id = cj["imageid"].get<std::string>();
  if (!image_id.empty() &&
      (cj["imagedigest"].get<std::string>().empty() || cj["imagetag"].get<std::string>().empty())) {
    HttpResponse img = get(fmt::format("/images/{}/json", image_id));
    if (img.ok && img.status == 200) image_body = std::move(img.body);
  }
  r.found = true;
  if (image_body.empty()) {
    r.json = std::move(*first);
  } else {
    auto full = container_event_json(c.body, image_body, runtime, error);
    r.json = full ? std::move(*full) : std::move(*first);
  }
  return r;
}

}  // namespace saker::capture
