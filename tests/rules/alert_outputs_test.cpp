// Alert outputs (rules/include/saker/rules/alert_outputs.h) through `saker replay
// --alert-output` and the library: an HTTP receiver on loopback, a program, a file opened again
// on SIGHUP, drops when a receiver hangs. Live recording with outputs: tests/capture/.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "datagram_socket.h"
#include "loopback_http_collector.h"
#include "run_command.h"
#include "saker/rules/alert_outputs.h"
#include "saker/scap/command_error.h"
#include "test_paths.h"

namespace saker::test {
namespace {

const std::string kBin = SAKER_BIN;

std::string sample() {
  return (samples_dir() / "shell-session.scap").string();
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Falco's alert without the uuid each delivery adds.
nlohmann::json without_uuid(nlohmann::json j) {
  j.erase("uuid");
  return j;
}

// `saker replay --json` on the sample: the reference shape.
std::vector<nlohmann::json> reference_alerts() {
  auto r = run_command(kBin + " replay -q --json " + sample());
  EXPECT_EQ(r.status, 0);
  std::vector<nlohmann::json> out;
  for (const auto& l : lines_of(r.out)) out.push_back(nlohmann::json::parse(l));
  return out;
}

void expect_falco_alert(const nlohmann::json& j) {
  const std::set<std::string> keys = {"hostname", "output", "output_fields", "priority", "rule",
                                      "source",   "tags",   "time",          "uuid"};
  std::set<std::string> got;
  for (const auto& [k, v] : j.items()) got.insert(k);
  EXPECT_EQ(got, keys) << j.dump();
  EXPECT_EQ(j["source"], "syscall");
  EXPECT_TRUE(j["hostname"].is_string());
  EXPECT_TRUE(j["rule"].is_string() && !j["rule"].get<std::string>().empty());
  EXPECT_TRUE(j["tags"].is_array());
  EXPECT_TRUE(j["output_fields"].is_object());
  EXPECT_TRUE(j["output_fields"].contains("evt.time"));
  static const std::set<std::string> priorities = {"Emergency", "Alert",  "Critical",      "Error",
                                                   "Warning",   "Notice", "Informational", "Debug"};
  EXPECT_TRUE(priorities.count(j["priority"].get<std::string>())) << j["priority"];
  EXPECT_TRUE(
      std::regex_match(j["time"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z)")))
      << j["time"];
  EXPECT_TRUE(
      std::regex_match(j["uuid"].get<std::string>(),
                       std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << j["uuid"];
  // The text line: "HH:MM:SS.nnnnnnnnn: Priority rule output".
  EXPECT_NE(j["output"].get<std::string>().find(": " + j["priority"].get<std::string>() + " "),
            std::string::npos);
}

TEST(AlertOutputs, HttpReceiverGetsFalcosAlertShape) {
  LoopbackHttpCollector server;
  auto r = run_command(kBin + " replay -q " + sample() + " --alert-output " + server.url("/falco") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "") << "http only: nothing on standard output";
  auto ref = reference_alerts();
  ASSERT_EQ(ref.size(), 8u);
  auto got = server.requests();
  ASSERT_EQ(got.size(), ref.size());
  std::set<std::string> uuids;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].head.rfind("POST /falco HTTP/1.1\r\n", 0), 0u) << got[i].head;
    EXPECT_NE(got[i].head.find("Content-Type: application/json"), std::string::npos) << got[i].head;
    auto j = nlohmann::json::parse(got[i].body);
    expect_falco_alert(j);
    uuids.insert(j["uuid"].get<std::string>());
    EXPECT_EQ(without_uuid(j), ref[i]) << "same alert as `replay --json`";
  }
  EXPECT_EQ(uuids.size(), got.size()) << "a uuid per alert";
}

TEST(AlertOutputs, JsonOnStandardOutputAndSeveralOutputsAtOnce) {
  TempDir dir;
  auto file = dir / "alerts.json";
  LoopbackHttpCollector server;
  auto r = run_command(kBin + " replay -q " + sample() + " --alert-output json --alert-output file:" +
                       file.string() + " --alert-output " + server.url());
  ASSERT_EQ(r.status, 0) << r.out;
  auto ref = reference_alerts();
  auto out = lines_of(r.out);
  auto in_file = lines_of(read_file(file));
  auto posted = server.requests();
  ASSERT_EQ(out.size(), ref.size()) << r.out;
  ASSERT_EQ(in_file.size(), ref.size());
  ASSERT_EQ(posted.size(), ref.size());
  for (size_t i = 0; i < ref.size(); ++i) {
    auto j = nlohmann::json::parse(out[i]);
    expect_falco_alert(j);
    EXPECT_EQ(without_uuid(j), ref[i]);
    // One alert, one uuid, whatever the output.
    EXPECT_EQ(nlohmann::json::parse(in_file[i]), j);
    EXPECT_EQ(nlohmann::json::parse(posted[i].body), j);
  }
}

TEST(AlertOutputs, TextOnStandardOutputIsReplaysText) {
  auto a = run_command(kBin + " replay -q " + sample());
  auto b = run_command(kBin + " replay -q " + sample() + " --alert-output stdout");
  ASSERT_EQ(b.status, 0);
  EXPECT_EQ(a.out, b.out);
}

TEST(AlertOutputs, StandardOutputClosedByItsReaderIs141AndQuiet) {
  std::string captures;
  for (int i = 0; i < 300; ++i) captures += " " + sample();  // 2400 alerts, more than a pipe holds
  auto r = run_command("bash -c " + shell_quote(kBin + " replay -q" + captures +
                                                " --alert-output json 2>&1 | head -c 10 >/dev/null;"
                                                " echo ${PIPESTATUS[0]}"));
  EXPECT_EQ(r.out, "141\n");
}

TEST(AlertOutputs, ProgramGetsJsonLinesOnItsInput) {
  TempDir dir;
  auto file = dir / "from-program.json";
  auto r = run_command(kBin + " replay -q " + sample() + " --alert-output " +
                       shell_quote("program:cat >> " + file.string()));
  ASSERT_EQ(r.status, 0) << r.out;
  auto got = lines_of(read_file(file));
  auto ref = reference_alerts();
  ASSERT_EQ(got.size(), ref.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(without_uuid(nlohmann::json::parse(got[i])), ref[i]);
}

TEST(AlertOutputs, BadOutputsAreUsageOrOutputErrorsNamingThem) {
  auto bad = run_command(kBin + " replay -q " + sample() + " --alert-output carrier-pigeon 2>&1");
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("unknown alert output 'carrier-pigeon'"), std::string::npos) << bad.out;
  auto url = run_command(kBin + " replay -q " + sample() + " --alert-output http:ftp://x/ 2>&1");
  EXPECT_EQ(url.status, 2) << url.out;
  EXPECT_NE(url.out.find("ftp://x/: bad URL"), std::string::npos) << url.out;
  auto file =
      run_command(kBin + " replay -q " + sample() + " --alert-output file:/nonexistent/dir/a.json 2>&1");
  EXPECT_EQ(file.status, 3) << file.out;
  EXPECT_NE(file.out.find("/nonexistent/dir/a.json: No such file or directory"), std::string::npos)
      << file.out;
}

// What syslog(3) sends: "<PRI>Mmm dd hh:mm:ss saker[PID]: text", PRI = LOG_USER (8) + the level.
TEST(AlertOutputs, SyslogGetsEachTextLineAtItsLevel) {
  TempDir dir;
  DatagramSocket log(dir / "log");
  auto r = run_command(kBin + " replay -q " + sample() + " --alert-output syslog:" + log.path() + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto text = lines_of(run_command(kBin + " replay -q " + sample()).out);
  auto ref = reference_alerts();
  ASSERT_EQ(text.size(), ref.size());
  auto got = log.receive(1);
  ASSERT_EQ(got.size(), ref.size());
  const std::map<std::string, int> level = {{"Emergency", 0},     {"Alert", 1},   {"Critical", 2},
                                            {"Error", 3},         {"Warning", 4}, {"Notice", 5},
                                            {"Informational", 6}, {"Debug", 7}};
  const std::regex shape(R"(<(\d+)>[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d saker\[\d+\]: (.*))");
  for (size_t i = 0; i < got.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(got[i], m, shape)) << got[i];
    EXPECT_EQ(std::stoi(m[1]), 8 + level.at(ref[i]["priority"])) << got[i];
    EXPECT_EQ(m[2], text[i]);
  }
}

TEST(AlertOutputs, SyslogWithoutAListenerFailsAndCounts) {
  TempDir dir;
  rules::AlertOutputs outputs({"syslog:" + (dir / "nobody").string()}, {});
  outputs.publish(std::make_shared<rules::Alert>(rules::Alert{rules::Priority::Warning, "t", "{}"}));
  outputs.close();
  auto s = outputs.stats();
  EXPECT_EQ(s[0].sent, 0u);
  EXPECT_EQ(s[0].failed, 1u);
  EXPECT_NE(s[0].last_error.find((dir / "nobody").string() + ": No such file or directory"),
            std::string::npos)
      << s[0].last_error;
}

rules::Alert test_alert(int i) {
  return rules::Alert{rules::Priority::Warning, "text " + std::to_string(i),
                      R"({"rule":"r","n":)" + std::to_string(i) + "}"};
}

TEST(AlertOutputs, HungReceiverDropsAndCountsWithoutHoldingUpThePublisher) {
  LoopbackHttpCollector server(/*stall=*/true);
  rules::AlertOutputsOptions o;
  o.queue = 4;
  o.close_timeout_s = 0.2;
  rules::AlertOutputs outputs({server.url()}, o);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10000; ++i) outputs.publish(std::make_shared<rules::Alert>(test_alert(i)));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(secs, 0.5) << "publishing never waits for the receiver";
  outputs.close();
  double closed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(closed, 3.0) << "close gives up on a hung receiver";
  auto s = outputs.stats();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].sent, 0u);
  EXPECT_GE(s[0].dropped, 10000u - 5);
  EXPECT_EQ(s[0].sent + s[0].dropped + s[0].failed, 10000u);
  EXPECT_NE(outputs.summary().find(" dropped"), std::string::npos);
}

TEST(AlertOutputs, HttpTriesA503AgainAndDelivers) {
  LoopbackHttpCollector server(/*stall=*/false, /*fail_first=*/1, 503);
  rules::AlertOutputs outputs({server.url()}, {});
  outputs.publish(std::make_shared<rules::Alert>(test_alert(1)));
  outputs.close();
  auto s = outputs.stats();
  EXPECT_EQ(s[0].sent, 1u);
  EXPECT_EQ(s[0].failed, 0u);
  EXPECT_EQ(s[0].retries, 1u);
  auto got = server.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_NE(outputs.summary().find("1 sent, 0 dropped, 0 failed, 1 retries"), std::string::npos)
      << outputs.summary();
}

TEST(AlertOutputs, HttpGivesUpAfterThreeTriesWithBackoff) {
  LoopbackHttpCollector server(/*stall=*/false, /*fail_first=*/5, 503);
  rules::AlertOutputs outputs({server.url()}, {});
  auto start = std::chrono::steady_clock::now();
  outputs.publish(std::make_shared<rules::Alert>(test_alert(1)));
  outputs.close();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(secs, 0.7) << "0.25 s, then 0.5 s between the tries";
  auto s = outputs.stats();
  EXPECT_EQ(s[0].sent, 0u);
  EXPECT_EQ(s[0].failed, 1u);
  EXPECT_EQ(s[0].retries, 2u);
  EXPECT_EQ(s[0].last_error, "HTTP 503 (after 3 tries)");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(AlertOutputs, HttpTriesARefusedConnectionAgainButNotA4xx) {
  // A port nobody listens on: bound, then closed.
  std::string refused;
  {
    LoopbackHttpCollector gone;
    refused = gone.url();
  }
  rules::AlertOutputs outputs({refused}, {});
  outputs.publish(std::make_shared<rules::Alert>(test_alert(1)));
  outputs.close();
  auto s = outputs.stats();
  EXPECT_EQ(s[0].failed, 1u);
  EXPECT_EQ(s[0].retries, 2u);
  EXPECT_NE(s[0].last_error.find("(after 3 tries)"), std::string::npos) << s[0].last_error;

  LoopbackHttpCollector rejecting(/*stall=*/false, /*fail_first=*/1, 400);
  rules::AlertOutputs to_rejecting({rejecting.url()}, {});
  to_rejecting.publish(std::make_shared<rules::Alert>(test_alert(1)));
  to_rejecting.close();
  auto r = to_rejecting.stats();
  EXPECT_EQ(r[0].failed, 1u);
  EXPECT_EQ(r[0].retries, 0u);
  EXPECT_EQ(r[0].last_error, "HTTP 400");
  EXPECT_EQ(rejecting.requests().size(), 1u);
}

TEST(AlertOutputs, ProgramThatDiesIsStartedAgain) {
  TempDir dir;
  auto file = dir / "one-line-each.json";
  // Each run reads one line (sh's read takes a byte at a time from a pipe) and exits.
  rules::AlertOutputs outputs({"program:read line; echo \"$line\" >> " + file.string()}, {});
  for (int i = 1; i <= 3; ++i) {
    outputs.publish(std::make_shared<rules::Alert>(test_alert(i)));
    for (int k = 0; k < 300 && lines_of(read_file(file)).size() < static_cast<size_t>(i); ++k)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // it has exited by now
  }
  outputs.close();
  EXPECT_EQ(read_file(file),
            "{\"rule\":\"r\",\"n\":1}\n{\"rule\":\"r\",\"n\":2}\n{\"rule\":\"r\",\"n\":3}\n");
  auto s = outputs.stats();
  EXPECT_EQ(s[0].sent, 3u);
  EXPECT_EQ(s[0].restarts, 2u);
  EXPECT_NE(outputs.summary().find("3 sent, 0 dropped, 0 failed, 2 restarts"), std::string::npos)
      << outputs.summary();
}

TEST(AlertOutputs, FileIsAppendedAndOpenedAgainOnReopen) {
  TempDir dir;
  auto file = dir / "alerts.json";
  { std::ofstream(file) << "{\"earlier\":1}\n"; }
  rules::AlertOutputs outputs({"file:" + file.string()}, {});
  outputs.publish(std::make_shared<rules::Alert>(test_alert(1)));
  for (int i = 0; i < 200 && outputs.stats()[0].sent < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::filesystem::rename(file, dir / "alerts.json.1");  // logrotate
  outputs.reopen();
  outputs.publish(std::make_shared<rules::Alert>(test_alert(2)));
  outputs.close();
  EXPECT_EQ(read_file(dir / "alerts.json.1"), "{\"earlier\":1}\n{\"rule\":\"r\",\"n\":1}\n");
  EXPECT_EQ(read_file(file), "{\"rule\":\"r\",\"n\":2}\n");
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(AlertOutputs, SpecsParse) {
  using K = rules::AlertOutputKind;
  EXPECT_EQ(rules::parse_alert_output("stdout").kind, K::Stdout);
  EXPECT_EQ(rules::parse_alert_output("json").kind, K::Json);
  EXPECT_EQ(rules::parse_alert_output("syslog").kind, K::Syslog);
  EXPECT_EQ(rules::parse_alert_output("syslog").target, "");
  EXPECT_EQ(rules::parse_alert_output("syslog:/run/relay.sock").kind, K::Syslog);
  EXPECT_EQ(rules::parse_alert_output("syslog:/run/relay.sock").target, "/run/relay.sock");
  EXPECT_THROW(rules::parse_alert_output("syslog:relative"), scap::CommandError);
  EXPECT_EQ(rules::parse_alert_output("file:/a b").target, "/a b");
  EXPECT_EQ(rules::parse_alert_output("program:jq . | logger").target, "jq . | logger");
  EXPECT_EQ(rules::parse_alert_output("http://h:2801/").target, "http://h:2801/");
  EXPECT_EQ(rules::parse_alert_output("http:https://h/x").target, "https://h/x");
  EXPECT_THROW(rules::parse_alert_output("file:"), scap::CommandError);
  EXPECT_THROW(rules::parse_alert_output("Stdout"), scap::CommandError);
}

}  // namespace
}  // namespace saker::test
