// State transitions: fork, exec, open (relative paths), dup, cloexec, close, exit purge.
#include <gtest/gtest.h>

#include "capture_builders.h"
#include "saker/replay/state.h"
#include "saker/scap/writer.h"

namespace saker::replay {
namespace {

using scap::EventBuilder;

constexpr uint64_t kSec = 1000000000ull;

scap::Metadata shell_metadata() {
  scap::Metadata m;
  scap::ThreadEntry bash;
  bash.tid = bash.pid = 100;
  bash.ptid = 1;
  bash.comm = "bash";
  bash.exe = "-bash";
  bash.exepath = "/usr/bin/bash";
  bash.cwd = "/home/alice/";
  bash.vtid = bash.vpid = 100;  // outside a pid namespace: its clones create their children
  bash.uid = bash.gid = 1000;
  bash.loginuid = 1000;
  bash.cgroups =
      std::string("cpu=/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\0", 77);
  m.threads = {test::thread_entry(1, "systemd"), bash};
  m.fd_tables.push_back(test::file_fds(100, {0}, "/dev/pts/0"));
  m.users = {{1000, 1000, "alice", "/home/alice", "/bin/bash"}};
  return m;
}

// clone exit as seen by the child (res 0) or the parent (res = child tid), of alice's bash.
const scap::EventView& clone_exit(EventBuilder& b, uint64_t ts, uint64_t tid, int64_t res, uint64_t pid,
                                  uint64_t ptid, uint32_t flags) {
  return test::clone_exit(b, ts, tid, res, pid, ptid, flags, {"-bash", "/home/alice", "bash", 1000, 1000});
}

const scap::EventView& execve_exit(EventBuilder& b, uint64_t ts, uint64_t tid, const std::string& exe,
                                   const std::string& args) {
  auto& x = b.begin(scap::EventType::SyscallExecve_19X, ts, tid)
                .num<int64_t>(0)
                .str(exe.substr(exe.rfind('/') + 1))
                .bytes(args.data(), args.size())
                .num<int64_t>(static_cast<int64_t>(tid))
                .num<int64_t>(static_cast<int64_t>(tid))
                .num<int64_t>(100)
                .str("/home/alice")
                .num<uint64_t>(1024)
                .num<uint64_t>(0)
                .num<uint64_t>(0)
                .num<uint32_t>(0)
                .num<uint32_t>(0)
                .num<uint32_t>(0)
                .str(exe.substr(exe.rfind('/') + 1));
  return x.view();
}

const scap::EventView& openat_exit(EventBuilder& b, uint64_t ts, uint64_t tid, int64_t fd, int64_t dirfd,
                                   const std::string& path, uint32_t flags) {
  return b.begin(scap::EventType::SyscallOpenat_2X, ts, tid)
      .num<int64_t>(fd)
      .num<int64_t>(dirfd)
      .str(path)
      .num<uint32_t>(flags)
      .num<uint32_t>(0)
      .num<uint32_t>(0)
      .num<uint64_t>(0)
      .view();
}

TEST(State, LoadsThreadsFdsUsersAndContainers) {
  State s;
  s.load(shell_metadata());
  const ThreadInfo* bash = s.thread(100);
  ASSERT_NE(bash, nullptr);
  EXPECT_EQ(bash->comm, "bash");
  EXPECT_EQ(bash->container_id, "0123456789ab");
  ASSERT_NE(bash->fds->find(0), nullptr);
  EXPECT_EQ(bash->fds->find(0)->name, "/dev/pts/0");
  EXPECT_EQ(s.user(1000)->name, "alice");
  ASSERT_NE(s.container("0123456789ab"), nullptr);
  EXPECT_EQ(s.ancestor(*bash, 1)->comm, "systemd");
}

TEST(State, ForkExecOpenDupCloexecClose) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  s.apply(clone_exit(b, 1 * kSec, 100, 200, 100, 1, 0));  // parent side: child 200
  s.apply(clone_exit(b, 2 * kSec, 200, 0, 200, 100, 0));  // child side
  const ThreadInfo* child = s.thread(200);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->pid, 200u);
  EXPECT_EQ(child->ptid, 100u);
  EXPECT_NE(child->fds->find(0), nullptr);  // a fork copies the parent's fds
  EXPECT_NE(child->fds.get(), s.thread(100)->fds.get());

