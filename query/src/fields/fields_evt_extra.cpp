// The evt.* fields of libs beyond fields_evt.cpp: time texts, deltas, the deprecated latency
// fields (always 0 in current libs), counters, buffer lengths by direction and fd class,
// async and infrastructure events, the machine's host name.
#include <ctime>

#include <fmt/format.h>

#include "saker/query/field.h"
#include "saker/replay/state.h"
#include "saker/scap/text_append.h"

namespace saker::query {

namespace {

using scap::EventView;
using scap::FdType;
using Ctx = const EvalContext&;
using Ref = const FieldRef&;

constexpr uint64_t kSecond = 1000000000ull;
constexpr uint32_t kIoBase = 32;            // libs' EC_IO_BASE: io-read 32, io-write 33, io-other 34
constexpr uint32_t kCategoryMemory = 5;     // EC_MEMORY
constexpr uint32_t kCategoryMeta = 0x1000;  // EC_METAEVENT: procinfo, container, async events

// The result of an exit event, as libs' has_return_value/get_syscall_return_value see it.
bool result(const EventView& ev, int64_t& res) {
  if (ev.is_enter() || ev.nparams == 0 || ev.info->params.empty()) return false;
  const auto& first = ev.info->params[0];
  if (first.name != "res" && !(first.name == "fd" && first.type == scap::ParamType::Fd)) return false;
  if (ev.params[0].len != 8) return false;
  res = ev.params[0].as<int64_t>();
  return true;
}

// The event's fd entry; not the path a failed open tried (a negative fd), for which libs
// has no fd info.
const replay::FdInfo* fd_of(Ctx c) {
  const replay::FdInfo* f = c.state ? c.state->current_fd() : nullptr;
  return f && f->fd >= 0 ? f : nullptr;
}

bool is_file(FdType t) {
  return t == FdType::File || t == FdType::FileV2 || t == FdType::Directory;
}
bool is_ip(FdType t) {
  return t == FdType::Ipv4Sock || t == FdType::Ipv6Sock || t == FdType::Ipv4ServSock ||
         t == FdType::Ipv6ServSock;
}

// Local time text, as libs' ts_to_string: [date ]hh:mm:ss[.nnnnnnnnn].
void local_time(uint64_t ts, bool date, bool ns, std::string& out) {
  time_t secs = static_cast<time_t>(ts / kSecond);
  struct tm tm;
  localtime_r(&secs, &tm);
  char buf[48];
  size_t n = strftime(buf, sizeof buf, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
  out.assign(buf, n);
  if (ns) fmt::format_to(std::back_inserter(out), ".{:09}", ts % kSecond);
}

bool x_time_s(Ctx c, Ref, FieldValue& v, std::string& s) {
  local_time(c.ev->ts, false, false, s);
  return v.s = s, true;
}
bool x_datetime_s(Ctx c, Ref, FieldValue& v, std::string& s) {
  local_time(c.ev->ts, true, false, s);
  return v.s = s, true;
}
bool x_iso8601(Ctx c, Ref, FieldValue& v, std::string& s) {
  time_t secs = static_cast<time_t>(c.ev->ts / kSecond);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[40];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  s.assign(buf, n);
  fmt::format_to(std::back_inserter(s), ".{:09}+0000", c.ev->ts % kSecond);
  return v.s = s, true;
}

uint64_t reltime(Ctx c) {
  return relative_time(c);
}
// libs' PF_10_PADDED_DEC: nanosecond parts print with 9 digits.
bool r_padded(Ctx c, Ref r, std::string& out) {
  FieldValue v;
  std::string unused;
  if (!r.def->extract(c, r, v, unused)) return false;
  fmt::format_to(std::back_inserter(out), "{:09}", v.u);
  return true;
}
bool x_reltime_s(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = reltime(c) / kSecond, true;
}
bool x_reltime_ns(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = reltime(c) % kSecond, true;
}
bool x_delta(Ctx c, Ref, FieldValue& v, std::string&) {
  return c.state && (v.u = c.state->event_delta(), true);
}
bool x_delta_s(Ctx c, Ref, FieldValue& v, std::string&) {
  return c.state && (v.u = c.state->event_delta() / kSecond, true);
}
bool x_delta_ns(Ctx c, Ref, FieldValue& v, std::string&) {
  return c.state && (v.u = c.state->event_delta() % kSecond, true);
}
bool x_zero(Ctx, Ref, FieldValue& v, std::string&) {
  return v.u = 0, v.i = 0, true;
}
bool x_latency_human(Ctx, Ref, FieldValue& v, std::string&) {
  return v.s = "0ns", true;
}
bool x_info(Ctx c, Ref, FieldValue& v, std::string& s) {
  s.clear();
  if (!scap::is_generic_syscall(c.ev->event_type()))
    scap::render_args(s, *c.ev, c.render, render_options(c));  // generic events: none
  // No trailing space is trimmed: libs drops only the separator after the last argument, and
  // render_args writes none (a unix tuple with no path ends in its own space).
  return v.s = s, true;
}
int data_param(const EventView& ev) {
  for (uint32_t i = 0; i < ev.nparams && i < ev.info->params.size(); ++i)
    if (ev.info->params[i].name == "data") return static_cast<int>(i);
  return -1;
}
bool x_buffer(Ctx c, Ref, FieldValue& v, std::string&) {
  int i = data_param(*c.ev);
  if (i < 0) return false;
  v.s = c.ev->params[i].bytes();
  return true;
}
bool r_buffer(Ctx c, Ref, std::string& out) {
  int i = data_param(*c.ev);
  if (i < 0) return false;
  scap::render_param_resolved(out, *c.ev, static_cast<uint32_t>(i), c.render, buffer_render_options(c));
  return true;
}
bool x_io_dir(Ctx c, Ref, FieldValue& v, std::string&) {
  if (c.ev->info->flags & scap::kWritesToFd) return v.s = "write", true;
  if (c.ev->info->flags & scap::kReadsFromFd) return v.s = "read", true;
  return false;
}
bool x_is_syslog(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* f = fd_of(c);
  v.i = (c.ev->info->flags & scap::kWritesToFd) && f && f->name.find("/dev/log") != std::string::npos;
  return true;
}
bool x_count(Ctx, Ref, FieldValue& v, std::string&) {
  return v.u = 1, true;
}
bool error_count(Ctx c, FieldValue& v) {
  int64_t res = 0;
  if (!result(*c.ev, res)) return false;
  return v.u = res < 0, true;
}
bool x_count_error(Ctx c, Ref, FieldValue& v, std::string&) {
  return error_count(c, v);
}
bool opens_file(const EventView& ev) {
  auto n = ev.name();
  return !ev.is_enter() &&
         (n == "open" || n == "creat" || n == "openat" || n == "openat2" || n == "open_by_handle_at");
}
bool opens_socket(const EventView& ev) {
  auto n = ev.name();
  return !ev.is_enter() && (n == "accept" || n == "accept4" || n == "connect");
}
bool is_memory(const EventView& ev) {
  return (ev.info->category & 0xff) == kCategoryMemory;
}
bool x_count_error_file(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* f = fd_of(c);
  if (f ? is_file(f->type) : opens_file(*c.ev)) return error_count(c, v);
  return false;
}
bool x_count_error_net(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* f = fd_of(c);
  if (f ? (is_ip(f->type) || f->type == FdType::UnixSock) : opens_socket(*c.ev)) return error_count(c, v);
  return false;
}
bool x_count_error_memory(Ctx c, Ref, FieldValue& v, std::string&) {
  return is_memory(*c.ev) && error_count(c, v);
}
bool x_count_error_other(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* f = fd_of(c);
  bool other = f ? !(is_file(f->type) || is_ip(f->type) || f->type == FdType::UnixSock)
                 : !(opens_file(*c.ev) || opens_socket(*c.ev) || is_memory(*c.ev));
  return other && error_count(c, v);
}
bool x_count_exit(Ctx c, Ref, FieldValue& v, std::string&) {
  return !c.ev->is_enter() && (v.u = 1, true);
}
bool is_procinfo(const EventView& ev) {
  return ev.name() == "procinfo";
}
bool x_count_procinfo(Ctx c, Ref, FieldValue& v, std::string&) {
  v.u = 0;
  if (is_procinfo(*c.ev) && c.state) {
    const auto* t = c.state->thread(c.ev->tid);
    v.u = t && t->is_main_thread();
  }
  return true;
}
bool x_count_threadinfo(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = is_procinfo(*c.ev), true;
}

// Buffer lengths: I/O events on a known fd, by direction (0 any, 32 read, 33 write) and fd class.
enum class FdClass { Any, File, Net };
template <uint32_t Category, FdClass Class>
bool x_buflen(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* f = fd_of(c);
  uint32_t cat = c.ev->info->category & 0xff;
  if (!f || !(Category ? cat == Category : (cat & kIoBase))) return false;
  if (Class == FdClass::File && f->type != FdType::File && f->type != FdType::FileV2) return false;
  if (Class == FdClass::Net && !is_ip(f->type)) return false;
  int64_t res = 0;
  if (!result(*c.ev, res) || res < 0) return false;
  return v.u = static_cast<uint64_t>(res), true;
}

// Infrastructure events: "Event: x; ID: y; name: z; Image: w" in their description.
bool infra_item(Ctx c, std::string_view key, FieldValue& v, std::string& s) {
  if (c.ev->name() != "infra" || c.ev->nparams < 3) return false;
  std::string_view desc = c.ev->params[2].str();
  while (!desc.empty()) {
    size_t semi = desc.find(';');
    std::string_view item = desc.substr(0, semi);
    desc = semi == std::string_view::npos ? std::string_view() : desc.substr(semi + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (!item.starts_with(key)) continue;
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view val = item.substr(colon + 1);
    if (key == "Image") {
      if (auto at = val.find('@'); at != std::string_view::npos) val = val.substr(0, at);
    }
    while (!val.empty() && val.front() == ' ') val.remove_prefix(1);
    while (!val.empty() && val.back() == ' ') val.remove_suffix(1);
    if (key == "ID" && val.size() > 12) val = val.substr(0, 12);
    s.assign(val);
    return v.s = s, true;
  }
  return false;
}
bool x_infra_name(Ctx c, Ref, FieldValue& v, std::string& s) {
  return infra_item(c, "Event", v, s);
}
bool x_infra_id(Ctx c, Ref, FieldValue& v, std::string& s) {
  return infra_item(c, "ID", v, s);
}
bool x_infra_container_name(Ctx c, Ref, FieldValue& v, std::string& s) {
  return infra_item(c, "name", v, s);
}
bool x_infra_image(Ctx c, Ref, FieldValue& v, std::string& s) {
  return infra_item(c, "Image", v, s);
}

bool x_none(Ctx, Ref, FieldValue&, std::string&) {
  return false;  // no plugins are loaded when Saker reads a capture
}
bool x_source(Ctx, Ref, FieldValue& v, std::string&) {
  return v.s = "syscall", true;
}
bool is_meta(const EventView& ev) {
  return ev.info->category & kCategoryMeta;
}
bool x_is_async(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = is_meta(*c.ev), true;
}
bool x_asynctype(Ctx c, Ref, FieldValue& v, std::string&) {
  if (!is_meta(*c.ev)) return false;
  if (c.ev->name() == "asyncevent" && c.ev->nparams > 1) return v.s = c.ev->params[1].str(), true;
  return v.s = c.ev->name(), true;
}
// libs reading a capture gives an empty host name: its machine info from a file carries none
// (a live libs takes it from gethostname or SCAP_HOSTNAME). Saker follows libs, so a rule
// output matches Falco's replay of the same capture.
// evt.around[T]: how far the event is from time T, in ms rounded up. The filter binder turns
// libs' `evt.around[T] = D` into "at most D": the event lies within D ms of T.
bool x_around(Ctx c, Ref r, FieldValue& v, std::string&) {
  if (r.index < 0) return false;
  const uint64_t t = static_cast<uint64_t>(r.index);
  const uint64_t d = c.ev->ts > t ? c.ev->ts - t : t - c.ev->ts;
  v.u = d / 1000000 + (d % 1000000 != 0);
  return true;
}
// libs' util.cnt: each use of the field counts the events it was extracted for.
bool x_counter(Ctx, Ref r, FieldValue& v, std::string&) {
  v.u = ++r.counter;
  return true;
}

bool x_hostname(Ctx c, Ref, FieldValue& v, std::string&) {
  if (!c.state) return false;
  return v.s = std::string_view(), true;
}
// evt.type.is.NAME (or a number): 1 for events of that type.
bool x_type_is(Ctx c, Ref r, FieldValue& v, std::string&) {
  std::string_view want = r.name_arg;
  if (r.index >= 0) return v.u = c.ev->type == r.index, true;
  return v.u = c.ev->name() == want, true;
}

// evt.abspath[.src|.dst]: the path of *at() calls made absolute against their dirfd.
bool x_abspath(Ctx c, Ref r, FieldValue& v, std::string& s) {
  auto n = c.ev->name();
  if (c.ev->is_enter()) return false;
  bool dst = r.name_arg == "dst";
  std::string_view dirfd_name, path_name;
  if (n == "renameat" || n == "renameat2" || n == "linkat") {
    bool link = n == "linkat";
    dirfd_name = dst ? (link ? "newdir" : "newdirfd") : (link ? "olddir" : "olddirfd");
    path_name = dst ? "newpath" : "oldpath";
  } else if (n == "symlinkat") {
    dirfd_name = "linkdirfd", path_name = "linkpath";
  } else if (n == "openat" || n == "openat2" || n == "unlinkat") {
    dirfd_name = "dirfd", path_name = "name";
  } else if (n == "mkdirat") {
    dirfd_name = "dirfd", path_name = "path";
  } else if (n == "fchmodat") {
    dirfd_name = "dirfd", path_name = "filename";
  } else if (n == "fchownat") {
    dirfd_name = "dirfd", path_name = "pathname";
  } else {
    return false;
  }
  const auto* dp = c.ev->param(dirfd_name);
  const auto* pp = c.ev->param(path_name);
  if (!dp || !pp || dp->empty() || pp->empty() || !c.state) return false;
  std::string_view path = pp->str();
  const auto* t = c.state->thread(c.ev->tid);
  if (!t) return false;
  int64_t dirfd = dp->as<int64_t>();
  if (!path.empty() && path[0] == '/') {
    s.assign(path);
    return v.s = s, true;
  }
  if (dirfd == -100) {
    s = t->cwd;
  } else {
    const auto* f = t->fds ? t->fds->find(dirfd) : nullptr;
    s = f ? f->name : "<UNKNOWN>";
  }
  if (s.empty() || s.back() != '/') s += '/';
  s += path;
  return v.s = s, true;
}

const FieldDef kEvtExtraFields[] = {
    {"evt.time.s", FieldType::String, FieldArg::None, "event time (local) without nanoseconds, hh:mm:ss",
     x_time_s},
    {"evt.time.iso8601", FieldType::String, FieldArg::None,
     "event time in ISO 8601 (UTC), with nanoseconds and the zone offset", x_iso8601},
    {"evt.datetime.s", FieldType::String, FieldArg::None, "event date and time (local) without nanoseconds",
     x_datetime_s},
    {"evt.reltime.s", FieldType::RelTime, FieldArg::None, "seconds since the first event of the capture",
     x_reltime_s},
    {"evt.reltime.ns", FieldType::RelTime, FieldArg::None,
     "nanoseconds part of the time since the first event", x_reltime_ns, r_padded},
    {"evt.deltatime", FieldType::RelTime, FieldArg::None, "ns since the previous event", x_delta},
    {"evt.deltatime.s", FieldType::RelTime, FieldArg::None,
     "seconds part of the time since the previous event", x_delta_s},
    {"evt.deltatime.ns", FieldType::RelTime, FieldArg::None,
     "nanoseconds part of the time since the previous event", x_delta_ns, r_padded},
    {"evt.latency", FieldType::RelTime, FieldArg::None, "deprecated in libs: always 0", x_zero},
    {"evt.latency.s", FieldType::RelTime, FieldArg::None, "deprecated in libs: always 0", x_zero},
    {"evt.latency.ns", FieldType::RelTime, FieldArg::None, "deprecated in libs: always 0", x_zero, r_padded},
    {"evt.latency.quantized", FieldType::Uint64, FieldArg::None, "deprecated in libs: always 0", x_zero},
    {"evt.latency.human", FieldType::String, FieldArg::None, "deprecated in libs: always 0ns",
     x_latency_human},
    {"evt.wait_latency", FieldType::RelTime, FieldArg::None, "deprecated in libs: always 0", x_zero},
    {"evt.info", FieldType::String, FieldArg::None, "the same text as evt.args, as in libs", x_info},
    {"evt.buffer", FieldType::Bytes, FieldArg::None,
     "the data buffer of I/O events (read, recvfrom, ...); use with contains", x_buffer, r_buffer},
    {"evt.io_dir", FieldType::String, FieldArg::None, "read or write, for I/O events", x_io_dir},
    {"evt.is_syslog", FieldType::Bool, FieldArg::None, "a write to /dev/log", x_is_syslog},
    {"evt.count", FieldType::Uint64, FieldArg::None, "always 1 (for counting)", x_count},
    {"evt.count.error", FieldType::Uint64, FieldArg::None, "1 for events that returned an error",
     x_count_error},
    {"evt.count.error.file", FieldType::Uint64, FieldArg::None, "1 for failed file I/O events",
     x_count_error_file},
    {"evt.count.error.net", FieldType::Uint64, FieldArg::None, "1 for failed network I/O events",
     x_count_error_net},
    {"evt.count.error.memory", FieldType::Uint64, FieldArg::None, "1 for failed memory events",
     x_count_error_memory},
    {"evt.count.error.other", FieldType::Uint64, FieldArg::None, "1 for other failed events",
     x_count_error_other},
    {"evt.count.exit", FieldType::Uint64, FieldArg::None, "1 for exit events", x_count_exit},
    {"evt.count.procinfo", FieldType::Uint64, FieldArg::None, "1 for procinfo events of main threads",
     x_count_procinfo},
    {"evt.count.threadinfo", FieldType::Uint64, FieldArg::None, "1 for procinfo events", x_count_threadinfo},
    {"evt.buflen", FieldType::Uint64, FieldArg::None,
     "the result of I/O events on a known fd (bytes read or written; libs' evt.buflen)",
     x_buflen<0, FdClass::Any>},
    {"evt.buflen.in", FieldType::Uint64, FieldArg::None, "bytes read, for input I/O events",
     x_buflen<32, FdClass::Any>},
    {"evt.buflen.out", FieldType::Uint64, FieldArg::None, "bytes written, for output I/O events",
     x_buflen<33, FdClass::Any>},
    {"evt.buflen.file", FieldType::Uint64, FieldArg::None, "bytes read or written, for file I/O",
     x_buflen<0, FdClass::File>},
    {"evt.buflen.file.in", FieldType::Uint64, FieldArg::None, "bytes read from files",
     x_buflen<32, FdClass::File>},
    {"evt.buflen.file.out", FieldType::Uint64, FieldArg::None, "bytes written to files",
     x_buflen<33, FdClass::File>},
    {"evt.buflen.net", FieldType::Uint64, FieldArg::None, "bytes read or written, for network I/O",
     x_buflen<0, FdClass::Net>},
    {"evt.buflen.net.in", FieldType::Uint64, FieldArg::None, "bytes read from the network",
     x_buflen<32, FdClass::Net>},
    {"evt.buflen.net.out", FieldType::Uint64, FieldArg::None, "bytes written to the network",
     x_buflen<33, FdClass::Net>},
    {"evt.infra.docker.name", FieldType::String, FieldArg::None,
     "docker infrastructure events: the event name", x_infra_name},
    {"evt.infra.docker.container.id", FieldType::String, FieldArg::None,
     "docker infrastructure events: the container id", x_infra_id},
    {"evt.infra.docker.container.name", FieldType::String, FieldArg::None,
     "docker infrastructure events: the container name", x_infra_container_name},
    {"evt.infra.docker.container.image", FieldType::String, FieldArg::None,
     "docker infrastructure events: the container image", x_infra_image},
    {"evt.pluginname", FieldType::String, FieldArg::None,
     "plugin that generated the event (none in captures)", x_none},
    {"evt.plugininfo", FieldType::String, FieldArg::None, "plugin's summary of the event (none in captures)",
     x_none},
    {"evt.source", FieldType::String, FieldArg::None, "event source: syscall", x_source},
    {"evt.is_async", FieldType::Bool, FieldArg::None,
     "an asynchronous (meta) event: procinfo, container, ...", x_is_async},
    {"evt.asynctype", FieldType::String, FieldArg::None, "the type of an asynchronous event", x_asynctype},
    {"evt.hostname", FieldType::String, FieldArg::None, "host name; empty when reading a capture, as in libs",
     x_hostname},
    {"evt.type.is", FieldType::Uint64, FieldArg::IndexOrName,
     "1 for events of the type named: evt.type.is.open (or a type number)", x_type_is},
    {"evt.abspath", FieldType::String, FieldArg::IndexOrName,
     "path of an *at() call made absolute against its dirfd: evt.abspath.src, evt.abspath.dst", x_abspath,
     nullptr, true},
    {"evt.around", FieldType::Uint64, FieldArg::Index,
     "in filters, evt.around[T] = D keeps the events within D ms of time T (evt.rawtime); as a value, "
     "the distance from T in ms",
     x_around},
    {"util.cnt", FieldType::Uint64, FieldArg::None,
     "a counter: 1 for the first event this use of the field "
     "sees, then 2, 3, ...",
     x_counter},
};

}  // namespace

std::span<const FieldDef> evt_extra_fields() {
  return kEvtExtraFields;
}

}  // namespace saker::query
