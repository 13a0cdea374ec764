// `saker replay`: Falco rules over captures; the alerts on standard output or in -o FILE.
#include "command.h"
#include "saker/rules/commands.h"
#include "saker/scap/command_error.h"

namespace saker::cli {

namespace {

struct ReplayCli {
  rules::ReplayOptions replay;
  std::string min_priority = "debug", rule_matching;
};

}  // namespace

void add_replay(CLI::App& app, Commands& out) {
  auto o = std::make_shared<ReplayCli>();
  auto& replay = o->replay;
  auto* r = app.add_subcommand("replay", "Rerun Falco rules over a capture and print the alerts");
  r->add_option("captures", replay.captures, "Capture files, replayed in order")->required();
  r->add_option("-r,--rules", replay.rule_paths,
                "Rule file or directory, one per -r; repeat for several, later ones change earlier items "
                "(default: Saker's own ruleset)")
      ->allow_extra_args(false);
  r->add_flag("--with-default-rules", replay.with_default_rules,
              "Load Saker's default ruleset first, then the -r files (which may append to its lists)");
  r->add_flag("--json", replay.json, "Alerts as JSON lines, in Falco's alert shape");
  r->add_option("-o,--output", replay.output_file,
                "Write alerts to this file (mode 0600; never a link or device)");
  r->add_flag("--force", replay.force, "Replace the -o file when it is an existing regular file");
  r->add_option("--min-priority", o->min_priority, "Skip rules less severe than this (emergency ... debug)");
  r->add_option("-D,--disable-rule", replay.disabled_rules,
                "Disable the rules whose name contains this text, as Falco's -D (one per flag; repeat)")
      ->allow_extra_args(false);
  r->add_option("-T,--disable-tag", replay.disabled_tags,
                "Disable the rules with this tag (one per flag; repeat)")
      ->allow_extra_args(false);
  r->add_option("-t,--tag", replay.enabled_tags,
                "Run only the rules with this tag (one per flag; repeat; not with -T)")
      ->allow_extra_args(false);
  r->add_flag("--first-match", replay.first_match,
              "Alert only for the first matching rule of each event (Falco's rule_matching: first)");
  r->add_option("--rule-matching", o->rule_matching, "first or all (default), as Falco's rule_matching")
      ->check(CLI::IsMember({"first", "all"}));
  r->add_option("-f,--filter", replay.filter, "Only events matching this Falco filter meet the rules");
  r->add_flag("-q,--quiet", replay.quiet, "No summary on standard error");
  r->add_option("--alert-output", replay.alert_outputs,
                "Send alerts to stdout, json (stdout, Falco's JSON), file:PATH (JSON lines, appended), "
                "program:COMMAND (JSON lines on its input), syslog or http://HOST:PORT/PATH (Falco's JSON, "
                "POST); repeatable; replaces the default standard output")
      ->allow_extra_args(false);
  r->add_option("--alert-queue", replay.alert_queue, "Alerts queued per output (default 1024)");
  r->footer(
      "EXAMPLES:\n"
      "  saker replay samples/shell-session.scap\n"
      "  saker replay -r falco_rules.yaml --json -o alerts.json capture.scap\n"
      "  saker replay capture.scap --alert-output json --alert-output http://localhost:2801/");
  out.push_back({r, "replay", [o] {
                   auto prio = rules::parse_priority(o->min_priority);
                   if (!prio)
                     throw scap::CommandError(scap::ErrorKind::Usage,
                                              "unknown priority '" + o->min_priority + "'");
                   o->replay.min_priority = *prio;
                   if (o->rule_matching == "first") o->replay.first_match = true;
                   return rules::run_replay(o->replay, stdout, stderr);
                 }});
}

}  // namespace saker::cli
