// `saker index`: builds the SQLite index of a capture.
#include <filesystem>

#include <fmt/format.h>

#include "command.h"
#include "saker/query/capture_index.h"
#include "saker/rules/index_alerts.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/safe_output.h"

namespace saker::cli {

namespace {

struct IndexCli {
  std::string capture, output;
  std::vector<std::string> rules;
  bool no_rules = false, sql_indexes = false, force = false;
  uint64_t checkpoints = query::IndexOptions{}.checkpoint_every;
};

int run_index(const IndexCli& o) {
  std::string path = o.output.empty() ? query::choose_index_path(o.capture) : o.output;
  if (o.output.empty() && path != query::default_index_path(o.capture)) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  }
  const bool tty = stderr_is_terminal();
  std::unique_ptr<query::IndexObserver> alerts;
  query::IndexOptions iopts;
  if (!o.no_rules) {
    try {
      alerts = rules::make_alert_observer(o.rules);
    } catch (const scap::CommandError&) {
      throw;
    } catch (const std::exception& e) {
      throw scap::CommandError(scap::ErrorKind::Rules, e.what());
    }
    iopts.observers.push_back(alerts.get());
  }
  iopts.sql_indexes = o.sql_indexes;
  iopts.checkpoint_every = o.checkpoints;
  // The default index is Saker's own file, rebuilt in place; another file is replaced on --force.
  iopts.replace = o.output.empty() || o.force;
  if (o.output.empty() && !o.force && std::filesystem::is_regular_file(path) && !query::is_saker_index(path))
    throw scap::CommandError(scap::ErrorKind::Output, path, scap::CommandError::kNoOffset,
                             "is not a Saker index: not replaced (--force replaces it)");
  iopts.progress = [&](uint64_t n) {
    if (tty) fmt::print(stderr, "\r{} events indexed", n);
  };
  scap::SafeOutputOptions so;
  so.force = iopts.replace;
  so.inputs = {o.capture};
  scap::check_output_target(path, so);  // before the lock file is made beside it
  query::IndexLock lock(path);
  query::IndexResult built = query::build_index(o.capture, path, iopts);
  if (tty) fmt::print(stderr, "\r");
  fmt::print(stderr, "{}: {} events, {} processes, {} files, {} connections, {} alerts, {} checkpoints\n",
             path, built.events, built.processes, built.files, built.connections, built.alerts,
             built.checkpoints);
  if (!built.read_error.empty()) throw scap::CommandError(scap::ErrorKind::Capture, built.read_error);
  return 0;
}

}  // namespace

void add_index(CLI::App& app, Commands& out) {
  auto o = std::make_shared<IndexCli>();
  auto* ix = app.add_subcommand("index", "Build the SQLite index of a capture (CAPTURE.saker-index)");
  ix->add_option("capture", o->capture, "Capture file")->required();
  ix->add_option("-o,--output", o->output, "Index file (default: CAPTURE.saker-index; mode 0600)");
  ix->add_flag("-f,--force", o->force, "Replace the -o file when it is an existing regular file");
  ix->add_option(
      "-r,--rules", o->rules,
      "Rule file or directory whose alerts fill the alerts table (repeatable; default: Saker's own "
      "ruleset)");
  ix->add_flag("--no-rules", o->no_rules, "Leave the alerts table empty (faster)");
  ix->add_option("--checkpoint-every", o->checkpoints,
                 "Save the replay state every N events so searches start near their events (0: never)");
  ix->add_flag("--sql-indexes", o->sql_indexes,
               "Also index event_rows by time, type, fd, process and thread for SQL (slower build)");
  ix->footer(
      "EXAMPLES:\n"
      "  saker index capture.scap\n"
      "  saker index --no-rules capture.scap -o /tmp/capture.idx");
  out.push_back({ix, "index", [o] { return run_index(*o); }});
}

}  // namespace saker::cli
