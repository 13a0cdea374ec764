// Triggered recording, live (root only; CI runs these as root).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "live_record.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

namespace fs = std::filesystem;

const std::string kBin = SAKER_BIN;

std::string write_rules(const TempDir& dir, const std::string& extra = "") {
  std::string path = (dir / "rules.yaml").string();
  std::ofstream(path)
      << "- rule: Read shadow\n"
         "  desc: a process read /etc/shadow\n"
         "  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = /etc/shadow\n"
         "  output: shadow read by %proc.name (pid %proc.pid parent %proc.pname)\n"
         "  priority: WARNING\n"
         "  capture: true\n"
      << extra;
  return path;
}

// A rule with `capture: true` that fires when `marker` is opened.
std::string marker_rule(const std::string& marker) {
  return "- rule: Read marker\n"
         "  desc: the test's marker file was read\n"
         "  condition: evt.type in (open, openat) and evt.dir = < and fd.name = " +
         marker +
         "\n"
         "  output: marker read by %proc.name\n"
         "  priority: WARNING\n"
         "  capture: true\n";
}

// Shell text that waits (up to 30 s) until `log` has a line matching `text`: each step of a
// signal test waits for the recorder's answer to the last (two quick SIGHUPs would be one).
std::string until_logged(const std::string& log, const std::string& text) {
  return "i=0; until grep -q '" + text + "' " + log + " || [ $i -ge 300 ]; do sleep 0.1; i=$((i+1)); done";
}

std::vector<fs::path> captures(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".scap") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Trigger, CaptureHoldsTheHistoryTheIncidentAndThePostWindow) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  fs::path out = dir / "incidents";
  std::string pre = (dir / "pre-marker").string(), post = (dir / "post-marker").string(),
              late = (dir / "late-marker").string();
  std::string workload = "touch " + pre + "; sleep 1; cat /etc/shadow > /dev/null; sleep 0.3; touch " + post +
                         "; sleep 2; touch " + late + "; sleep 0.2";
  auto r = run_command(kBin + " record --trigger -o " + out.string() + " -r " + rules +
                       " --pre 5 --post 1 -- sh -c " + shell_quote(workload) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("trigger: 'Read shadow' (Warning) fired"), std::string::npos) << r.out;
  auto files = captures(out);
  ASSERT_EQ(files.size(), 1u) << r.out;
  EXPECT_NE(files[0].filename().string().find("-read-shadow.scap"), std::string::npos) << files[0];
  EXPECT_EQ(fs::status(files[0]).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  auto seen = run_command(
      kBin + " print " + files[0].string() + " " +
      shell_quote("evt.type = openat and fd.name in (" + pre + ", /etc/shadow, " + post + ", " + late + ")") +
      " -p '%fd.name'");
  // Before the trigger (the history), the incident, after it; not past the post window.
  EXPECT_EQ(seen.out, pre + "\n/etc/shadow\n" + post + "\n");

  // The alert travels with the capture, and the capture alone reproduces it.
  std::ifstream sidecar(files[0].string() + ".alerts.json");
  std::string json((std::istreambuf_iterator<char>(sidecar)), {});
  EXPECT_NE(json.find("\"rule\":\"Read shadow\""), std::string::npos) << json;
  auto replay = run_command(kBin + " replay -q -r " + rules + " " + files[0].string());
  EXPECT_EQ(replay.status, 0);
  EXPECT_NE(replay.out.find("shadow read by cat"), std::string::npos) << replay.out;
  EXPECT_NE(replay.out.find("parent sh"), std::string::npos) << replay.out;
  // The alert is an event at its place in the capture.
  auto notes =
      run_command(kBin + " print --all " + files[0].string() + " 'evt.type = notification' -p '%evt.args'");
  EXPECT_NE(notes.out.find("Read shadow"), std::string::npos) << notes.out;
}

