// Live recording with Saker's eBPF driver (root only; CI runs these as root).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

#define SAKER_REQUIRE_ROOT()                                              \
  do {                                                                    \
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)"; \
  } while (0)

const std::string kBin = SAKER_BIN;
const std::string kWorkload = "cat /etc/shadow >/dev/null; ls /tmp >/dev/null; echo x > /tmp/saker-test-file";

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

CommandResult print(const std::string& file, const std::string& filter, const std::string& fmt) {
  return run_command(kBin + " print " + file + " " + shell_quote(filter) + " -p " + shell_quote(fmt));
}

TEST(Record, ShellWorkloadIsCapturedWithProcessesFilesAndWrites) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = dir.path().string() + "/shell.scap";
  auto r = run_command(kBin + " record -q --syscalls all -w " + cap + " -- sh -c " + shell_quote(kWorkload) +
                       " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  struct stat st {};
  ASSERT_EQ(stat(cap.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "captures hold secrets";

  // The shell and each command it ran, with arguments and the right parents.
  auto execs =
      print(cap, "evt.type = execve and evt.rawres = 0", "%proc.pid %proc.ppid %proc.name %proc.args");
  ASSERT_EQ(execs.status, 0);
  auto ex = lines(execs.out);
  ASSERT_EQ(ex.size(), 3u) << execs.out;
  std::istringstream sh_line(ex[0]);
  std::string sh_pid, sh_ppid, sh_name;
  sh_line >> sh_pid >> sh_ppid >> sh_name;
  EXPECT_EQ(sh_name, "sh");
  EXPECT_NE(ex[0].find("-c cat /etc/shadow"), std::string::npos) << ex[0];
  EXPECT_NE(ex[1].find(" " + sh_pid + " cat /etc/shadow"), std::string::npos) << ex[1];
  EXPECT_NE(ex[2].find(" " + sh_pid + " ls /tmp"), std::string::npos) << ex[2];

  // The open of /etc/shadow: path, flags, the process, thread = process for a single thread.
  auto shadow = print(cap, "evt.type in (open, openat) and fd.name = /etc/shadow",
                      "%proc.name %thread.tid %proc.pid %proc.ppid %evt.arg.flags %fd.ino %evt.arg.dev");
  auto sl = lines(shadow.out);
  ASSERT_EQ(sl.size(), 1u) << shadow.out;
  std::istringstream s(sl[0]);
  std::string name, tid, pid, ppid, flags, ino, dev;
  s >> name >> tid >> pid >> ppid >> flags >> ino >> dev;
  // The file behind the new fd, as stat sees it (the kernel side reads it from the fd table).
  struct stat shadow_st {};
  ASSERT_EQ(stat("/etc/shadow", &shadow_st), 0);
  EXPECT_EQ(ino, std::to_string(shadow_st.st_ino));
  char dev_hex[32];
  snprintf(dev_hex, sizeof dev_hex, "%lX", static_cast<unsigned long>(shadow_st.st_dev));
  EXPECT_EQ(dev, dev_hex);
  EXPECT_EQ(name, "cat");
  EXPECT_EQ(tid, pid);
  EXPECT_EQ(ppid, sh_pid);
  EXPECT_NE(flags.find("O_RDONLY"), std::string::npos) << flags;

  // The shell's write of "x\n" into the test file.
  auto writes = print(cap, "evt.type = write and fd.name = /tmp/saker-test-file",
                      "%proc.name %evt.rawres %evt.arg.data");
  auto wl = lines(writes.out);
  ASSERT_EQ(wl.size(), 1u) << writes.out;
  EXPECT_EQ(wl[0].substr(0, 5), "sh 2 ");
  EXPECT_NE(wl[0].find('x'), std::string::npos);
}

TEST(Record, CompatCapturesReadTheSameInSysdig) {
  SAKER_REQUIRE_ROOT();
  if (run_command("command -v sysdig >/dev/null").status != 0) GTEST_SKIP() << "sysdig is not installed";
  TempDir dir;
  std::string cap = dir.path().string() + "/compat.scap";
  auto r = run_command(kBin + " record -q --compat --syscalls all -w " + cap + " -- sh -c " +
                       shell_quote(kWorkload) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  // Events paired by time, not number: sysdig 0.29 also shows (and numbers) the enter events
  // current libs drop or filter out (docs/compatibility.md, "Events and numbering").
  const std::string fmt = "%evt.rawtime %evt.type %evt.dir %thread.tid %proc.name %fd.name";
  auto ours = run_command(kBin + " print " + cap + " -p " + shell_quote(fmt));
  auto theirs = run_command("sysdig -r " + cap + " -p " + shell_quote(fmt) + " 2>&1");
  ASSERT_EQ(theirs.status, 0) << theirs.out.substr(0, 2000);
  auto mine = lines(ours.out), sysdig = lines(theirs.out);
  EXPECT_GT(mine.size(), 100u);
  std::multiset<std::string> left(sysdig.begin(), sysdig.end());
  for (const auto& l : mine) {
    auto it = left.find(l);
    if (it == left.end()) {
      ADD_FAILURE() << "sysdig does not show: " << l;
      continue;
    }
    left.erase(it);
  }
  for (const auto& l : left) EXPECT_NE(l.find(" > "), std::string::npos) << "only sysdig shows: " << l;
  auto shadow =
      run_command("sysdig -r " + cap + " " +
                  shell_quote("evt.type=openat and evt.dir=< and fd.name=/etc/shadow") + " -p '%proc.name'");
  EXPECT_EQ(shadow.out, "cat\n");
}

TEST(Record, ReplayFiresARuleOnTheRecordedShadowRead) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string rules = dir.path().string() + "/shadow.yaml";
  std::ofstream(rules)
      << "- rule: Read shadow\n"
         "  desc: a process read /etc/shadow\n"
         "  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = /etc/shadow\n"
         "  output: shadow read by %proc.name (pid %proc.pid parent %proc.pname)\n"
         "  priority: WARNING\n";
  std::string cap = dir.path().string() + "/auto.scap";
  // --syscalls auto from this rule: the open family plus what state needs.
  auto r = run_command(kBin + " record -q -r " + rules + " -w " + cap + " -- sh -c " +
                       shell_quote(kWorkload) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto replay = run_command(kBin + " replay -q -r " + rules + " " + cap);
  EXPECT_EQ(replay.status, 0);
  auto al = lines(replay.out);
  ASSERT_EQ(al.size(), 1u) << replay.out;
  EXPECT_NE(al[0].find("shadow read by cat"), std::string::npos) << al[0];
  EXPECT_NE(al[0].find("parent sh"), std::string::npos) << al[0];
}

TEST(Record, LoopbackConnectAndAcceptCarryBothTuples) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = dir.path().string() + "/net.scap";
  std::string out = dir.path().string() + "/ports";
  auto r = run_command(
      kBin + " record -q --syscalls socket,bind,listen,connect,accept,accept4,read,write,close -w " + cap +
      " -- sh -c " + shell_quote(std::string(SAKER_LOOPBACK_PEER) + " > " + out) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(out);
  unsigned sport = 0, cport = 0;
  in >> sport >> cport;
  ASSERT_NE(sport, 0u);
  std::string tuple = "127.0.0.1:" + std::to_string(cport) + "->127.0.0.1:" + std::to_string(sport);
  auto conn = print(cap, "evt.type = connect", "%evt.res %fd.name %fd.sport %fd.cport");
  EXPECT_EQ(conn.out, "SUCCESS " + tuple + " " + std::to_string(sport) + " " + std::to_string(cport) + "\n");
  auto acc = print(cap, "evt.type in (accept, accept4)", "%fd.name %fd.sport %fd.cport %fd.l4proto");
  EXPECT_EQ(acc.out, tuple + " " + std::to_string(sport) + " " + std::to_string(cport) + " tcp\n");
  // accept(2) is libs' PPME_SOCKET_ACCEPT_5_X, not the old accept4 layout sharing its name
  // (which libs converts expecting an enter event's flags).
  EXPECT_EQ(print(cap, "evt.type in (accept, accept4)", "%evt.type %evt.args").out.substr(0, 7), "accept ");
  // The data on both sides is attributed to the connection.
  auto data = print(cap, "evt.type in (read, write) and fd.name = " + tuple, "%evt.type %evt.arg.data");
  EXPECT_EQ(data.out, "write ping\nread ping\nwrite pong\nread pong\n");
}

TEST(Record, OnlySelectedSyscallsAreCaptured) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = dir.path().string() + "/sel.scap";
  auto r = run_command(kBin + " record -q --syscalls =open,openat,execve -w " + cap + " -- sh -c " +
                       shell_quote(kWorkload) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto types = run_command(kBin + " print " + cap + " -p '%evt.type'");
  std::set<std::string> seen;
  for (const auto& l : lines(types.out)) seen.insert(l);
  seen.erase("procexit");  // from the scheduler tracepoint, not a syscall
  EXPECT_EQ(seen, (std::set<std::string>{"execve", "openat"}));
}

// A plain list gets the state engine's syscalls too: reads keep their process and file.
TEST(Record, ASyscallListKeepsProcessAndFileAttribution) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = dir.path().string() + "/reads.scap";
  auto r = run_command(kBin + " record -q --syscalls read -w " + cap + " -- sh -c " +
                       shell_quote("cat /etc/hostname > /dev/null") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto reads =
      run_command(kBin + " print " + cap + " 'evt.type = read and fd.name = /etc/hostname' -p '%proc.name'");
  ASSERT_EQ(reads.status, 0) << reads.out;
  EXPECT_NE(reads.out.find("cat\n"), std::string::npos) << reads.out;
  for (const auto& l : lines(reads.out)) EXPECT_EQ(l, "cat");
}

TEST(Record, KernelDropsAreCountedAndWrittenAsDropEvents) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = dir.path().string() + "/drops.scap";
  // Reads of 8 KiB with an 8 KiB snaplen never fit a 4 KiB ring: every one is dropped.
  auto r = run_command(kBin + " record --ring-size 4K -s 8192 --syscalls read,execve -w " + cap +
                       " -- dd if=/dev/zero of=/dev/null bs=8192 count=200 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(s, (\d+) dropped by the kernel)"))) << r.out;
  EXPECT_GE(std::stoull(m[1]), 200u);
  auto drops = run_command(kBin + " print --all " + cap +
                           " 'evt.type = drop and evt.dir = >' -p '%evt.cpu %evt.arg.ratio'");
  uint64_t total = 0;
  for (const auto& l : lines(drops.out)) total += std::stoull(l.substr(l.find(' ') + 1));
  EXPECT_EQ(total, std::stoull(m[1])) << drops.out;
}

