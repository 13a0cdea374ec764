// State checkpoints: every member that outlives one apply() call, written field by field.
// Lookup caches are not saved (they refill); per-event members (current thread and fd, the
// transient fd, fd_name_changed) are reset by the next apply() anyway. Shared fd tables keep
// their sharing: each table is written once and threads refer to it by position.
//
// The sizes below catch a member added to a saved struct without a line here (a checkpoint
// that forgot it would make searches differ from print).
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include "saker/replay/state.h"

namespace saker::replay {

static_assert(sizeof(ThreadInfo) == 592, "ThreadInfo changed: update State::save/restore");
static_assert(sizeof(FdInfo) == 144, "FdInfo changed: update State::save/restore");
static_assert(sizeof(Container) == 648, "Container changed: update State::save/restore");
static_assert(sizeof(ContainerMount) == 136, "ContainerMount changed: update State::save/restore");
static_assert(sizeof(ContainerPortMapping) == 8, "ContainerPortMapping changed: update State::save/restore");
static_assert(sizeof(scap::User) == 104, "User changed: update State::save/restore");
static_assert(sizeof(scap::Group) == 40, "Group changed: update State::save/restore");
static_assert(sizeof(scap::MachineInfo) == 72, "MachineInfo changed: update State::save/restore");
static_assert(sizeof(scap::Interface) == 96, "Interface changed: update State::save/restore");
// State includes the container table's scratch entry (not saved: it is overwritten before use).
static_assert(sizeof(State) == 18792, "State changed: update State::save/restore");

namespace {

constexpr uint32_t kMagic = 0x534b4332;  // "SKC2"

class Out {
 public:
  explicit Out(std::string& s) : s_(s) {}
  template <typename T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    s_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(const std::string& v) {
    pod(static_cast<uint64_t>(v.size()));
    s_.append(v);
  }

 private:
  std::string& s_;
};

class In {
 public:
  explicit In(std::string_view s) : s_(s) {}
  template <typename T>
  void pod(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof v);
    std::memcpy(&v, s_.data() + at_, sizeof v);
    at_ += sizeof v;
  }
  template <typename T>
  T get() {
    T v{};
    pod(v);
    return v;
  }
  void str(std::string& v) {
    uint64_t n = get<uint64_t>();
    need(n);
    v.assign(s_.data() + at_, n);
    at_ += n;
  }
  uint64_t count() {  // an element count, bounded by the bytes left
    uint64_t n = get<uint64_t>();
    if (n > s_.size() - at_) fail();
    return n;
  }
  bool done() const { return at_ == s_.size(); }

 private:
  void need(uint64_t n) {
    if (n > s_.size() - at_) fail();
  }
  [[noreturn]] void fail() const {
    throw std::runtime_error("malformed state checkpoint at byte " + std::to_string(at_));
  }
  std::string_view s_;
  size_t at_ = 0;
};

void put_fd(Out& o, const FdInfo& f) {
  o.pod(f.fd);
  o.pod(f.type);
  o.str(f.name);
  o.pod(f.open_flags);
  o.pod(f.ino);
  o.pod(f.dev);
  o.pod(f.l4);
  o.pod(f.cip);
  o.pod(f.sip);
  o.pod(f.cport);
  o.pod(f.sport);
  o.pod(f.ipv6);
  o.pod(f.is_server);
  o.pod(f.connected);
  o.pod(f.role);
  o.str(f.name_raw);
}

void get_fd(In& in, FdInfo& f) {
  in.pod(f.fd);
  in.pod(f.type);
  in.str(f.name);
  in.pod(f.open_flags);
  in.pod(f.ino);
  in.pod(f.dev);
  in.pod(f.l4);
  in.pod(f.cip);
  in.pod(f.sip);
  in.pod(f.cport);
  in.pod(f.sport);
  in.pod(f.ipv6);
  in.pod(f.is_server);
  in.pod(f.connected);
  in.pod(f.role);
  in.str(f.name_raw);
}

void put_table(Out& o, const FdTable& t) {
  o.pod(static_cast<uint64_t>(t.size()));
  t.for_each([&](const FdInfo& f) { put_fd(o, f); });
}

std::shared_ptr<FdTable> get_table(In& in) {
  auto t = std::make_shared<FdTable>();
  uint64_t n = in.count();
  FdInfo f;
  for (uint64_t i = 0; i < n; ++i) {
    get_fd(in, f);
    if (f.fd < 0) throw std::runtime_error("malformed state checkpoint: negative fd");
    t->add(f.fd) = f;
  }
  return t;
}

template <typename F>
void both_thread(ThreadInfo& t, F&& f) {
  f(t.tid), f(t.pid), f(t.ptid), f(t.sid), f(t.vpgid), f(t.pgid), f(t.vtid), f(t.vpid);
  f(t.comm), f(t.exe), f(t.exepath), f(t.cwd), f(t.args), f(t.env), f(t.cgroups), f(t.root);
  f(t.container_id);
  f(t.uid), f(t.gid), f(t.loginuid), f(t.tty), f(t.flags), f(t.fdlimit);
  f(t.cap_inheritable), f(t.cap_permitted), f(t.cap_effective);
  f(t.exe_writable), f(t.exe_upper_layer), f(t.exe_from_memfd);
  f(t.exe_ino), f(t.exe_ino_ctime), f(t.exe_ino_mtime);
  f(t.clone_ts), f(t.exit_ts), f(t.from_metadata), f(t.is_reaper), f(t.may_have_children);
  f(t.usage);
}

template <typename F>
void both_container(Container& c, F&& f) {
  f(c.id), f(c.full_id), f(c.type), f(c.name), f(c.image), f(c.image_id), f(c.image_repo), f(c.image_tag);
  f(c.image_digest), f(c.privileged), f(c.pod_sandbox), f(c.from_metadata), f(c.ip), f(c.created_ts);
  f(c.host_pid), f(c.host_network), f(c.host_ipc);
  f(c.pod_sandbox_id), f(c.cni_json), f(c.probes[0]), f(c.probes[1]), f(c.probes[2]), f(c.probe_present);
}

struct Writer {
  Out& o;
  void operator()(const std::string& s) const { o.str(s); }
  template <typename T>
  void operator()(const T& v) const {
    o.pod(v);
  }
};
struct Reader {
  In& in;
  void operator()(std::string& s) const { in.str(s); }
  template <typename T>
  void operator()(T& v) const {
    in.pod(v);
  }
};

}  // namespace

