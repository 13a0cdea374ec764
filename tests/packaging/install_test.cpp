// `cmake --install build --prefix P` (packaging/): binaries, documentation, configuration, default
// rules and the systemd unit, with paths of the prefix installed into; the unit passes
// `systemd-analyze verify`, and the recorder records under the unit's sandbox.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "live_record.h"
#include "run_command.h"
#include "saker/capture/record_config.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

// Installs the build into `prefix` (with DESTDIR `destdir` when given); the output on failure.
void install(const std::string& prefix, const std::string& destdir = "") {
  auto r = run_command((destdir.empty() ? "" : "DESTDIR=" + shell_quote(destdir) + " ") +
                       std::string(SAKER_CMAKE) + " --install " + SAKER_BUILD_DIR + " --prefix " +
                       shell_quote(prefix) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
}

// The value of `key=` in the unit, "" when absent.
std::string unit_value(const std::string& unit, const std::string& key) {
  std::smatch m;
  if (std::regex_search(unit, m, std::regex("(^|\n)" + key + "=([^\n]*)"))) return m[2];
  return {};
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

TEST(Install, PutsEveryFileUnderThePrefixWithItsPaths) {
  TempDir dir;
  fs::path p = dir / "prefix";
  install(p.string());
  for (const char* bin : {"bin/saker", "bin/saker-inspector"}) {
    ASSERT_TRUE(fs::exists(p / bin)) << bin;
    EXPECT_EQ(::access((p / bin).c_str(), X_OK), 0) << bin;
  }
  for (const char* doc : {"record.md", "replay.md", "rules.md", "security.md", "README.md"})
    EXPECT_TRUE(fs::exists(p / "share/doc/saker" / doc)) << doc;
  EXPECT_TRUE(fs::exists(p / "share/saker/rules/saker_rules.yaml"));

  fs::path config = p / "etc/saker/record.yaml";
  ASSERT_TRUE(fs::exists(config));
  EXPECT_EQ(mode_of(config), 0600u);
  capture::RecordOptions o;
  capture::load_record_config(config.string(), o);
  EXPECT_EQ(o.rule_paths, std::vector<std::string>{(p / "share/saker/rules").string()});
  EXPECT_TRUE(o.trigger);
  EXPECT_EQ(slurp(config).find('@'), std::string::npos) << "a placeholder left in the configuration";

  fs::path unit_path = p / "lib/systemd/system/saker-recorder.service";
  ASSERT_TRUE(fs::exists(unit_path));
  std::string unit = slurp(unit_path);
  EXPECT_EQ(unit_value(unit, "ExecStart"),
            (p / "bin/saker").string() + " record --config " + config.string());
  EXPECT_EQ(unit_value(unit, "Documentation"), "file://" + (p / "share/doc/saker/record.md").string());
  EXPECT_EQ(unit_value(unit, "Type"), "notify");
  EXPECT_EQ(unit_value(unit, "ExecReload"), "/bin/kill -HUP $MAINPID");
  EXPECT_EQ(unit.find('@'), std::string::npos) << "a placeholder left in the unit";
}

// A package build: prefix /usr, staged under DESTDIR; the configuration goes to /etc.
TEST(Install, PrefixUsrKeepsItsConfigurationInEtc) {
  TempDir dir;
  fs::path stage = dir / "stage";
  install("/usr", stage.string());
  EXPECT_TRUE(fs::exists(stage / "usr/bin/saker"));
  EXPECT_TRUE(fs::exists(stage / "etc/saker/record.yaml"));
  EXPECT_FALSE(fs::exists(stage / "usr/etc"));
  std::string unit = slurp(stage / "usr/lib/systemd/system/saker-recorder.service");
  EXPECT_EQ(unit_value(unit, "ExecStart"), "/usr/bin/saker record --config /etc/saker/record.yaml");
  EXPECT_NE(slurp(stage / "etc/saker/record.yaml").find("  - /usr/share/saker/rules\n"), std::string::npos);
}

TEST(Install, UnitPassesSystemdAnalyzeVerify) {
  auto which = run_command("command -v systemd-analyze");
  if (which.status != 0) GTEST_SKIP() << "systemd-analyze is not installed (Debian package systemd)";
  TempDir dir;
  fs::path p = dir / "prefix";
  install(p.string());
  // Warnings (an unknown key, a missing binary) come out with status 0: the output must be empty.
  auto r = run_command("systemd-analyze verify " +
                       (p / "lib/systemd/system/saker-recorder.service").string() + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "") << r.out;
}

// An installed saker reads the installed default rules, not the folder it was built from.
TEST(Install, InstalledSakerReadsTheInstalledDefaultRules) {
  TempDir dir;
  fs::path p = dir / "prefix";
  install(p.string());
  fs::path rules = p / "share/saker/rules";
  fs::remove(rules / "saker_rules.yaml");
  std::ofstream(rules / "marker.yaml") << "- rule: Installed rules marker\n"
                                          "  desc: only in the installed folder\n"
                                          "  condition: evt.type = execve and evt.dir = <\n"
                                          "  output: installed marker %proc.name\n"
                                          "  priority: WARNING\n";
  auto r = run_command("env -u SAKER_RULES_DIR " + (p / "bin/saker").string() + " replay -q " +
                       (samples_dir() / "shell-session.scap").string() + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("installed marker"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Sensitive file read"), std::string::npos) << r.out;
}

// The unit's CapabilityBoundingSet and NoNewPrivileges, applied by setpriv: the installed
// recorder, with the installed configuration, still loads its eBPF programs and records.
TEST(Install, RecorderRecordsWithinTheUnitsCapabilities) {
  SAKER_REQUIRE_ROOT();
  if (run_command("command -v setpriv").status != 0) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  TempDir dir;
  fs::path p = dir / "prefix";
  install(p.string());
  std::string unit = slurp(p / "lib/systemd/system/saker-recorder.service");
  std::istringstream caps(unit_value(unit, "CapabilityBoundingSet"));
  std::string bounding = "-all";
  for (std::string c; caps >> c;) {
    ASSERT_TRUE(c.starts_with("CAP_")) << c;
    std::string name = c.substr(4);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    bounding += ",+" + name;
  }
  ASSERT_NE(bounding, "-all");
  EXPECT_EQ(unit_value(unit, "NoNewPrivileges"), "yes");
  // The command line overrides where the configuration writes (captures, alerts).
  auto r =
      run_command("setpriv --no-new-privs --bounding-set " + bounding + " " + (p / "bin/saker").string() +
                  " record --config " + (p / "etc/saker/record.yaml").string() + " -o " +
                  (dir / "incidents").string() + " --alert-output file:" + (dir / "alerts.json").string() +
                  " --pre 1 --post 1 -- sh -c 'cat /etc/shadow > /dev/null' 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("trigger: 'Sensitive file read"), std::string::npos) << r.out;
  EXPECT_NE(slurp(dir / "alerts.json").find("/etc/shadow"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace saker::test
