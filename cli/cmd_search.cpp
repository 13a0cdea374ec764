// `saker search`: print's output for a filter, narrowed through the index.
#include "command.h"
#include "saker/query/search.h"
#include "saker/rules/index_alerts.h"

namespace saker::cli {

void add_search(CLI::App& app, Commands& out) {
  auto o = std::make_shared<query::SearchOptions>();
  auto* se = app.add_subcommand(
      "search",
      "Print the events matching a Falco filter, narrowed through the index (same output as print)");
  se->add_option("capture", o->capture, "Capture file")->required();
  se->add_option("filter", o->filter, "Falco filter, e.g. 'proc.name = curl and evt.type = connect'");
  se->add_option("-p,--format", o->format, "Output format, as saker print -p");
  se->add_option("-n,--limit", o->limit, "Stop after printing N events");
  se->add_option("--index", o->index,
                 "Index file (default: CAPTURE.saker-index, or in $XDG_CACHE_HOME/saker/ when that folder is "
                 "read-only; built when missing or stale)");
  se->add_flag("--explain", o->explain, "Describe on standard error how the index narrowed the search");
  se->footer(
      "EXAMPLES:\n"
      "  saker search capture.scap 'fd.name startswith /etc and evt.type = openat'\n"
      "  saker search --explain capture.scap 'proc.name = curl' -p '%evt.num %fd.name'");
  out.push_back({se, "search",
                 [o] { return query::run_search(*o, stdout, stderr, rules::alert_observer_factory({})); }});
}

}  // namespace saker::cli
