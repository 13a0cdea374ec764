// How socket calls change the state: socket, connect and accept, bind, and the tuples of
// send* and recv*, as libsinsp's parsers keep them (its fd's tuple is client -> server, our
// cip/cport -> sip/sport).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "event_params.h"
#include "net_format.h"
#include "saker/replay/state.h"

namespace saker::replay {

using namespace detail;

using scap::EventView;
using scap::FdType;
using scap::Param;

namespace {

constexpr uint8_t kAfUnix = 1;
constexpr uint8_t kAfInet = 2;
constexpr uint8_t kAfInet6 = 10;
constexpr int64_t kEinprogress = -115;

// Parses a socket tuple parameter into fd endpoints; false if it is not an IP tuple.
bool read_tuple(const Param& p, FdInfo& f) {
  if (p.len >= 13 && p.data[0] == kAfInet) {
    f.ipv6 = false;
    std::memcpy(f.cip.data(), p.data + 1, 4);
    std::memcpy(&f.cport, p.data + 5, 2);
    std::memcpy(f.sip.data(), p.data + 7, 4);
    std::memcpy(&f.sport, p.data + 11, 2);
    return true;
  }
  if (p.len >= 37 && p.data[0] == kAfInet6) {
    f.ipv6 = true;
    std::memcpy(f.cip.data(), p.data + 1, 16);
    std::memcpy(&f.cport, p.data + 17, 2);
    std::memcpy(f.sip.data(), p.data + 19, 16);
    std::memcpy(&f.sport, p.data + 35, 2);
    return true;
  }
  return false;
}

// "unix" tuple and sockaddr: the path after the addresses.
std::string_view unix_path(const Param& p, size_t skip) {
  if (p.len <= skip) return {};
  const char* s = reinterpret_cast<const char*>(p.data + skip);
  return {s, strnlen(s, p.len - skip)};
}

// A unix tuple as libs renders it and names the socket: "SOURCE->DEST PATH" in hex. Written
// into the fd's own string: a unix socket's every sendmsg renames it.
void write_unix_tuple_name(std::string& out, const Param& tuple) {
  uint64_t src = 0, dst = 0;
  std::memcpy(&src, tuple.data + 1, 8);
  std::memcpy(&dst, tuple.data + 9, 8);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%llx->%llx ", static_cast<unsigned long long>(src),
                        static_cast<unsigned long long>(dst));
  out.assign(buf, static_cast<size_t>(std::max(n, 0)));
  out += unix_path(tuple, 17);
}

bool is_ip_socket(const FdInfo& f) {
  return f.type == FdType::Ipv4Sock || f.type == FdType::Ipv6Sock;
}

bool is_ipv4_mapped(const uint8_t* a) {
  static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(a, kPrefix, 12) == 0;
}

bool is_zero(const std::array<uint8_t, 16>& a, bool v6) {
  for (size_t i = 0; i < (v6 ? 16u : 4u); ++i)
    if (a[i]) return false;
  return true;
}

// libs' socket name (sinsp_utils::sockinfo_to_str): the tuple for TCP and UDP, addresses only
// for ICMP (and raw IPv4), "<unknown>" for any other protocol.
void write_socket_name(std::string& out, const FdInfo& f) {
  if (f.l4 == L4Proto::Tcp || f.l4 == L4Proto::Udp) return write_tuple_name(out, f);
  if (f.l4 == L4Proto::Icmp || (f.l4 == L4Proto::Raw && !f.ipv6)) {
    out.clear();
    append_ip(out, f.cip.data(), f.ipv6);
    out += "->";
    append_ip(out, f.sip.data(), f.ipv6);
    return;
  }
  out = "<unknown>";
}

// libs' sinsp_parser::update_fd for an IP tuple: an IPv4 (or IPv4-mapped) tuple makes the fd
// an IPv4 socket; its source and destination become the fd's ends unless it already has them
// (either way round). False when nothing changed. `t` receives the tuple as read.
bool take_ip_tuple(const Param& tuple, FdInfo& f, FdInfo& t) {
  if (!read_tuple(tuple, t)) return false;
  if (t.ipv6 && is_ipv4_mapped(t.cip.data()) && is_ipv4_mapped(t.sip.data())) {
    t.ipv6 = false;
    std::memmove(t.cip.data(), t.cip.data() + 12, 4);
    std::memmove(t.sip.data(), t.sip.data() + 12, 4);
    std::memset(t.cip.data() + 4, 0, 12);
    std::memset(t.sip.data() + 4, 0, 12);
  }
  if (!t.ipv6) {
    f.type = FdType::Ipv4Sock;
    f.is_server = false;  // a bound (server) socket is a connection now
  }
  const bool same =
      f.ipv6 == t.ipv6 && ((f.cip == t.cip && f.cport == t.cport && f.sip == t.sip && f.sport == t.sport) ||
                           (f.cip == t.sip && f.cport == t.sport && f.sip == t.cip && f.sport == t.cport));
  if (same && is_ip_socket(f)) return false;
  f.ipv6 = t.ipv6;
  f.cip = t.cip, f.cport = t.cport;
  f.sip = t.sip, f.sport = t.sport;
  return true;
}

}  // namespace

