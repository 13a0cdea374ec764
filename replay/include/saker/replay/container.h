// Containers: from container metadata events and from thread cgroup paths.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace saker::replay {

struct ContainerMount {
  std::string source, destination, mode;
  bool rw = false;
  std::string propagation;
};

// libs' port mapping: host address (host byte order) and ports.
struct ContainerPortMapping {
  uint32_t host_ip = 0;
  uint16_t host_port = 0, container_port = 0;
};

struct Container {
  std::string id;  // 12-character short id, as Falco shows it
  std::string full_id;
  std::string type;  // docker, cri-o, containerd, podman, ...
  std::string name, image, image_id, image_repo, image_tag, image_digest;
  bool privileged = false;
  bool host_pid = false, host_network = false, host_ipc = false;  // shares the host's namespace
  bool pod_sandbox = false;    // a Kubernetes pod's sandbox ("pause") container
  bool from_metadata = false;  // described by a container event, not only seen in a cgroup
  std::vector<ContainerMount> mounts;
  std::map<std::string, std::string> labels;
  std::vector<ContainerPortMapping> port_mappings;
  std::string ip;
  uint64_t created_ts = 0;  // ns since the epoch, when the metadata gives it
  // Kubernetes (CRI) metadata: the pod sandbox's id, labels and CNI result.
  std::string pod_sandbox_id, cni_json;
  std::map<std::string, std::string> pod_sandbox_labels;
  // Health probes as libs keep them: "exe arg1 arg2", present or not, by ContainerProbe.
  std::string probes[3];
  uint8_t probe_present = 0;  // bit (1 << ContainerProbe)
};

enum class ContainerProbe : uint8_t { Healthcheck, Liveness, Readiness };

class ContainerTable {
 public:
  // Parses a container JSON event ({"container": {...}}); nullptr if it is not one.
  const Container* add_json(std::string_view json);
  // Registers a container seen only through a cgroup path.
  const Container& touch(std::string_view id, std::string_view type);
  const Container* find(std::string_view id) const;
  void clear() { by_id_.clear(); }
  size_t size() const { return by_id_.size(); }
  // A hostile capture cannot grow the table without bound: past this many containers new
  // ids are not tracked (add_json gives nullptr, touch() scratch).
  static constexpr size_t kMaxContainers = 65536;

 private:
  friend class State;  // checkpoints (state_checkpoint.cpp)
  std::unordered_map<std::string, Container> by_id_;
  Container overflow_;
};

// The container id in a thread's NUL-separated cgroups ("" on the host) and its runtime.
struct CgroupContainer {
  std::string id;
  std::string_view type;
};
CgroupContainer container_from_cgroups(std::string_view cgroups);

// The same without allocating: the full 64-hex id (a view into `cgroups`, empty on the host).
struct CgroupContainerRef {
  std::string_view full_id;
  std::string_view type;
};
CgroupContainerRef find_container_in_cgroups(std::string_view cgroups);

}  // namespace saker::replay
