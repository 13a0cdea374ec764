// The fd.* field class: the file descriptor the event used or created.
#include <fmt/format.h>

#include <algorithm>

#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using replay::FdInfo;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

const FdInfo* cur(Ctx c) {
  return c.state ? c.state->current_fd() : nullptr;
}
// An fd that exists in the table (not the path a failed open tried, which has a negative
// number): libsinsp has no fd entry for the latter, only the name the event gives.
const FdInfo* entry(Ctx c) {
  const FdInfo* f = cur(c);
  return f && f->fd >= 0 ? f : nullptr;
}
bool is_socket(const FdInfo& f) {
  using scap::FdType;
  return f.type == FdType::Ipv4Sock || f.type == FdType::Ipv6Sock || f.type == FdType::Ipv4ServSock ||
         f.type == FdType::Ipv6ServSock;
}
bool is_file(scap::FdType t) {
  return t == scap::FdType::FileV2 || t == scap::FdType::File || t == scap::FdType::Directory;
}

// The type and name of the event's fd, from the state or the index; false without one.
bool fd_of(Ctx c, scap::FdType& type, std::string_view& name) {
  if (c.indexed) {
    if (!c.indexed->has_fd) return false;
    type = static_cast<scap::FdType>(c.indexed->fd_type);
    name = c.indexed->fd_name;
    return true;
  }
  const FdInfo* f = cur(c);
  if (!f) return false;
  type = f->type;
  name = f->name;
  return true;
}

// An fd event of a known thread: libsinsp's fd fields answer there even without an fd entry.
bool fd_event(Ctx c) {
  return c.state && c.state->current_thread() &&
         (c.ev->info->flags & (scap::kUsesFd | scap::kCreatesFd | scap::kDestroysFd));
}

