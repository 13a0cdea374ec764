// `saker fields`: the field registry as a listing (like `sysdig -l` / `falco --list`) or JSON.
#pragma once

#include <string>
#include <string_view>

namespace saker::query {

struct FieldsOptions {
  std::string prefix;  // only fields whose name starts with this
  bool json = false;   // a JSON array of {name, type, desc, arg, class}
};

// The listing text; every field of the registry, grouped by class in registry order.
std::string format_fields(const FieldsOptions& opts);

}  // namespace saker::query
