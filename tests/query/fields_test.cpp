// Field classes evaluated against the state engine: proc, thread, user, group, fd,
// container, k8s and fs.path, through the same filters rules use.
#include <gtest/gtest.h>

#include "capture_builders.h"
#include "saker/query/filter.h"
#include "saker/replay/state.h"
#include "saker/scap/writer.h"

namespace saker::query {
namespace {

constexpr char kFullId[] = "4e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";

class FieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scap::Metadata m;
    scap::ThreadEntry init, sshd, bash;
    init.tid = init.pid = 1;
    init.comm = "systemd";
    sshd.tid = sshd.pid = 10;
    sshd.ptid = 1;
    sshd.comm = "sshd";
    sshd.sid = 10;
    bash.tid = bash.pid = 20;
    bash.ptid = 10;
    bash.sid = 10;
    bash.comm = "bash";
    bash.exe = "-bash";
    bash.exepath = "/usr/bin/bash";
    bash.args = std::string("-l\0x y\0", 7);
    bash.cwd = "/home/alice";
    bash.uid = 1000;
    bash.gid = 100;
    bash.loginuid = 1000;
    bash.tty = 34816;
    bash.cap_effective = (1ull << 21) | 1;  // CAP_SYS_ADMIN, CAP_CHOWN
    bash.cgroups = std::string("cpu=/docker/") + kFullId + '\0';
    m.threads = {init, sshd, bash};
    m.users = {{1000, 100, "alice", "/home/alice", "/bin/bash"}};
    m.groups = {{100, "users"}};
    state_.load(m);
    scap::EventBuilder c;
    std::string json =
        std::string("{\"container\":{\"id\":\"") + kFullId + "\",\"full_id\":\"" + kFullId +
        "\",\"pod_sandbox_id\":\"9a8b7c6d5e4f3a2b1c0d\",\"pod_sandbox_labels\":{\"app\":\"web\","
        "\"io.kubernetes.pod.name\":\"web-7d9\"},\"type\":0,\"name\":\"web\",\"image\":\"ghcr.io/acme/"
        "web:2.1\",\"imagerepo\":\"ghcr.io/acme/"
        "web\","
        "\"imagetag\":\"2.1\",\"privileged\":true,\"labels\":{\"io.kubernetes.pod.namespace\":\"shop\","
        "\"io.kubernetes.pod.name\":\"web-7d9\"}}}";
    state_.apply(c.begin(scap::EventType::ContainerJson_2E, 1, UINT64_MAX).str(json).view());
  }

  bool match(std::string_view filter, const scap::EventView& ev) {
    state_.apply(ev);
    EvalContext ctx;
    ctx.ev = &ev;
    ctx.state = &state_;
    return Filter::compile(filter).matches(ctx);
  }
  const scap::EventView& openat(const std::string& path, uint32_t flags, int64_t dirfd = -100) {
    return b_.begin(scap::EventType::SyscallOpenat_2X, 100, 20)
        .num<int64_t>(3)
        .num<int64_t>(dirfd)
        .str(path)
        .num<uint32_t>(flags)
        .num<uint32_t>(0)
        .num<uint32_t>(0)
        .num<uint64_t>(77)
        .view();
  }
  const scap::EventView& connect() {
    state_.apply(test::tcp_socket_exit(b_, 200, 20, 4));
    static const uint8_t tuple[13] = {2,   10, 0,   0, 5,    0x10, 0x27,
                                      198, 51, 100, 7, 0xbb, 0x01};  // :10000 -> :443
    return b_.begin(scap::EventType::SocketConnectX, 201, 20)
        .num<int64_t>(0)
        .bytes(tuple, sizeof tuple)
        .num<int64_t>(4)
        .view();
  }

  replay::State state_;
  scap::EventBuilder b_;
};

TEST_F(FieldsTest, ProcThreadUserGroup) {
  const auto& ev = openat("notes.txt", 1);
  EXPECT_TRUE(match("proc.name = bash and proc.pid = 20 and proc.ppid = 10", ev));
  EXPECT_TRUE(match("proc.exe = -bash and proc.exepath = /usr/bin/bash", ev));
  EXPECT_TRUE(match("proc.args = '-l x y' and proc.cmdline = 'bash -l x y'", ev));
  EXPECT_TRUE(match("proc.cwd = /home/alice/ and proc.tty = 34816", ev));
  EXPECT_TRUE(match("proc.pname = sshd and proc.aname[2] = systemd and proc.apid[2] = 1", ev));
  EXPECT_TRUE(match("proc.aname in (systemd, sshd) and proc.sname = sshd", ev));
  EXPECT_TRUE(match("thread.tid = 20 and thread.ismain = true", ev));
  EXPECT_TRUE(
      match("thread.cap_effective contains CAP_SYS_ADMIN and thread.cap_effective contains CAP_CHOWN", ev));
  EXPECT_TRUE(match("user.uid = 1000 and user.name = alice and user.homedir = /home/alice", ev));
  EXPECT_TRUE(match("user.loginuid = 1000 and user.loginname = alice and user.shell = /bin/bash", ev));
  EXPECT_TRUE(match("group.gid = 100 and group.name = users", ev));
  EXPECT_FALSE(match("proc.aname[3] exists", ev));
}

