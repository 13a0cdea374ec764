// The field registry: every field the filter language, output formats, the inspector's
// columns and `saker fields` know, one row per field (name, type, description, extractor).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "saker/scap/event.h"
#include "saker/scap/param_format.h"

namespace saker::replay {
class State;
}

namespace saker::query {

enum class FieldType : uint8_t { Int64, Uint64, String, Bool, AbsTime, RelTime, Bytes };

// How a field takes an argument: none, `field[N]` (index), `field.NAME` or `field[NAME]`.
enum class FieldArg : uint8_t { None, Index, Name, IndexOrName };

struct EvalContext {
  const scap::EventView* ev = nullptr;
  const replay::State* state = nullptr;
  const scap::RenderContext* render = nullptr;  // fd and thread names for argument text
  uint64_t first_ts = 0;                        // first event of the capture, for relative times
};

// A field bound to its argument.
struct FieldRef {
  const struct FieldDef* def = nullptr;
  int64_t index = -1;
  std::string name_arg;
};

struct FieldDef {
  std::string_view name;
  FieldType type;
  FieldArg arg;
  std::string_view description;
  // Appends the field's text for the event; false when the value is not available.
  bool (*render)(const EvalContext& ctx, const FieldRef& ref, std::string& out);
};

std::span<const FieldDef> evt_fields();

// Finds a field by its full text ("evt.type", "evt.arg.fd", "evt.arg[0]").
// Returns false and sets `error` when unknown or when the argument is malformed.
bool resolve_field(std::string_view text, FieldRef& out, std::string& error);

// All registered fields, every class.
std::span<const FieldDef* const> all_fields();

}  // namespace saker::query
