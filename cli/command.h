// The command layer: each cli/cmd_<name>.cpp adds its subcommand, maps CLI11's options into the
// library's options struct and calls one entry function. Failures are thrown as typed errors
// (scap::CommandError, scap::CaptureError) and turned into a message and an exit status here,
// by one function and one table (docs/exit-codes.md).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace saker::cli {

struct Command {
  CLI::App* app = nullptr;
  std::string name;          // as in messages: "print", "rules validate"
  std::function<int()> run;  // the exit status, or throws
};

using Commands = std::vector<Command>;

void add_print(CLI::App& app, Commands& out);
void add_fields(CLI::App& app, Commands& out);
void add_info(CLI::App& app, Commands& out);
void add_convert(CLI::App& app, Commands& out);
void add_merge(CLI::App& app, Commands& out);
void add_replay(CLI::App& app, Commands& out);
void add_rules(CLI::App& app, Commands& out);
void add_index(CLI::App& app, Commands& out);
void add_query(CLI::App& app, Commands& out);
void add_search(CLI::App& app, Commands& out);
void add_record(CLI::App& app, Commands& out);
void add_ship(CLI::App& app, Commands& out);
void add_fleet(CLI::App& app, Commands& out);
// `record --config FILE`: read before the command line is parsed, so options override it.
void preload_record_config(int argc, char** argv);

// Runs `run` and flushes standard output; any exception becomes one message on standard
// error, "saker CMD: FILE: offset N: what", and the exit status of its kind.
int run_command(const std::string& name, const std::function<int()>& run);

// The message and status of the exception being handled (call inside a catch block).
int report_current_exception(const std::string& name);

// Prints "saker CMD: what" on standard error.
void print_error(const std::string& name, const std::string& what);

// Progress on standard error only when it is a terminal.
bool stderr_is_terminal();

}  // namespace saker::cli
