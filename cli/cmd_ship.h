// saker ship: wiring (fleet/ship.h does the work).
#pragma once

#include <CLI/CLI.hpp>

namespace saker::cli {

// Adds `ship`; its callback ends the parse with the command's exit status.
void add_ship_command(CLI::App& app);

}  // namespace saker::cli