  // Relative open against the cwd, with O_CLOEXEC, then one against a directory fd.
  s.apply(openat_exit(b, 3 * kSec, 200, 3, -100, "../bob/notes.txt", 1 | (1u << 12)));
  ASSERT_NE(s.current_fd(), nullptr);
  EXPECT_EQ(s.current_fd()->name, "/home/bob/notes.txt");
  s.apply(openat_exit(b, 4 * kSec, 200, 4, -100, "/etc", 1 | (1u << 10)));
  EXPECT_EQ(s.current_fd()->type, scap::FdType::Directory);
  s.apply(openat_exit(b, 5 * kSec, 200, 5, 4, "./passwd", 1));
  EXPECT_EQ(s.current_fd()->name, "/etc/passwd");

  // dup2(5, 9) = 9 copies the fd without its cloexec flag.
  s.apply(b.begin(scap::EventType::SyscallDup2X, 6 * kSec, 200)
              .num<int64_t>(9)
              .num<int64_t>(5)
              .num<int64_t>(9)
              .view());
  ASSERT_NE(s.thread(200)->fds->find(9), nullptr);
  EXPECT_EQ(s.thread(200)->fds->find(9)->name, "/etc/passwd");

  // exec drops the close-on-exec fd 3 and renames the process.
  s.apply(execve_exit(b, 7 * kSec, 200, "/usr/bin/cat", std::string("/etc/passwd\0", 12)));
  child = s.thread(200);
  EXPECT_EQ(child->comm, "cat");
  EXPECT_EQ(child->fds->find(3), nullptr);
  EXPECT_NE(child->fds->find(5), nullptr);
  EXPECT_EQ(child->cmdline(), "cat /etc/passwd");

  // close: the event itself still resolves the fd; it is gone at the next event.
  s.apply(b.begin(scap::EventType::SyscallCloseX, 8 * kSec, 200).num<int64_t>(0).num<int64_t>(5).view());
  ASSERT_NE(s.current_fd(), nullptr);
  EXPECT_EQ(s.current_fd()->name, "/etc/passwd");
  s.apply(b.begin(scap::EventType::SyscallCloseE, 9 * kSec, 200).num<int64_t>(9).view());
  EXPECT_EQ(s.thread(200)->fds->find(5), nullptr);
}

TEST(State, LoadForgetsTheLastEventsThreadAndFd) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  s.apply(openat_exit(b, 1 * kSec, 100, 5, -100, "/etc/passwd", 1));
  ASSERT_EQ(s.current_fd_num(), 5);
  s.load(shell_metadata());  // a new section
  EXPECT_EQ(s.current_thread(), nullptr);
  EXPECT_EQ(s.current_fd(), nullptr);
  EXPECT_EQ(s.current_fd_num(), -1);
  EXPECT_FALSE(s.fd_name_changed());
}

TEST(State, ThreadsShareTheirProcessFdTable) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  constexpr uint32_t kThread = (1u << 13) | (1u << 0) | (1u << 11) | (1u << 15);  // THREAD|FILES|SIGHAND|VM
  s.apply(clone_exit(b, 1 * kSec, 100, 101, 100, 1, kThread));
  const ThreadInfo* t = s.thread(101);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->pid, 100u);
  EXPECT_EQ(t->fds.get(), s.thread(100)->fds.get());
  s.apply(openat_exit(b, 2 * kSec, 101, 7, -100, "/tmp/x", 2));
  EXPECT_NE(s.thread(100)->fds->find(7), nullptr);
}

TEST(State, SocketsGetTheirTuples) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  s.apply(test::tcp_socket_exit(b, 1, 100, 3));
  s.apply(b.begin(scap::EventType::SocketConnectX, 2, 100)
              .num<int64_t>(0)
              .bytes(test::kTcpTuple, sizeof test::kTcpTuple)
              .num<int64_t>(3)
              .view());
  ASSERT_NE(s.current_fd(), nullptr);
  EXPECT_EQ(s.current_fd()->name, "10.0.0.5:40001->93.184.216.34:80");
  EXPECT_EQ(s.current_fd()->l4, L4Proto::Tcp);
  std::string d;
  describe_fd(*s.current_fd(), d);
  EXPECT_EQ(d, "<4t>10.0.0.5:40001->93.184.216.34:80");
}

