// saker fleet init|query|search: wiring (fleet/ does the work).
#pragma once

#include <CLI/CLI.hpp>

namespace saker::cli {

// Adds `fleet` and its subcommands; their callbacks end the parse with the exit status.
void add_fleet_command(CLI::App& app);

}  // namespace saker::cli
