// The triggered recorder's history: bounded by memory and by its window, lossless inside.
#include <gtest/gtest.h>

#include "saker/capture/event_ring.h"
#include "saker/scap/writer.h"

namespace saker::capture {
namespace {

const scap::EventView& make(scap::EventBuilder& b, uint64_t ts, uint64_t tid) {
  // openat exit: fd, dirfd, name, flags, mode, dev, ino
  return b.begin(scap::EventType::SyscallOpenat_2X, ts, tid, 1)
      .num<int64_t>(3)
      .num<int64_t>(-100)
      .str("/etc/some/file/" + std::to_string(ts % 97))
      .num<uint32_t>(1)
      .num<uint32_t>(0)
      .num<uint32_t>(0)
      .num<uint64_t>(ts)
      .view();
}

TEST(EventRing, KeepsEveryEventInsideItsBounds) {
  EventRing ring(64u << 20, 1'000'000'000'000ull);
  scap::EventBuilder b;
  for (uint64_t i = 1; i <= 10000; ++i) ring.push(make(b, i, i % 7), nullptr);
  uint64_t n = 0, last = 0;
  ring.visit([&](const scap::EventView& ev) {
    ++n;
    EXPECT_EQ(ev.ts, last + 1);
    last = ev.ts;
    EXPECT_EQ(ev.tid, ev.ts % 7);
    ASSERT_EQ(ev.nparams, 7u);
    EXPECT_EQ(ev.params[6].as<uint64_t>(), ev.ts);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(ev.params[2].data)),
              "/etc/some/file/" + std::to_string(ev.ts % 97));
  });
  EXPECT_EQ(n, 10000u);
}

TEST(EventRing, MemoryNeverExceedsItsBoundAndOldestGoFirst) {
  const size_t limit = 256 * 1024;
  EventRing ring(limit, ~0ull);
  scap::EventBuilder b;
  uint64_t evicted = 0, last_evicted = 0;
  for (uint64_t i = 1; i <= 200000; ++i) {
    ring.push(make(b, i, 1), [&](const scap::EventView& ev) {
      EXPECT_EQ(ev.ts, last_evicted + 1);  // oldest first, none skipped
      last_evicted = ev.ts;
      ++evicted;
    });
    ASSERT_LE(ring.memory(), limit);
  }
  EXPECT_LE(ring.peak_memory(), limit);
  EXPECT_GT(evicted, 0u);
  uint64_t first = 0, held = 0;
  ring.visit([&](const scap::EventView& ev) {
    if (!first) first = ev.ts;
    ++held;
  });
  EXPECT_EQ(first, last_evicted + 1);
  EXPECT_EQ(evicted + held, 200000u);
}

TEST(EventRing, EventsOlderThanTheWindowAreDropped) {
  EventRing ring(64u << 20, 1'000'000'000ull, 4096);  // one second
  scap::EventBuilder b;
  const uint64_t ms = 1'000'000;
  for (uint64_t i = 1; i <= 5000; ++i) ring.push(make(b, i * ms, 1), nullptr);  // 5 s of events
  uint64_t oldest = ring.oldest_ts();
  EXPECT_GE(oldest, 5000 * ms - 1100 * ms);  // within a window and a chunk
  EXPECT_LE(oldest, 5000 * ms - 1000 * ms);
}

}  // namespace
}  // namespace saker::capture