// libs' sinsp_network_interfaces::infer_ipv4_address (and IPv6's): the interface with this
// address, else one on its subnet, else the first that is not loopback.
std::array<uint8_t, 16> State::infer_local_address(const std::array<uint8_t, 16>& dest, bool v6) const {
  const size_t n = v6 ? 16 : 4;
  auto same_prefix = [&](const scap::Interface& i, bool subnet) {
    for (size_t b = 0; b < n; ++b) {
      uint8_t mask = !subnet ? 0xff : v6 ? (b < 8 ? 0xff : 0) : i.netmask[b];
      if ((i.addr[b] & mask) != (dest[b] & mask)) return false;
    }
    return true;
  };
  for (bool subnet : {false, true})
    for (const auto& i : interfaces_)
      if (i.ipv6 == v6 && same_prefix(i, subnet)) return i.addr;
  static constexpr uint8_t kLoopback4[4] = {127, 0, 0, 1};
  static constexpr uint8_t kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  for (const auto& i : interfaces_)
    if (i.ipv6 == v6 && std::memcmp(i.addr.data(), v6 ? kLoopback6 : kLoopback4, n) != 0) return i.addr;
  return {};
}

// libs' sinsp_network_interfaces::update_fd: an end left 0.0.0.0 (or ::) is taken to be the
// local interface that reaches the other end.
void State::fill_unknown_end(FdInfo& f) const {
  const bool c_zero = is_zero(f.cip, f.ipv6);
  if (!c_zero && !is_zero(f.sip, f.ipv6)) return;
  auto& known = c_zero ? f.sip : f.cip;
  auto addr = infer_local_address(known, f.ipv6);
  if (addr == known && f.cport == f.sport) return;
  (c_zero ? f.cip : f.sip) = addr;
}

// libs' sinsp_fdinfo::set_net_role_by_guessing. Its port checks read the IPv4 view of the
// tuple; for an IPv4 socket the fd itself always matches both, so the direction decides.
void State::guess_role(FdInfo& f, const FdTable& table, bool incoming) const {
  if (f.type == FdType::Ipv4Sock) {
    f.role = incoming ? NetRole::Server : NetRole::Client;
    return;
  }
  // An IPv6 tuple seen through libs' IPv4 fields: its "dport" is bytes 10-11 of the client
  // address and its "sport" bytes 8-9.
  uint16_t dport = 0, sport = 0;
  std::memcpy(&dport, f.cip.data() + 10, 2);
  std::memcpy(&sport, f.cip.data() + 8, 2);
  bool bound = false, client_port = false;
  table.for_each([&](const FdInfo& o) {
    if ((o.type == FdType::Ipv4Sock && o.sport == dport) ||
        (o.type == FdType::Ipv4ServSock && o.sport == dport))
      bound = true;
    if (o.type == FdType::Ipv4Sock && o.cport == sport) client_port = true;
  });
  if (!bound)
    f.role = NetRole::Client;
  else if (!client_port)
    f.role = NetRole::Server;
  else
    f.role = incoming ? NetRole::Server : NetRole::Client;
}

