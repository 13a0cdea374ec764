// StreamNumbering numbers events before they are written as a reader of the written file
// numbers them, whichever profile writes it.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "saker/scap/reader.h"
#include "saker/scap/stream_numbering.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::scap {
namespace {

struct Numbered {
  uint64_t num, ts, tid;
  bool enter, initial_state;
};

// Every event of `in` numbered by StreamNumbering and written with `profile` to `out`.
std::vector<Numbered> number_and_write(const std::string& in, const std::string& out, WriterProfile profile) {
  Reader r(in);
  Writer w(out, WriterOptions{.profile = profile});
  w.begin_section(r.metadata());
  StreamNumbering numbering(profile);
  std::vector<Numbered> got;
  EventView ev;
  while (r.next(ev)) {
    EventView live = ev;
    numbering.assign(live);
    got.push_back({live.num, live.ts, live.tid, live.is_enter(), live.initial_state});
    w.write_event(ev);
  }
  w.close();
  return got;
}

void check(const std::string& capture, WriterProfile profile, const test::TempDir& dir) {
  SCOPED_TRACE(capture + (profile == WriterProfile::Compat ? " compat" : " current"));
  std::string out = (dir / "written.scap").string();
  auto live = number_and_write(capture, out, profile);
  std::vector<Numbered> back;
  Reader r(out);
  EventView ev;
  uint64_t initial = 0;
  while (r.next(ev)) {
    if (ev.initial_state) ++initial;
    if (ev.num) back.push_back({ev.num, ev.ts, ev.tid, ev.is_enter(), ev.initial_state});
  }
  uint64_t live_initial = 0, numbered = 0;
  for (const auto& e : live) {
    if (e.initial_state) ++live_initial;
    if (!e.num) continue;
    ++numbered;
    ASSERT_LE(e.num, back.size());
    const auto& b = back[e.num - 1];
    ASSERT_EQ(b.num, e.num);
    EXPECT_EQ(b.ts, e.ts) << "event " << e.num;
    EXPECT_EQ(b.tid, e.tid) << "event " << e.num;
    EXPECT_EQ(b.enter, e.enter) << "event " << e.num;
  }
  EXPECT_EQ(live_initial, initial);
  EXPECT_GT(numbered, 0u);
  // Events the profile adds (compat enters) are counted too: the last number is the file's.
  uint64_t last = 0;
  for (const auto& e : live) last = std::max(last, e.num);
  EXPECT_EQ(last, back.size());
}

TEST(StreamNumbering, LiveNumbersAreTheNumbersOfTheWrittenFile) {
  test::TempDir dir;
  std::vector<std::filesystem::path> captures = {test::samples_dir() / "shell-session.scap"};
  for (const auto& c : test::shared_captures()) captures.push_back(c);
  for (const auto& c : captures)
    for (auto profile : {WriterProfile::Current, WriterProfile::Compat}) check(c.string(), profile, dir);
}

}  // namespace
}  // namespace saker::scap
