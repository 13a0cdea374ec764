// The data-driven rule suite: every tests/rules/cases/*.yaml is a list of cases, each a set of
// rule files loaded in order as one ruleset (compiled after each file, as `saker rules
// validate A B` and Falco's `-V A -V B` do), the exact errors expected (code, item, file), the
// warnings that must and must not appear, and optionally a replay of a capture with the alerts
// expected per rule and per priority. The format is described in tests/rules/cases/README.md.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "saker/rules/commands.h"
#include "saker/rules/ruleset.h"
#include "saker/scap/command_error.h"
#include "test_paths.h"

namespace saker::rules {
namespace {

namespace fs = std::filesystem;

std::string describe(const LoadMessage& m) {
  std::string item = m.item_name.empty() ? m.item_type : m.item_type + " '" + m.item_name + "'";
  return m.code + " " + item + " @" + fs::path(m.origin).filename().string();
}

std::string read_stream(std::FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n)
    for (const auto& e : n) out.push_back(e.as<std::string>());
  return out;
}

void run_case(const YAML::Node& c) {
  const std::string name = c["case"].as<std::string>();
  SCOPED_TRACE("case: " + name);
  fs::path work = fs::temp_directory_path() / ("saker-rule-case-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  std::vector<std::string> paths;
  for (const auto& f : c["files"]) {
    for (const auto& kv : f) {
      fs::path p = work / kv.first.as<std::string>();
      std::ofstream(p) << kv.second.as<std::string>();
      paths.push_back(p.string());
    }
  }
  // Loading and validation: the exact errors, with their files.
  RuleSet rs;
  rs.set_strict(c["strict"].as<bool>(false));
  for (const auto& p : paths) {
    rs.load_path(p);
    rs.compile();
  }
  std::multiset<std::string> errors, warnings;
  std::string all;
  for (const auto& m : rs.messages()) {
    (m.severity == LoadMessage::Severity::Error ? errors : warnings).insert(describe(m));
    all += "  " + format_message(m) + "\n";
  }
  std::multiset<std::string> want_errors;
  for (const auto& e : strings(c["errors"])) want_errors.insert(e);
  EXPECT_EQ(errors, want_errors) << all;
  for (const auto& w : strings(c["warnings"]))
    EXPECT_TRUE(warnings.count(w)) << "missing warning " << w << "\n" << all;
  for (const auto& code : strings(c["no_warnings"]))
    for (const auto& w : warnings) EXPECT_NE(w.rfind(code + " ", 0), 0u) << "unexpected warning " << w;
  for (const auto& text : strings(c["messages"]))
    EXPECT_NE(all.find(text), std::string::npos) << "no message containing '" << text << "'\n" << all;

  // Replay: status and alerts per rule and priority.
  if (const YAML::Node r = c["replay"]) {
    ReplayOptions o;
    o.captures = {(test::samples_dir() / r["capture"].as<std::string>()).string()};
    o.rule_paths = paths;
    o.json = true;
    o.quiet = false;
    o.with_default_rules = r["with_default_rules"].as<bool>(false);
    o.disabled_rules = strings(r["disable"]);
    o.enabled_tags = strings(r["tags"]);
    o.disabled_tags = strings(r["no_tags"]);
    o.first_match = r["first_match"].as<bool>(false);
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    int status = 0;
    std::string thrown;
    try {
      status = run_replay(o, out, err);
    } catch (const scap::CommandError& e) {
      status = scap::exit_status(e.kind());
      thrown = e.what();
    }
    std::string alerts = read_stream(out), diag = read_stream(err) + thrown;
    std::fclose(out);
    std::fclose(err);
    EXPECT_EQ(status, r["status"].as<int>(0)) << diag;
    std::map<std::string, int> by_rule, by_priority;
    std::istringstream lines(alerts);
    for (std::string line; std::getline(lines, line);) {
      YAML::Node a = YAML::Load(line);
      ++by_rule[a["rule"].as<std::string>()];
      ++by_priority[a["priority"].as<std::string>()];
    }
    std::map<std::string, int> want_rule, want_priority;
    if (r["alerts"])
      for (const auto& kv : r["alerts"]) want_rule[kv.first.as<std::string>()] = kv.second.as<int>();
    if (r["priorities"])
      for (const auto& kv : r["priorities"]) want_priority[kv.first.as<std::string>()] = kv.second.as<int>();
    EXPECT_EQ(by_rule, want_rule) << diag;
    if (r["priorities"]) {
      EXPECT_EQ(by_priority, want_priority);
    }
    for (const auto& text : strings(r["stderr"]))
      EXPECT_NE(diag.find(text), std::string::npos) << "stderr lacks '" << text << "':\n" << diag;
    // A case's first alert order, when given: rules fire in file order per event.
    if (const YAML::Node order = r["first_alerts"]) {
      std::istringstream again(alerts);
      std::string line;
      for (const auto& want : order) {
        ASSERT_TRUE(std::getline(again, line));
        EXPECT_EQ(YAML::Load(line)["rule"].as<std::string>(), want.as<std::string>());
      }
    }
  }
  fs::remove_all(work);
}

TEST(RuleCases, EveryCaseFile) {
  fs::path dir = fs::path(SAKER_RULE_CASES);
  size_t cases = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    for (const auto& c : YAML::LoadFile(f.string())) {
      run_case(c);
      ++cases;
    }
  }
  EXPECT_GT(cases, 30u);
}

}  // namespace
}  // namespace saker::rules
