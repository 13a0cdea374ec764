// Live recording of processes in docker-like cgroups, with a fake Docker API socket: the
// capture carries the containers' metadata (root and a writable cgroup v2 hierarchy only).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fake_http_server.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

const std::string kBin = SAKER_BIN;
const std::string kLive = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const std::string kRunning = "0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de";
const std::string kBroken = "feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface";

// Where the cgroup v2 hierarchy is mounted ("" if nowhere): /sys/fs/cgroup on unified hosts,
// /sys/fs/cgroup/unified on hybrid ones.
std::string cgroup2_mount() {
  std::ifstream mounts("/proc/mounts");
  std::string dev, dir, type, rest;
  while (mounts >> dev >> dir >> type && std::getline(mounts, rest))
    if (type == "cgroup2") return dir;
  return {};
}

// A slice with one "docker-<id>.scope" per container, removed with the processes moved back
// to the root cgroup, whatever way the test ends.
class DockerLikeCgroups {
 public:
  explicit DockerLikeCgroups(std::string root) : root_(std::move(root)) {
    slice_ = root_ + "/saker-test-" + std::to_string(getpid()) + ".slice";
    ok_ = !root_.empty() && mkdir(slice_.c_str(), 0755) == 0;
  }
  ~DockerLikeCgroups() {
    for (const auto& s : scopes_) {
      std::ifstream procs(s + "/cgroup.procs");
      for (std::string pid; procs >> pid;) std::ofstream(root_ + "/cgroup.procs") << pid;
      rmdir(s.c_str());
    }
    if (ok_) rmdir(slice_.c_str());
  }
  bool ok() const { return ok_; }
  std::string scope(const std::string& id) {
    std::string s = slice_ + "/docker-" + id + ".scope";
    if (mkdir(s.c_str(), 0755) != 0) return {};
    scopes_.push_back(s);
    return s;
  }

 private:
  std::string root_, slice_;
  bool ok_ = false;
  std::vector<std::string> scopes_;
};

