// The field registry: every field the filter language, output formats, the inspector's
// columns and `saker fields` know, one row per field (name, type, description, extractor).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "saker/scap/event.h"
#include "saker/scap/event_numbering.h"
#include "saker/scap/param_format.h"

namespace saker::replay {
class State;
}

namespace saker::query {

// IpNet fields extract an address like IpAddr; their literals are networks (a.b.c.d/n).
// Double fields (libs' PT_DOUBLE: proc.fdusage, thread.cpu) set `d` and, for filters, `s` to
// their text ("12.5").
enum class FieldType : uint8_t {
  Int64,
  Uint64,
  String,
  Bool,
  AbsTime,
  RelTime,
  IpAddr,
  IpNet,
  Bytes,
  Double
};

std::string_view field_type_name(FieldType t);

// How a field takes an argument: none, `field[N]` (index), `field.NAME` or `field[NAME]`.
enum class FieldArg : uint8_t { None, Index, Name, IndexOrName };

// The state-derived values of one event as the index stored them (docs/index.md): what the
// fields the index answers (query/src/index_answer.cpp) read instead of a replayed state.
struct IndexedValues {
  bool has_pid = false, has_proc_name = false, has_user = false, has_container = false;
  bool has_fd_name = false, has_fd = false;  // has_fd: the event used or created a known fd
  bool has_pname = false;
  int64_t pid = 0;
  int64_t fd_num = -1;  // -1: none
  uint8_t fd_type = 0;  // scap::FdType of the fd, when has_fd
  uint8_t fd_l4 = 0;    // replay::L4Proto of a socket
  std::string_view proc_name, user_name, container_id, fd_name, pname;
};

// The results of checks that several rules of a rule set share (the same field, operator and
// values: a macro such as open_read in many rules), each computed once per event. A rules
// engine keeps one and starts an event with next_event(); filters of their own have no
// shared checks and ignore it.
struct CheckCache {
  uint32_t generation = 1;      // the event: a slot holds a result when its stamp equals this
  std::vector<uint32_t> stamp;  // per shared check
  std::vector<uint8_t> value;
  void resize(size_t n) {
    stamp.assign(n, 0);
    value.assign(n, 0);
    generation = 1;
  }
  void next_event() {
    if (++generation == 0) {  // after 2^32 events: forget every stamp
      std::fill(stamp.begin(), stamp.end(), 0);
      generation = 1;
    }
  }
};

struct EvalContext {
  const scap::EventView* ev = nullptr;
  const replay::State* state = nullptr;
  const scap::RenderContext* render = nullptr;  // fd and thread names for argument text
  // libs' evt.reltime base: the time of the first event that is not a meta event
  // (scap::starts_relative_time), and that event's evt.num. Events before it (smaller numbers)
  // are relative to 0, as in libs. note_first_event() keeps both in a sequential read.
  uint64_t first_ts = 0;
  uint64_t first_num = 0;
  // Set (with `state` null) when the index answers every field a search uses: only the
  // fields index_answer.cpp allows read it.
  const IndexedValues* indexed = nullptr;
  // Shared checks' results for this event (rules::Engine), or none.
  CheckCache* checks = nullptr;
};

// How argument text renders data buffers for this context (whole without a RenderContext).
inline scap::RenderOptions render_options(const EvalContext& c) {
  if (!c.render) return {0u};
  return {c.render->max_buffer_bytes, c.render->buffer_format, c.render->snap_buffer_bytes};
}

// The text of one parameter or of %evt.buffer in output: as render_options, but cut at 80
// bytes without a RenderContext.
inline scap::RenderOptions buffer_render_options(const EvalContext& c) {
  return c.render ? render_options(c) : scap::RenderOptions{};
}

// Sets the evt.reltime base from `ev`, an event of a sequential read, if it is the first one.
inline void note_first_event(EvalContext& ctx, const scap::EventView& ev) {
  if (ctx.first_num == 0 && ev.num && scap::starts_relative_time(ev)) {
    ctx.first_ts = ev.ts;
    ctx.first_num = ev.num;
  }
}

// evt.reltime as libs compute it: ts minus the base, in unsigned arithmetic (an earlier time
// wraps), and the plain ts before the base is known.
inline uint64_t relative_time(const EvalContext& ctx) {
  if (ctx.first_num == 0 || ctx.ev->num < ctx.first_num) return ctx.ev->ts;
  return ctx.ev->ts - ctx.first_ts;
}

struct FieldDef;

// A field bound to its argument.
struct FieldRef {
  const FieldDef* def = nullptr;
  int64_t index = -1;
  std::string name_arg;
  mutable uint64_t counter = 0;  // util.cnt's count, per use of the field
};

// A field's value for one event. Strings point into the event, the state or the caller's
// scratch buffer, and live until the next extraction into that buffer.
struct FieldValue {
  int64_t i = 0;       // Int64, Bool (0/1)
  uint64_t u = 0;      // Uint64, AbsTime, RelTime
  std::string_view s;  // String, Bytes, IpAddr (16 bytes, IPv4 mapped), Double (as text)
  double d = 0;        // Double
};

struct FieldDef {
  std::string_view name;
  FieldType type;
  FieldArg arg;
  std::string_view description;
  // Sets `out`; false when the event has no value for the field.
  bool (*extract)(const EvalContext& ctx, const FieldRef& ref, FieldValue& out, std::string& scratch);
  // Optional: appends display text that differs from the plain value (times, evt.args).
  bool (*render)(const EvalContext& ctx, const FieldRef& ref, std::string& out) = nullptr;
  // The argument may be left out (proc.env, proc.aenv, evt.abspath), as libs accepts.
  bool arg_optional = false;
};

// Appends a value as text: numbers in decimal, booleans as true/false, addresses dotted.
void append_value(FieldType type, const FieldValue& v, std::string& out);

// Appends the field's display text; false when it has no value.
bool render_field(const EvalContext& ctx, const FieldRef& ref, std::string& out, std::string& scratch);

// Appends the field's value as JSON: numbers and times as numbers, booleans as booleans, other
// values as strings of their display text (`text` is a buffer for it). False, and nothing
// appended, when the field has no value.
bool append_json_value(const EvalContext& ctx, const FieldRef& ref, std::string& out, std::string& text,
                       std::string& scratch);

std::span<const FieldDef> evt_fields();
std::span<const FieldDef> proc_fields();  // proc.*, thread.*, user.*, group.*
std::span<const FieldDef> fd_fields();
std::span<const FieldDef> container_fields();  // container.*, k8s.*
std::span<const FieldDef> fspath_fields();     // fs.path.*
// The rest of libs' syscall-source fields (query/src/fields_*_extra.cpp, fields_fdlist.cpp).
std::span<const FieldDef> evt_extra_fields();
std::span<const FieldDef> proc_extra_fields();
std::span<const FieldDef> fd_extra_fields();
std::span<const FieldDef> fdlist_fields();
std::span<const FieldDef> container_extra_fields();

// The class a field is listed under by `saker fields` (evt, process, thread, user, group, fd,
// fdlist, fs.path, container, k8s).
std::string_view field_class(const FieldDef& f);
// Formats a Double field's value as libs prints it ("%.1f") into `scratch` and points v.s at it.
void set_double(FieldValue& v, double d, std::string& scratch);

// Finds a field by its full text ("evt.type", "evt.arg.fd", "evt.arg[0]").
// Returns false and sets `error` when unknown or when the argument is malformed.
bool resolve_field(std::string_view text, FieldRef& out, std::string& error);

// All registered fields, every class.
std::span<const FieldDef* const> all_fields();

}  // namespace saker::query