TEST_F(FieldsTest, FileFdAndOpenFlags) {
  // O_WRONLY | O_CREAT | O_CLOEXEC, and the driver's "created" bit (PPM_O_F_CREATED).
  const auto& ev = openat("docs/../notes.txt", 2 | 4 | (1u << 12) | (1u << 14));
  EXPECT_TRUE(
      match("fd.num = 3 and fd.name = /home/alice/notes.txt and fd.type = file and fd.typechar = f", ev));
  EXPECT_TRUE(match("fd.directory = /home/alice and fd.filename = notes.txt", ev));
  EXPECT_TRUE(match("fd.nameraw = docs/../notes.txt and fd.ino = 77", ev));
  EXPECT_TRUE(
      match("evt.is_open_write = true and evt.is_open_read = false and evt.is_open_create = true", ev));
  EXPECT_TRUE(match("evt.arg.flags contains O_CLOEXEC and evt.category = file", ev));
  // As libs: O_CREAT of a file that existed is not a creation; a successful O_TMPFILE is.
  EXPECT_TRUE(match("evt.is_open_create = false", openat("notes.txt", 2 | 4)));
  EXPECT_TRUE(match("evt.is_open_create = true", openat("tmp", 2 | (1u << 13))));
}

TEST_F(FieldsTest, SocketFdAndNetworks) {
  const auto& ev = connect();
  EXPECT_TRUE(
      match("fd.name = '10.0.0.5:10000->198.51.100.7:443' and fd.type = ipv4 and fd.l4proto = tcp", ev));
  EXPECT_TRUE(
      match("fd.sip = 198.51.100.7 and fd.cip = 10.0.0.5 and fd.sport = 443 and fd.cport = 10000", ev));
  // As libs: without the client address among the machine's interfaces, the server end is local.
  EXPECT_TRUE(
      match("fd.lport = 443 and fd.rport = 10000 and fd.lip = 198.51.100.7 and fd.rip = 10.0.0.5", ev));
  EXPECT_TRUE(match("fd.snet = 198.51.100.0/24 and not fd.snet in (10.0.0.0/8, 192.168.0.0/16)", ev));
  EXPECT_TRUE(match("fd.cnet = 10.0.0.0/8 and fd.connected = true and fd.name_changed = true", ev));
  EXPECT_TRUE(match("fd.net != 127.0.0.0/8", ev));
}

TEST_F(FieldsTest, ContainerAndK8s) {
  const auto& ev = openat("/etc/hosts", 1);
  EXPECT_TRUE(match("container.id = 4e1f2a3b4c5d and container.full_id startswith 4e1f2a3b4c5d6e7f", ev));
  EXPECT_TRUE(match("container.name = web and container.image = 'ghcr.io/acme/web:2.1'", ev));
  EXPECT_TRUE(match("container.image.repository = ghcr.io/acme/web and container.image.tag = 2.1", ev));
  EXPECT_TRUE(match("container.privileged = true and container.type = docker", ev));
  EXPECT_TRUE(match("k8s.ns.name = shop and k8s.pod.name = web-7d9", ev));
  EXPECT_TRUE(match("container.label[io.kubernetes.pod.namespace] = shop", ev));
  // As Falco 0.39.2: k8s.* need the pod sandbox id; pod labels leave out the pod's identity.
  EXPECT_TRUE(match("k8s.pod.sandbox_id = 9a8b7c6d5e4f and k8s.pod.labels = 'app:web'", ev));
  EXPECT_TRUE(match("k8s.pod.label[app] = web and k8s.pod.ip = 0.0.0.0 and container.ip = 0.0.0.0", ev));
  EXPECT_TRUE(match("container.healthcheck = NONE and container.mounts = ''", ev));
}

TEST_F(FieldsTest, FsPathResolvesAgainstCwdAndDirfd) {
  scap::EventBuilder b;
  state_.apply(openat("/var/tmp", 1 | (1u << 10)));  // fd 3: a directory
  const auto& unlinkat = b.begin(scap::EventType::SyscallUnlinkat_2X, 300, 20)
                             .num<int64_t>(0)
                             .num<int64_t>(3)
                             .str("old.log")
                             .num<uint32_t>(0)
                             .view();
  EXPECT_TRUE(match("fs.path.name = /var/tmp/old.log and fs.path.nameraw = old.log", unlinkat));
  const auto& rename =
      b.begin(scap::EventType::SyscallRenameX, 301, 20).num<int64_t>(0).str("a.txt").str("/tmp/b.txt").view();
  EXPECT_TRUE(match("fs.path.source = /home/alice/a.txt and fs.path.target = /tmp/b.txt", rename));
}

}  // namespace
}  // namespace saker::query