void State::on_socket(const EventView& ev, ThreadInfo& t) {
  if (ev.is_enter()) return;
  int64_t fd = result(ev);
  if (fd < 0 || !t.fds) return;
  uint32_t domain = 0, type = 0, proto = 0;
  num_param(ev, P::domain, domain);
  num_param(ev, P::type, type);
  num_param(ev, P::proto, proto);
  FdInfo& f = t.fds->add(fd);
  set_close_on_exec(f, flags_param(ev) & kOpenCloexec);
  switch (domain) {
    case kAfUnix:
      f.type = FdType::UnixSock;
      return;
    case kAfInet:
      f.type = FdType::Ipv4Sock;
      break;
    case kAfInet6:
      f.type = FdType::Ipv6Sock, f.ipv6 = true;
      break;
    case 16:
      f.type = FdType::Netlink;
      return;
    default:
      f.type = FdType::Unsupported;
      return;
  }
  // libs' add_socket: the protocol first, the socket type for IPPROTO_IP.
  constexpr uint32_t kStream = 1, kDgram = 2, kRaw = 3;
  const bool raw = type == kRaw;
  switch (proto) {
    case 6:  // IPPROTO_TCP
      f.l4 = raw ? L4Proto::Raw : L4Proto::Tcp;
      break;
    case 17:  // IPPROTO_UDP
      f.l4 = raw ? L4Proto::Raw : L4Proto::Udp;
      break;
    case 0:  // IPPROTO_IP
      if ((type & 0xff) == kStream) f.l4 = L4Proto::Tcp;
      if ((type & 0xff) == kDgram) f.l4 = L4Proto::Udp;
      break;
    case 1:  // IPPROTO_ICMP
      f.l4 = raw ? L4Proto::Raw : L4Proto::Icmp;
      break;
    case 255:  // IPPROTO_RAW
      f.l4 = L4Proto::Raw;
      break;
    default:
      break;
  }
}

void State::on_connect(const EventView& ev, ThreadInfo& t, bool accept) {
  if (ev.is_enter() || !t.fds) return;
  int64_t res = result(ev);
  int64_t fd = accept ? res : i64(ev, P::fd, -1);
  if (fd < 0) return;
  const Param* tuple = param(ev, P::tuple);
  FdInfo* f = t.fds->find(fd);
  // A failed connect changes nothing (libsinsp, without connection tracking); one in
  // progress (EINPROGRESS) connects the socket.
  if (!accept && res < 0 && res != kEinprogress) return;
  if (accept) {
    f = &t.fds->add(fd);
    f->l4 = L4Proto::Tcp;
    f->role = NetRole::Server;
    set_close_on_exec(*f, flags_param(ev) & kOpenCloexec);  // libs: accept4's raw flags, as they are
  } else if (!f) {
    f = &t.fds->add(fd);
  }
  f->connected = true;
  name_changed_ = true;
  const NetRole before = f->role;
  if (!accept && f->role == NetRole::None) f->role = NetRole::Client;
  if (tuple && read_tuple(*tuple, *f)) {
    f->type = f->ipv6 ? FdType::Ipv6Sock : FdType::Ipv4Sock;
    if (f->l4 == L4Proto::Unknown) f->l4 = L4Proto::Tcp;
    // libs: a UDP server that connects keeps its own end as the server's.
    if (!accept && before == NetRole::Server && f->l4 == L4Proto::Udp && !f->ipv6) {
      std::swap(f->cip, f->sip);
      std::swap(f->cport, f->sport);
    }
    write_tuple_name(f->name, *f);
  } else if (tuple && tuple->len >= 17 && tuple->data[0] == kAfUnix) {
    f->type = FdType::UnixSock;
    write_unix_tuple_name(f->name, *tuple);
  }
}

