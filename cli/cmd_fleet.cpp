#include "command.h"

#include <cstdio>
#include <memory>

#include "saker/fleet/fleet_query.h"
#include "saker/fleet/fleet_schema.h"
#include "saker/rules/index_alerts.h"

namespace saker::cli {

void add_fleet(CLI::App& app, Commands& out) {
  auto* f = app.add_subcommand("fleet", "Ask every shipped capture at once, on ClickHouse (docs/fleet.md)");
  f->require_subcommand(1);

  auto init = std::make_shared<fleet::InitOptions>();
  auto* i = f->add_subcommand("init", "Create the fleet's tables, Distributed tables and views");
  i->add_option("url", init->url, "A ClickHouse server of the cluster: http://host:8123")->required();
  i->add_option("--shards", init->shards, "Every shard's URL, comma-separated (default: URL alone)")
      ->delimiter(',');
  i->add_option("--cluster", init->cluster, "The cluster's name in remote_servers (default saker)");
  i->add_option("--database", init->database, "Database (default saker)");
  i->footer("EXAMPLES:\n  saker fleet init http://ch1:8123 --shards http://ch1:8123,http://ch2:8123");
  out.push_back({i, "fleet init", [init] { return fleet::run_fleet_init(*init, stdout, stderr); }});

  auto query = std::make_shared<fleet::FleetQueryOptions>();
  auto* q = f->add_subcommand("query", "Run read-only SQL over the fleet's views");
  q->add_option("url", query->url, "A ClickHouse server of the cluster")->required();
  q->add_option("sql", query->sql, "One SELECT statement")->required();
  q->add_option("--database", query->database, "Database (default saker)");
  q->add_option("--format", query->format, "tsv (a header line, then rows) or json (one object a line)")
      ->check(CLI::IsMember({"tsv", "json"}));
  q->footer(
      "EXAMPLES:\n"
      "  saker fleet query http://ch1:8123 \"SELECT host, count() FROM events WHERE proc_name = 'curl' GROUP "
      "BY "
      "host\"");
  out.push_back({q, "fleet query", [query] { return fleet::run_fleet_query(*query, stdout, stderr); }});

  auto search = std::make_shared<fleet::FleetSearchOptions>();
  auto* s =
      f->add_subcommand("search", "Print the fleet's events matching a Falco filter (host capture line)");
  s->add_option("url", search->url, "A ClickHouse server of the cluster")->required();
  s->add_option("filter", search->filter, "Falco filter over the shipped fields")->required();
  s->add_option("--since", search->since,
                "Only events since: ns, 2024-11-25T08:00:00Z, or 30m / 12h / 7d ago");
  s->add_option("--host", search->hosts, "Only this host (repeatable)")->allow_extra_args(false);
  s->add_option("--database", search->database, "Database (default saker)");
  s->add_option("-n,--limit", search->limit, "Print at most N events");
  s->add_flag("--fetch", search->fetch,
              "Any field: check the candidates exactly against the captures on this machine (saker search)");
  s->footer(
      "EXAMPLES:\n"
      "  saker fleet search http://ch1:8123 'proc.name = curl and evt.type = connect' --since 7d\n"
      "  saker fleet search http://ch1:8123 'proc.cmdline contains wget and evt.type = connect' --fetch");
  out.push_back({s, "fleet search", [search] {
                   return fleet::run_fleet_search(*search, stdout, stderr, rules::alert_observer_factory({}));
                 }});
}

}  // namespace saker::cli
