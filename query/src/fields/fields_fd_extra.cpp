// The fd.* fields of libs beyond fields_fd.cpp (socket family, container-qualified names,
// ports as protocol text, devices, the types of every open fd, overlay layers), and the
// fdlist.* fields of poll events.
#include <arpa/inet.h>

#include <cstring>

#include <fmt/format.h>

#include "fields/field_thread.h"
#include "saker/query/field.h"
#include "saker/replay/state.h"
#include "saker/scap/text_append.h"

namespace saker::query {

namespace {

using replay::FdInfo;
using scap::FdType;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

// The event's fd entry; not the path a failed open tried (a negative fd): libs has no fd
// info for it.
const FdInfo* cur(Ctx c) {
  const FdInfo* f = c.state ? c.state->current_fd() : nullptr;
  return f && f->fd >= 0 ? f : nullptr;
}
const replay::ThreadInfo* thread_of(Ctx c) {
  return event_thread(c);
}
bool fd_event(Ctx c) {
  return c.ev->info->flags & (scap::kUsesFd | scap::kCreatesFd | scap::kDestroysFd);
}

// Another registered field, found once by name.
const FieldDef* field(std::string_view name) {
  for (const FieldDef* f : all_fields())
    if (f->name == name) return f;
  return nullptr;
}
bool extract(const FieldDef* f, Ctx c, FieldValue& v, std::string& s) {
  FieldRef r;
  r.def = f;
  return f && f->extract(c, r, v, s);
}

bool x_sockfamily(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  if (!f) return false;
  switch (f->type) {
    case FdType::Ipv4Sock:
    case FdType::Ipv6Sock:
    case FdType::Ipv4ServSock:
    case FdType::Ipv6ServSock:
      return v.s = "ip", true;
    case FdType::UnixSock:
      return v.s = "unix", true;
    default:
      return false;
  }
}
// libs: the thread id followed by the fd number, as text.
bool x_uid(Ctx c, Ref, FieldValue& v, std::string& s) {
  const auto* t = thread_of(c);
  if (!t || !fd_event(c)) return false;
  s.clear();
  scap::append_int(s, t->tid);
  scap::append_int(s, c.state->current_fd_num());
  return v.s = s, true;
}
// container id ':' fd.name (or fd.directory); the id is empty on the host, as libs gives it.
template <bool Directory>
bool x_container_qualified(Ctx c, Ref, FieldValue& v, std::string& s) {
  static const FieldDef* base = field(Directory ? "fd.directory" : "fd.name");
  const auto* t = thread_of(c);
  if (!t) return false;
  FieldValue inner;
  if (!extract(base, c, inner, s)) return false;
  thread_local std::string name;  // inner.s may point into s; this keeps its capacity
  name.assign(inner.s);
  s = t->container_id;
  s += ':';
  s += name;
  return v.s = s, true;
}
// Ports as text (libs' *proto fields: the port, or its service name when name resolution is
// on, which it never is for captures).
constexpr char kCportName[] = "fd.cport";
constexpr char kSportName[] = "fd.sport";
template <const char* Port>
bool x_proto(Ctx c, Ref, FieldValue& v, std::string& s) {
  static const FieldDef* port = field(Port);
  FieldValue p;
  const FdInfo* f = cur(c);
  const bool ends = Port == kCportName || Port == kSportName;
  if (ends && f && f->type != scap::FdType::Ipv4Sock && f->type != scap::FdType::Ipv6Sock) {
    // libs' fd.cproto: empty text for any fd with a role (a server socket, a unix socket);
    // fd.sproto: empty text for a server socket. No value for other fds.
    using scap::FdType;
    const bool servsock = f->type == FdType::Ipv4ServSock || f->type == FdType::Ipv6ServSock;
    bool text = Port == kCportName ? f->role != replay::NetRole::None : servsock;
    return text && (v.s = std::string_view(), true);
  }
  if (!extract(port, c, p, s)) return false;
  s.clear();
  scap::append_int(s, p.u);
  return v.s = s, true;
}
constexpr char kLport[] = "fd.lport";
constexpr char kRport[] = "fd.rport";

bool x_no_dns(Ctx, Ref, FieldValue&, std::string&) {
  return false;  // captures carry no DNS answers to name an address with
}
bool x_dev(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && (v.i = f->dev, true);
}
bool r_dev(Ctx c, Ref, std::string& out) {
  const FdInfo* f = cur(c);
  if (!f) return false;
  fmt::format_to(std::back_inserter(out), "{:X}", f->dev);
  return true;
}
bool x_dev_major(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && (v.i = (f->dev & 0xfff00u) >> 8, true);
}
bool x_dev_minor(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && (v.i = (f->dev & 0xffu) | ((f->dev >> 12) & 0xfff00u), true);
}
// fd.types: the distinct types of the process's open fds, "(file,ipv4)"; fd.types[N]: fd N's.
bool x_types(Ctx c, Ref r, FieldValue& v, std::string& s) {
  const auto* t = thread_of(c);
  if (!t || !fd_event(c) || !t->fds) return false;
  if (r.index >= 0) {
    const FdInfo* f = t->fds->find(r.index);
    if (!f) return false;
    return v.s = replay::fd_type_name(f->type), true;
  }
  s = "(";
  const char* seen[32];
  size_t nseen = 0;
  t->fds->for_each([&](const FdInfo& f) {
    const char* name = replay::fd_type_name(f.type);
    for (size_t i = 0; i < nseen; ++i)
      if (seen[i] == name) return;
    if (nseen < std::size(seen)) seen[nseen++] = name;
    if (s.size() > 1) s += ',';
    s += name;
  });
  s += ')';
  return v.s = s, true;
}
constexpr uint32_t kUpperLayer = 1u << 15;
constexpr uint32_t kLowerLayer = 1u << 16;
bool x_upper(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && (v.i = (f->open_flags & kUpperLayer) != 0, true);
}
bool x_lower(Ctx c, Ref, FieldValue& v, std::string&) {
  const FdInfo* f = cur(c);
  return f && (v.i = (f->open_flags & kLowerLayer) != 0, true);
}

// fdlist.*: poll and ppoll exits, one entry per fd of their `fds` argument.
enum class List { Nums, Names, Cips, Sips, Cports, Sports };
void append_ip(std::string& out, const uint8_t* ip, bool v6) {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(v6 ? AF_INET6 : AF_INET, ip, buf, sizeof buf)) out += buf;
}
template <List L>
bool x_fdlist(Ctx c, Ref, FieldValue& v, std::string& s) {
  auto n = c.ev->name();
  if (c.ev->is_enter() || (n != "poll" && n != "ppoll") || c.ev->nparams < 2) return false;
  const auto* t = thread_of(c);
  if (!t) return false;
  const scap::Param& p = c.ev->params[1];
  if (p.len < 2) return false;
  uint16_t count = p.as<uint16_t>();
  s.clear();
  for (uint32_t j = 0, pos = 2; j < count && pos + 10 <= p.len; ++j, pos += 10) {
    int64_t fd = 0;
    std::memcpy(&fd, p.data + pos, sizeof fd);
    const FdInfo* f = t->fds ? t->fds->find(fd) : nullptr;
    bool v4 = f && f->type == FdType::Ipv4Sock, v6 = f && f->type == FdType::Ipv6Sock;
    size_t before = s.size();
    switch (L) {
      case List::Nums:
        scap::append_int(s, fd);
        break;
      case List::Names:
        s += f && !f->name.empty() ? std::string_view(f->name) : std::string_view("<NA>");
        break;
      case List::Cips:
        if (v4 || v6) append_ip(s, f->cip.data(), v6);
        break;
      case List::Sips:
        if (v4 || v6) append_ip(s, f->sip.data(), v6);
        if (f && (f->type == FdType::Ipv4ServSock || f->type == FdType::Ipv6ServSock))
          append_ip(s, f->sip.data(), false);  // libs prints IPv6 server sockets as IPv4
        break;
      case List::Cports:
        if (v4 || v6) scap::append_int(s, f->cport);
        break;
      case List::Sports:
        if (v4 || v6) scap::append_int(s, f->sport);
        break;
    }
    if (s.size() > before || L == List::Nums || L == List::Names) s += ',';
  }
  if (!s.empty() && s.back() == ',') s.pop_back();
  if (s.empty()) return false;
  return v.s = s, true;
}

const FieldDef kFdExtraFields[] = {
    {"fd.sockfamily", FieldType::String, FieldArg::None, "ip or unix, for sockets", x_sockfamily},
    {"fd.uid", FieldType::String, FieldArg::None, "thread id and fd number together, unique per thread fd",
     x_uid},
    {"fd.containername", FieldType::String, FieldArg::None, "container id, ':' and fd.name",
     x_container_qualified<false>},
    {"fd.containerdirectory", FieldType::String, FieldArg::None, "container id, ':' and fd.directory",
     x_container_qualified<true>},
    {"fd.cproto", FieldType::String, FieldArg::None, "client port as text", x_proto<kCportName>},
    {"fd.sproto", FieldType::String, FieldArg::None, "server port as text", x_proto<kSportName>},
    {"fd.lproto", FieldType::String, FieldArg::None, "local port as text", x_proto<kLport>},
    {"fd.rproto", FieldType::String, FieldArg::None, "remote port as text", x_proto<kRport>},
    {"fd.proto", FieldType::String, FieldArg::None, "server port as text (filters: either end)",
     x_proto<kSportName>},
    {"fd.lip.name", FieldType::String, FieldArg::None, "DNS name of the local address (not in captures)",
     x_no_dns},
    {"fd.rip.name", FieldType::String, FieldArg::None, "DNS name of the remote address (not in captures)",
     x_no_dns},
    {"fd.dev", FieldType::Int64, FieldArg::None, "device number of the file (hex)", x_dev, r_dev},
    {"fd.dev.major", FieldType::Int64, FieldArg::None, "major device number", x_dev_major},
    {"fd.dev.minor", FieldType::Int64, FieldArg::None, "minor device number", x_dev_minor},
    {"fd.types", FieldType::String, FieldArg::Index,
     "types of the process's open fds, \"(file,ipv4)\"; fd.types[N]: fd N's type", x_types},
    {"fd.is_upper_layer", FieldType::Bool, FieldArg::None, "the file is in an overlayfs upper layer",
     x_upper},
    {"fd.is_lower_layer", FieldType::Bool, FieldArg::None, "the file is in an overlayfs lower layer",
     x_lower},
};

const FieldDef kFdlistFields[] = {
    {"fdlist.nums", FieldType::String, FieldArg::None, "poll events: the fd numbers, comma separated",
     x_fdlist<List::Nums>},
    {"fdlist.names", FieldType::String, FieldArg::None, "poll events: the fd names", x_fdlist<List::Names>},
    {"fdlist.cips", FieldType::String, FieldArg::None, "poll events: the client addresses",
     x_fdlist<List::Cips>},
    {"fdlist.sips", FieldType::String, FieldArg::None, "poll events: the server addresses",
     x_fdlist<List::Sips>},
    {"fdlist.cports", FieldType::String, FieldArg::None, "poll events: the client ports",
     x_fdlist<List::Cports>},
    {"fdlist.sports", FieldType::String, FieldArg::None, "poll events: the server ports",
     x_fdlist<List::Sports>},
};

}  // namespace

std::span<const FieldDef> fd_extra_fields() {
  return kFdExtraFields;
}
std::span<const FieldDef> fdlist_fields() {
  return kFdlistFields;
}

}  // namespace saker::query
