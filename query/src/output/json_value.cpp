// One field's value as JSON, typed as `saker print -j` and the inspector's export write it.
#include <nlohmann/json.hpp>

#include "saker/query/field.h"
#include "saker/scap/text_append.h"

namespace saker::query {

bool append_json_value(const EvalContext& ctx, const FieldRef& ref, std::string& out, std::string& text,
                       std::string& scratch) {
  FieldValue v;
  switch (ref.def->type) {
    case FieldType::Int64:
      if (!ref.def->extract(ctx, ref, v, scratch)) return false;
      scap::append_int(out, v.i);
      return true;
    case FieldType::Uint64:
    case FieldType::AbsTime:
    case FieldType::RelTime:
      if (!ref.def->extract(ctx, ref, v, scratch)) return false;
      scap::append_int(out, v.u);
      return true;
    case FieldType::Bool:
      if (!ref.def->extract(ctx, ref, v, scratch)) return false;
      out += v.i ? "true" : "false";
      return true;
    default:
      text.clear();
      if (!render_field(ctx, ref, text, scratch)) return false;
      out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return true;
  }
}

}  // namespace saker::query
