// `saker fields [PREFIX] [--json]`: CLI wiring; the listing is query::format_fields.
#include "fields_command.h"

#include <cstdio>

namespace saker::cli {

CLI::App* add_fields_command(CLI::App& app, query::FieldsOptions& opts) {
  auto* f = app.add_subcommand("fields", "List every field filters and formats know (like sysdig -l)");
  f->add_option("prefix", opts.prefix, "Only fields whose name starts with this, e.g. proc. or fd.s");
  f->add_flag("--json", opts.json, "A JSON array of {name, type, desc, arg, arg_required, class}");
  f->footer(
      "EXAMPLES:\n"
      "  saker fields                 every field, grouped by class\n"
      "  saker fields proc.a          the ancestor fields\n"
      "  saker fields --json | jq -r '.[].name'");
  return f;
}

int run_fields(const query::FieldsOptions& opts) {
  std::string text = query::format_fields(opts);
  if (text.empty() && !opts.json) {
    std::fprintf(stderr, "saker fields: no field starts with '%s'\n", opts.prefix.c_str());
    return 1;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace saker::cli
