// sysdig-style output formats: text with %field references, e.g.
// "%evt.num %evt.time %proc.name (%thread.tid) %evt.dir %evt.type %evt.args".
// A leading '*' prints events even when some field has no value (shown as <NA>).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "saker/query/field.h"
#include "saker/query/syntax_error.h"

namespace saker::query {

// sysdig -j's fields when no -p is given.
inline constexpr std::string_view kDefaultJsonFormat =
    "*%evt.cpu %evt.dir %evt.info %evt.num %evt.outputtime %evt.type %proc.name %thread.tid";
inline constexpr std::string_view kDefaultOutputFormat =
    "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args";

class OutputFormat {
 public:
  // Throws SyntaxError naming the column of an unknown field or a malformed reference.
  static OutputFormat compile(std::string_view text);

  // Appends the rendered line (without newline). Returns false, leaving `out` unchanged,
  // when a field has no value and the format is not '*'-prefixed.
  bool render(const EvalContext& ctx, std::string& out) const;
  // The same as a JSON object in sysdig -j's shape: the fields as keys, sorted; numbers, times
  // (ns) and booleans as such, strings as text, a missing value null.
  bool render_json(const EvalContext& ctx, std::string& out) const;

  // The fields the format references, with the text that named them ("proc.aname[2]").
  struct NamedField {
    std::string name;
    FieldRef ref;
  };
  std::vector<NamedField> fields() const;

 private:
  struct Part {
    std::string literal;  // text before the field
    FieldRef field;       // def == nullptr for trailing text
    std::string name;
  };
  std::vector<Part> parts_;
  mutable std::string scratch_;
  bool print_all_ = false;
};

}  // namespace saker::query
