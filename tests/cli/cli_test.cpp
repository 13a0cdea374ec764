// The saker program end to end: help, errors, info, convert.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"
#include "test_paths.h"

namespace saker {
namespace {

test::CommandResult saker(const std::string& args) {
  return test::run_command(std::string(SAKER_BIN) + " " + args + " 2>&1");
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* sub : {"print", "info", "convert", "merge", "replay", "rules", "rules validate",
                          "rules list", "index", "query", "search", "record"}) {
    auto r = saker(std::string(sub) + " --help");
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
  auto v = saker("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_NE(v.out.find("saker "), std::string::npos);
}

TEST(Cli, IndexQueryAndSearchEndToEnd) {
  test::TempDir dir;
  auto cap = (dir / "s.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", cap);
  auto idx = (dir / "custom.idx").string();
  auto r = saker("index " + cap + " -o " + idx + " -r " + test::shell_quote(SAKER_DEFAULT_RULES));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("alerts"), std::string::npos) << r.out;
  r = saker("query " + cap + " --index " + idx + " --format csv \"SELECT count(*) > 0 FROM alerts\"");
  EXPECT_EQ(r.out, "count(*) > 0\n1\n");
  const std::string filter = test::shell_quote("proc.name = cat and evt.type = openat");
  auto printed = saker("print " + cap + " " + filter + " -p '%evt.num %fd.name'");
  auto searched = saker("search " + cap + " " + filter + " -p '%evt.num %fd.name' --index " + idx);
  EXPECT_EQ(searched.status, 0);
  EXPECT_EQ(searched.out, printed.out);
  EXPECT_NE(printed.out.find("/etc/shadow"), std::string::npos);
  r = saker("index " + cap + " -r /nonexistent/rules.yaml");
  EXPECT_EQ(r.status, 1) << r.out;
}

// A synthetic load capture (hundreds of processes, sockets, exited threads awaiting purge):
// searches that restore state checkpoints print exactly what print prints.
TEST(Cli, SearchFromCheckpointsEqualsPrintOnALoadCapture) {
  test::TempDir dir;
  auto cap = (dir / "load.scap").string();
  auto g =
      test::run_command(std::string(SAKER_GENCAP) + " --scenario load --events 60000 -o " + cap + " 2>&1");
  ASSERT_EQ(g.status, 0) << g.out;
  auto r = saker("index --no-rules --checkpoint-every 5000 " + cap);
  ASSERT_EQ(r.status, 0) << r.out;
  // 60,000 events numbered as libs do (about 37,000 numbers: the enter events libs drop
  // have none), a checkpoint every 5,000.
  EXPECT_NE(r.out.find(" 7 checkpoints"), std::string::npos) << r.out;
  const std::string format = test::shell_quote(
      "*%evt.num %evt.reltime %proc.name %proc.pname %proc.cmdline %fd.name %fd.cip %user.name %evt.args");
  for (const std::string f :
       {"evt.num in (12345, 33333, 35999)", "evt.num > 30000 and evt.type = execve",
        "evt.num >= 25000 and evt.num < 25100", "fd.name = /etc/hosts and evt.num > 28000",
        "evt.type = connect and evt.num > 12000 and evt.num < 18000"}) {
    auto printed = saker("print " + cap + " " + test::shell_quote(f) + " -p " + format);
    auto searched = saker("search --explain " + cap + " " + test::shell_quote(f) + " -p " + format);
    EXPECT_EQ(searched.status, 0) << f;
    EXPECT_NE(searched.out.find("checkpoint jumps"), std::string::npos);
    EXPECT_EQ(searched.out.find("\n0 checkpoint jumps"), std::string::npos)
        << f << ": no checkpoint was used";
    // --explain writes to standard error, merged here: drop its lines before comparing.
    std::string lines;
    std::istringstream in(searched.out);
    for (std::string l; std::getline(in, l);)
      if (l.rfind("narrowed by", 0) != 0 && l.rfind("replay: ", 0) != 0 &&
          l.find("checkpoint jumps") == std::string::npos)
        lines += l + "\n";
    EXPECT_EQ(lines, printed.out) << f;
    EXPECT_GT(printed.out.size(), 0u) << f;
  }
}

// The heavy subcommands re-execute themselves once with glibc's allocator settings
// (cli/allocator_tuning.h): the same output and status as without, and the settings in effect
// in the re-executed process (its start environment, /proc/PID/environ).
TEST(Cli, AllocatorTuningKeepsArgumentsOutputAndStatus) {
  std::string sample = (test::samples_dir() / "shell-session.scap").string();
  for (const std::string& args :
       std::vector<std::string>{"print -n 20 '" + sample + "' 'evt.type = openat'", "print /nonexistent.scap",
                                "replay --help", "info '" + sample + "'"}) {
    auto tuned = test::run_command("env -u GLIBC_TUNABLES " + std::string(SAKER_BIN) + " " + args + " 2>&1");
    auto plain = test::run_command("env -u GLIBC_TUNABLES SAKER_NO_ALLOCATOR_TUNING=1 " +
                                   std::string(SAKER_BIN) + " " + args + " 2>&1");
    EXPECT_EQ(tuned.status, plain.status) << args;
    EXPECT_EQ(tuned.out, plain.out) << args;
  }
  // A print waiting on its input (a FIFO) shows the environment it was re-executed with (looked
  // at until the re-execution has happened, for up to 5 s).
  test::TempDir dir;
  std::string fifo = (dir / "in.scap").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = test::run_command(
      "env -u GLIBC_TUNABLES " + std::string(SAKER_BIN) + " print '" + fifo +
      "' >/dev/null 2>&1 & pid=$!; for i in $(seq 50); do sleep 0.1; "
      "tr '\\0' '\\n' < /proc/$pid/environ | grep -q '^SAKER_ALLOCATOR_TUNED=' && break; done; "
      "tr '\\0' '\\n' < /proc/$pid/environ | "
      "grep -E '^(GLIBC_TUNABLES|SAKER_ALLOCATOR_TUNED)='; : > '" +
      fifo + "'; wait $pid");
  EXPECT_NE(r.out.find("GLIBC_TUNABLES=glibc.malloc.hugetlb=1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SAKER_ALLOCATOR_TUNED=1"), std::string::npos) << r.out;
}

TEST(Cli, MissingAndBadCapturesAreClearErrors) {
  auto r = saker("print /nonexistent/file.scap");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("/nonexistent/file.scap"), std::string::npos) << r.out;
  test::TempDir dir;
  auto bad = (dir / "bad.scap").string();
  std::ofstream(bad) << "definitely not a capture";
  r = saker("print " + bad);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find(bad), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not a .scap capture"), std::string::npos) << r.out;
}

TEST(Cli, RulesValidateJsonAndExitStatus) {
  test::TempDir dir;
  auto bad = (dir / "bad.yaml").string();
  std::ofstream(bad) << "- rule: x\n  desc: d\n  condition: evt.type = open and nosuch_macro\n  output: o\n  "
                        "priority: INFO\n";
  auto r = saker("rules validate --json " + bad);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("\"successful\": false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("LOAD_ERR_VALIDATE"), std::string::npos) << r.out;  // Falco: an undefined macro
  EXPECT_NE(r.out.find("\"line\": 2"), std::string::npos) << r.out;        // Falco's 0-based YAML line
  auto ok = saker("rules validate " + std::string(SAKER_DEFAULT_RULES));
  EXPECT_EQ(ok.status, 0) << ok.out;
  auto list = saker("rules list");
  EXPECT_EQ(list.status, 0);
  EXPECT_NE(list.out.find("Sensitive file read by an untrusted program"), std::string::npos);
  EXPECT_NE(list.out.find("event types: open,openat,openat2"), std::string::npos) << list.out.substr(0, 400);
}

TEST(Cli, ReplayBadOptionsAreClearErrors) {
  auto r = saker("replay --min-priority loud " + (test::samples_dir() / "shell-session.scap").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("unknown priority 'loud'"), std::string::npos) << r.out;
  r = saker("replay -t network -T process " + (test::samples_dir() / "shell-session.scap").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("-t and -T cannot be combined"), std::string::npos) << r.out;
}

// A device is never written over (SafeOutput): /dev/full is refused before anything is written.
TEST(Cli, ADeviceIsNotAnOutput) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this machine";
  for (const char* c : {"none", "zstd", "gzip"}) {
    auto r = saker("convert " + (test::samples_dir() / "shell-session.scap").string() +
                   " /dev/full --compress " + c);
    EXPECT_EQ(r.status, 3) << c;
    EXPECT_NE(r.out.find("saker convert: /dev/full: is a character device: not replaced"), std::string::npos)
        << r.out;
  }
}

TEST(Cli, BadOutputFormatNamesTheColumn) {
  SAKER_REQUIRE_SHARED();
  auto r =
      saker("print " + (test::shared_dir() / "captures/sample.scap").string() + " -p '%evt.num %evt.nosuch'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("column 11"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("evt.nosuch"), std::string::npos) << r.out;
}

TEST(Cli, InfoSummarisesACapture) {
  SAKER_REQUIRE_SHARED();
  auto r = saker("info " + (test::shared_dir() / "captures/sample.scap").string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("ubuntu2204.localdomain"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("events             572"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EV_V2            572"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("switch >"), std::string::npos) << r.out;
  auto j = saker("info --json " + (test::shared_dir() / "captures/sample.scap").string());
  EXPECT_EQ(j.status, 0);
  EXPECT_NE(j.out.find("\"events\": 572"), std::string::npos) << j.out;
}

TEST(Cli, LimitStopsAfterNLines) {
  SAKER_REQUIRE_SHARED();
  auto r = saker("print -n 7 " + (test::shared_dir() / "captures/curl_google.scap").string());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 7);
}

TEST(Cli, ConvertWritesAReadableCompressedCapture) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto in = (test::shared_dir() / "captures/connect_localhost.scap").string();  // no exit lacks its enter
  auto out = (dir / "out.scap.zst").string();
  auto r = saker("convert " + in + " " + out + " --compress zstd");
  ASSERT_EQ(r.status, 0) << r.out;
  auto a = saker("print --all -p '%evt.num %evt.type %evt.dir %thread.tid' " + in);
  auto b = saker("print --all -p '%evt.num %evt.type %evt.dir %thread.tid' " + out);
  EXPECT_EQ(a.out, b.out);
  EXPECT_GT(a.out.size(), 1000u);
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

std::vector<std::string> lines_of(const std::string& text, size_t drop_first_field = 1) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    for (size_t i = 0; i < drop_first_field; ++i) line = line.substr(line.find(' ') + 1);
    out.push_back(line);
  }
  return out;
}

TEST(CliSlice, AnEventRangeReplaysLikeTheOriginal) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto in = (test::shared_dir() / "captures/curl_google.scap").string();
  auto out = (dir / "slice.scap").string();
  auto r = saker("convert " + in + " " + out + " --events 600-700 --profile current");
  ASSERT_EQ(r.status, 0) << r.out;
  const std::string fmt =
      " -p '*%evt.num %evt.rawtime %thread.tid %proc.name %proc.pname %evt.type %fd.name %user.name'";
  auto whole = lines_of(saker("print" + fmt + " " + in + " 'evt.num >= 600 and evt.num <= 700'").out);
  auto slice = lines_of(saker("print" + fmt + " " + out).out);
  // The slice starts with the state as of event 600: every event in it resolves its
  // process, parent, fd and user exactly as in the whole capture.
  ASSERT_GT(slice.size(), 50u);
  for (const auto& l : slice) EXPECT_NE(std::find(whole.begin(), whole.end(), l), whole.end()) << l;
}

TEST(CliSlice, FilterKeepsStateChangesHidden) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto in = (test::shared_dir() / "captures/curl_google.scap").string();
  auto out = (dir / "net.scap").string();
  auto r = saker("convert " + in + " " + out + " --filter 'fd.type in (ipv4, ipv6)'");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("more state-only"), std::string::npos);
  auto printed = saker("print -p '%fd.type' " + out).out;
  for (const auto& l : lines_of(printed, 0)) EXPECT_TRUE(l == "ipv4" || l == "ipv6") << l;
  // The state-only events are in the file (libs parse them, never return them).
  auto info = saker("info --json " + out).out;
  auto at = info.find("\"events\": ");
  ASSERT_NE(at, std::string::npos) << info;
  EXPECT_GT(std::stoull(info.substr(at + 10)), lines_of(printed, 0).size());
  auto bad = saker("convert -f " + in + " " + out + " --from yesterday");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("bad --from time"), std::string::npos);
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

