#include "saker/capture/proc_scan.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <grp.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "saker/driver/flag_conversions.h"

namespace saker::capture {

namespace {

std::string read_file(const std::string& path, size_t max = 1 << 20) {
  std::ifstream f(path, std::ios::binary);
  std::string s;
  if (!f) return s;
  s.resize(max);
  f.read(s.data(), static_cast<std::streamsize>(max));
  s.resize(static_cast<size_t>(f.gcount()));
  return s;
}

std::string read_link(const std::string& path) {
  char buf[4096];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

template <typename T>
T to_num(std::string_view s, int base = 10) {
  T v{};
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  std::from_chars(s.data(), s.data() + s.size(), v, base);
  return v;
}

// "Key:\tvalue" lines of /proc/PID/status.
std::string_view status_field(std::string_view status, std::string_view key) {
  size_t pos = 0;
  while (pos < status.size()) {
    size_t end = status.find('\n', pos);
    if (end == std::string_view::npos) end = status.size();
    std::string_view line = status.substr(pos, end - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':')
      return line.substr(key.size() + 1);
    pos = end + 1;
  }
  return {};
}

std::string_view nth_word(std::string_view s, size_t n) {
  size_t i = 0, pos = 0;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    size_t end = pos;
    while (end < s.size() && s[end] != ' ' && s[end] != '\t') ++end;
    if (i++ == n) return s.substr(pos, end - pos);
    pos = end;
  }
  return {};
}

std::string_view last_word(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  size_t p = s.find_last_of(" \t");
  return p == std::string_view::npos ? s : s.substr(p + 1);
}

uint64_t now_ns(clockid_t c) {
  timespec t;
  clock_gettime(c, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
}

scap::MachineInfo machine() {
  scap::MachineInfo m;
  m.num_cpus = static_cast<uint32_t>(sysconf(_SC_NPROCESSORS_ONLN));
  struct sysinfo si {};
  if (sysinfo(&si) == 0) m.memory_bytes = static_cast<uint64_t>(si.totalram) * si.mem_unit;
  m.max_pid = to_num<uint64_t>(read_file("/proc/sys/kernel/pid_max"));
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  m.hostname = host;
  m.boot_ts = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_BOOTTIME);
  return m;
}

std::vector<scap::Interface> interfaces() {
  std::vector<scap::Interface> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr) continue;
    scap::Interface i;
    i.name = a->ifa_name;
    if (a->ifa_addr->sa_family == AF_INET) {
      auto get = [](sockaddr* s, std::array<uint8_t, 16>& d) {
        if (s) std::memcpy(d.data(), &reinterpret_cast<sockaddr_in*>(s)->sin_addr, 4);
      };
      get(a->ifa_addr, i.addr);
      get(a->ifa_netmask, i.netmask);
      if (a->ifa_flags & IFF_BROADCAST) get(a->ifa_broadaddr, i.bcast);
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      i.ipv6 = true;
      auto get = [](sockaddr* s, std::array<uint8_t, 16>& d) {
        if (s) std::memcpy(d.data(), &reinterpret_cast<sockaddr_in6*>(s)->sin6_addr, 16);
      };
      get(a->ifa_addr, i.addr);
      get(a->ifa_netmask, i.netmask);
    } else {
      continue;
    }
    out.push_back(std::move(i));
  }
  freeifaddrs(list);
  return out;
}

void users_and_groups(scap::Metadata& m) {
  setpwent();
  while (passwd* p = getpwent())
    m.users.push_back({p->pw_uid, p->pw_gid, p->pw_name, p->pw_dir, p->pw_shell});
  endpwent();
  setgrent();
  while (group* g = getgrent()) m.groups.push_back({g->gr_gid, g->gr_name});
  endgrent();
}

// Socket inode -> what /proc/net says about it (this network namespace).
struct SocketInfo {
  scap::FdType type = scap::FdType::Unknown;
  std::array<uint8_t, 16> sip{}, dip{};
  uint16_t sport = 0, dport = 0;
  uint8_t l4proto = 0;
  std::string path;
};

void parse_inet(const std::string& file, bool v6, uint8_t proto,
                std::unordered_map<uint64_t, SocketInfo>& out) {
  std::istringstream in(read_file(file));
  std::string line;
  std::getline(in, line);  // header
  auto hex_addr = [&](std::string_view s, std::array<uint8_t, 16>& a, uint16_t& port) {
    size_t colon = s.find(':');
    if (colon == std::string_view::npos) return;
    std::string_view addr = s.substr(0, colon);
    port = to_num<uint16_t>(s.substr(colon + 1), 16);
    // /proc/net prints each 32-bit word of the address in host order.
    for (size_t w = 0; w * 8 < addr.size() && w < 4; ++w) {
      uint32_t word = to_num<uint32_t>(addr.substr(w * 8, 8), 16);
      std::memcpy(a.data() + w * 4, &word, 4);
    }
  };
  while (std::getline(in, line)) {
    std::string_view l(line);
    SocketInfo s;
    s.l4proto = proto;
    s.type = v6 ? scap::FdType::Ipv6Sock : scap::FdType::Ipv4Sock;
    hex_addr(nth_word(l, 1), s.sip, s.sport);
    hex_addr(nth_word(l, 2), s.dip, s.dport);
    bool listening = nth_word(l, 3) == "0A" && proto == 2;  // TCP_LISTEN
    if (listening) s.type = v6 ? scap::FdType::Ipv6ServSock : scap::FdType::Ipv4ServSock;
    out[to_num<uint64_t>(nth_word(l, 9))] = s;
  }
}

