// `saker fields`: adds the subcommand and runs it.
#pragma once

#include <CLI/CLI.hpp>

#include "saker/query/fields_command.h"

namespace saker::cli {

CLI::App* add_fields_command(CLI::App& app, query::FieldsOptions& opts);
int run_fields(const query::FieldsOptions& opts);

}  // namespace saker::cli