bool x_num(Ctx c, Ref, FieldValue& v, std::string&) {
  // The fd parameter as the event gave it (-1 without one, -100 for AT_FDCWD), as libsinsp.
  return fd_event(c) && (v.i = c.state->current_fd_num(), true);
}
bool x_name(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.indexed) return c.indexed->has_fd_name && (v.s = c.indexed->fd_name, true);
  const FdInfo* f = cur(c);
  if (f) return v.s = f->name, true;
  // An fd the capture never showed opening: libsinsp gives exit events an empty name and
  // enter events none.
  bool uses_fd = c.ev->info->flags & (scap::kUsesFd | scap::kCreatesFd);
  return c.state && !c.ev->is_enter() && (uses_fd || c.state->current_fd_num() >= 0) &&
         (v.s = std::string_view(), true);
}
bool x_type(Ctx c, Ref, FieldValue& v, std::string&) {
  scap::FdType type;
  std::string_view name;
  return fd_of(c, type, name) && type != scap::FdType::Unknown && (v.s = replay::fd_type_name(type), true);
}
// libsinsp's guess for an fd it has no entry for, from the call that would create it.
char typechar_of_event(const scap::EventView& ev) {
  auto n = ev.name();
  if (n == "openat" || n == "openat2" || n == "creat") return 'f';  // not open: libs gives o
  if (n == "socket" || n == "accept" || n == "accept4") return '4';
  if (n == "pipe" || n == "pipe2") return 'p';
  if (n == "eventfd" || n == "eventfd2") return 'e';
  if (n == "signalfd" || n == "signalfd4") return 's';
  if (n == "timerfd_create") return 't';
  if (n == "inotify_init" || n == "inotify_init1") return 'i';
  return 'o';
}
bool x_typechar(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  scap::FdType type;
  std::string_view name;
  if (fd_of(c, type, name) && (c.indexed || entry(c)))
    scratch.assign(1, replay::fd_type_char(type));
  else if (!c.indexed && fd_event(c))
    scratch.assign(1, typechar_of_event(*c.ev));
  else
    return false;
  return v.s = scratch, true;
}
bool x_directory(Ctx c, Ref, FieldValue& v, std::string&) {
  scap::FdType type;
  std::string_view name;
  if (!fd_of(c, type, name)) {
    // No entry: libsinsp takes the directory of the name the event gives ("" for most: "/").
    return !c.indexed && fd_event(c) && !c.ev->is_enter() && (v.s = "/", true);
  }
  if (const FdInfo* f = c.indexed ? nullptr : cur(c); f && f->fd < 0) {
    // The path a failed open tried: its directory, "/" when it has none.
    auto slash = name.rfind('/');
    v.s = slash == std::string_view::npos || slash == 0 ? std::string_view("/")
          : slash + 1 < name.size()                     ? name.substr(0, slash)
                                                        : name;
    return true;
  }
  if (!is_file(type)) return false;
  if (type == scap::FdType::Directory) return v.s = name, true;
  auto slash = name.rfind('/');
  if (slash == std::string_view::npos) return false;
  v.s = name.substr(0, slash == 0 ? 1 : slash);
  return true;
}
bool x_filename(Ctx c, Ref, FieldValue& v, std::string&) {
  scap::FdType type;
  std::string_view name;
  if (!fd_of(c, type, name) || !is_file(type) || type == scap::FdType::Directory) return false;
  auto slash = name.rfind('/');
  v.s = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return true;
}
// A socket whose role is not known (socket() before connect, bind or a datagram; an IPv6 socket
// of the capture's fd table): libsinsp's role "none", which has no addresses, ports or protocol.
bool role_none(const FdInfo& f) {
  return (f.type == scap::FdType::Ipv4Sock || f.type == scap::FdType::Ipv6Sock) &&
         f.role == replay::NetRole::None;
}
bool is_socket_with_role(const FdInfo& f) {
  return is_socket(f) && !role_none(f);
}
bool ip_of(const FdInfo& f, bool server, FieldValue& v) {
  v.s =
      std::string_view(reinterpret_cast<const char*>(server ? f.sip.data() : f.cip.data()), f.ipv6 ? 16 : 4);
  return true;
}
bool x_cip(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_socket_with_role(*f) && !f->is_server && ip_of(*f, false, v);
}
bool x_sip(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_socket_with_role(*f) && ip_of(*f, true, v);
}
bool x_cport(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_socket_with_role(*f) && !f->is_server && (v.u = f->cport, true);
}
bool x_sport(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_socket_with_role(*f) && (v.u = f->sport, true);
}
bool x_l4proto(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  if (!f || !is_socket_with_role(*f)) return false;
  switch (f->l4) {
    case replay::L4Proto::Tcp:
      v.s = "tcp";
      break;
    case replay::L4Proto::Udp:
      v.s = "udp";
      break;
    case replay::L4Proto::Icmp:
      v.s = "icmp";
      break;
    case replay::L4Proto::Raw:
      v.s = "raw";
      break;
    default:
      v.s = "<NA>";  // as libs, which has no name for an unknown protocol
      break;
  }
  return true;
}
// As libsinsp: a listening socket, or a socket whose server end is an address of this
// machine's interfaces.
bool x_is_server(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = entry(c);
  if (!f) return false;
  bool server = f->is_server && f->type != scap::FdType::UnixSock;
  if (!server && (f->type == scap::FdType::Ipv4Sock || f->type == scap::FdType::Ipv6Sock)) {
    // IPv6: libs' ipv6addr::in_subnet compares the first 64 bits only (so an unbound socket's
    // :: is "in" ::1's subnet).
    const size_t n = f->ipv6 ? 8 : 4;
    for (const auto& i : c.state->interfaces())
      if (i.ipv6 == f->ipv6 && std::equal(i.addr.begin(), i.addr.begin() + n, f->sip.begin())) server = true;
  }
  return v.i = server, true;
}
bool x_ino(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = entry(c);
  return f && (v.u = f->ino, true);
}

// As libs: the local end of a connection is its client end when the client address is one of
// this machine's interfaces, its server end otherwise (whichever end the process is); a
// listening socket's own address is local.
bool is_connection(const FdInfo& f) {
  return (f.type == scap::FdType::Ipv4Sock || f.type == scap::FdType::Ipv6Sock) && !role_none(f);
}
bool client_is_local(Ctx c, const FdInfo& f) {
  if (f.is_server) return false;
  const size_t n = f.ipv6 ? 16 : 4;
  for (const auto& i : c.state->interfaces())
    if (i.ipv6 == f.ipv6 && std::equal(i.addr.begin(), i.addr.begin() + n, f.cip.begin())) return true;
  return false;
}
bool local_ip(Ctx c, const FdInfo& f, FieldValue& v) {
  return ip_of(f, !client_is_local(c, f), v);
}
bool remote_ip(Ctx c, const FdInfo& f, FieldValue& v) {
  return ip_of(f, client_is_local(c, f), v);
}
bool x_ip(Ctx c, Ref, FieldValue& v, std::string&) {
  // Either end: the filter compiler matches if the server or the client address does.
  const FdInfo* f = cur(c);
  return f && is_socket_with_role(*f) && ip_of(*f, true, v);
}
bool x_lip(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_connection(*f) && local_ip(c, *f, v);
}
bool x_rip(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_connection(*f) && remote_ip(c, *f, v);
}
bool x_lport(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  if (!f || !is_connection(*f)) return false;
  return v.u = client_is_local(c, *f) ? f->cport : f->sport, true;
}
bool x_rport(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  if (!f || !is_connection(*f)) return false;
  return v.u = client_is_local(c, *f) ? f->sport : f->cport, true;
}
bool x_port(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && is_socket_with_role(*f) && (v.u = f->sport, true);
}
bool x_connected(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = entry(c);
  return f && (v.i = f->connected, true);
}
bool x_name_changed(Ctx c, Ref, FieldValue& v, std::string&) {
  return c.state && entry(c) && (v.i = c.state->fd_name_changed(), true);
}
// The path as the opening call gave it; "" for fds not opened by a path (sockets, the
// capture's fd table), as libsinsp.
bool x_nameraw(Ctx c, Ref, FieldValue& v, std::string&) {
  if (const FdInfo* f = cur(c)) return v.s = f->name_raw, true;
  return fd_event(c) && !c.ev->is_enter() && (v.s = std::string_view(), true);
}
bool x_no_dns(Ctx, Ref, FieldValue&, std::string&) {
  return false;  // captures carry no DNS answers to name an address with
}