std::unordered_map<uint64_t, SocketInfo> scan_sockets() {
  std::unordered_map<uint64_t, SocketInfo> out;
  // The fd table's l4 protocol is libs' scap_l4_proto, not the IP protocol number.
  constexpr uint8_t kScapL4Tcp = 2, kScapL4Udp = 3;
  parse_inet("/proc/net/tcp", false, kScapL4Tcp, out);
  parse_inet("/proc/net/udp", false, kScapL4Udp, out);
  parse_inet("/proc/net/tcp6", true, kScapL4Tcp, out);
  parse_inet("/proc/net/udp6", true, kScapL4Udp, out);
  std::istringstream in(read_file("/proc/net/unix", 16 << 20));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::string_view l(line);
    SocketInfo s;
    s.type = scap::FdType::UnixSock;
    s.path = std::string(nth_word(l, 7));
    out[to_num<uint64_t>(nth_word(l, 6))] = s;
  }
  std::istringstream nl(read_file("/proc/net/netlink"));
  std::getline(nl, line);
  while (std::getline(nl, line)) {
    SocketInfo s;
    s.type = scap::FdType::Netlink;
    out[to_num<uint64_t>(last_word(line))] = s;
  }
  return out;
}

scap::FdType anon_type(std::string_view link) {
  struct Kind {
    std::string_view name;
    scap::FdType type;
  };
  static constexpr Kind kKinds[] = {
      {"eventfd", scap::FdType::Event},
      {"signalfd", scap::FdType::SignalFd},
      {"eventpoll", scap::FdType::EventPoll},
      {"inotify", scap::FdType::Inotify},
      {"timerfd", scap::FdType::TimerFd},
      {"bpf", scap::FdType::Bpf},
      {"userfaultfd", scap::FdType::UserFaultFd},
      {"io_uring", scap::FdType::IoUring},
      {"pidfd", scap::FdType::PidFd},
  };
  for (const auto& k : kKinds)
    if (link.find(k.name) != std::string_view::npos) return k.type;
  return scap::FdType::Unknown;
}

void scan_fds(uint64_t pid, const std::unordered_map<uint64_t, SocketInfo>& sockets, scap::Metadata& m) {
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  scap::FdTable table;
  table.tid = pid;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    scap::FdEntry fd;
    fd.fd = to_num<int64_t>(e->d_name);
    std::string link = read_link(dir + "/" + e->d_name);
    struct stat st {};
    if (stat((dir + "/" + e->d_name).c_str(), &st) == 0) fd.ino = st.st_ino;
    std::string fdinfo = read_file("/proc/" + std::to_string(pid) + "/fdinfo/" + e->d_name, 4096);
    uint32_t kflags = to_num<uint32_t>(status_field(fdinfo, "flags"), 8);
    if (link.starts_with("socket:[")) {
      auto it = sockets.find(fd.ino);
      if (it == sockets.end()) {
        fd.type = scap::FdType::Unknown;
      } else {
        const SocketInfo& s = it->second;
        fd.type = s.type;
        fd.sip = s.sip;
        fd.dip = s.dip;
        fd.sport = s.sport;
        fd.dport = s.dport;
        fd.l4proto = s.l4proto;
        fd.name = s.path;
      }
    } else if (link.starts_with("pipe:[")) {
      fd.type = scap::FdType::Fifo;
      fd.name = link;
    } else if (link.starts_with("anon_inode:")) {
      fd.type = anon_type(link);
      fd.name = link;
    } else if (link.starts_with("/memfd:")) {
      fd.type = scap::FdType::MemFd;
      fd.name = link;
    } else if (!link.empty() && link[0] == '/') {
      fd.type = S_ISDIR(st.st_mode) ? scap::FdType::Directory : scap::FdType::FileV2;
      fd.name = link;
      fd.open_flags = driver::open_flags_to_scap(kflags);
      fd.dev = driver::encode_dev(static_cast<uint32_t>((major(st.st_dev) << 20) | minor(st.st_dev)));
    } else {
      fd.type = scap::FdType::Unknown;
      fd.name = link;
    }
    table.fds.push_back(std::move(fd));
  }
  closedir(d);
  m.fd_tables.push_back(std::move(table));
}