TEST(State, ExitedThreadsArePurgedAndMemoryStaysBounded) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  uint64_t ts = kSec;
  for (uint64_t i = 0; i < 20000; ++i) {
    uint64_t tid = 1000 + i;
    s.apply(clone_exit(b, ts, tid, 0, tid, 100, 0));
    s.apply(openat_exit(b, ts + 1, tid, 3, -100, "/tmp/f" + std::to_string(i), 1));
    s.apply(b.begin(scap::EventType::Procexit_1E, ts + 2, tid)
                .num<int64_t>(0)
                .num<int64_t>(0)
                .num<uint8_t>(0)
                .num<uint8_t>(0)
                .view());
    ts += kSec / 100;  // 100 short-lived processes per second of capture time
  }
  // Only processes that exited within the purge delay remain.
  EXPECT_LT(s.thread_count(), 2 + 3 * 100u);
  EXPECT_EQ(s.thread(1000), nullptr);
  EXPECT_NE(s.thread(100), nullptr);
}

TEST(State, UnknownThreadsAreCreatedBySyscallsOnly) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  s.apply(
      b.begin(scap::EventType::Schedswitch_6E, 1, 555).num<int64_t>(0).view());  // switch: scheduler event
  EXPECT_EQ(s.thread(555), nullptr);
  s.apply(b.begin(scap::EventType::SyscallCloseX, 2, 555)
              .num<int64_t>(0)
              .num<int64_t>(3)
              .view());  // close: a syscall
  ASSERT_NE(s.thread(555), nullptr);
  EXPECT_EQ(s.thread(555)->ptid, kUnknownTid);
  EXPECT_EQ(s.thread(555)->uid, kUnknownId);
}

}  // namespace
}  // namespace saker::replay

namespace saker::replay {
namespace {

// Checkpoints: a restored state carries on exactly like the original, pending close and
// shared fd tables included; malformed bytes are an error, not a crash.
TEST(StateCheckpoint, RestoredStateContinuesLikeTheOriginal) {
  State a;
  a.load(shell_metadata());
  EventBuilder b;
  constexpr uint32_t kThread = (1u << 13) | (1u << 0) | (1u << 11) | (1u << 15);
  a.apply(clone_exit(b, 1 * kSec, 100, 101, 100, 1, kThread));
  a.apply(openat_exit(b, 2 * kSec, 101, 7, -100, "/tmp/x", 2));
  a.apply(b.begin(scap::EventType::SyscallCloseX, 3 * kSec, 100)
              .num<int64_t>(0)
              .num<int64_t>(7)
              .view());  // close(7), pending
  std::string saved;
  a.save(saved);
  State c;
  c.restore(saved);
  EXPECT_EQ(c.thread_count(), a.thread_count());
  ASSERT_NE(c.thread(101), nullptr);
  EXPECT_EQ(c.thread(101)->fds.get(), c.thread(100)->fds.get());  // still shared
  EXPECT_NE(c.thread(100)->fds->find(7), nullptr);                // the close is still pending
  EXPECT_EQ(c.user(1000)->name, "alice");
  ASSERT_NE(c.container("0123456789ab"), nullptr);
  EXPECT_EQ(c.container("0123456789ab")->image, a.container("0123456789ab")->image);
  for (State* s : {&a, &c}) {
    s->apply(openat_exit(b, 4 * kSec, 100, 8, -100, "/etc/hosts", 1));
    EXPECT_EQ(s->thread(100)->fds->find(7), nullptr);  // the pending close took effect
    ASSERT_NE(s->current_fd(), nullptr);
    EXPECT_EQ(s->current_fd()->name, "/etc/hosts");
  }
  std::string again;
  c.save(again);
  EXPECT_EQ(again.size(), [&] {
    std::string x;
    a.save(x);
    return x.size();
  }());
}

TEST(StateCheckpoint, MalformedBytesAreAnError) {
  State a;
  a.load(shell_metadata());
  std::string saved;
  a.save(saved);
  State c;
  EXPECT_THROW(c.restore(std::string_view(saved).substr(0, saved.size() / 2)), std::runtime_error);
  EXPECT_THROW(c.restore("nonsense"), std::runtime_error);
  std::string big = saved;
  big += "x";
  EXPECT_THROW(c.restore(big), std::runtime_error);
}

}  // namespace
}  // namespace saker::replay

