// CapturePass: the state is reloaded from each section's metadata before that section's
// first event, and damage ends the pass with CaptureError after the events before it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "saker/replay/capture_pass.h"
#include "saker/scap/error.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::replay {
namespace {

scap::Metadata one_thread(const std::string& comm) {
  scap::Metadata m;
  scap::ThreadEntry t;
  t.tid = t.pid = 100;
  t.ptid = 1;
  t.comm = comm;
  m.threads = {t};
  return m;
}

// Two sections whose thread 100 has another name, two close exits in each.
void write_two_sections(const std::string& path) {
  scap::Writer w(path);
  scap::EventBuilder b;
  uint64_t ts = 1;
  for (const char* comm : {"bash", "zsh"}) {
    w.begin_section(one_thread(comm));
    for (int i = 0; i < 2; ++i)
      w.write_event(b.begin(scap::EventType::SyscallCloseX, ts++, 100).num<int64_t>(0).view());
  }
  w.close();
}

TEST(CapturePass, ReloadsTheStateAtEachSection) {
  test::TempDir dir;
  const std::string path = dir / "two.scap";
  write_two_sections(path);
  CapturePass pass(path);
  ASSERT_NE(pass.state().thread(100), nullptr);
  EXPECT_EQ(pass.state().thread(100)->comm, "bash");
  std::vector<std::string> seen;
  std::vector<bool> entered;
  scap::EventView ev;
  while (pass.next(ev)) {
    entered.push_back(pass.entered_section());
    // Before the event is applied, the state already belongs to the event's section.
    seen.push_back(pass.state().thread(100)->comm);
    pass.state().apply(ev);
    EXPECT_EQ(pass.state().current_thread()->comm, seen.back());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"bash", "bash", "zsh", "zsh"}));
  EXPECT_EQ(entered, (std::vector<bool>{false, false, true, false}));
}

TEST(CapturePass, DamageThrowsAfterTheEventsBeforeIt) {
  test::TempDir dir;
  const std::string path = dir / "cut.scap";
  write_two_sections(path);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);  // into the last event
  CapturePass pass(path);
  scap::EventView ev;
  int events = 0;
  EXPECT_THROW(
      while (pass.next(ev)) {
        pass.state().apply(ev);
        ++events;
      },
      scap::CaptureError);
  EXPECT_EQ(events, 3);
}

}  // namespace
}  // namespace saker::replay