// The bundled rule samples are exactly what the generator writes, so they can be rebuilt.
TEST(Samples, RuleSamplesMatchTheirGenerator) {
  test::TempDir dir;
  auto out = (dir / "rules").string();
  auto r = test::run_command(std::string(SAKER_GENCAP) + " --scenario rules -o " + out + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::samples_dir() / "rules")) {
    std::ifstream a(e.path(), std::ios::binary), b(dir / "rules" / e.path().filename(), std::ios::binary);
    std::string x((std::istreambuf_iterator<char>(a)), {}), y((std::istreambuf_iterator<char>(b)), {});
    EXPECT_EQ(x, y) << e.path() << " differs from the generator's output";
    ++n;
  }
  EXPECT_GT(n, 30u);
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

// Slices say what they kept; empty and inverted ranges are errors that write nothing.
TEST(CliSlice, RangesAreCheckedAndTheSummarySaysWhatWasKept) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto in = (test::shared_dir() / "captures/curl_google.scap").string();
  auto out = (dir / "part.scap").string();
  for (const std::string& bad : {"--from +10 --to +5", "--events 200-100", "--events 100", "--events x-",
                                 "--from +100000", "--events 99999999-"}) {
    auto r = saker("convert " + in + " " + out + " " + bad);
    EXPECT_EQ(r.status, 2) << bad << ": " << r.out;
    EXPECT_FALSE(std::filesystem::exists(out)) << bad;
  }
  EXPECT_NE(saker("convert " + in + " " + out + " --events 200-100").out.find("inverted"), std::string::npos);
  EXPECT_NE(saker("convert " + in + " " + out + " --from +100000").out.find("nothing to write"),
            std::string::npos);
  // An open range: from event 800 to the end.
  auto r = saker("convert " + in + " " + out + " --events 800-");
  ASSERT_EQ(r.status, 0) << r.out;
  auto last = saker("print --all -p '%evt.num' " + in).out;
  last = last.substr(last.rfind('\n', last.size() - 2) + 1);
  last.pop_back();
  EXPECT_NE(r.out.find(", 800 to " + last + " ("), std::string::npos) << r.out << " last " << last;
  EXPECT_NE(r.out.find("kept "), std::string::npos) << r.out;
  // +SECONDS counts from the first syscall event, not from libs' internal events before it.
  auto first = saker("print -n 1 -p '%evt.rawtime' " + in).out;
  r = saker("convert -f " + in + " " + out + " --from +0 --to +0.5");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(saker("print -n 1 -p '%evt.rawtime' " + out).out, first);
}

