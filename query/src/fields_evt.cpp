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

std::string_view type_name(const EventView& ev) {
  if ((ev.type == kGenericEnter || ev.type == kGenericExit) && ev.nparams > 0 && !ev.params[0].empty()) {
    auto n = scap::syscall_name(ev.params[0].as<uint16_t>());
    if (!n.empty()) return n;
  }
  return ev.name();
}

bool is_generic(const EventView& ev) { return ev.type == kGenericEnter || ev.type == kGenericExit; }

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
  if (first.type != scap::ParamType::Errno && first.type != scap::ParamType::Fd && first.type != scap::ParamType::Pid)
    return nullptr;
  if (first.name != "res" && first.name != "fd") return nullptr;
  return ev.params[0].empty() ? nullptr : &ev.params[0];
}

const FieldDef kEvtFields[] = {
    {"evt.num", FieldType::Uint64, FieldArg::None, "event number",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->num);
       return true;
     }},
    {"evt.time", FieldType::AbsTime, FieldArg::None, "event time (local), hh:mm:ss.nnnnnnnnn",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       append_clock(out, c.ev->ts, false);
       return true;
     }},
    {"evt.outputtime", FieldType::AbsTime, FieldArg::None, "event time as printed by default",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       append_clock(out, c.ev->ts, false);
       return true;
     }},
    {"evt.datetime", FieldType::AbsTime, FieldArg::None, "event date and time (local)",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       append_clock(out, c.ev->ts, true);
       return true;
     }},
    {"evt.rawtime", FieldType::AbsTime, FieldArg::None, "event time, ns since the epoch",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->ts);
       return true;
     }},
    {"evt.rawtime.s", FieldType::Uint64, FieldArg::None, "seconds part of the event time",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->ts / 1000000000ull);
       return true;
     }},
    {"evt.rawtime.ns", FieldType::Uint64, FieldArg::None, "nanoseconds part of the event time",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->ts % 1000000000ull);
       return true;
     }},
    {"evt.reltime", FieldType::RelTime, FieldArg::None, "ns since the first event of the capture",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->ts >= c.first_ts ? c.ev->ts - c.first_ts : 0);
       return true;
     }},
    {"evt.cpu", FieldType::Int64, FieldArg::None, "CPU the event was captured on",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->cpu);
       return true;
     }},
    {"evt.type", FieldType::String, FieldArg::None, "event type name (the syscall name for generic events)",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       out += type_name(*c.ev);
       return true;
     }},
    {"evt.rawtype", FieldType::Uint64, FieldArg::None, "numeric event type id",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->type);
       return true;
     }},
    {"evt.dir", FieldType::String, FieldArg::None, "direction: > enter, < exit",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       out += c.ev->dir();
       return true;
     }},
    {"evt.args", FieldType::String, FieldArg::None, "all arguments as name=value text",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       if (is_generic(*c.ev)) return true;
       size_t start = out.size();
       scap::render_args(out, *c.ev, c.render);
       if (out.size() > start && out.back() == ' ') out.pop_back();
       return true;
     }},
    {"evt.arg", FieldType::String, FieldArg::IndexOrName, "one argument by name (evt.arg.fd) or index (evt.arg[0])",
     [](const EvalContext& c, const FieldRef& ref, std::string& out) {
       int i = param_index(*c.ev, ref);
       if (i < 0) return false;
       scap::render_param_resolved(out, *c.ev, static_cast<uint32_t>(i), c.render);
       return true;
     }},
    {"evt.rawarg", FieldType::String, FieldArg::IndexOrName, "one argument as a raw value",
     [](const EvalContext& c, const FieldRef& ref, std::string& out) {
       int i = param_index(*c.ev, ref);
       if (i < 0) return false;
       scap::render_raw_param(out, *c.ev, static_cast<uint32_t>(i));
       return true;
     }},
    {"evt.res", FieldType::String, FieldArg::None, "result: SUCCESS, or the errno name",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       const auto* p = res_param(*c.ev);
       if (!p) return false;
       int64_t v = p->as<int64_t>();
       if (v >= 0) {
         out += "SUCCESS";
       } else {
         auto n = scap::errno_name(-v);
         if (n.empty())
           fmt::format_to(to(out), "{}", v);
         else
           out += n;
       }
       return true;
     }},
    {"evt.rawres", FieldType::Int64, FieldArg::None, "result as a number",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       const auto* p = res_param(*c.ev);
       if (!p) return false;
       fmt::format_to(to(out), "{}", p->as<int64_t>());
       return true;
     }},
    {"evt.failed", FieldType::Bool, FieldArg::None, "true when the result is an error",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       const auto* p = res_param(*c.ev);
       out += (p && p->as<int64_t>() < 0) ? "true" : "false";
       return true;
     }},
    {"evt.is_enter", FieldType::Bool, FieldArg::None, "true for enter events",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       out += c.ev->is_enter() ? "true" : "false";
       return true;
     }},
    {"evt.offset", FieldType::Uint64, FieldArg::None, "stream offset of the event's block in the capture",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", c.ev->offset);
       return true;
     }},
    {"thread.tid", FieldType::Int64, FieldArg::None, "thread id that generated the event",
     [](const EvalContext& c, const FieldRef&, std::string& out) {
       fmt::format_to(to(out), "{}", static_cast<int64_t>(c.ev->tid));
       return true;
     }},
};

}  // namespace

std::span<const FieldDef> evt_fields() { return kEvtFields; }

}  // namespace saker::query