TEST(Record, ContinuousModeRotatesSelfContainedFiles) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string base = dir.path().string() + "/ring.scap";
  auto r = run_command(kBin + " record -q -C 200K -W 3 --syscalls all -w " + base + " -- sh -c " +
                       shell_quote("for i in $(seq 30); do ls -la /usr/lib > /dev/null; done") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  std::string all_parents;
  for (int i = 0; i < 3; ++i) {
    std::string f = dir.path().string() + "/ring" + std::to_string(i) + ".scap";
    auto q = run_command(kBin + " print -q " + f + " 2>&1");
    EXPECT_EQ(q.status, 0) << f << ": " << q.out;
    // Each file names the processes it starts with: the state snapshot travels along.
    auto named =
        run_command(kBin + " print " + f + " 'evt.type = openat' -p '%proc.name %proc.pname' | sort -u");
    EXPECT_EQ(named.out.find("<NA>"), std::string::npos) << f << ": " << named.out;
    all_parents += named.out;
  }
  EXPECT_NE(all_parents.find("ls sh"), std::string::npos) << all_parents;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ring3.scap")) << "-W 3 keeps three files";
}

TEST(Record, CompressionLevelReachesTheFile) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string f = dir.path().string() + "/z.scap";
  auto r = run_command(kBin + " record -q --compress zstd --compress-level 19 --syscalls all -w " + f +
                       " -- sh -c " + shell_quote("ls -la /usr/lib > /dev/null") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto info = run_command(kBin + " info " + f + " 2>&1");
  EXPECT_NE(info.out.find("zstd"), std::string::npos) << info.out;
  // The same events rewritten at zstd's fastest level make a larger file.
  std::string fast = dir.path().string() + "/fast.scap";
  ASSERT_EQ(run_command(kBin + " convert --profile current --compress zstd --compress-level 1 " + f + " " +
                        fast + " 2>&1")
                .status,
            0);
  EXPECT_LT(std::filesystem::file_size(f), std::filesystem::file_size(fast));
  EXPECT_EQ(run_command(kBin + " print -q " + f).status, 0);
}

