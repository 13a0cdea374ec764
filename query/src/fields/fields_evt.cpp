// The evt.* field class: what the event itself carries.
#include <ctime>
#include <iterator>

#include <fmt/format.h>

#include "saker/query/field.h"
#include "saker/replay/state.h"
#include "saker/scap/generic_syscall.h"

namespace saker::query {

namespace {

using scap::EventView;

bool is_generic(const EventView& ev) {
  return scap::is_generic_syscall(ev.event_type());
}

std::string_view type_name(const EventView& ev) {
  return is_generic(ev) ? scap::generic_syscall_name(ev) : ev.name();
}

// Consecutive events mostly fall in the same second: the local time text of the last second
// is kept (per format, per thread), so localtime_r and strftime run once per second of
// capture instead of once per printed line.
void append_clock(std::string& out, uint64_t ts, bool with_date) {
  struct Second {
    time_t secs = -1;
    char text[32] = {};
    size_t len = 0;
  };
  thread_local Second cache[2];
  Second& c = cache[with_date];
  time_t secs = static_cast<time_t>(ts / 1000000000ull);
  if (secs != c.secs) {
    struct tm tm;
    localtime_r(&secs, &tm);
    c.len = strftime(c.text, sizeof c.text, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
    c.secs = secs;
  }
  char digits[10];
  digits[0] = '.';
  uint64_t ns = ts % 1000000000ull;
  for (int i = 9; i >= 1; --i, ns /= 10) digits[i] = static_cast<char>('0' + ns % 10);
  out.append(c.text, c.len);
  out.append(digits, sizeof digits);
}

int param_index(const EventView& ev, const FieldRef& ref) {
  if (ref.index >= 0) return ref.index < static_cast<int64_t>(ev.nparams) ? static_cast<int>(ref.index) : -1;
  for (uint32_t i = 0; i < ev.nparams && i < ev.info->params.size(); ++i)
    if (ev.info->params[i].name == ref.name_arg) return static_cast<int>(i);
  return -1;
}

const scap::Param* res_param(const EventView& ev) {
  if (ev.is_enter() || ev.nparams == 0 || ev.info->params.empty()) return nullptr;
  const auto& first = ev.info->params[0];
  bool fd_result = first.name == "fd" && (first.type == scap::ParamType::Fd);
  if (first.name != "res" && !fd_result) return nullptr;
  if (ev.params[0].len != 8) return nullptr;
  return ev.params[0].empty() ? nullptr : &ev.params[0];
}

using Ctx = const EvalContext&;
using Ref = const FieldRef&;

bool x_num(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->num, true;
}
bool x_ts(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->ts, true;
}
bool x_ts_s(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->ts / 1000000000ull, true;
}
bool x_ts_ns(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->ts % 1000000000ull, true;
}
bool r_ts_ns(Ctx c, Ref, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{:09}", c.ev->ts % 1000000000ull);  // as libs
  return true;
}
bool x_reltime(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = relative_time(c), true;
}
// libs print it PF_10_PADDED_DEC: at least 9 digits.
bool r_reltime(Ctx c, Ref, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{:09}", relative_time(c));
  return true;
}
bool x_cpu(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = c.ev->cpu, true;
}
bool x_type(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.s = type_name(*c.ev), true;
}
bool x_rawtype(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->type, true;
}
bool x_dir(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.s = c.ev->is_enter() ? ">" : "<", true;
}
bool x_args(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  scratch.clear();
  if (!is_generic(*c.ev)) {
    scap::render_args(scratch, *c.ev, c.render, render_options(c));
  }
  v.s = scratch;
  return true;
}
bool x_arg(Ctx c, Ref r, FieldValue& v, std::string& scratch) {
  int i = param_index(*c.ev, r);
  if (i < 0) return false;
  scratch.clear();
  scap::render_param_resolved(scratch, *c.ev, static_cast<uint32_t>(i), c.render);
  v.s = scratch;
  return true;
}
// Output shows data buffers as the print options ask; filters compare the default text, as libs.
bool r_arg(Ctx c, Ref r, std::string& out) {
  int i = param_index(*c.ev, r);
  if (i < 0) return false;
  scap::render_param_resolved(out, *c.ev, static_cast<uint32_t>(i), c.render, buffer_render_options(c));
  return true;
}
bool x_rawarg(Ctx c, Ref r, FieldValue& v, std::string& scratch) {
  int i = param_index(*c.ev, r);
  if (i < 0) return false;
  scratch.clear();
  scap::render_raw_param(scratch, *c.ev, static_cast<uint32_t>(i));
  v.s = scratch;
  return true;
}
bool x_res(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* p = res_param(*c.ev);
  if (!p) return false;
  int64_t r = p->as<int64_t>();
  if (r >= 0) {
    v.s = "SUCCESS";
  } else {
    v.s = scap::errno_name(r == INT64_MIN ? 0 : -r);  // -INT64_MIN overflows
    if (v.s.empty()) v.s = "UNKNOWN";
  }
  return true;
}
bool x_rawres(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* p = res_param(*c.ev);
  if (!p) return false;
  return v.i = p->as<int64_t>(), true;
}
// libs' has_return_value(): syscall exit events with parameters (not the generic event) have
// one, their first parameter whatever its name; other events give no value.
bool x_failed(Ctx c, Ref, FieldValue& v, std::string&) {
  constexpr uint32_t kSyscallCategory = 0x200;
  const EventView& ev = *c.ev;
  if (ev.is_enter() || ev.event_type() == scap::EventType::GenericX ||
      !(ev.info->category & kSyscallCategory) || ev.nparams == 0)
    return false;
  const scap::Param& p = ev.params[0];
  if (p.len == 8) return v.i = p.as<int64_t>() < 0, true;
  if (p.len == 4) return v.i = p.as<int32_t>() < 0, true;
  return v.i = false, true;
}
bool x_offset(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->offset, true;
}
bool x_tid(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = static_cast<int64_t>(c.ev->tid), true;
}

// evt.is_open_*, as libs (sinsp_filtercheck_event TYPE_ISOPEN_*): only the exits of open, openat
// (current version), openat2 and open_by_handle_at carry the PPM open flags; every other event
// is false. creat counts for is_open_exec alone.
constexpr uint32_t kOpenRead = 1u << 0, kOpenWrite = 1u << 1, kOpenCreat = 1u << 2, kOpenTmpfile = 1u << 13,
                   kOpenCreated = 1u << 14;                     // PPM_O_*
constexpr uint32_t kModeExec = (1u << 6) | (1u << 3) | 1u;     // PPM_S_IXUSR | IXGRP | IXOTH

// The flags and mode parameter indexes of an open-family exit; false for other events.
bool open_param_indexes(const EventView& ev, uint32_t& flags_at, uint32_t& mode_at) {
  switch (ev.event_type()) {
    case scap::EventType::SyscallOpenat_2X:
    case scap::EventType::SyscallOpenat2X:
      return flags_at = 3, mode_at = 4, true;
    case scap::EventType::SyscallOpenX:
    case scap::EventType::SyscallOpenByHandleAtX:
      return flags_at = 2, mode_at = 3, true;
    default:
      return false;
  }
}
uint32_t u32_param(const EventView& ev, uint32_t at) {
  return at < ev.nparams && ev.params[at].len >= 4 ? ev.params[at].as<uint32_t>() : 0;
}
bool open_flags(const EventView& ev, uint32_t& flags) {
  uint32_t flags_at = 0, mode_at = 0;
  if (!open_param_indexes(ev, flags_at, mode_at)) return false;
  flags = u32_param(ev, flags_at);
  return true;
}
bool x_open_read(Ctx c, Ref, FieldValue& v, std::string&) {
  uint32_t f = 0;
  return v.i = open_flags(*c.ev, f) && (f & kOpenRead), true;
}
bool x_open_write(Ctx c, Ref, FieldValue& v, std::string&) {
  uint32_t f = 0;
  return v.i = open_flags(*c.ev, f) && (f & kOpenWrite), true;
}
// Created: the driver saw the file made (O_CREAT of an existing file is not), or a successful
// O_TMPFILE.
bool x_open_create(Ctx c, Ref, FieldValue& v, std::string&) {
  uint32_t f = 0;
  bool ok = open_flags(*c.ev, f);
  bool tmpfile = ok && (f & kOpenTmpfile) && c.ev->nparams > 0 && c.ev->params[0].len >= 8 &&
                 c.ev->params[0].as<int64_t>() >= 0;
  return v.i = ok && ((f & kOpenCreated) || tmpfile), true;
}
// Created with an execute bit in its mode (O_CREAT or O_TMPFILE; creat always).
bool x_open_exec(Ctx c, Ref, FieldValue& v, std::string&) {
  const EventView& ev = *c.ev;
  uint32_t flags_at = 0, mode_at = 0;
  if (ev.event_type() == scap::EventType::SyscallCreatX) return v.i = (u32_param(ev, 2) & kModeExec) != 0, true;
  v.i = open_param_indexes(ev, flags_at, mode_at) && ev.event_type() != scap::EventType::SyscallOpenByHandleAtX &&
        (u32_param(ev, flags_at) & (kOpenTmpfile | kOpenCreat)) && (u32_param(ev, mode_at) & kModeExec);
  return true;
}
bool x_syscall_type(Ctx c, Ref, FieldValue& v, std::string&) {
  if (!(c.ev->info->category & 0x200)) return false;
  return v.s = type_name(*c.ev), true;
}
// libs' evt.category: the event table's category below EC_SYSCALL; for I/O, the class of the
// event's fd (file, net, ipc; unknown without an fd or for other kinds).
std::string_view category_name(uint32_t cat, const replay::FdInfo* fd) {
  switch (cat & 0x1ff) {
    case 1:
      return "other";
    case 2:
      return "file";
    case 3:
      return "net";
    case 4:
      return "IPC";  // libs' own spelling for the ipc class (I/O on an ipc fd is "ipc")
    case 5:
      return "memory";
    case 6:
      return "process";
    case 7:
      return "sleep";
    case 8:
      return "system";
    case 9:
      return "signal";
    case 10:
      return "user";
    case 11:
      return "time";
    case 12:
      return "processing";
    case 32:
    case 33:
    case 34:
      if (!fd) return "unknown";
      switch (fd->type) {
        case scap::FdType::File:
        case scap::FdType::FileV2:
        case scap::FdType::Directory:
          return "file";
        case scap::FdType::Ipv4Sock:
        case scap::FdType::Ipv6Sock:
        case scap::FdType::Ipv4ServSock:
        case scap::FdType::Ipv6ServSock:
          return "net";
        case scap::FdType::Fifo:
        case scap::FdType::UnixSock:
        case scap::FdType::Event:
        case scap::FdType::SignalFd:
        case scap::FdType::Inotify:
        case scap::FdType::UserFaultFd:
          return "ipc";
        default:
          return "unknown";
      }
    case 64:
      return "wait";
    case 128:
      return "scheduler";
    case 256:
      return "internal";
    default:
      return "unknown";
  }
}
bool x_category(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.s = category_name(c.ev->info->category, c.state ? c.state->current_fd() : nullptr), true;
}
bool x_is_io(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = (c.ev->info->flags & (scap::kReadsFromFd | scap::kWritesToFd)) != 0, true;
}
bool x_is_io_read(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = (c.ev->info->flags & scap::kReadsFromFd) != 0, true;
}
bool x_is_io_write(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = (c.ev->info->flags & scap::kWritesToFd) != 0, true;
}
bool x_is_wait(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.i = (c.ev->info->flags & scap::kWaits) != 0, true;
}

bool r_time(Ctx c, Ref, std::string& out) {
  return append_clock(out, c.ev->ts, false), true;
}
bool r_datetime(Ctx c, Ref, std::string& out) {
  return append_clock(out, c.ev->ts, true), true;
}

const FieldDef kEvtFields[] = {
    {"evt.num", FieldType::Uint64, FieldArg::None, "event number", x_num},
    {"evt.time", FieldType::AbsTime, FieldArg::None, "event time (local), hh:mm:ss.nnnnnnnnn", x_ts, r_time},
    {"evt.outputtime", FieldType::AbsTime, FieldArg::None, "event time as printed by default", x_ts, r_time},
    {"evt.datetime", FieldType::AbsTime, FieldArg::None, "event date and time (local)", x_ts, r_datetime},
    {"evt.rawtime", FieldType::AbsTime, FieldArg::None, "event time, ns since the epoch", x_ts},
    {"evt.rawtime.s", FieldType::Uint64, FieldArg::None, "seconds part of the event time", x_ts_s},
    {"evt.rawtime.ns", FieldType::Uint64, FieldArg::None, "nanoseconds part of the event time", x_ts_ns,
     r_ts_ns},
    {"evt.reltime", FieldType::RelTime, FieldArg::None, "ns since the first event of the capture", x_reltime,
     r_reltime},
    {"evt.cpu", FieldType::Int64, FieldArg::None, "CPU the event was captured on", x_cpu},
    {"evt.type", FieldType::String, FieldArg::None, "event type name (the syscall name for generic events)",
     x_type},
    {"evt.rawtype", FieldType::Uint64, FieldArg::None, "numeric event type id", x_rawtype},
    {"evt.dir", FieldType::String, FieldArg::None, "direction: > enter, < exit", x_dir},
    {"evt.args", FieldType::String, FieldArg::None, "all arguments as name=value text", x_args},
    {"evt.arg", FieldType::String, FieldArg::IndexOrName,
     "one argument by name (evt.arg.fd) or index (evt.arg[0]), decoded", x_arg, r_arg},
    {"evt.rawarg", FieldType::String, FieldArg::IndexOrName, "one argument as its raw value", x_rawarg},
    {"evt.res", FieldType::String, FieldArg::None, "result: SUCCESS, or the errno name", x_res},
    {"evt.rawres", FieldType::Int64, FieldArg::None, "result as a number", x_rawres},
    {"evt.failed", FieldType::Bool, FieldArg::None, "true when the result is an error", x_failed},
    {"evt.offset", FieldType::Uint64, FieldArg::None,
     "byte offset of the event's block in the (decompressed) capture", x_offset},
    {"evt.is_open_read", FieldType::Bool, FieldArg::None, "an open-family call opening for reading",
     x_open_read},
    {"evt.is_open_write", FieldType::Bool, FieldArg::None, "an open-family call opening for writing",
     x_open_write},
    {"evt.is_open_create", FieldType::Bool, FieldArg::None, "an open-family call creating the file",
     x_open_create},
    {"evt.is_open_exec", FieldType::Bool, FieldArg::None, "an open-family call opening for execution",
     x_open_exec},
    {"syscall.type", FieldType::String, FieldArg::None, "the syscall name, for syscall events only",
     x_syscall_type},
    {"evt.category", FieldType::String, FieldArg::None,
     "the event's category: file, net, ipc (for I/O, the class of its fd), process, memory, internal, ...",
     x_category},
    {"evt.is_io", FieldType::Bool, FieldArg::None, "reads or writes data through an fd", x_is_io},
    {"evt.is_io_read", FieldType::Bool, FieldArg::None, "reads data through an fd", x_is_io_read},
    {"evt.is_io_write", FieldType::Bool, FieldArg::None, "writes data through an fd", x_is_io_write},
    {"evt.is_wait", FieldType::Bool, FieldArg::None, "a call that waits (sleep, poll, ...)", x_is_wait},
    {"thread.tid", FieldType::Int64, FieldArg::None, "thread id that generated the event", x_tid},
};

}  // namespace

std::span<const FieldDef> evt_fields() {
  return kEvtFields;
}

}  // namespace saker::query
