// `saker fields [PREFIX] [--json]`: the listing is query::format_fields.
#include <cstdio>

#include "command.h"
#include "saker/query/fields_command.h"
#include "saker/scap/command_error.h"

namespace saker::cli {

void add_fields(CLI::App& app, Commands& out) {
  auto opts = std::make_shared<query::FieldsOptions>();
  auto* f = app.add_subcommand("fields", "List every field filters and formats know (like sysdig -l)");
  f->add_option("prefix", opts->prefix, "Only fields whose name starts with this, e.g. proc. or fd.s");
  f->add_flag("--json", opts->json, "A JSON array of {name, type, desc, arg, arg_required, class}");
  f->footer(
      "EXAMPLES:\n"
      "  saker fields                 every field, grouped by class\n"
      "  saker fields proc.a          the ancestor fields\n"
      "  saker fields --json | jq -r '.[].name'");
  out.push_back({f, "fields", [opts] {
                   std::string text = query::format_fields(*opts);
                   if (text.empty() && !opts->json)
                     throw scap::CommandError(scap::ErrorKind::Usage,
                                              "no field starts with '" + opts->prefix + "'");
                   scap::checked_write(stdout, text.data(), text.size());
                   return 0;
                 }});
}

}  // namespace saker::cli