// Evidence safety: names planted in the trigger directory (links to a file that must not change,
// dangling links) are never followed or written over; the capture takes the next free name.
TEST(Trigger, PlantedLinksAtTheCaptureNameAreNeverFollowed) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  fs::path out = dir / "incidents";
  fs::create_directories(out);
  fs::path canary = dir / "canary", missing = dir / "must-not-appear";
  std::ofstream(canary) << "evidence\n";
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string slug;
  for (char c : std::string(host)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "host";
  // Every second the incident may fall in gets links at both of its names.
  time_t now = time(nullptr);
  for (time_t t = now - 2; t < now + 60; ++t) {
    tm u{};
    gmtime_r(&t, &u);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &u);
    std::string base = (out / ("saker-" + std::string(stamp) + "-" + slug + "-read-shadow")).string();
    fs::create_symlink(missing, base + ".scap");
    fs::create_symlink(canary, base + ".scap.alerts.json");
  }
  auto r = run_command(kBin + " record --trigger -o " + out.string() + " -r " + rules +
                       " --pre 2 --post 0.3 -- sh -c " +
                       shell_quote("cat /etc/shadow > /dev/null; sleep 0.5") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<fs::path> written;
  for (const auto& e : fs::directory_iterator(out))
    if (e.is_regular_file(/*follows links*/) && !e.is_symlink()) written.push_back(e.path());
  std::sort(written.begin(), written.end());
  ASSERT_EQ(written.size(), 2u) << r.out;  // the capture and its .alerts.json
  EXPECT_NE(written[0].string().find("-read-shadow-2.scap"), std::string::npos) << written[0];
  EXPECT_NE(written[1].string().find("-read-shadow-2.scap.alerts.json"), std::string::npos) << written[1];
  std::ifstream in(canary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "evidence\n");
  EXPECT_FALSE(fs::exists(missing));
}