void State::save(std::string& out) const {
  out.clear();
  Out o(out);
  o.pod(kMagic);
  // Fd tables, each once, in the order threads first use them.
  std::unordered_map<const FdTable*, uint64_t> table_ids;
  std::vector<const FdTable*> tables;
  auto table_id = [&](const FdTable* t) -> uint64_t {
    if (!t) return 0;
    auto [it, added] = table_ids.try_emplace(t, tables.size() + 1);
    if (added) tables.push_back(t);
    return it->second;
  };
  std::vector<uint64_t> thread_tables;
  thread_tables.reserve(threads_.size());
  for (const auto& [tid, t] : threads_) thread_tables.push_back(table_id(t->fds.get()));
  uint64_t pending = table_id(pending_close_table_.get());
  o.pod(static_cast<uint64_t>(tables.size()));
  for (const FdTable* t : tables) put_table(o, *t);

  o.pod(static_cast<uint64_t>(threads_.size()));
  size_t i = 0;
  for (const auto& [tid, t] : threads_) {
    both_thread(const_cast<ThreadInfo&>(*t), Writer{o});
    o.pod(thread_tables[i++]);
  }
  o.pod(static_cast<uint64_t>(users_.size()));
  for (const auto& [uid, u] : users_) {
    o.pod(u.uid), o.pod(u.gid);
    o.str(u.name), o.str(u.home), o.str(u.shell);
  }
  o.pod(static_cast<uint64_t>(groups_.size()));
  for (const auto& [gid, g] : groups_) o.pod(g.gid), o.str(g.name);
  o.pod(static_cast<uint64_t>(containers_.by_id_.size()));
  for (const auto& [id, c] : containers_.by_id_) {
    o.str(id);
    both_container(const_cast<Container&>(c), Writer{o});
    o.pod(static_cast<uint64_t>(c.mounts.size()));
    for (const auto& m : c.mounts)
      o.str(m.source), o.str(m.destination), o.str(m.mode), o.pod(m.rw), o.str(m.propagation);
    for (const auto* labels : {&c.labels, &c.pod_sandbox_labels}) {
      o.pod(static_cast<uint64_t>(labels->size()));
      for (const auto& [k, v] : *labels) o.str(k), o.str(v);
    }
    o.pod(static_cast<uint64_t>(c.port_mappings.size()));
    for (const auto& p : c.port_mappings) o.pod(p.host_ip), o.pod(p.host_port), o.pod(p.container_port);
  }
  o.pod(static_cast<uint8_t>(machine_.has_value()));
  if (machine_) {
    o.pod(machine_->num_cpus), o.pod(machine_->memory_bytes), o.pod(machine_->max_pid);
    o.str(machine_->hostname);
    o.pod(machine_->boot_ts), o.pod(machine_->flags);
  }
  o.pod(static_cast<uint64_t>(interfaces_.size()));
  for (const auto& n : interfaces_) {
    o.pod(n.ipv6);
    o.str(n.name);
    o.pod(n.addr), o.pod(n.netmask), o.pod(n.bcast), o.pod(n.linkspeed);
  }
  o.str(last_container_id_);
  o.pod(pending);
  o.pod(pending_close_fd_);
  o.pod(static_cast<uint64_t>(exited_.size()));
  for (uint64_t tid : exited_) o.pod(tid);
  o.pod(last_purge_ts_);
  o.pod(reparent_budget_);
  o.pod(dropped_threads_);
  o.pod(prev_ts_);
  o.pod(static_cast<uint64_t>(last_switch_ts_.size()));
  for (uint64_t ts : last_switch_ts_) o.pod(ts);
}