const FieldDef kFdFields[] = {
    {"fd.num", FieldType::Int64, FieldArg::None, "file descriptor number", x_num},
    {"fd.name", FieldType::String, FieldArg::None,
     "full name: file path, or client->server address for sockets", x_name},
    {"fd.type", FieldType::String, FieldArg::None, "file, directory, ipv4, ipv6, unix, pipe, event, ...",
     x_type},
    {"fd.typechar", FieldType::String, FieldArg::None, "type as one character (f, d, 4, 6, u, p, ...)",
     x_typechar},
    {"fd.directory", FieldType::String, FieldArg::None, "directory of a file", x_directory},
    {"fd.filename", FieldType::String, FieldArg::None, "file name without its directory", x_filename},
    {"fd.cip", FieldType::IpAddr, FieldArg::None, "client IP address", x_cip},
    {"fd.sip", FieldType::IpAddr, FieldArg::None, "server IP address", x_sip},
    {"fd.cport", FieldType::Uint64, FieldArg::None, "client port", x_cport},
    {"fd.sport", FieldType::Uint64, FieldArg::None, "server port", x_sport},
    {"fd.l4proto", FieldType::String, FieldArg::None, "tcp, udp, icmp or raw", x_l4proto},
    {"fd.is_server", FieldType::Bool, FieldArg::None, "a listening socket", x_is_server},
    {"fd.ino", FieldType::Uint64, FieldArg::None, "inode number", x_ino},
    {"fd.ip", FieldType::IpAddr, FieldArg::None, "server IP address (matches either end in filters)", x_ip},
    {"fd.lip", FieldType::IpAddr, FieldArg::None, "local IP address", x_lip},
    {"fd.rip", FieldType::IpAddr, FieldArg::None, "remote IP address", x_rip},
    {"fd.lport", FieldType::Uint64, FieldArg::None, "local port", x_lport},
    {"fd.rport", FieldType::Uint64, FieldArg::None, "remote port", x_rport},
    {"fd.port", FieldType::Uint64, FieldArg::None, "server port", x_port},
    {"fd.net", FieldType::IpNet, FieldArg::None, "server network (compare with a.b.c.d/n)", x_ip},
    {"fd.snet", FieldType::IpNet, FieldArg::None, "server network", x_sip},
    {"fd.cnet", FieldType::IpNet, FieldArg::None, "client network", x_cip},
    {"fd.lnet", FieldType::IpNet, FieldArg::None, "local network", x_lip},
    {"fd.rnet", FieldType::IpNet, FieldArg::None, "remote network", x_rip},
    {"fd.connected", FieldType::Bool, FieldArg::None, "the socket is connected", x_connected},
    {"fd.name_changed", FieldType::Bool, FieldArg::None, "the event renamed the fd (connect, first datagram)",
     x_name_changed},
    {"fd.nameraw", FieldType::String, FieldArg::None, "the path as the syscall gave it, before resolution",
     x_nameraw},
    {"fd.sip.name", FieldType::String, FieldArg::None, "DNS name of the server address (not in captures)",
     x_no_dns},
    {"fd.cip.name", FieldType::String, FieldArg::None, "DNS name of the client address (not in captures)",
     x_no_dns},
};

}  // namespace

std::span<const FieldDef> fd_fields() {
  return kFdFields;
}

}  // namespace saker::query
