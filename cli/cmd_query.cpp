// `saker query`: read-only SQL over a capture's index.
#include "command.h"
#include "saker/query/capture_index.h"
#include "saker/rules/index_alerts.h"

namespace saker::cli {

namespace {

struct QueryCli {
  std::string capture, sql, index, format = "table";
};

}  // namespace

void add_query(CLI::App& app, Commands& out) {
  auto o = std::make_shared<QueryCli>();
  auto* qy =
      app.add_subcommand("query", "Run read-only SQL over a capture's index (built when missing or stale)");
  qy->add_option("capture", o->capture, "Capture file")->required();
  qy->add_option("sql", o->sql,
                 "One SQL statement, e.g. \"SELECT proc_name, count(*) FROM events GROUP BY 1\"")
      ->required();
  qy->add_option("--index", o->index,
                 "Index file (default: CAPTURE.saker-index, or in $XDG_CACHE_HOME/saker/ when that folder is "
                 "read-only)");
  qy->add_option("--format", o->format, "table, csv or json (one object a line)")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  qy->footer(
      "EXAMPLES:\n"
      "  saker query capture.scap \"SELECT proc_name, count(*) FROM events GROUP BY 1\"\n"
      "  saker query --format csv capture.scap \"SELECT * FROM alerts\"");
  out.push_back({qy, "query", [o] {
                   auto kind = o->format == "csv"    ? query::QueryFormat::Csv
                               : o->format == "json" ? query::QueryFormat::Json
                                                     : query::QueryFormat::Table;
                   return query::query_index(o->capture, o->index, o->sql, kind, stdout, stderr,
                                             rules::alert_observer_factory({}));
                 }});
}

}  // namespace saker::cli