// The `Open seen` alerts of a run: "num=... proc=... fd=... parent=..." from a live sidecar or a replay.
std::vector<std::string> open_alerts(const std::string& text) {
  std::vector<std::string> out;
  std::regex re(R"(num=\d+ proc=\S+ fd=\S+ parent=\S+ tid=\d+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

TEST(Trigger, LiveAlertsCarryTheNumbersAndFieldsOfTheReplay) {
  SAKER_REQUIRE_ROOT();
  for (const char* profile : {"", " --compat"}) {
    SCOPED_TRACE(profile);
    TempDir dir;
    std::string rules = (dir / "rules.yaml").string();
    std::ofstream(rules)
        << "- rule: Open seen\n"
           "  desc: every file opened under /etc\n"
           "  condition: evt.type = openat and evt.dir = < and fd.name startswith /etc/\n"
           "  output: num=%evt.num proc=%proc.name fd=%fd.name parent=%proc.pname tid=%thread.tid\n"
           "  priority: NOTICE\n";
    // The history reaches back to the first event and the window stays open to the end: the
    // capture holds the whole recording, so its replay numbers every event as the live rules did.
    fs::path out = dir / "out";
    auto r =
        run_command(kBin + " record --trigger -o " + out.string() + " -r " + rules + profile +
                    " --trigger-mode all --pre 600 --post 600 -- sh -c " +
                    shell_quote("cat /etc/hostname > /dev/null; sleep 0.1; head -c 1 /etc/passwd /etc/group "
                                "> /dev/null; sh -c 'cat /etc/hostname' > /dev/null") +
                    " 2>&1");
    ASSERT_EQ(r.status, 0) << r.out;
    auto files = captures(out);
    ASSERT_EQ(files.size(), 1u) << r.out;
    std::ifstream sidecar(files[0].string() + ".alerts.json");
    std::string json((std::istreambuf_iterator<char>(sidecar)), {});
    auto live = open_alerts(json);
    auto replay = run_command(kBin + " replay -q -r " + rules + " " + files[0].string());
    ASSERT_EQ(replay.status, 0) << replay.out;
    auto replayed = open_alerts(replay.out);
    ASSERT_GE(live.size(), 4u) << json;
    EXPECT_EQ(live, replayed) << json << "\n---\n" << replay.out;
    for (const auto& a : live) EXPECT_EQ(a.find("num=0 "), std::string::npos) << a;
  }
}

// The README's command with Saker's default ruleset (no rule has `capture: true`): every alert
// at or above Warning opens a capture.
TEST(Trigger, DefaultRulesetRecordsIncidentsWithoutCaptureKeys) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  fs::path out = dir / "incidents";
  auto r = run_command(kBin + " record --trigger -o " + out.string() + " --pre 5 --post 0.5 -- sh -c " +
                       shell_quote("cat /etc/shadow > /dev/null; sleep 0.3") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("triggers: no rule has capture: true, so every alert at or above Warning triggers"),
            std::string::npos)
      << r.out;
  auto files = captures(out);
  ASSERT_EQ(files.size(), 1u) << r.out;
  auto replay = run_command(kBin + " replay -q " + files[0].string());
  EXPECT_NE(replay.out.find("/etc/shadow"), std::string::npos) << replay.out;
}

TEST(Trigger, ARuleNameThatMatchesNothingIsRefusedAtStart) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  auto r = run_command(kBin + " record --trigger -o " + (dir / "out").string() +
                       " --trigger-rule 'No such rule' -- true 2>&1");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("--trigger-rule 'No such rule' matches no enabled rule"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// SIGUSR1 prints a status line, SIGHUP reloads the rules (a broken file keeps the running
// ones); neither ends the recording.
TEST(Trigger, SighupReloadsTheRulesAndSigusr1PrintsAStatus) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  std::string marker = (dir / "marker").string(), log = (dir / "log").string();
  std::ofstream(marker) << "x\n";
  auto wait_for = [&](const std::string& text) { return until_logged(log, text); };
  std::string script = kBin + " record --trigger -o " + (dir / "out").string() + " -r " + rules +
                       " --pre 1 --post 0.3 --duration 20 2>" + log + " & p=$!; " + wait_for("^recording") +
                       "; kill -USR1 $p; " + wait_for("^status: ") + "; printf 'not: [yaml' > " + rules +
                       "; kill -HUP $p; " + wait_for("rules stay") + "; printf %s " +
                       shell_quote(marker_rule(marker)) + " > " + rules + "; kill -HUP $p; " +
                       wait_for("rules reloaded") + "; cat " + marker +
                       " > /dev/null; sleep 1; kill -TERM $p; wait $p";
  auto r = run_command("sh -c " + shell_quote(script));
  std::ifstream in(log);
  std::string err((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(r.status, 0) << err;
  EXPECT_NE(err.find("status: "), std::string::npos) << err;
  EXPECT_NE(err.find("SIGHUP: the rules have errors; the running rules stay"), std::string::npos) << err;
  EXPECT_NE(err.find("SIGHUP: rules reloaded; triggers: rules with capture: true trigger: 1 of 1"),
            std::string::npos)
      << err;
  auto files = captures(dir / "out");
  ASSERT_EQ(files.size(), 1u) << err;
  EXPECT_NE(files[0].filename().string().find("read-marker"), std::string::npos) << files[0];
}

// With --config, SIGHUP reads the file again: its rule files replace the running ones, and a
// setting only a restart applies is named.
TEST(Trigger, SighupReadsTheConfigFileAgain) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string first = write_rules(dir);
  std::string marker = (dir / "marker").string(), log = (dir / "log").string();
  std::string second = (dir / "second.yaml").string(), config = (dir / "record.yaml").string();
  std::ofstream(marker) << "x\n";
  std::ofstream(second) << marker_rule(marker);
  auto config_text = [&](const std::string& rules, int snaplen) {
    return "rules: [" + rules + "]\nsnaplen: " + std::to_string(snaplen) +
           "\ntrigger:\n  enabled: true\n  dir: " + (dir / "out").string() + "\n  pre: 1\n  post: 0.3\n";
  };
  std::ofstream(config) << config_text(first, 80);
  auto wait_for = [&](const std::string& text) { return until_logged(log, text); };
  std::string script = kBin + " record --config " + config + " --duration 20 2>" + log + " & p=$!; " +
                       wait_for("^recording") + "; printf %s " + shell_quote(config_text(second, 200)) +
                       " > " + config + "; kill -HUP $p; " + wait_for("rules reloaded") + "; cat " + marker +
                       " > /dev/null; sleep 1; kill -TERM $p; wait $p";
  auto r = run_command("sh -c " + shell_quote(script));
  std::ifstream in(log);
  std::string err((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(r.status, 0) << err;
  EXPECT_NE(err.find("SIGHUP: snaplen changed in " + config + ": a restart applies it"), std::string::npos)
      << err;
  EXPECT_NE(err.find("SIGHUP: rules reloaded; triggers: rules with capture: true trigger: 1 of 1"),
            std::string::npos)
      << err;
  auto files = captures(dir / "out");
  ASSERT_EQ(files.size(), 1u) << err;
  EXPECT_NE(files[0].filename().string().find("read-marker"), std::string::npos) << files[0];
}

TEST(Trigger, HistoryStaysWithinItsMemoryBound) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  auto r = run_command(kBin + " record --trigger -o " + (dir / "out").string() + " -r " + rules +
                       " --syscalls openat,read,close --pre 600 --ring-mem 1M -- " + SAKER_SYSCALL_LOOP +
                       " 100000 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(history peak ([0-9.]+) of ([0-9.]+) MiB)"))) << r.out;
  EXPECT_LE(std::stod(m[1]), std::stod(m[2]));
  EXPECT_GT(std::stod(m[1]), 0.5) << "the busy loop should have filled the history";
  // Every round's events reached the recorder or were counted as kernel drops (a slow build,
  // such as the sanitizer one, drops some).
  std::smatch e;
  ASSERT_TRUE(std::regex_search(r.out, e, std::regex(R"((\d+) events in [0-9.]+ s, (\d+) dropped)")))
      << r.out;
  EXPECT_GT(std::stoull(e[1]) + std::stoull(e[2]), 250000u) << r.out;
  EXPECT_TRUE(captures(dir / "out").empty());
}

TEST(Trigger, SameRuleIsRateLimited) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  auto r = run_command(
      kBin + " record --trigger -o " + (dir / "out").string() + " -r " + rules +
      " --pre 1 --post 0.2 --rate-limit 60 -- sh -c " +
      shell_quote("cat /etc/shadow >/dev/null; sleep 1; cat /etc/shadow >/dev/null; sleep 0.5") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(captures(dir / "out").size(), 1u) << r.out;
  EXPECT_NE(r.out.find("rate limit: 'Read shadow' fired again"), std::string::npos) << r.out;
}

TEST(Trigger, SigkillLeavesAReadableCapture) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  fs::path out = dir / "out";
  std::string log = (dir / "log").string();
  std::string cmd =
      kBin + " record --trigger -o " + out.string() + " -r " + rules + " --pre 2 --post 60 -- sh -c " +
      shell_quote("cat /etc/shadow >/dev/null; while true; do ls / >/dev/null; sleep 0.05; done") + " > " +
      log + " 2>&1 & echo $!";
  auto started = run_command(cmd);
  pid_t pid = std::stoi(started.out);
  // Kill it a few flushes after the capture opened (the /proc scan takes longer on a busy host).
  for (int i = 0; i < 300; ++i) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    if (text.find("trigger: 'Read shadow'") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  run_command("pkill -f 'while true; do ls /' >/dev/null 2>&1");
  auto files = captures(out);
  ASSERT_EQ(files.size(), 1u);
  // Everything flushed before the kill reads back: the incident and the seconds after it.
  auto r = run_command(kBin + " print " + files[0].string() + " 'evt.type = openat' -p '%fd.name' 2>&1");
  EXPECT_NE(r.out.find("/etc/shadow"), std::string::npos) << r.out.substr(0, 2000);
  auto ls = run_command(kBin + " print " + files[0].string() +
                        " 'evt.type = execve and proc.name = ls' -p '%proc.name' 2>/dev/null | wc -l");
  EXPECT_GE(std::stoi(ls.out), 10) << "about a second of events at most may be lost";
  // Damage, if any, is only at the unflushed tail.
  if (r.status != 0) {
    EXPECT_NE(r.out.find("truncated"), std::string::npos)
        << r.out.substr(r.out.size() > 500 ? r.out.size() - 500 : 0);
  }
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The workload's helper: waits (up to a minute, the machine may be loaded) until the
// recorder's log holds `pattern` at least `n` times.
std::string wait_for_log(const std::string& log) {
  return "wait_for() { i=0; while [ \"$(grep -c \"$1\" " + log +
         ")\" -lt \"$2\" ]; do sleep 0.1; i=$((i+1)); [ $i -gt 600 ] && exit 3; done; }; ";
}

// Every event of the capture reads without an error; returns how many openat events name
// /etc/shadow (-1 when reading failed).
int shadow_opens(const fs::path& capture) {
  auto r = run_command(kBin + " print " + capture.string() +
                       " 'evt.type = openat and fd.name = /etc/shadow' -p '%fd.name' 2>&1");
  if (r.status != 0) {
    ADD_FAILURE() << capture << ": " << r.out.substr(0, 2000);
    return -1;
  }
  return static_cast<int>(count(r.out, "/etc/shadow\n"));
}

void full_disk(const std::string& compress, const std::string& size, int rounds) {
  TempDir dir;
  std::string rules = write_rules(dir);
  fs::path out = dir / "out", kept = dir / "kept";
  TmpfsMount mount(out, "size=" + size + ",mode=0700");
  if (!mount.mounted()) GTEST_SKIP() << "cannot mount a tmpfs: " << mount.error();
  fs::create_directories(kept);
  std::string log = (dir / "log").string();
  std::string loop = std::string(SAKER_SYSCALL_LOOP) + " " + std::to_string(rounds);
  // 1: an incident whose capture fills the disk; 2: another one while it is full; then space
  // comes back and 3: a third incident (once the loop is out of its 1 s of history). The ring
  // holds a whole flood, so a slow (sanitizer) build lags behind but drops none of the reads
  // of /etc/shadow the steps wait on.
  std::string workload = wait_for_log(log) + "cat /etc/shadow >/dev/null; " + loop +
                         "; wait_for 'No space left on device' 1; cp " + out.string() + "/saker-*.scap " +
                         kept.string() + "/; cat /etc/shadow >/dev/null; " + loop +
                         "; wait_for 'No space left on device' 2; rm -f " + out.string() +
                         "/saker-*; sleep 1.5; cat /etc/shadow >/dev/null; sleep 1";
  auto r = run_command(
      kBin + " record --trigger -o " + out.string() + " -r " + rules +
      " --syscalls openat,read,close --pre 1 --post 60 --rate-limit 0 --ring-size 64M --compress " +
      compress + " -- sh -c " + shell_quote(workload) + " > " + log + " 2>&1");
  std::string text = slurp(log);
  ASSERT_EQ(r.status, 0) << text;
  ASSERT_NE(text.find("command exited with status 0"), std::string::npos) << text;

  // The first capture: an error naming it, then it is closed, complete and readable.
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(text, m,
                        std::regex("error: (\\S+\\.scap): offset [0-9]+: write failed: No space left on "
                                   "device; closing (\\S+\\.scap) \\(([0-9]+) events\\)")))
      << text;
  EXPECT_EQ(m[1], m[2]);
  EXPECT_EQ(fs::path(m[1].str()).parent_path(), out);
  EXPECT_GT(std::stoull(m[3]), 1000u) << text;
  fs::path first = kept / fs::path(m[1].str()).filename();
  ASSERT_TRUE(fs::exists(first)) << text;
  EXPECT_EQ(shadow_opens(first), 1);
  if (compress == "zstd") {  // cut back to its last complete frame, then the seek table
    auto info = run_command(kBin + " info " + first.string() + " 2>&1");
    EXPECT_NE(info.out.find("zstd, seekable ("), std::string::npos) << info.out;
    EXPECT_EQ(info.out.find("error"), std::string::npos) << info.out;
  }

  // Detection went on: the second incident was reported (and hit the full disk), the third
  // was recorded once space returned.
  EXPECT_GE(count(text, "No space left on device"), 2u) << text;
  EXPECT_GE(count(text, "trigger: 'Read shadow' (Warning) fired; recording"), 2u) << text;
  std::smatch s;
  ASSERT_TRUE(std::regex_search(text, s, std::regex("([0-9]+) alerts, ([0-9]+) captures"))) << text;
  EXPECT_GE(std::stoull(s[1]), 3u);
  auto left = captures(out);
  ASSERT_EQ(left.size(), 1u) << text;
  EXPECT_NE(left[0], fs::path(m[1].str()));
  EXPECT_GE(shadow_opens(left[0]), 1) << text;
}

TEST(Trigger, AFullDiskClosesTheCaptureAndRecordingResumesWhenSpaceReturns) {
  SAKER_REQUIRE_ROOT();
  full_disk("none", "1m", 12000);
}

TEST(Trigger, AFullDiskKeepsAZstdCaptureSeekable) {
  SAKER_REQUIRE_ROOT();
  full_disk("zstd", "256k", 50000);
}

TEST(Trigger, AnUnwritableDirectoryIsReportedAndRecordingResumesOnceWritable) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = write_rules(dir);
  fs::path out = dir / "out";
  TmpfsMount mount(out, "ro,size=1m,mode=0700");
  if (!mount.mounted()) GTEST_SKIP() << "cannot mount a tmpfs: " << mount.error();
  std::string log = (dir / "log").string();
  std::string workload =
      wait_for_log(log) +
      "cat /etc/shadow >/dev/null; wait_for 'Read-only file system' 1; mount -o remount,rw " + out.string() +
      "; cat /etc/shadow >/dev/null; sleep 1";
  auto r = run_command(kBin + " record --trigger -o " + out.string() + " -r " + rules +
                       " --pre 1 --post 60 --rate-limit 0 -- sh -c " + shell_quote(workload) + " > " + log +
                       " 2>&1");
  std::string text = slurp(log);
  ASSERT_EQ(r.status, 0) << text;
  ASSERT_NE(text.find("command exited with status 0"), std::string::npos) << text;
  EXPECT_TRUE(std::regex_search(
      text, std::regex("error: 'Read shadow' \\(Warning\\) fired, but recording failed: " + out.string() +
                       "/saker-\\S+\\.scap: cannot create: Read-only file system; detection continues")))
      << text;
  auto files = captures(out);
  ASSERT_EQ(files.size(), 1u) << text;
  EXPECT_GE(shadow_opens(files[0]), 1) << text;  // (the first one too, when in the history)
}

}  // namespace
}  // namespace saker::test