namespace saker::replay {
namespace {

// What libsinsp keeps, checked against its reader on the shared captures
// (tests/conformance): these cases pin each rule down on a small capture.
TEST(StateLibs, ProcessListValuesAsLibsKeepsThem) {
  scap::Metadata m = shell_metadata();
  m.threads[1].exepath = "/usr/bin/bash (deleted)";
  m.threads[1].exe_ino_ctime = 1690556973053128604ull;
  m.threads[1].exe_ino_mtime = 1681205762000000000ull;
  scap::ThreadEntry worker = test::thread_entry(102, "gmain");
  worker.pid = 100;
  worker.ptid = 1;
  worker.cwd = "/ignored";
  m.threads.push_back(worker);
  State s;
  s.load(m);
  const ThreadInfo* bash = s.thread(100);
  EXPECT_EQ(bash->exepath, "/usr/bin/bash");  // " (deleted)" dropped
  EXPECT_EQ(bash->exe_ino_ctime, 1690556973053128604ull);
  EXPECT_EQ(bash->exe_ino_mtime, 1681205762000000000ull);
  EXPECT_EQ(s.cwd(*bash), "/home/alice/");
  EXPECT_EQ(s.thread(1)->cwd, "/");  // a trailing slash, as libsinsp keeps directories
  // A thread's directory and ancestry are its process's.
  const ThreadInfo* gmain = s.thread(102);
  EXPECT_EQ(s.cwd(*gmain), "/home/alice/");
  EXPECT_EQ(s.ancestor(*gmain, 0), bash);
  EXPECT_EQ(s.ancestor(*gmain, 1), s.thread(1));
}

TEST(StateLibs, UnknownThreadsAreInvalidUntilAnExecve) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  s.apply(b.begin(scap::EventType::SyscallCloseX, 1, 555)
              .num<int64_t>(0)
              .num<int64_t>(3)
              .view());  // close by an unknown thread
  const ThreadInfo* t = s.thread(555);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->pid, kUnknownTid);  // proc.pid -1, thread.ismain false
  EXPECT_FALSE(t->is_main_thread());
  EXPECT_EQ(t->comm, "<NA>");
  EXPECT_EQ(t->clone_ts, 0u);  // no proc.duration
  EXPECT_EQ(s.cwd(*t), "./");  // no main thread
  EXPECT_EQ(s.main_thread(*t), nullptr);
  s.apply(execve_exit(b, 2, 555, "/usr/bin/id", ""));
  EXPECT_EQ(t->pid, 555u);
  EXPECT_EQ(t->ptid, 100u);  // the execve tells the parent of an invalid entry
  EXPECT_EQ(t->vtid, 555);
  EXPECT_EQ(t->vpid, 555);
  EXPECT_EQ(s.ancestor(*t, 1), s.thread(100));
}

TEST(StateLibs, ThreadsOfAProcessHaveItsParent) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  // bash forks curl (200), whose own clone exit comes next; curl starts a thread (201) whose
  // clone exit names bash as its ptid, as the kernel gives it.
  s.apply(clone_exit(b, 1 * kSec, 100, 200, 100, 1, 0));
  ASSERT_NE(s.thread(200), nullptr);
  EXPECT_EQ(s.thread(200)->ptid, 100u);
  EXPECT_EQ(s.thread(200)->cwd, "/home/alice/");              // the caller's process directory
  s.apply(clone_exit(b, 1 * kSec + 1, 200, 0, 200, 100, 0));  // the child's side: kept
  s.apply(execve_exit(b, 1 * kSec + 2, 200, "/usr/bin/curl", "-6"));
  constexpr uint32_t kThread = (1u << 13) | (1u << 0) | (1u << 11) | (1u << 15);
  s.apply(clone_exit(b, 2 * kSec, 201, 0, 200, 100, kThread));
  const ThreadInfo* t = s.thread(201);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->ptid, 100u);
  EXPECT_EQ(t->fds.get(), s.thread(200)->fds.get());
  EXPECT_EQ(s.ancestor(*t, 0), s.thread(200));  // proc.aname[0]: the process, curl
  EXPECT_EQ(s.ancestor(*t, 1), s.thread(100));  // proc.pname: bash, not the thread's caller
  EXPECT_EQ(s.ancestor(*t, 2), s.thread(1));
  EXPECT_EQ(s.ancestor(*t, 3), nullptr);
}

// A hostile process list can make the parent chain loop: proc.aname[N] with a huge N answers
// as the walk would (the loop's position after N steps) without taking N steps.
TEST(StateLibs, AncestorsOfALoopingParentChainAnswerAtOnce) {
  scap::Metadata m;
  m.threads = {test::thread_entry(10, "a"), test::thread_entry(11, "b"), test::thread_entry(12, "c")};
  m.threads[0].ptid = 11;
  m.threads[1].ptid = 12;
  m.threads[2].ptid = 11;  // 10 -> 11 -> 12 -> 11 -> ...
  State s;
  s.load(m);
  const ThreadInfo* a = s.thread(10);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(s.ancestor(*a, 1), s.thread(11));
  EXPECT_EQ(s.ancestor(*a, 2), s.thread(12));
  EXPECT_EQ(s.ancestor(*a, 3), s.thread(11));
  EXPECT_EQ(s.ancestor(*a, 99999999), s.thread(11));       // odd: 11
  EXPECT_EQ(s.ancestor(*a, INT64_MAX - 1), s.thread(12));  // even: 12
  EXPECT_EQ(s.ancestor(*a, -1), nullptr);
}

