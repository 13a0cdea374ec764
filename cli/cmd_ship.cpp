#include "command.h"

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "saker/fleet/ship.h"
#include "saker/rules/index_alerts.h"

namespace saker::cli {

void add_ship(CLI::App& app, Commands& out) {
  auto opts = std::make_shared<fleet::ShipOptions>();
  auto* s = app.add_subcommand("ship", "Send captures' rows to the fleet's ClickHouse (docs/fleet.md)");
  s->add_option("captures", opts->captures, "Capture files")->required()->check(CLI::ExistingFile);
  s->add_option("--clickhouse", opts->url, "A ClickHouse server of the fleet: http://host:8123")
      ->required()
      ->check(CLI::Validator(
          [](const std::string& u) {
            return u.starts_with("http://") || u.starts_with("https://") ? std::string()
                                                                         : "expects http://host:8123";
          },
          "URL"));
  s->add_option("--host", opts->host, "Host label (default: the capture's machine name)");
  s->add_option("--database", opts->database, "Database (default saker)");
  s->add_option("--batch-rows", opts->batch_rows, "Rows per INSERT (default 100000; keep it when resuming)")
      ->check(CLI::PositiveNumber);
  s->add_option("--compress", opts->compress,
                "gzip the rows: auto (unless the server is on this machine), gzip, none")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, fleet::Compression>{{"auto", fleet::Compression::Auto},
                                                    {"gzip", fleet::Compression::Gzip},
                                                    {"none", fleet::Compression::None}},
          CLI::ignore_case));
  s->add_flag("-q,--quiet", opts->quiet, "No progress line");
  s->footer(
      "EXAMPLES:\n"
      "  saker fleet init http://ch1:8123 --shards http://ch1:8123,http://ch2:8123\n"
      "  saker ship /var/lib/saker/incidents/*.scap --clickhouse http://ch1:8123 --host web-7\n"
      "Shipping a capture again stores nothing new; after a failure the same command resumes.");
  out.push_back(
      {s, "ship", [opts] { return fleet::run_ship(*opts, stderr, rules::alert_observer_factory({})); }});
}

}  // namespace saker::cli