std::map<std::string, std::string> big_labels() {
  std::map<std::string, std::string> l = {{"io.kubernetes.pod.namespace", "payments"},
                                          {"io.kubernetes.pod.name", "api-7d9f"},
                                          {"io.kubernetes.sandbox.id", "5b4a39281706f5e4d3c2b1a0"}};
  for (int i = 0; i < 800; ++i) l["saker.test.label." + std::to_string(i)] = std::string(100, 'a' + i % 26);
  return l;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

struct Sleeper {
  pid_t pid = fork();
  Sleeper() {
    if (pid == 0) {
      execlp("sleep", "sleep", "60", nullptr);
      _exit(127);
    }
  }
  ~Sleeper() {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

TEST(RecordContainers, MetadataFromTheRuntimeSocketIsInTheCapture) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)";
  std::string root = cgroup2_mount();
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  DockerLikeCgroups cgroups(root);
  if (!cgroups.ok()) GTEST_SKIP() << "cgroup v2 at " << root << " is not writable here";
  std::string live = cgroups.scope(kLive), running = cgroups.scope(kRunning), broken = cgroups.scope(kBroken);
  ASSERT_FALSE(live.empty() || running.empty() || broken.empty());

  TempDir dir;
  FakeHttpServer api((dir / "docker.sock").string());
  // Over 64 KiB of labels, chunked; an ordinary answer; a malformed one.
  api.serve("/containers/" + kLive + "/json",
            http_chunked_response(docker_inspect(kLive, "api", "nginx:1.25", big_labels(), true)));
  api.serve("/containers/" + kRunning + "/json",
            http_response(docker_inspect(kRunning, "sleeper", "busybox:1.36", {{"role", "idle"}}, false)));
  api.serve("/containers/" + kBroken + "/json", http_response("{\"Id\": \"" + kBroken + "\", \"Name\": "));

  // A container process running before the recording starts: found by the /proc scan.
  Sleeper sleeper;
  ASSERT_GT(sleeper.pid, 0);
  std::ofstream(running + "/cgroup.procs") << sleeper.pid;

  // The recorded command moves itself into a container, then starts processes there and in
  // a second container whose metadata is malformed.
  std::string script = (dir / "workload.sh").string();
  std::ofstream(script) << "echo $$ > " << live << "/cgroup.procs\n"
                        << "sleep 0.5\n"
                        << "cat /etc/hostname > /dev/null\n"
                        << "sh -c 'echo $$ > " << broken << "/cgroup.procs; exec id -u >/dev/null'\n"
                        << "sleep 0.3\n";
  std::string cap = (dir / "c.scap").string();
  auto r = run_command(kBin + " record --compat --syscalls all --container-socket " + api.path() + " -w " +
                       cap + " -- sh " + script + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("containers: 2 described by " + api.path() + ", 0 unknown there, 1 lookups failed"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(api.requests("/containers/" + kLive + "/json"), 1) << "each container is asked once";

  // Events after the metadata arrived show the container.
  auto cat = run_command(
      kBin + " print " + cap + " " + shell_quote("evt.type = execve and evt.dir = < and proc.name = cat") +
      " -p " +
      shell_quote("%container.id %container.name %container.image %container.image.repository "
                  "%container.image.tag %container.privileged %container.label[saker.test.label.799] "
                  "%k8s.ns.name %k8s.pod.name %container.mounts %container.type"));
  ASSERT_EQ(cat.status, 0);
  EXPECT_EQ(cat.out, kLive.substr(0, 12) + " api nginx:1.25 nginx 1.25 true " +
                         std::string(100, 'a' + 799 % 26) +
                         " payments api-7d9f /srv/data:/data:rw:true:rprivate docker\n");

  // The container that was already running: an initial-state event right after the metadata,
  // which libs parse and number (1) but do not return; the one started later is returned.
  auto initial = run_command(kBin + " print --all " + cap + " " + shell_quote("evt.type = container") +
                             " -p " + shell_quote("%evt.num %evt.arg.json"));
  auto il = lines(initial.out);
  ASSERT_EQ(il.size(), 1u) << initial.out.substr(0, 2000);
  EXPECT_NE(il[0].find("\"name\":\"api\""), std::string::npos) << il[0].substr(0, 300);
  EXPECT_GT(il[0].size(), 65536u);
  auto first_num = run_command(kBin + " print --all " + cap + " -n 1 -p %evt.num");
  ASSERT_FALSE(first_num.out.empty());
  EXPECT_GE(std::stoull(first_num.out), 2u) << "the initial-state event comes first, numbered";
  auto info = run_command(kBin + " info --json " + cap);
  EXPECT_NE(info.out.find("\"container >\": 2"), std::string::npos) << info.out.substr(0, 3000);

  // The malformed answer leaves the container known by id only.
  auto t = run_command(kBin + " print " + cap + " " +
                       shell_quote("evt.type = execve and evt.dir = < and proc.name = id") + " -p " +
                       shell_quote("*%container.id %container.name"));
  EXPECT_EQ(t.out, kBroken.substr(0, 12) + " <NA>\n");

  // sysdig 0.29 reads the LARGE block and shows the same metadata.
  if (run_command("command -v sysdig >/dev/null").status != 0) GTEST_SKIP() << "sysdig is not installed";
  auto sd =
      run_command("sysdig -r " + cap + " " + shell_quote("evt.type=execve and evt.dir=< and proc.name=cat") +
                  " -p " + shell_quote("%container.id %container.name %container.image") + " 2>&1");
  ASSERT_EQ(sd.status, 0) << sd.out.substr(0, 2000);
  EXPECT_EQ(sd.out, kLive.substr(0, 12) + " api nginx:1.25\n");
}

// A triggered capture is self-contained too: it starts with every container known when it
// opens (one found by the /proc scan, one that appeared during the recording), so the capture
// alone names the container of its alert.
TEST(RecordContainers, ATriggeredCaptureStartsWithTheKnownContainers) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)";
  std::string root = cgroup2_mount();
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  DockerLikeCgroups cgroups(root);
  if (!cgroups.ok()) GTEST_SKIP() << "cgroup v2 at " << root << " is not writable here";
  std::string live = cgroups.scope(kLive), running = cgroups.scope(kRunning);
  ASSERT_FALSE(live.empty() || running.empty());

  TempDir dir;
  FakeHttpServer api((dir / "docker.sock").string());
  api.serve("/containers/" + kLive + "/json",
            http_response(docker_inspect(kLive, "api", "nginx:1.25", {{"tier", "web"}}, false)));
  api.serve("/containers/" + kRunning + "/json",
            http_response(docker_inspect(kRunning, "sleeper", "busybox:1.36", {{"role", "idle"}}, false)));
  Sleeper sleeper;
  ASSERT_GT(sleeper.pid, 0);
  std::ofstream(running + "/cgroup.procs") << sleeper.pid;

  std::string rules = (dir / "rules.yaml").string();
  std::ofstream(rules) << "- rule: Shadow read in a container\n"
                          "  desc: a containerized process read /etc/shadow\n"
                          "  condition: evt.type in (open, openat, openat2) and evt.dir = < and "
                          "fd.name = /etc/shadow and container.id != host\n"
                          "  output: shadow read in %container.name (%container.image)\n"
                          "  priority: WARNING\n"
                          "  capture: true\n";
  std::string script = (dir / "workload.sh").string();
  std::ofstream(script) << "echo $$ > " << live << "/cgroup.procs\n"
                        << "sleep 1\n"
                        << "cat /etc/shadow > /dev/null\n"
                        << "sleep 0.3\n";
  auto out = dir / "incidents";
  auto r =
      run_command(kBin + " record --trigger -o " + out.string() + " -r " + rules + " --pre 5 --post 0.5" +
                  " --container-socket " + api.path() + " -- sh " + script + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(out))
    if (e.path().extension() == ".scap") files.push_back(e.path().string());
  ASSERT_EQ(files.size(), 1u) << r.out;

  // The capture opens with both containers' metadata, before any syscall event: two
  // initial-state events, numbered 1 and 2 and parsed, not returned.
  auto first =
      run_command(kBin + " print --all " + files[0] + " -n 1 -p " + shell_quote("%evt.num %evt.type"));
  ASSERT_FALSE(first.out.empty());
  EXPECT_GE(std::stoull(first.out), 3u) << first.out.substr(0, 200);
  auto info = run_command(kBin + " info --json " + files[0]);
  EXPECT_NE(info.out.find("\"container >\": 2"), std::string::npos) << info.out.substr(0, 3000);

  // Replaying the capture alone names the container of the alert.
  auto replay = run_command(kBin + " replay -q -r " + rules + " " + files[0]);
  EXPECT_NE(replay.out.find("shadow read in api (nginx:1.25)"), std::string::npos) << replay.out;
}

TEST(RecordContainers, AMissingSocketIsReportedAndRecordingGoesOn) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (eBPF)";
  TempDir dir;
  std::string cap = (dir / "n.scap").string();
  auto r = run_command(kBin + " record --container-socket " + (dir / "absent.sock").string() + " -w " + cap +
                       " -- true 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("absent.sock is not a unix socket; no container metadata from it"), std::string::npos)
      << r.out;
  EXPECT_TRUE(std::filesystem::exists(cap));
}

}  // namespace
}  // namespace saker::test
