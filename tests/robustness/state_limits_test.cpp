// Captures that try to exhaust memory through the state engine: a million threads, hundreds
// of thousands of fds in one process. The tables stop at their limits, the overflow is
// counted, and resident memory stays far below what tracking everything would take.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <string>

#include "memory_usage.h"
#include "saker/replay/state.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker {
namespace {

constexpr scap::EventType kCloseExit = scap::EventType::SyscallCloseX;
constexpr scap::EventType kOpenatExit = scap::EventType::SyscallOpenat_2X;

TEST(StateLimits, MillionsOfThreadsAndFdsKeepMemoryBounded) {
  test::TempDir dir;
  const auto path = (dir / "many.scap").string();
  constexpr uint64_t kThreads = 1'100'000, kFds = 300'000;
  {
    scap::Writer w(path, scap::WriterOptions{scap::WriterProfile::Current});
    w.begin_section(scap::Metadata{});
    scap::EventBuilder b;
    uint64_t ts = 1'000'000'000;
    // One process opening fds it never closes...
    for (uint64_t fd = 0; fd < kFds; ++fd)
      w.write_event(b.begin(kOpenatExit, ts++, 7)
                        .num<int64_t>(static_cast<int64_t>(fd))
                        .num<int64_t>(-100)
                        .str("/tmp/f")
                        .num<uint32_t>(0)
                        .num<uint32_t>(0)
                        .num<uint32_t>(0)
                        .num<uint64_t>(fd)
                        .view());
    // ...and a syscall from each of over a million threads that never exit.
    for (uint64_t tid = 1000; tid < 1000 + kThreads; ++tid)
      w.write_event(b.begin(kCloseExit, ts++, tid).num<int64_t>(0).view());
    w.close();
  }
  const long before = test::rss_kib();
  scap::Reader reader(path);
  replay::State state;
  state.load(reader.metadata());
  scap::EventView ev;
  uint64_t events = 0;
  while (reader.next(ev)) {
    state.apply(ev);
    ++events;
  }
  const long grown_mib = (test::rss_kib() - before) / 1024;
  EXPECT_EQ(events, kThreads + kFds);
  EXPECT_LE(state.thread_count(), replay::State::kMaxThreads);
  EXPECT_EQ(state.dropped_threads(), kThreads + 1 - replay::State::kMaxThreads);
  const replay::ThreadInfo* opener = state.thread(7);
  ASSERT_NE(opener, nullptr);
  EXPECT_LE(opener->fds->size(), replay::FdTable::kMaxFds + 1024);
  EXPECT_GT(opener->fds->dropped(), 0u);
  // The fds under the limit are still tracked; the ones past it are not.
  EXPECT_NE(opener->fds->find(10), nullptr);
  EXPECT_EQ(opener->fds->find(static_cast<int64_t>(kFds - 1)), nullptr);
  // Everything tracked would take well over a gigabyte; the limits keep it to a few hundred
  // MiB even with a sanitizer's overhead.
  EXPECT_LT(grown_mib, 600) << "resident memory grew by " << grown_mib << " MiB";
  std::printf("state: %zu threads, %llu dropped, RSS +%ld MiB\n", state.thread_count(),
              static_cast<unsigned long long>(state.dropped_threads()), grown_mib);
}

TEST(StateLimits, ExitedThreadsMakeRoomWhenTheTableIsFull) {
  replay::State state;
  state.load(scap::Metadata{});
  scap::EventBuilder b;
  constexpr scap::EventType kProcExit = scap::EventType::Procexit_1E;
  uint64_t ts = 1;
  // Fill the table, then let every thread exit at once (no time passes, so no purge yet).
  for (uint64_t tid = 1; tid <= replay::State::kMaxThreads; ++tid)
    state.apply(b.begin(kCloseExit, ts, tid).num<int64_t>(0).view());
  for (uint64_t tid = 1; tid <= replay::State::kMaxThreads; ++tid)
    state.apply(b.begin(kProcExit, ts, tid).num<int64_t>(0).view());
  // A new thread still gets tracked: the exited ones give way.
  state.apply(b.begin(kCloseExit, ts, 999'999'999).num<int64_t>(0).view());
  EXPECT_NE(state.thread(999'999'999), nullptr);
  EXPECT_EQ(state.dropped_threads(), 0u);
}

TEST(StateLimits, AReusedTidIsNotPurgedWithTheThreadThatExited) {
  replay::State state;
  state.load(scap::Metadata{});
  scap::EventBuilder b;
  constexpr scap::EventType kProcExit = scap::EventType::Procexit_1E;
  state.apply(b.begin(kCloseExit, 1'000, 42).num<int64_t>(0).view());
  state.apply(b.begin(kProcExit, 2'000, 42).num<int64_t>(0).view());
  // Before the purge, tid 42 is reused: thread 1 forks a new 42 (clone exit, parent side).
  constexpr scap::EventType kCloneExit = scap::EventType::SyscallClone_20X;
  state.apply(b.begin(kCloneExit, 3'000, 1).num<int64_t>(42).view());
  ASSERT_NE(state.thread(42), nullptr);
  EXPECT_EQ(state.thread(42)->exit_ts, 0u);
  // Much later the purge runs: only the thread that exited goes, not the new one.
  state.apply(b.begin(kCloseExit, 9'000'000'000, 43).num<int64_t>(0).view());
  ASSERT_NE(state.thread(42), nullptr);
  EXPECT_EQ(state.thread(42)->clone_ts, 3'000u);
}

}  // namespace
}  // namespace saker

namespace saker {
namespace {

TEST(StateLimits, UsersAndContainersFromEventsAreBounded) {
  replay::State state;
  state.load(scap::Metadata{});
  scap::EventBuilder b;
  constexpr scap::EventType kUserAdded = scap::EventType::UserAddedE,
                            kContainerJson = scap::EventType::ContainerJson_2E;
  constexpr uint32_t kMany = 70'000;  // just past the limits
  for (uint32_t uid = 1; uid <= kMany; ++uid)
    state.apply(
        b.begin(kUserAdded, 1, UINT64_MAX).num(uid).num(uid).str("u").str("/").str("/bin/sh").str("").view());
  EXPECT_NE(state.user(1), nullptr);
  EXPECT_EQ(state.user(kMany), nullptr);
  for (uint32_t i = 0; i < kMany; ++i) {
    auto id = fmt::format("{:012x}", i + 1);
    state.apply(b.begin(kContainerJson, 1, UINT64_MAX)
                    .str("{\"container\":{\"id\":\"" + id + "\",\"created_time\":1e300}}")
                    .view());
  }
  ASSERT_NE(state.container("000000000001"), nullptr);
  EXPECT_EQ(state.container("000000000001")->created_ts, 0u);  // 1e300 s: out of range, dropped
  EXPECT_EQ(state.container(fmt::format("{:012x}", kMany)), nullptr);
}

}  // namespace
}  // namespace saker