TEST(StateLibs, ChdirSetsTheProcessDirectoryWithATrailingSlash) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  constexpr uint32_t kThread = (1u << 13) | (1u << 0) | (1u << 11) | (1u << 15);
  s.apply(clone_exit(b, 1, 100, 101, 100, 1, kThread));
  s.apply(b.begin(scap::EventType::SyscallChdirX, 2, 101)
              .num<int64_t>(0)
              .str("/tmp/../var/spool/cron")
              .view());  // chdir exit
  EXPECT_EQ(s.cwd(*s.thread(100)), "/var/spool/cron/");
  EXPECT_EQ(s.cwd(*s.thread(101)), "/var/spool/cron/");
  s.apply(openat_exit(b, 3, 101, 7, -100, "crontab", 1));
  ASSERT_NE(s.current_fd(), nullptr);
  EXPECT_EQ(s.current_fd()->name, "/var/spool/cron/crontab");
}

TEST(StateLibs, SessionLeaderByIdOrAncestry) {
  scap::Metadata m = shell_metadata();
  m.threads[0].sid = 1;
  m.threads[1].sid = 1;
  State s;
  s.load(m);
  EXPECT_EQ(s.session_leader(*s.thread(100)), s.thread(1));
  m.threads[1].vtid = 7;  // in a pid namespace: the session id is not a host tid
  s.load(m);
  EXPECT_EQ(s.session_leader(*s.thread(100)), s.thread(1));  // found by walking up
  m.threads[0].sid = 2;
  s.load(m);
  EXPECT_EQ(s.session_leader(*s.thread(100)), nullptr);
}

}  // namespace
// procexit of a process with children: as libs, the kernel's reaper_tid adopts them when the
// capture has it; else another live thread of the process; else the nearest reaper ancestor
// (init, or a process seen adopting orphans); the exiting thread stays queryable meanwhile.
TEST(StateLibs, ChildrenOfAnExitingThreadAreAdoptedAsLibsDoes) {
  State s;
  s.load(shell_metadata());
  EventBuilder b;
  auto procexit = [&](uint64_t ts, uint64_t tid, int64_t reaper) -> const scap::EventView& {
    auto& e = b.begin(scap::EventType::Procexit_1E, ts, tid)
                  .num<int64_t>(0)
                  .num<int64_t>(0)
                  .num<uint8_t>(0)
                  .num<uint8_t>(0);
    if (reaper >= 0) e.num<int64_t>(reaper);
    return e.view();
  };
  s.apply(clone_exit(b, 1 * kSec, 100, 200, 100, 1, 0));    // bash -> sh (200)
  s.apply(clone_exit(b, 2 * kSec, 200, 300, 200, 100, 0));  // sh -> job (300)
  s.apply(procexit(3 * kSec, 200, -1));                     // an old capture: no reaper_tid
  ASSERT_NE(s.thread(300), nullptr);
  EXPECT_EQ(s.thread(300)->ptid, 1u);  // systemd, pid 1
  ASSERT_NE(s.thread(200), nullptr);
  s.apply(clone_exit(b, 4 * kSec, 300, 400, 300, 1, 0));
  s.apply(procexit(5 * kSec, 300, 100));  // the kernel names bash (a subreaper)
  EXPECT_EQ(s.thread(400)->ptid, 100u);
  EXPECT_TRUE(s.thread(100)->is_reaper);
  // A thread that forked exits: its process's other (main) thread adopts the child.
  constexpr uint32_t kThread = (1u << 13) | (1u << 0) | (1u << 11) | (1u << 15);
  s.apply(clone_exit(b, 6 * kSec, 100, 101, 100, 1, kThread));
  s.apply(clone_exit(b, 7 * kSec, 101, 500, 500, 101, 0));
  EXPECT_EQ(s.thread(500)->ptid, 101u);
  s.apply(procexit(8 * kSec, 101, 0));  // reaper 0: the kernel found none, libs looks itself
  EXPECT_EQ(s.thread(500)->ptid, 100u);
}

}  // namespace saker::replay