TEST(Record, BadOptionsAreClearErrors) {
  TempDir dir;
  auto r = run_command(kBin + " record -w " + dir.path().string() + "/x.scap --syscalls opne 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("unknown syscall 'opne'"), std::string::npos) << r.out;
  r = run_command(kBin + " record -w " + dir.path().string() +
                  "/x.scap --compress gzip --compress-level 12 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--compress-level: gzip takes levels 1-9, not 12"), std::string::npos) << r.out;
  r = run_command(kBin + " record -w /nonexistent-dir/x.scap --syscalls openat --duration 1 2>&1");
  if (geteuid() == 0) {
    EXPECT_EQ(r.status, 3) << r.out;
    EXPECT_NE(r.out.find("/nonexistent-dir/x.scap"), std::string::npos) << r.out;
  }
}

// The command's background children are recorded after it exits, until the last one ends.
TEST(Record, BackgroundChildrenOfTheCommandAreRecordedToTheEnd) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  std::string cap = dir.path().string() + "/bg.scap";
  auto r = run_command(kBin + " record --syscalls openat,execve -w " + cap + " -- sh -c " +
                       shell_quote("(sleep 0.5; cat /etc/hostname > /dev/null) & exit 3") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("command exited with status 3"), std::string::npos) << r.out;
  auto opens = run_command(kBin + " print " + cap +
                           " 'evt.type = openat and fd.name = /etc/hostname' -p '%proc.name'");
  EXPECT_EQ(opens.out, "cat\n") << r.out;
}

TEST(Record, ACommandThatCannotRunIsAnError) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  auto r = run_command(kBin + " record -w " + dir.path().string() + "/x.scap -- /nonexistent/program 2>&1");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("cannot run '/nonexistent/program': No such file or directory"), std::string::npos)
      << r.out;
}

// Options that used to be accepted and ignored are usage errors (exit 2), and nothing is
// written.
TEST(Record, OptionsThatWouldDoNothingAreRefused) {
  TempDir dir;
  const std::string w = " -w " + dir.path().string() + "/x.scap";
  const std::pair<std::string, std::string> cases[] = {
      {w + " -W 3", "-W needs -C or -G"},
      {w + " -s 100000", "--snaplen 100000 is above the driver's maximum of 16384 bytes"},
      {w + " --duration -5", "--duration must be positive"},
      {w + " --trigger -o " + dir.path().string() + "/out", "-w FILE is for continuous recording"},
      {" --trigger -o " + dir.path().string() + "/out -C 10M", "--trigger does not rotate"},
  };
  for (const auto& [args, message] : cases) {
    auto r = run_command(kBin + " record" + args + " 2>&1");
    EXPECT_EQ(r.status, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << ": " << r.out;
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "nothing may be written";
}

}  // namespace
}  // namespace saker::test
