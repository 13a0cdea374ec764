// `saker record` as a systemd Type=notify service (root: eBPF): READY=1 on $NOTIFY_SOCKET once
// the driver is attached, RELOADING=1 then READY=1 around a SIGHUP reload, STOPPING=1 at the end;
// the recorded command does not inherit the socket.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "datagram_socket.h"
#include "live_record.h"
#include "run_command.h"
#include "test_paths.h"

namespace saker::test {
namespace {

const std::string kBin = SAKER_BIN;

// The index of the first datagram at or after `from` holding `what`, or -1.
int find(const std::vector<std::string>& got, const std::string& what, int from = 0) {
  for (int i = from; i < static_cast<int>(got.size()); ++i)
    if (got[static_cast<size_t>(i)].find(what) != std::string::npos) return i;
  return -1;
}

TEST(RecordNotify, ReadyOnceAttachedReloadingAroundSighupStoppingAtTheEnd) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  DatagramSocket sock(dir / "notify");
  // The command checks it cannot see the socket, then asks for a reload as systemd's
  // ExecReload does (the recorder is its parent).
  std::string script = "test -z \"$NOTIFY_SOCKET\" || echo leaked > " + (dir / "leak").string() +
                       "; sleep 0.3; kill -HUP $PPID; sleep 0.5";
  auto r = run_command("NOTIFY_SOCKET=" + sock.path() + " " + kBin + " record -w " +
                       (dir / "c.scap").string() + " --alert-output file:" + (dir / "alerts.json").string() +
                       " -- sh -c " + shell_quote(script) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto got = sock.receive(2, "STOPPING=1");
  std::string all;
  for (const auto& g : got) all += "[" + g + "] ";
  int ready = find(got, "READY=1");
  ASSERT_GE(ready, 0) << all;
  EXPECT_NE(got[static_cast<size_t>(ready)].find("STATUS=recording "), std::string::npos) << all;
  int reloading = find(got, "RELOADING=1", ready + 1);
  ASSERT_GT(reloading, ready) << all;
  EXPECT_NE(got[static_cast<size_t>(reloading)].find("MONOTONIC_USEC="), std::string::npos) << all;
  int ready_again = find(got, "READY=1", reloading + 1);
  EXPECT_GT(ready_again, reloading) << all;
  EXPECT_GT(find(got, "STOPPING=1", ready_again), ready_again) << all;
  EXPECT_FALSE(std::filesystem::exists(dir / "leak")) << "the command saw NOTIFY_SOCKET";
  EXPECT_EQ(r.out.find("cannot notify"), std::string::npos) << r.out;
}

TEST(RecordNotify, ReadyComesOnlyAfterTheDriverIsAttached) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  DatagramSocket sock(dir / "notify");
  // A driver that cannot load (a ring size that is not a power of two): no READY=1.
  auto r = run_command("NOTIFY_SOCKET=" + sock.path() + " " + kBin + " record --ring-size 12345 -w " +
                       (dir / "c.scap").string() + " -- true 2>&1");
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_EQ(find(sock.receive(0.5), "READY=1"), -1);
}

TEST(RecordNotify, AnUnreachableSocketIsReportedOnceAndTheRecordingGoesOn) {
  SAKER_REQUIRE_ROOT();
  TempDir dir;
  auto r = run_command("NOTIFY_SOCKET=" + (dir / "nobody-listens").string() + " " + kBin + " record -w " +
                       (dir / "c.scap").string() + " -- true 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(
      r.out.find("saker record: cannot notify the service manager: " + (dir / "nobody-listens").string()),
      std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("cannot notify"), r.out.rfind("cannot notify")) << r.out;
  EXPECT_NE(r.out.find(" events in "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace saker::test