namespace saker::query {
namespace {

// What libsinsp answers where the state has gaps, checked against its reader on the shared
// captures (tests/conformance); each case on a small capture.
TEST_F(FieldsTest, LibsAnswersForUnknownThreadsAndContainerEvents) {
  const auto& close =
      b_.begin(scap::EventType::SyscallCloseX, 300, 777).num<int64_t>(0).num<int64_t>(3).view();
  EXPECT_TRUE(match("proc.pid = -1 and thread.ismain = false and proc.cwd = ./", close));
  EXPECT_TRUE(match("user.uid = 4294967295 and group.gid = 4294967295", close));
  EXPECT_FALSE(match("proc.duration exists or proc.vpid exists or thread.vtid exists", close));
  EXPECT_FALSE(match("proc.ppid exists or proc.pname exists", close));
  // A container metadata event has no thread: no process, no user.
  scap::EventBuilder c;
  const auto& container =
      c.begin(scap::EventType::ContainerJson_2E, 301, 0).str("{\"container\":{\"id\":\"abc\"}}").view();
  EXPECT_FALSE(match("proc.name exists or user.name exists or user.uid exists", container));
}

TEST_F(FieldsTest, LibsAncestryGoesByProcesses) {
  // A thread of bash (21): its process and ancestors are bash's, whoever created it.
  const auto& clone = test::clone_exit(b_, 400, 21, 0, 20, 10, (1u << 13) | (1u << 0));
  state_.apply(clone);
  const auto& ev = b_.begin(scap::EventType::SyscallCloseX, 401, 21).num<int64_t>(0).num<int64_t>(9).view();
  EXPECT_TRUE(
      match("proc.aname[0] = bash and proc.apid[0] = 20 and proc.pname = sshd and proc.ppid = 10", ev));
  EXPECT_TRUE(match("proc.aname[2] = systemd and thread.ismain = false and proc.cwd = /home/alice/", ev));
  EXPECT_TRUE(match("proc.sname = sshd and proc.exepath = /usr/bin/bash", ev));
  // The clone gave uid 0, which the user table lacks: libsinsp names it root anyway.
  EXPECT_TRUE(
      match("user.name = root and user.homedir = /root and proc.duration = 1",
            b_.begin(scap::EventType::SyscallCloseX, 401, 21).num<int64_t>(0).num<int64_t>(9).view()));
}

TEST_F(FieldsTest, LibsFdAnswersWithoutAnEntryAndForSocketsWithoutARole) {
  // mmap of no fd (-1): libsinsp's fd fields still answer.
  const auto& mmap = b_.begin(scap::EventType::SyscallMmapX, 500, 20)
                         .num<int64_t>(0x7f0000000000)
                         .num<uint32_t>(0)
                         .num<uint32_t>(0)
                         .num<uint32_t>(0)
                         .num<uint64_t>(0)
                         .num<uint64_t>(4096)
                         .num<uint32_t>(0)
                         .num<uint32_t>(0)
                         .num<int64_t>(-1)
                         .num<uint64_t>(0)
                         .view();
  EXPECT_TRUE(match("fd.num = -1 and fd.typechar = o and fd.directory = / and fd.nameraw = ''", mmap));
  EXPECT_FALSE(match("fd.type exists or fd.filename exists", mmap));
  // socket() before connect: no addresses, ports or protocol yet.
  const auto& socket = test::tcp_socket_exit(b_, 501, 20, 4);
  EXPECT_TRUE(match("fd.num = 4 and fd.type = ipv4 and fd.nameraw = ''", socket));
  EXPECT_FALSE(match("fd.cip exists or fd.sip exists or fd.sport exists or fd.l4proto exists", socket));
  // A failed connect changes nothing; one in progress connects.
  static const uint8_t tuple[13] = {2, 10, 0, 0, 5, 0x10, 0x27, 10, 0, 0, 5, 80, 0};  // to itself
  const auto& refused = b_.begin(scap::EventType::SocketConnectX, 502, 20)
                            .num<int64_t>(-111)
                            .bytes(tuple, sizeof tuple)
                            .num<int64_t>(4)
                            .view();
  EXPECT_TRUE(match("fd.name = '' and fd.connected = false and fd.name_changed = false", refused));
  const auto& pending = b_.begin(scap::EventType::SocketConnectX, 503, 20)
                            .num<int64_t>(-115)
                            .bytes(tuple, sizeof tuple)
                            .num<int64_t>(4)
                            .view();
  EXPECT_TRUE(match("fd.name = '10.0.0.5:10000->10.0.0.5:80' and fd.connected = true", pending));
}

TEST_F(FieldsTest, LibsLocalEndIsTheClientWhenItsAddressIsAnInterface) {
  scap::Metadata m = state_.snapshot();
  scap::Interface eth0;
  eth0.name = "eth0";
  eth0.addr = {10, 0, 0, 5};
  m.interfaces = {eth0};
  state_.load(m);
  const auto& ev = connect();
  EXPECT_TRUE(
      match("fd.lport = 10000 and fd.rport = 443 and fd.lip = 10.0.0.5 and fd.rip = 198.51.100.7", ev));
}

TEST_F(FieldsTest, LibsIsServerForALocalServerEnd) {
  scap::Metadata m = state_.snapshot();
  scap::Interface lo;
  lo.name = "eth0";
  lo.addr = {10, 0, 0, 5};
  m.interfaces = {lo};
  state_.load(m);
  state_.apply(test::tcp_socket_exit(b_, 600, 20, 4));
  static const uint8_t tuple[13] = {2, 10, 0, 0, 9, 0x10, 0x27, 10, 0, 0, 5, 80, 0};  // -> 10.0.0.5:80
  EXPECT_TRUE(match("fd.is_server = true", b_.begin(scap::EventType::SocketConnectX, 601, 20)
                                               .num<int64_t>(0)
                                               .bytes(tuple, sizeof tuple)
                                               .num<int64_t>(4)
                                               .view()));
}

}  // namespace
// As libs' read and write parsers: a datagram's tuple names an unconnected socket (its unknown
// end taken from the interface that reaches the other), gives it a role, and renames a bound
// server socket by the tuple as the event gives it.
TEST_F(FieldsTest, DatagramTuplesNameAndOrientSockets) {
  scap::Metadata m = state_.snapshot();
  scap::Interface lo;
  lo.name = "lo";
  lo.addr = {127, 0, 0, 1};
  lo.netmask = {255, 0, 0, 0};
  m.interfaces = {lo};
  state_.load(m);
  auto udp_socket = [&](uint64_t ts, int64_t fd) -> const scap::EventView& {
    return test::inet_socket_exit(b_, ts, 20, fd, 2);
  };
  auto sendto = [&](uint64_t ts, int64_t fd, const uint8_t* tuple) -> const scap::EventView& {
    return b_.begin(scap::EventType::SocketSendtoX, ts, 20)
        .num<int64_t>(4)
        .bytes("ping", 4)
        .num<int64_t>(fd)
        .num<uint32_t>(4)
        .bytes(tuple, 13)
        .view();
  };
  // 0.0.0.0:40000 -> 127.0.0.1:53
  static const uint8_t out[13] = {2, 0, 0, 0, 0, 0x40, 0x9c, 127, 0, 0, 1, 53, 0};
  EXPECT_TRUE(match("fd.type = ipv4 and not fd.sip exists and not fd.l4proto exists", udp_socket(600, 5)));
  EXPECT_TRUE(
      match("fd.name = '127.0.0.1:40000->127.0.0.1:53' and fd.cport = 40000 and fd.sport = 53 and "
            "fd.connected = true and fd.name_changed = true",
            sendto(601, 5, out)));
  EXPECT_TRUE(
      match("fd.name = '127.0.0.1:40000->127.0.0.1:53' and fd.name_changed = false", sendto(602, 5, out)));
  // A send on an fd whose socket() the capture missed: a UDP socket.
  EXPECT_TRUE(match("fd.num = 9 and fd.l4proto = udp and fd.name = '127.0.0.1:40000->127.0.0.1:53'",
                    sendto(603, 9, out)));
  // A server bound to 127.0.0.1:53 receives: libs names it by the tuple as it reads.
  state_.apply(udp_socket(604, 6));
  static const uint8_t addr[7] = {2, 127, 0, 0, 1, 53, 0};
  EXPECT_TRUE(match(
      "fd.type = ipv4 and fd.name = '127.0.0.1:53' and fd.name_changed = true",
      b_.begin(scap::EventType::SocketBindX, 605, 20).num<int64_t>(0).bytes(addr, 7).num<int64_t>(6).view()));
  static const uint8_t in[13] = {2, 127, 0, 0, 1, 53, 0, 127, 0, 0, 1, 0x40, 0x9c};
  const auto& recv = b_.begin(scap::EventType::SocketRecvfromX, 606, 20)
                         .num<int64_t>(4)
                         .bytes("ping", 4)
                         .bytes(in, 13)
                         .num<int64_t>(6)
                         .num<uint32_t>(64)
                         .view();
  EXPECT_TRUE(
      match("fd.name = '127.0.0.1:53->127.0.0.1:40000' and fd.cport = 53 and fd.connected = false", recv));
}

}  // namespace saker::query
