// saker: the subcommand table only. Each subcommand lives in cli/cmd_<name>.cpp (options into
// the library's options struct, one call); errors and exit statuses are cli/command.cpp's.
#include <cerrno>
#include <csignal>
#include <iostream>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "command.h"
#include "saker/replay/allocator_tuning.h"
#include "saker/rules/ruleset.h"
#include "saker/scap/command_error.h"

#ifndef SAKER_VERSION
#define SAKER_VERSION "dev"
#endif

namespace {

using AddCommand = void (*)(CLI::App&, saker::cli::Commands&);

struct Subcommand {
  std::string_view name;
  AddCommand add;
};

constexpr Subcommand kSubcommands[] = {
    {"print", saker::cli::add_print},   {"fields", saker::cli::add_fields},
    {"info", saker::cli::add_info},     {"convert", saker::cli::add_convert},
    {"merge", saker::cli::add_merge},   {"replay", saker::cli::add_replay},
    {"record", saker::cli::add_record}, {"rules", saker::cli::add_rules},
    {"index", saker::cli::add_index},   {"query", saker::cli::add_query},
    {"search", saker::cli::add_search}, {"ship", saker::cli::add_ship},
    {"fleet", saker::cli::add_fleet},
};

// Building every subcommand's options was a third of a start's instructions (CLI11 builds each
// option's names, validators and callbacks), so a command line naming a subcommand builds only
// that one; anything else (--help, --version, a misspelt name) builds them all, as before.
void add_subcommands(CLI::App& app, saker::cli::Commands& commands, int argc, char** argv) {
  if (argc > 1)
    for (const Subcommand& s : kSubcommands)
      if (s.name == argv[1]) return s.add(app, commands);
  for (const Subcommand& s : kSubcommands) s.add(app, commands);
}

// The subcommand a parse error belongs to, for its message ("saker print: ...").
std::string parsing_name(const saker::cli::Commands& commands, int argc, char** argv) {
  std::string best;
  for (const auto& c : commands) {
    // "rules validate" matches argv[1] == rules, argv[2] == validate.
    std::string words;
    for (int k = 1; k < argc && k < 3; ++k) {
      words += (k > 1 ? " " : "") + std::string(argv[k]);
      if (words == c.name && c.name.size() > best.size()) best = c.name;
    }
  }
  if (best.empty() && argc > 1 && std::string(argv[1]) == "rules") best = "rules";
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  saker::replay::forget_allocator_tuning();
  // A reader that goes away (`| head`) ends Saker as it ends any filter.
  std::signal(SIGPIPE, SIG_DFL);
  CLI::App app{"Saker: forensic syscall capture recorder and analysis workstation"};
  app.set_version_flag("--version", std::string("saker ") + SAKER_VERSION + "\nFalco rules engine version " +
                                        saker::rules::engine_version());
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 ok, 1 bad input (capture, rules, filter, SQL), 2 usage, 3 output or "
      "environment, 4 internal error (docs/exit-codes.md).");
  saker::cli::Commands commands;
  add_subcommands(app, commands, argc, argv);

  try {
    saker::cli::preload_record_config(argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version (CLI11 writes them to std::cout)
      app.exit(e);
      std::cout.flush();
      if (!std::cout) {
        saker::cli::print_error(parsing_name(commands, argc, argv),
                                saker::scap::write_error("standard output", errno ? errno : EIO).what());
        return saker::scap::exit_status(saker::scap::ErrorKind::Output);
      }
      return 0;
    }
    std::string name = parsing_name(commands, argc, argv);
    saker::cli::print_error(name.empty() ? "" : name,
                            std::string(e.what()) + "\nRun with --help for more information.");
    return saker::scap::exit_status(saker::scap::ErrorKind::Usage);
  } catch (...) {
    return saker::cli::report_current_exception("record");
  }
  for (const auto& c : commands)
    if (c.app->parsed() && c.app->get_subcommands().empty()) return saker::cli::run_command(c.name, c.run);
  return 0;
}
