// The evt.* field class: what the event itself carries.
#include <ctime>

#include <fmt/format.h>

#include "saker/query/field.h"

namespace saker::query {

namespace {

using scap::EventView;

constexpr uint16_t kGenericEnter = 0;
constexpr uint16_t kGenericExit = 1;

std::back_insert_iterator<std::string> to(std::string& out) { return std::back_inserter(out); }

bool is_generic(const EventView& ev) { return ev.type == kGenericEnter || ev.type == kGenericExit; }

std::string_view type_name(const EventView& ev) {
  if (is_generic(ev) && ev.nparams > 0 && !ev.params[0].empty()) {
    uint16_t code = ev.params[0].as<uint16_t>();
    if (code == 0) return "<unknown>";  // PPM_SC_UNKNOWN, named as sysdig does
    auto n = scap::syscall_name(code);
    if (!n.empty()) return n;
  }
  return ev.name();
}

void append_clock(std::string& out, uint64_t ts, bool with_date) {
  time_t secs = static_cast<time_t>(ts / 1000000000ull);
  struct tm tm;
  localtime_r(&secs, &tm);
  char buf[32];
  strftime(buf, sizeof buf, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
  fmt::format_to(to(out), "{}.{:09}", buf, ts % 1000000000ull);
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

bool x_num(Ctx c, Ref, FieldValue& v, std::string&) { return v.u = c.ev->num, true; }
bool x_ts(Ctx c, Ref, FieldValue& v, std::string&) { return v.u = c.ev->ts, true; }
bool x_ts_s(Ctx c, Ref, FieldValue& v, std::string&) { return v.u = c.ev->ts / 1000000000ull, true; }
bool x_ts_ns(Ctx c, Ref, FieldValue& v, std::string&) { return v.u = c.ev->ts % 1000000000ull, true; }
bool x_reltime(Ctx c, Ref, FieldValue& v, std::string&) {
  return v.u = c.ev->ts >= c.first_ts ? c.ev->ts - c.first_ts : 0, true;
}
bool x_cpu(Ctx c, Ref, FieldValue& v, std::string&) { return v.i = c.ev->cpu, true; }
bool x_type(Ctx c, Ref, FieldValue& v, std::string&) { return v.s = type_name(*c.ev), true; }
bool x_rawtype(Ctx c, Ref, FieldValue& v, std::string&) { return v.u = c.ev->type, true; }
bool x_dir(Ctx c, Ref, FieldValue& v, std::string&) { return v.s = c.ev->is_enter() ? ">" : "<", true; }
bool x_args(Ctx c, Ref, FieldValue& v, std::string& scratch) {
  scratch.clear();
  if (!is_generic(*c.ev)) {
    scap::render_args(scratch, *c.ev, c.render);  // ends with a space, as sysdig's does
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
    v.s = scap::errno_name(-r);
    if (v.s.empty()) v.s = "UNKNOWN";
  }
  return true;
}
bool x_rawres(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* p = res_param(*c.ev);
  if (!p) return false;
  return v.i = p->as<int64_t>(), true;
}
bool x_failed(Ctx c, Ref, FieldValue& v, std::string&) {
  const auto* p = res_param(*c.ev);
  return v.i = (p && p->as<int64_t>() < 0), true;
}
bool x_offset(Ctx c, Ref, FieldValue& v, std::string&) { return v.u = c.ev->offset, true; }
bool x_tid(Ctx c, Ref, FieldValue& v, std::string&) { return v.i = static_cast<int64_t>(c.ev->tid), true; }

bool r_time(Ctx c, Ref, std::string& out) { return append_clock(out, c.ev->ts, false), true; }
bool r_datetime(Ctx c, Ref, std::string& out) { return append_clock(out, c.ev->ts, true), true; }

const FieldDef kEvtFields[] = {
    {"evt.num", FieldType::Uint64, FieldArg::None, "event number", x_num},
    {"evt.time", FieldType::AbsTime, FieldArg::None, "event time (local), hh:mm:ss.nnnnnnnnn", x_ts, r_time},
    {"evt.outputtime", FieldType::AbsTime, FieldArg::None, "event time as printed by default", x_ts, r_time},
    {"evt.datetime", FieldType::AbsTime, FieldArg::None, "event date and time (local)", x_ts, r_datetime},
    {"evt.rawtime", FieldType::AbsTime, FieldArg::None, "event time, ns since the epoch", x_ts},
    {"evt.rawtime.s", FieldType::Uint64, FieldArg::None, "seconds part of the event time", x_ts_s},
    {"evt.rawtime.ns", FieldType::Uint64, FieldArg::None, "nanoseconds part of the event time", x_ts_ns},
    {"evt.reltime", FieldType::RelTime, FieldArg::None, "ns since the first event of the capture", x_reltime},
    {"evt.cpu", FieldType::Int64, FieldArg::None, "CPU the event was captured on", x_cpu},
    {"evt.type", FieldType::String, FieldArg::None, "event type name (the syscall name for generic events)",
     x_type},
    {"evt.rawtype", FieldType::Uint64, FieldArg::None, "numeric event type id", x_rawtype},
    {"evt.dir", FieldType::String, FieldArg::None, "direction: > enter, < exit", x_dir},
    {"evt.args", FieldType::String, FieldArg::None, "all arguments as name=value text", x_args},
    {"evt.arg", FieldType::String, FieldArg::IndexOrName,
     "one argument by name (evt.arg.fd) or index (evt.arg[0]), decoded", x_arg},
    {"evt.rawarg", FieldType::String, FieldArg::IndexOrName, "one argument as its raw value", x_rawarg},
    {"evt.res", FieldType::String, FieldArg::None, "result: SUCCESS, or the errno name", x_res},
    {"evt.rawres", FieldType::Int64, FieldArg::None, "result as a number", x_rawres},
    {"evt.failed", FieldType::Bool, FieldArg::None, "true when the result is an error", x_failed},
    {"evt.offset", FieldType::Uint64, FieldArg::None, "byte offset of the event's block in the (decompressed) capture",
     x_offset},
    {"thread.tid", FieldType::Int64, FieldArg::None, "thread id that generated the event", x_tid},
};

}  // namespace

std::span<const FieldDef> evt_fields() { return kEvtFields; }

}  // namespace saker::query
