// `saker info`: a capture's versions, machine, blocks, events per type and time range.
#include <cstdio>

#include "command.h"
#include "saker/scap/capture_info.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"

namespace saker::cli {

namespace {

struct InfoOptions {
  std::string capture;
  bool json = false;
};

}  // namespace

void add_info(CLI::App& app, Commands& out) {
  auto opts = std::make_shared<InfoOptions>();
  auto* i = app.add_subcommand("info",
                               "Summarise a capture: version, machine, blocks, events per type, time range");
  i->add_option("capture", opts->capture, "Capture file")->required();
  i->add_flag("--json", opts->json, "Print JSON");
  i->footer(
      "EXAMPLES:\n"
      "  saker info capture.scap.gz\n"
      "  saker info --json capture.scap | jq .events");
  out.push_back({i, "info", [opts] {
                   auto info = scap::collect_capture_info(opts->capture);
                   std::string text =
                       opts->json ? scap::format_capture_info_json(info) : scap::format_capture_info(info);
                   scap::checked_write(stdout, text.data(), text.size());
                   // The summary counts everything before the damage; the damage is an error.
                   if (info.error) throw scap::CommandError(scap::ErrorKind::Capture, *info.error);
                   return 0;
                 }});
}

}  // namespace saker::cli
