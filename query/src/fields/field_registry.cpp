#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "saker/query/field.h"
#include "saker/scap/text_append.h"

namespace saker::query {

namespace {

std::vector<const FieldDef*> build_registry() {
  std::vector<const FieldDef*> all;
  for (auto span :
       {evt_fields(), evt_extra_fields(), proc_fields(), proc_extra_fields(), fd_fields(), fd_extra_fields(),
        fdlist_fields(), container_fields(), container_extra_fields(), fspath_fields()})
    for (const auto& f : span) all.push_back(&f);
  return all;
}

const std::vector<const FieldDef*>& registry() {
  static const std::vector<const FieldDef*> r = build_registry();
  return r;
}

}  // namespace

std::span<const FieldDef* const> all_fields() {
  return registry();
}

std::string_view field_type_name(FieldType t) {
  switch (t) {
    case FieldType::Int64:
      return "int64";
    case FieldType::Uint64:
      return "uint64";
    case FieldType::String:
      return "string";
    case FieldType::Bool:
      return "bool";
    case FieldType::AbsTime:
      return "abstime";
    case FieldType::RelTime:
      return "reltime";
    case FieldType::IpAddr:
      return "ipaddr";
    case FieldType::IpNet:
      return "ipnet";
    case FieldType::Bytes:
      return "bytes";
    case FieldType::Double:
      return "double";
  }
  return "?";
}

std::string_view field_class(const FieldDef& f) {
  std::string_view n = f.name;
  if (n.starts_with("proc.")) return "process";
  if (n.starts_with("fs.path.")) return "fs.path";
  if (n.starts_with("syscall.")) return "evt";
  return n.substr(0, n.find('.'));
}

void set_double(FieldValue& v, double d, std::string& scratch) {
  v.d = d;
  scratch = fmt::format("{:.1f}", d);
  v.s = scratch;
}

void append_value(FieldType type, const FieldValue& v, std::string& out) {
  switch (type) {
    case FieldType::Int64:
      scap::append_int(out, v.i);
      break;
    case FieldType::Bool:
      out += v.i ? "true" : "false";
      break;
    case FieldType::Uint64:
    case FieldType::AbsTime:
    case FieldType::RelTime:
      scap::append_int(out, v.u);
      break;
    case FieldType::IpAddr:
    case FieldType::IpNet: {
      const auto* b = reinterpret_cast<const unsigned char*>(v.s.data());
      bool v4 = v.s.size() == 4;
      if (v4) {
        for (int i = 0; i < 4; ++i) {
          if (i) out += '.';
          scap::append_int(out, b[i]);
        }
      } else {
        char buf[64];
        if (inet_ntop(AF_INET6, b, buf, sizeof buf)) out += buf;
      }
      break;
    }
    case FieldType::String:
    case FieldType::Bytes:
      out += v.s;
      break;
    case FieldType::Double:
      fmt::format_to(std::back_inserter(out), "{:.1f}", v.d);
      break;
  }
}

bool render_field(const EvalContext& ctx, const FieldRef& ref, std::string& out, std::string& scratch) {
  if (ref.def->render) return ref.def->render(ctx, ref, out);
  FieldValue v;
  if (!ref.def->extract(ctx, ref, v, scratch)) return false;
  append_value(ref.def->type, v, out);
  return true;
}

bool resolve_field(std::string_view text, FieldRef& out, std::string& error) {
  out = FieldRef{};
  std::string_view base = text;
  std::string_view arg;
  bool bracket = false;
  if (auto lb = text.find('['); lb != std::string_view::npos) {
    if (text.back() != ']') {
      error = fmt::format("field '{}': missing ']'", text);
      return false;
    }
    base = text.substr(0, lb);
    arg = text.substr(lb + 1, text.size() - lb - 2);
    bracket = true;
  }
  for (const FieldDef* f : registry()) {
    if (f->name == base &&
        (bracket || f->arg == FieldArg::None || f->arg == FieldArg::Index || f->arg_optional)) {
      out.def = f;
      break;
    }
  }
  if (!out.def && !bracket) {
    // `class.field.NAME`: the longest registered name that prefixes the text and takes a name.
    for (const FieldDef* f : registry()) {
      if ((f->arg == FieldArg::Name || f->arg == FieldArg::IndexOrName) && text.size() > f->name.size() + 1 &&
          text.substr(0, f->name.size()) == f->name && text[f->name.size()] == '.') {
        if (!out.def || f->name.size() > out.def->name.size()) {
          out.def = f;
          arg = text.substr(f->name.size() + 1);
        }
      }
    }
  }
  if (!out.def) {
    error = fmt::format("unknown field '{}'", text);
    return false;
  }
  if (out.def->arg == FieldArg::None && !arg.empty()) {
    error = fmt::format("field '{}' takes no argument", out.def->name);
    return false;
  }
  if (!arg.empty()) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
    bool numeric = ec == std::errc() && p == arg.data() + arg.size();
    if (numeric && (out.def->arg == FieldArg::Index || out.def->arg == FieldArg::IndexOrName)) {
      out.index = n;
    } else if (out.def->arg == FieldArg::Name || out.def->arg == FieldArg::IndexOrName) {
      out.name_arg = std::string(arg);
    } else {
      error = fmt::format("field '{}' needs a numeric index, got '{}'", out.def->name, arg);
      return false;
    }
  } else if (out.def->arg == FieldArg::Name && !out.def->arg_optional) {
    error = fmt::format("field '{}' needs an argument, as in {}.NAME", out.def->name, out.def->name);
    return false;
  }
  return true;
}

}  // namespace saker::query
