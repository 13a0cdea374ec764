// `saker rules validate` and `saker rules list`.
#include "command.h"
#include "saker/rules/commands.h"

namespace saker::cli {

namespace {

struct ListOptions {
  std::vector<std::string> paths;
  bool json = false;
};

}  // namespace

void add_rules(CLI::App& app, Commands& out) {
  auto* rules_cmd = app.add_subcommand("rules", "Validate and list rule files");
  rules_cmd->require_subcommand(1);
  auto validate = std::make_shared<rules::ValidateOptions>();
  auto* rv = rules_cmd->add_subcommand("validate",
                                       "Load rule files and report errors and warnings (exit 1 on error)");
  rv->add_option("paths", validate->paths, "Rule files or directories")->required();
  rv->add_flag("--json", validate->json,
               "Print Falco's validation JSON: per file, successful, errors, warnings");
  rv->add_flag("--strict", validate->strict,
               "Errors for macros no rule uses whose condition does not compile (Falco only warns)");
  rv->footer(
      "EXAMPLES:\n"
      "  saker rules validate my_rules.yaml\n"
      "  saker rules validate --json /etc/falco/falco_rules.yaml");
  out.push_back({rv, "rules validate", [validate] { return rules::run_rules_validate(*validate, stdout); }});

  auto list = std::make_shared<ListOptions>();
  auto* rl = rules_cmd->add_subcommand("list", "List rules: name, priority, tags, event types");
  rl->add_option("paths", list->paths, "Rule files or directories (default: Saker's own ruleset)");
  rl->add_flag("--json", list->json, "Print JSON");
  rl->footer(
      "EXAMPLES:\n"
      "  saker rules list\n"
      "  saker rules list --json falco_rules.yaml | jq -r '.[].name'");
  out.push_back(
      {rl, "rules list", [list] { return rules::run_rules_list(list->paths, list->json, stdout, stderr); }});
}

}  // namespace saker::cli