void State::restore(std::string_view bytes) {
  In in(bytes);
  if (in.get<uint32_t>() != kMagic) throw std::runtime_error("not a Saker state checkpoint");
  clear_tables();

  std::vector<std::shared_ptr<FdTable>> tables(in.count());
  for (auto& t : tables) t = get_table(in);
  auto table = [&](uint64_t id) -> std::shared_ptr<FdTable> {
    if (id == 0) return nullptr;
    if (id > tables.size()) throw std::runtime_error("malformed state checkpoint: fd table reference");
    return tables[id - 1];
  };
  uint64_t n = in.count();
  threads_.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    auto t = std::make_unique<ThreadInfo>();
    both_thread(*t, Reader{in});
    t->fds = table(in.get<uint64_t>());
    uint64_t tid = t->tid;
    threads_[tid] = std::move(t);
  }
  n = in.count();
  for (uint64_t i = 0; i < n; ++i) {
    scap::User u;
    in.pod(u.uid), in.pod(u.gid);
    in.str(u.name), in.str(u.home), in.str(u.shell);
    uint32_t uid = u.uid;
    users_[uid] = std::move(u);
  }
  n = in.count();
  for (uint64_t i = 0; i < n; ++i) {
    scap::Group g;
    in.pod(g.gid), in.str(g.name);
    uint32_t gid = g.gid;
    groups_[gid] = std::move(g);
  }
  n = in.count();
  for (uint64_t i = 0; i < n; ++i) {
    std::string id;
    in.str(id);
    Container c;
    both_container(c, Reader{in});
    uint64_t mounts = in.count();
    for (uint64_t m = 0; m < mounts; ++m) {
      ContainerMount cm;
      in.str(cm.source), in.str(cm.destination), in.str(cm.mode), in.pod(cm.rw), in.str(cm.propagation);
      c.mounts.push_back(std::move(cm));
    }
    for (auto* labels : {&c.labels, &c.pod_sandbox_labels}) {
      uint64_t count = in.count();
      for (uint64_t l = 0; l < count; ++l) {
        std::string k, v;
        in.str(k), in.str(v);
        (*labels)[k] = v;
      }
    }
    uint64_t ports = in.count();
    for (uint64_t p = 0; p < ports; ++p) {
      ContainerPortMapping pm;
      in.pod(pm.host_ip), in.pod(pm.host_port), in.pod(pm.container_port);
      c.port_mappings.push_back(pm);
    }
    containers_.by_id_[id] = std::move(c);
  }
  machine_.reset();
  if (in.get<uint8_t>()) {
    scap::MachineInfo m;
    in.pod(m.num_cpus), in.pod(m.memory_bytes), in.pod(m.max_pid);
    in.str(m.hostname);
    in.pod(m.boot_ts), in.pod(m.flags);
    machine_ = std::move(m);
  }
  n = in.count();
  for (uint64_t i = 0; i < n; ++i) {
    scap::Interface x;
    in.pod(x.ipv6);
    in.str(x.name);
    in.pod(x.addr), in.pod(x.netmask), in.pod(x.bcast), in.pod(x.linkspeed);
    interfaces_.push_back(std::move(x));
  }
  in.str(last_container_id_);
  uint64_t pending = in.get<uint64_t>();
  // A pending close may name a table no thread holds any more; it still gets its removal.
  pending_close_table_ = table(pending);
  in.pod(pending_close_fd_);
  n = in.count();
  for (uint64_t i = 0; i < n; ++i) exited_.push_back(in.get<uint64_t>());
  in.pod(last_purge_ts_);
  in.pod(reparent_budget_);
  in.pod(dropped_threads_);
  in.pod(prev_ts_);
  last_switch_ts_.resize(in.count());
  for (uint64_t& ts : last_switch_ts_) in.pod(ts);
  if (!in.done()) throw std::runtime_error("malformed state checkpoint: trailing bytes");
}

}  // namespace saker::replay