void State::on_bind_listen(const EventView& ev, ThreadInfo& t, bool listen) {
  if (ev.is_enter() || result(ev) < 0 || !t.fds) return;
  FdInfo* f = t.fds->find(i64(ev, P::fd, -1));
  if (!f) return;
  // As libs: listen changes nothing; a bind to a port makes an IP socket a server socket.
  if (listen) return;
  const Param* addr = param(ev, P::addr);
  if (!addr || addr->empty()) return;
  old_name_ = f->name;
  if (addr->data[0] == kAfInet && addr->len >= 7) {
    f->ipv6 = false;
    std::memcpy(f->sip.data(), addr->data + 1, 4);
    std::memcpy(&f->sport, addr->data + 5, 2);
  } else if (addr->data[0] == kAfInet6 && addr->len >= 19) {
    f->ipv6 = true;
    std::memcpy(f->sip.data(), addr->data + 1, 16);
    std::memcpy(&f->sport, addr->data + 17, 2);
  } else if (addr->data[0] == kAfUnix) {
    f->name.assign(unix_path(*addr, 1));
    name_changed_ = f->name != old_name_;
    return;
  } else {
    return;
  }
  if (f->sport != 0) {
    f->is_server = true;
    f->role = NetRole::Server;
    f->type = f->ipv6 ? FdType::Ipv6ServSock : FdType::Ipv4ServSock;
  }
  write_endpoint(f->name, f->sip.data(), f->ipv6, f->sport);
  name_changed_ = f->name != old_name_;
}

// libs' read and write parsers: the tuple of send*, recv* names a socket that has no name yet
// or is not an IPv4 TCP one, gives it a role if it has none, and keeps it client -> server.
void State::on_transfer_tuple(const EventView& ev, ThreadInfo& t, bool incoming) {
  if (ev.is_enter() || !t.fds) return;
  // Old captures' sendmmsg and recvmmsg have no parameters (the converter leaves them empty).
  if (ev.nparams == 0 || ev.params[0].empty() || result(ev) < 0) return;
  const Param* tuple = param(ev, P::tuple);
  if (!tuple || tuple->empty()) return;
  const int64_t fd = i64(ev, P::fd, -1);
  FdInfo* f = t.fds->find(fd);
  const uint8_t family = tuple->data[0];
  if (!f) {
    // libs: a send on an fd whose socket() the capture missed is taken for a UDP socket.
    if (incoming || fd < 0 || ev.name() == "sendmmsg" || (family != kAfInet && family != kAfInet6)) return;
    f = &t.fds->add(fd);
    f->ipv6 = family == kAfInet6;
    f->type = f->ipv6 ? FdType::Ipv6Sock : FdType::Ipv4Sock;
    f->l4 = L4Proto::Udp;
  }
  if (is_ip_socket(*f)) f->connected = true;
  const bool ipv4_tcp = f->type == FdType::Ipv4Sock && f->l4 == L4Proto::Tcp;
  if (!f->name.empty() && ipv4_tcp) return;
  old_name_ = f->name;
  if (family == kAfUnix) {
    if (tuple->len < 18 || tuple->data[tuple->len - 1] != 0) return;
    f->type = FdType::UnixSock;
    write_unix_tuple_name(f->name, *tuple);
  } else {
    FdInfo& read = tuple_scratch_;
    if (!take_ip_tuple(*tuple, *f, read)) return;
    if (is_ip_socket(*f)) {
      // libs assumes UDP for a socket of unknown protocol: TCP would not change its address.
      if (f->l4 == L4Proto::Unknown) f->l4 = L4Proto::Udp;
      fill_unknown_end(*f);
      if (f->role == NetRole::None) guess_role(*f, *t.fds, incoming);
      // As libs: a client swaps what it receives, a server what it sends.
      if ((incoming && f->role == NetRole::Client) || (!incoming && f->role == NetRole::Server)) {
        std::swap(f->cip, f->sip);
        std::swap(f->cport, f->sport);
      }
      write_socket_name(f->name, *f);
    } else {
      write_tuple_name(f->name, read);  // an IPv6 server socket: the tuple as the event gives it
    }
  }
  if (f->name != old_name_) name_changed_ = true;
}

}  // namespace saker::replay