// The index goes beside the capture, or into the cache folder when that is read-only;
// concurrent builders share one build.
TEST(CliIndex, TwoQueriesAtOnceShareOneBuild) {
  test::TempDir dir;
  auto cap = (dir / "load.scap").string();
  auto g =
      test::run_command(std::string(SAKER_GENCAP) + " --scenario load --events 60000 -o " + cap + " 2>&1");
  ASSERT_EQ(g.status, 0) << g.out;
  const std::string q =
      std::string(SAKER_BIN) + " query --format csv " + cap + " 'SELECT count(*) FROM events'";
  auto r = test::run_command("(" + q + " > " + (dir / "a").string() + " 2>&1; echo a=$?) & (" + q + " > " +
                             (dir / "b").string() + " 2>&1; echo b=$?) & wait");
  EXPECT_NE(r.out.find("a=0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("b=0"), std::string::npos) << r.out;
  auto a = test::run_command("cat " + (dir / "a").string() + " " + (dir / "b").string());
  size_t built = 0;
  for (size_t p = 0; (p = a.out.find("indexed ", p)) != std::string::npos; ++p) ++built;
  EXPECT_EQ(built, 1u) << a.out;
  EXPECT_EQ(std::count(a.out.begin(), a.out.end(), '\n'), 5) << a.out;  // 2 x (header, count) + indexed
  EXPECT_TRUE(std::filesystem::exists(cap + ".saker-index"));
  EXPECT_FALSE(std::filesystem::exists(dir / ".load.scap.saker-index.lock"));
}

TEST(CliIndex, AReadOnlyFolderUsesTheCacheFolder) {
  if (::geteuid() != 0 || ::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "needs root and setpriv";
  test::TempDir dir;
  namespace fs = std::filesystem;
  fs::create_directory(dir / "ro");
  auto cap = (dir / "ro" / "s.scap").string();
  fs::copy_file(test::samples_dir() / "shell-session.scap", cap);
  fs::permissions(cap, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  fs::create_directory(dir / "cache");
  ASSERT_EQ(::chown((dir / "cache").c_str(), 65534, 65534), 0);
  const std::string as_nobody = "env XDG_CACHE_HOME=" + (dir / "cache").string() +
                                " setpriv --reuid=65534 --regid=65534 --clear-groups ";
  auto r = test::run_command(as_nobody + SAKER_BIN + " query --format csv " + cap +
                             " 'SELECT count(*) > 0 FROM events' 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find((dir / "cache" / "saker").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("count(*) > 0\n1\n"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(cap + ".saker-index"));
  size_t cached = 0;
  for (const auto& e : fs::directory_iterator(dir / "cache" / "saker"))
    cached += e.path().extension() == ".saker-index";
  EXPECT_EQ(cached, 1u);
  // The second run and a search use it without building.
  r = test::run_command(as_nobody + SAKER_BIN + " search " + cap + " 'proc.name = cat' -p '%fd.name' 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("indexed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/etc/shadow"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

// Rows are printed as they come: a million rows of 200 bytes each in bounded memory, in every
// format (the table sizes its columns on its first page).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SAKER_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SAKER_UNDER_ASAN 1
#endif

TEST(CliQuery, StreamsAMillionRowsInBoundedMemory) {
#ifdef SAKER_UNDER_ASAN
  GTEST_SKIP() << "resident memory under AddressSanitizer (shadow memory, quarantine) says nothing of "
                  "Saker's own; the regular build runs this test";
#endif
  if (::access("/usr/bin/time", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/time";
  test::TempDir dir;
  auto cap = (dir / "s.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", cap);
  ASSERT_EQ(saker("query " + cap + " 'SELECT 1'").status, 0);  // the index, built once
  const std::string sql = test::shell_quote(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) "
      "SELECT x, printf('%0200d', x) AS wide FROM c");
  for (const std::string f : {"table", "csv", "json"}) {
    auto r = test::run_command("/usr/bin/time -f 'maxrss=%M' " + std::string(SAKER_BIN) + " query --format " +
                               f + " " + cap + " " + sql + " 2>&1 >" + (dir / "out").string());
    ASSERT_EQ(r.status, 0) << f << ": " << r.out;
    long kib = std::stol(r.out.substr(r.out.rfind("maxrss=") + 7));
    EXPECT_LT(kib, 100 * 1024) << f << ": " << kib << " KiB";
    auto lines = test::run_command("wc -l < " + (dir / "out").string()).out;
    EXPECT_EQ(std::stol(lines), f == "table" ? 1000002 : f == "csv" ? 1000001 : 1000000) << f;
  }
  auto head = test::run_command(std::string(SAKER_BIN) + " query " + cap + " " + sql + " | head -3");
  EXPECT_EQ(std::count(head.out.begin(), head.out.end(), '\n'), 3);
  EXPECT_EQ(head.out.substr(0, 3), "x  ");
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

std::string file_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

// --sanitize leaves no secret in the file: environments (metadata and execve events), the
// hostname, users and groups the kept processes are not, and with --sanitize-data the data
// buffers. The output is read as bytes, and through print.
TEST(CliSlice, SanitizeLeavesNoSecretInTheFile) {
  SAKER_REQUIRE_SHARED();
  test::TempDir dir;
  auto in = (test::shared_dir() / "captures/curl_google.scap").string();
  const std::vector<std::string> secrets = {"SSH_CLIENT",     "50.207.137.246",  "ip-10-0-0-79",
                                            "XDG_SESSION_ID", "systemd-network", "www-data"};
  const std::string data_secret = "Host: www.google.com";
  std::string whole = file_text(in);
  for (const auto& s : secrets) ASSERT_NE(whole.find(s), std::string::npos) << s << " is not in the input";
  ASSERT_NE(whole.find(data_secret), std::string::npos);

  auto out = (dir / "clean.scap").string();
  auto r = saker("convert " + in + " " + out + " --filter 'proc.name = curl' --sanitize");
  ASSERT_EQ(r.status, 0) << r.out;
  std::string text = file_text(out);
  for (const auto& s : secrets) EXPECT_EQ(text.find(s), std::string::npos) << s << " is still in the output";
  EXPECT_NE(text.find(data_secret), std::string::npos) << "data buffers stay without --sanitize-data";
  auto printed = saker("print --all -p '*%evt.num %proc.name %evt.args %proc.env %user.name' " + out).out;
  for (const auto& s : secrets) EXPECT_EQ(printed.find(s), std::string::npos) << s << " is still printed";
  EXPECT_NE(printed.find("curl"), std::string::npos);
  EXPECT_NE(saker("print " + out + " 'evt.type = execve'").out.find("curl"), std::string::npos);

  r = saker("convert -f " + in + " " + out + " --filter 'proc.name = curl' --sanitize-data");
  ASSERT_EQ(r.status, 0) << r.out;
  text = file_text(out);
  for (const auto& s : secrets) EXPECT_EQ(text.find(s), std::string::npos) << s;
  EXPECT_EQ(text.find(data_secret), std::string::npos) << "a data buffer is still in the output";
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

// sysdig's habits: -r, unquoted filter words in order, -j, standard input, \t in formats,
// -l, -L, and control bytes escaped on a terminal.
TEST(CliPrint, TakesSysdigHabits) {
  test::TempDir dir;
  auto cap = (dir / "s.scap").string();
  std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", cap);
  auto quoted = saker("print " + cap + " 'proc.name = cat and evt.type = openat' -p '%evt.num %fd.name'");
  ASSERT_EQ(quoted.status, 0);
  ASSERT_NE(quoted.out.find("/etc/shadow"), std::string::npos);
  EXPECT_EQ(saker("print " + cap + " proc.name = cat and evt.type = openat -p '%evt.num %fd.name'").out,
            quoted.out);
  EXPECT_EQ(saker("print -r " + cap + " proc.name = cat and evt.type = openat -p '%evt.num %fd.name'").out,
            quoted.out);
  EXPECT_EQ(saker("print -p '%evt.num %fd.name' -r " + cap + " proc.name = cat and evt.type = openat").out,
            quoted.out);
  // Standard input, through a pipe.
  auto head = saker("print -n 5 " + cap).out;
  EXPECT_EQ(test::run_command("cat " + cap + " | " + SAKER_BIN + " print - -n 5").out, head);
  EXPECT_EQ(test::run_command("cat " + cap + " | " + SAKER_BIN + " print /dev/stdin -n 5").out, head);
  // \t and \n in -p.
  EXPECT_EQ(saker("print -n 1 " + cap + " -p '%evt.num\\t%evt.type\\nx'").out, "1\tclone\nx\n");
  // -j: sysdig's shape.
  // (The first event libs return is the clone exit: the converter drops old enter events.)
  auto first = saker("print -j -n 1 " + cap).out;
  EXPECT_EQ(first.rfind("{\"evt.cpu\":0,\"evt.dir\":\"<\",\"evt.info\":\"res=4200(bash) exe=-bash ", 0), 0u)
      << first;
  EXPECT_NE(first.find("\",\"evt.num\":1,\"evt.outputtime\":1732521600000004919,\"evt.type\":\"clone\","
                       "\"proc.name\":\"bash\",\"thread.tid\":4100}\n"),
            std::string::npos)
      << first;
  EXPECT_EQ(saker("print -j -n 1 " + cap + " -p '*%evt.num %fd.name %evt.failed'").out,
            "{\"evt.failed\":false,\"evt.num\":1,\"fd.name\":null}\n");
  // -l and -L.
  EXPECT_NE(saker("print -l").out.find("proc.name"), std::string::npos);
  EXPECT_NE(saker("print -L").out.find("> open(FSPATH name, FLAGS32 flags, UINT32 mode)\n"),
            std::string::npos);
  // A missing capture is a usage error.
  EXPECT_EQ(saker("print").status, 2);
}

// -A, -x, -X and -b write data buffers as sysdig does, whole; they exclude each other.
TEST(CliPrint, DataBufferFormats) {
  auto cap = (test::samples_dir() / "shell-session.scap").string();
  auto print = [&](const std::string& opt, const std::string& filter) {
    return saker("print " + opt + " " + cap + " 'proc.name = payload.sh and evt.num = " + filter + "'").out;
  };
  const std::string fd = " fd=3(<4t>10.0.0.5:40022->203.0.113.7:4444) size=3\n";
  const std::string head = "49 08:00:00.000231974 0 payload.sh (4204) < read res=3 data=";
  EXPECT_EQ(print("", "49"), head + "id." + fd);
  EXPECT_EQ(print("-A", "49"), head + "\nid\n" + fd);
  EXPECT_EQ(print("--print-ascii", "49"), head + "\nid\n" + fd);
  EXPECT_EQ(print("-x", "49"), head + "\n\t0x0000: 6964 0a\n" + fd);
  EXPECT_EQ(print("-X", "49"), head + "\n\t0x0000: 6964 0a" + std::string(32, ' ') + "id.\n" + fd);
  EXPECT_EQ(print("-b", "49"), head + "aWQK" + fd);
  // CR LF is one line end in -A; -X rows of 16 bytes; %evt.buffer and %evt.arg follow too.
  auto curl = [&](const std::string& opt, const std::string& fmt) {
    return saker("print " + opt + " " + cap + " 'evt.num = 28' -p '" + fmt + "'").out;
  };
  EXPECT_EQ(curl("-A", "%evt.num %evt.buffer"),
            "28 \nGET /payload.sh HTTP/1.1\nHost: 203.0.113.7\nUser-Agent: curl/7.88.1\n\n\n");
  EXPECT_EQ(curl("-X", "%evt.arg.data|"),
            "\n\t0x0000: 4745 5420 2f70 6179 6c6f 6164 2e73 6820  GET /payload.sh "
            "\n\t0x0010: 4854 5450 2f31 2e31 0d0a 486f 7374 3a20  HTTP/1.1..Host: "
            "\n\t0x0020: 3230 332e 302e 3131 332e 370d 0a55 7365  203.0.113.7..Use"
            "\n\t0x0030: 722d 4167 656e 743a 2063 7572 6c2f 372e  r-Agent: curl/7."
            "\n\t0x0040: 3838 2e31 0d0a 0d0a                      88.1....\n|\n");
  EXPECT_EQ(
      curl("-b", "%evt.arg[1]"),
      "R0VUIC9wYXlsb2FkLnNoIEhUVFAvMS4xDQpIb3N0OiAyMDMuMC4xMTMuNw0KVXNlci1BZ2VudDogY3VybC83Ljg4LjENCg0K\n");
  // Filters still compare the default text.
  EXPECT_EQ(saker("print -b " + cap + " 'evt.arg.data startswith GET' -p %evt.num").out, "28\n");
  // One format at a time.
  for (const char* pair : {"-A -X", "-x -b", "--print-hex-ascii --print-base64"}) {
    auto r = saker(std::string("print ") + pair + " " + cap);
    EXPECT_EQ(r.status, 2) << pair;
    EXPECT_NE(r.out.find("exclude each other"), std::string::npos) << r.out;
  }
}

// -s N shows the first N bytes of each buffer, in every format; a cut text ends in "...".
TEST(CliPrint, SnaplenCutsDataBuffersInEveryFormat) {
  auto cap = (test::samples_dir() / "shell-session.scap").string();
  auto curl = [&](const std::string& opt, const std::string& fmt) {
    return saker("print " + opt + " " + cap + " 'evt.num = 28' -p '" + fmt + "'");
  };
  EXPECT_EQ(curl("-s 10", "%evt.arg.data|").out, "GET /paylo...|\n");
  EXPECT_EQ(curl("--snaplen 10", "%evt.buffer|").out, "GET /paylo...|\n");
  EXPECT_EQ(curl("-s 200", "%evt.arg.data|").out,
            "GET /payload.sh HTTP/1.1..Host: 203.0.113.7..User-Agent: curl/7.88.1....|\n");
  EXPECT_EQ(curl("-s 10 -A", "%evt.arg.data|").out, "\nGET /paylo...|\n");
  EXPECT_EQ(curl("-s 10 -X", "%evt.arg.data|").out,
            "\n\t0x0000: 4745 5420 2f70 6179 6c6f" + std::string(17, ' ') + "GET /paylo\n|\n");
  EXPECT_EQ(curl("-s 3 -b", "%evt.arg.data|").out, "R0VU|\n");
  // In the default line too, where buffers are otherwise cut at 80 characters.
  auto line = saker("print -s 4 " + cap + " 'evt.num = 28'").out;
  EXPECT_NE(line.find(" data=GET ... "), std::string::npos) << line;
  for (const char* bad : {"-s 0", "-s -5", "-s 10 -v", "-s x"}) {
    auto r = saker(std::string("print ") + bad + " " + cap);
    EXPECT_EQ(r.status, 2) << bad << "\n" << r.out;
  }
}

// The data buffers of -A, -x, -X and -b are sysdig's, byte for byte.
TEST(CliPrint, DataBufferFormatsMatchSysdig) {
  if (test::run_command("command -v sysdig >/dev/null").status != 0)
    GTEST_SKIP() << "sysdig is not installed";
  auto cap = (test::samples_dir() / "shell-session.scap").string();
  const std::string filter = " 'evt.type in (read, write) and evt.dir = <'";
  // sysdig 0.29 (old libs) has no fd and size in these exit events (docs/compatibility.md):
  // compare evt.num aside, up to them.
  const std::regex num("^[0-9]+ "), tail(" fd=[0-9]+\\([^)]*\\) size=[0-9]+$");
  for (const char* opt : {"", "-A", "-x", "-X", "-b"}) {
    auto ours = saker(std::string("print ") + opt + " " + cap + filter);
    auto theirs = test::run_command(std::string("sysdig ") + opt + " -r " + cap + filter + " 2>/dev/null");
    ASSERT_EQ(ours.status, 0) << opt;
    std::string a, b;
    for (const auto& l : lines_of(ours.out, 0))
      a += std::regex_replace(std::regex_replace(l, num, ""), tail, " ") + "\n";
    for (const auto& l : lines_of(theirs.out, 0)) b += std::regex_replace(l, num, "") + "\n";
    EXPECT_NE(b.find("data="), std::string::npos) << opt;
    EXPECT_EQ(a, b) << opt;
  }
}

// sysdig -j and saker print -j agree on the fields both render alike.
TEST(CliPrint, JsonLinesMatchSysdig) {
  if (test::run_command("command -v sysdig >/dev/null").status != 0)
    GTEST_SKIP() << "sysdig is not installed";
  auto cap = (test::samples_dir() / "shell-session.scap").string();
  const std::string fmt =
      " -p '*%evt.num %evt.type %evt.dir %proc.name %thread.tid %evt.rawtime %user.name "
      "%proc.pid'";
  auto ours = saker("print -j " + cap + fmt);
  auto theirs = test::run_command("sysdig -j -r " + cap + fmt + " 2>/dev/null");
  ASSERT_EQ(ours.status, 0);
  // sysdig 0.29 (old libs) also returns the enter events current libs drop, and numbers them:
  // every line Saker prints must be one of sysdig's, evt.num aside (docs/compatibility.md).
  const std::regex num("\"evt.num\":[0-9]+,");
  std::set<std::string> sysdig_lines;
  for (const auto& l : lines_of(theirs.out, 0)) sysdig_lines.insert(std::regex_replace(l, num, ""));
  auto our_lines = lines_of(ours.out, 0);
  size_t sysdig_exits = 0;
  for (const auto& l : sysdig_lines) sysdig_exits += l.find("\"evt.dir\":\"<\"") != std::string::npos;
  EXPECT_GE(our_lines.size(), sysdig_exits);
  for (const auto& l : our_lines) EXPECT_TRUE(sysdig_lines.count(std::regex_replace(l, num, ""))) << l;
}

// On a terminal, control bytes from the capture are shown escaped (--raw writes them as they are).
TEST(CliPrint, ControlBytesAreEscapedOnATerminal) {
  if (::access("/usr/bin/script", X_OK) != 0) GTEST_SKIP() << "no script(1) to make a terminal";
  auto cap = (test::samples_dir() / "shell-session.scap").string();
  const std::string esc = "\x1b[31m";
  auto on_tty = [&](const std::string& args) {
    return test::run_command("script -qc " + test::shell_quote(std::string(SAKER_BIN) + " " + args) +
                             " /dev/null")
        .out;
  };
  auto r = on_tty("print -n 1 " + cap + " -p " + test::shell_quote("%evt.num " + esc));
  EXPECT_NE(r.find("1 \\x1b[31m"), std::string::npos) << r;
  r = on_tty("print --raw -n 1 " + cap + " -p " + test::shell_quote("%evt.num " + esc));
  EXPECT_NE(r.find("1 " + esc), std::string::npos) << r;
  test::TempDir dir;
  auto copy = (dir / "s.scap").string();
  std::filesystem::copy_file(cap, copy);
  r = on_tty("query " + copy + " " + test::shell_quote("SELECT char(27) || '[31mred' AS x"));
  EXPECT_NE(r.find("\\x1b[31mred"), std::string::npos) << r;
  // Through a pipe the bytes are unchanged.
  EXPECT_NE(saker("print -n 1 " + cap + " -p " + test::shell_quote("%evt.num " + esc)).out.find(esc),
            std::string::npos);
}

}  // namespace
}  // namespace saker