std::string nul_joined_cgroups(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    // "ID:controllers:path"; cgroup v2 has an empty controller list.
    size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string ctls = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    if (ctls.empty()) ctls = "cpuset,cpu,memory,pids";
    std::istringstream cs(ctls);
    std::string c;
    while (std::getline(cs, c, ',')) {
      if (c.starts_with("name=")) continue;
      out += c + "=" + path;
      out.push_back('\0');
    }
  }
  return out;
}

bool scan_thread(uint64_t pid, uint64_t tid, scap::ThreadEntry& t) {
  std::string base = "/proc/" + std::to_string(pid);
  std::string tbase = base + "/task/" + std::to_string(tid);
  std::string status = read_file(tbase + "/status", 65536);
  if (status.empty()) return false;
  t.tid = tid;
  t.pid = pid;
  t.ptid = to_num<uint64_t>(status_field(status, "PPid"));
  t.comm = read_file(tbase + "/comm", 64);
  if (!t.comm.empty() && t.comm.back() == '\n') t.comm.pop_back();
  std::string cmdline = read_file(base + "/cmdline", 65536);
  size_t nul = cmdline.find('\0');
  t.exe = cmdline.substr(0, nul);
  if (nul != std::string::npos) t.args = cmdline.substr(nul + 1);
  if (t.exe.empty()) t.exe = t.comm;
  t.exepath = read_link(base + "/exe");
  if (t.exepath.ends_with(" (deleted)")) t.exepath.resize(t.exepath.size() - 10);
  t.cwd = read_link(base + "/cwd");
  t.root = read_link(base + "/root");
  t.env = read_file(base + "/environ", 65536);
  t.cgroups = nul_joined_cgroups(read_file(base + "/cgroup", 65536));
  t.uid = to_num<uint32_t>(nth_word(status_field(status, "Uid"), 1));
  t.gid = to_num<uint32_t>(nth_word(status_field(status, "Gid"), 1));
  t.vmsize_kb = to_num<uint32_t>(status_field(status, "VmSize"));
  t.vmrss_kb = to_num<uint32_t>(status_field(status, "VmRSS"));
  t.vmswap_kb = to_num<uint32_t>(status_field(status, "VmSwap"));
  t.vtid = to_num<int64_t>(last_word(status_field(status, "NSpid")));
  t.vpid = to_num<int64_t>(last_word(status_field(status, "NStgid")));
  t.cap_inheritable = to_num<uint64_t>(status_field(status, "CapInh"), 16);
  t.cap_permitted = to_num<uint64_t>(status_field(status, "CapPrm"), 16);
  t.cap_effective = to_num<uint64_t>(status_field(status, "CapEff"), 16);
  std::string loginuid = read_file(base + "/loginuid", 32);
  if (!loginuid.empty()) t.loginuid = to_num<uint32_t>(loginuid);
  std::string statline = read_file(tbase + "/stat", 4096);
  size_t rp = statline.rfind(')');
  if (rp != std::string::npos) {
    std::string_view rest = std::string_view(statline).substr(rp + 2);  // state ppid pgrp session tty ...
    t.pgid = to_num<int64_t>(nth_word(rest, 2));
    t.vpgid = t.pgid;
    t.sid = to_num<int64_t>(nth_word(rest, 3));
    t.tty = to_num<uint32_t>(nth_word(rest, 4));
    t.pfminor = to_num<uint64_t>(nth_word(rest, 7));
    t.pfmajor = to_num<uint64_t>(nth_word(rest, 9));
  }
  std::string limits = read_file(base + "/limits", 8192);
  size_t lp = limits.find("Max open files");
  if (lp != std::string::npos) t.fdlimit = to_num<int64_t>(std::string_view(limits).substr(lp + 14));
  struct stat st {};
  if (stat((base + "/exe").c_str(), &st) == 0) {
    t.exe_ino = st.st_ino;
    t.exe_writable = access((base + "/exe").c_str(), W_OK) == 0;
  }
  return true;
}

}  // namespace

scap::Metadata scan_system() {
  scap::Metadata m;
  m.machine = machine();
  m.interfaces = interfaces();
  users_and_groups(m);
  auto sockets = scan_sockets();
  DIR* proc = opendir("/proc");
  if (!proc) return m;
  while (dirent* e = readdir(proc)) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
    uint64_t pid = to_num<uint64_t>(e->d_name);
    std::string task_dir = "/proc/" + std::to_string(pid) + "/task";
    DIR* tasks = opendir(task_dir.c_str());
    if (!tasks) continue;
    while (dirent* te = readdir(tasks)) {
      if (te->d_name[0] < '1' || te->d_name[0] > '9') continue;
      scap::ThreadEntry t;
      if (scan_thread(pid, to_num<uint64_t>(te->d_name), t)) m.threads.push_back(std::move(t));
    }
    closedir(tasks);
    scan_fds(pid, sockets, m);
  }
  closedir(proc);
  return m;
}

}  // namespace saker::capture
