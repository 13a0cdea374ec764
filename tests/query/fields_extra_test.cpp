// The libs fields added beyond the first field classes (fields_*_extra.cpp, fields_fdlist),
// their resource state (ThreadUsage), and the `saker fields` listing with docs/fields.md.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "capture_builders.h"
#include "saker/query/field.h"
#include "saker/query/fields_command.h"
#include "saker/query/filter.h"
#include "saker/query/output_format.h"
#include "saker/replay/state.h"
#include "saker/scap/event_table.h"
#include "test_paths.h"

namespace saker::query {
namespace {

class FieldsExtraTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scap::Metadata m;
    scap::ThreadEntry init, sshd, bash, worker;
    init.tid = init.pid = 1;
    init.comm = "systemd";
    init.exe = "/sbin/init";
    init.env = std::string("HOME=/\0LANG=C\0", 14);
    sshd.tid = sshd.pid = 10;
    sshd.ptid = 1;
    sshd.comm = "sshd";
    sshd.exe = "/usr/sbin/sshd";
    sshd.args = std::string("-D\0", 3);
    sshd.env = std::string("LANG=en_US\0", 11);
    bash.tid = bash.pid = 20;
    bash.ptid = 10;
    bash.sid = 20, bash.vpid = 20, bash.vtid = 20, bash.vpgid = 20, bash.pgid = 20;
    bash.comm = "bash";
    bash.exe = "-bash";
    bash.exepath = "/usr/bin/bash";
    bash.args = std::string("-l\0x y\0", 7);
    bash.env = std::string("HOME=/home/alice\0PATH=/usr/bin:/bin\0", 36);
    bash.cgroups = std::string("cpu=/user.slice\0memory=/user.slice/x\0", 37);
    bash.fdlimit = 1024;
    bash.vmsize_kb = 8000, bash.vmrss_kb = 3000, bash.vmswap_kb = 7;
    bash.pfmajor = 2, bash.pfminor = 100;
    worker = bash;
    worker.tid = 21;
    worker.env.clear();
    m.threads = {init, sshd, bash, worker};
    scap::FdTable fds;
    fds.tid = 20;
    scap::FdEntry tty;
    tty.fd = 0, tty.type = scap::FdType::FileV2, tty.name = "/dev/pts/0";
    fds.fds = {tty};
    m.fd_tables = {fds};
    state_.load(m);
  }

  // The rendered value of `field` for `ev` ("<NA>" when it has none).
  std::string value(std::string_view field, const scap::EventView& ev, bool apply = true) {
    if (apply) state_.apply(ev);
    EvalContext ctx;
    ctx.ev = &ev;
    ctx.state = &state_;
    auto f = OutputFormat::compile("*%" + std::string(field));
    std::string out;
    f.render(ctx, out);
    return out;
  }
  const scap::EventView& openat(int64_t tid, int64_t fd, const std::string& path) {
    return b_.begin(scap::EventType::SyscallOpenat_2X, ++ts_, tid)
        .num<int64_t>(fd)
        .num<int64_t>(-100)
        .str(path)
        .num<uint32_t>(1)
        .num<uint32_t>(0)
        .num<uint32_t>(0x803)
        .num<uint64_t>(77)
        .view();
  }

  replay::State state_;
  scap::EventBuilder b_;
  uint64_t ts_ = 1000;
};

TEST_F(FieldsExtraTest, AncestorsEnvironmentAndGroups) {
  const auto& ev = openat(20, 3, "/etc/passwd");
  EXPECT_EQ(value("proc.aexe[1]", ev), "/usr/sbin/sshd");
  EXPECT_EQ(value("proc.aexe", ev, false), "/usr/sbin/sshd /sbin/init");
  EXPECT_EQ(value("proc.acmdline[1]", ev, false), "sshd -D");
  EXPECT_EQ(value("proc.aargs[1]", ev, false), "-D");
  EXPECT_EQ(value("proc.env", ev, false), "HOME=/home/alice PATH=/usr/bin:/bin");
  EXPECT_EQ(value("proc.env[HOME]", ev, false), "/home/alice");
  EXPECT_EQ(value("proc.env[NOPE]", ev, false), "");
  EXPECT_EQ(value("proc.aenv[LANG]", ev, false), "en_US");
  EXPECT_EQ(value("proc.aenv[1]", ev, false), "LANG=en_US");
  EXPECT_EQ(value("proc.cmdnargs", ev, false), "2");
  EXPECT_EQ(value("proc.cmdlenargs", ev, false), "5");
  EXPECT_EQ(value("proc.exeline", ev, false), "-bash -l x y");
  EXPECT_EQ(value("proc.loginshellid", ev, false), "20");
  EXPECT_EQ(value("proc.vpgid.name", ev, false), "bash");
  EXPECT_EQ(value("proc.pgid.exepath", ev, false), "/usr/bin/bash");
  EXPECT_EQ(value("proc.is_vpgid_leader", ev, false), "true");
  EXPECT_EQ(value("proc.is_sid_leader", ev, false), "true");
  EXPECT_EQ(value("proc.pvpid", ev, false), "-1");
  EXPECT_EQ(value("thread.nametid", ev, false), "bash20");
  // A non-main thread reads its process's environment.
  const auto& other = openat(21, 4, "/etc/hosts");
  EXPECT_EQ(value("proc.env[PATH]", other), "/usr/bin:/bin");
}

TEST_F(FieldsExtraTest, ResourcesFromTheProcessListAndEvents) {
  const auto& ev = openat(20, 3, "/etc/passwd");
  EXPECT_EQ(value("proc.vmsize", ev), "8000");
  EXPECT_EQ(value("proc.vmrss", ev, false), "3000");
  EXPECT_EQ(value("proc.vmswap", ev, false), "7");
  EXPECT_EQ(value("thread.vmrss.b", ev, false), "3072000");
  EXPECT_EQ(value("thread.pfminor", ev, false), "100");
  EXPECT_EQ(value("proc.fdlimit", ev, false), "1024");
  EXPECT_EQ(value("proc.fdopencount", ev, false), "2");
  EXPECT_EQ(value("proc.fdusage", ev, false), "0.2");
  EXPECT_EQ(value("proc.nthreads", ev, false), "2");
  EXPECT_EQ(value("proc.nchilds", ev, false), "1");
  EXPECT_EQ(value("proc.stdin.name", ev, false), "/dev/pts/0");
  EXPECT_EQ(value("proc.stdin.type", ev, false), "file");
  EXPECT_EQ(value("thread.cgroups", ev, false), "cpu=/user.slice memory=/user.slice/x");
  EXPECT_EQ(value("thread.cgroup.memory", ev, false), "/user.slice/x");
  EXPECT_EQ(value("thread.vmsize", openat(21, 5, "/x")), "0");  // not the main thread

  // brk's exit updates the memory figures; setrlimit(NOFILE) the limit.
  const auto& brk = b_.begin(scap::EventType::SyscallBrk_4X, ++ts_, 20)
                        .num<uint64_t>(0x1000)
                        .num<uint32_t>(9000)
                        .num<uint32_t>(3500)
                        .num<uint32_t>(0)
                        .num<uint64_t>(0)
                        .view();
  EXPECT_EQ(value("proc.vmsize", brk), "9000");
  EXPECT_EQ(value("proc.vmrss", brk, false), "3500");
  const auto& rl = b_.begin(scap::EventType::SyscallSetrlimitX, ++ts_, 20)
                       .num<int64_t>(0)
                       .num<int64_t>(4096)
                       .num<int64_t>(4096)
                       .num<uint8_t>(7)
                       .view();
  EXPECT_EQ(value("proc.fdlimit", rl), "4096");
  std::string saved;
  state_.save(saved);
  replay::State copy;
  copy.restore(saved);
  EXPECT_EQ(copy.thread(20)->fdlimit, 4096);
  EXPECT_EQ(copy.thread(20)->usage.vmsize_kb, 9000u);
}

TEST_F(FieldsExtraTest, EventFields) {
  const auto& first = openat(20, 3, "/etc/passwd");
  EXPECT_EQ(value("evt.deltatime", first), "0");
  const auto& second = openat(20, 4, "/etc/group");
  EXPECT_EQ(value("evt.deltatime", second), "1");
  EXPECT_EQ(value("evt.deltatime.ns", second, false), "000000001");
  EXPECT_EQ(value("evt.count.exit", second, false), "1");
  EXPECT_EQ(value("evt.count.error", second, false), "0");
  EXPECT_EQ(value("evt.count.error.file", second, false), "0");
  EXPECT_EQ(value("evt.count.error.net", second, false), "<NA>");
  EXPECT_EQ(value("evt.latency.human", second, false), "0ns");
  EXPECT_EQ(value("evt.type.is.openat", second, false), "1");
  EXPECT_EQ(value("evt.type.is.read", second, false), "0");
  EXPECT_EQ(value("evt.source", second, false), "syscall");
  EXPECT_EQ(value("evt.is_async", second, false), "false");
  EXPECT_EQ(value("evt.io_dir", second, false), "<NA>");
  EXPECT_EQ(value("evt.time.iso8601", second, false), "1970-01-01T00:00:00.000001002+0000");
  EXPECT_EQ(value("evt.abspath", second, false), "/etc/group");
}

// libs' evt.around[T] = D keeps the events within D ms of T; util.cnt counts per use.
TEST_F(FieldsExtraTest, AroundAndCounter) {
  const auto& ev = openat(20, 3, "/etc/passwd");  // ts 1001
  state_.apply(ev);
  EvalContext ctx;
  ctx.ev = &ev;
  ctx.state = &state_;
  EXPECT_TRUE(Filter::compile("evt.around[1001] = 0").matches(ctx));
  EXPECT_TRUE(Filter::compile("evt.around[1001001] = 1").matches(ctx));
  EXPECT_FALSE(Filter::compile("evt.around[1001002] = 1").matches(ctx));
  EXPECT_FALSE(Filter::compile("evt.around[3000000] = 1").matches(ctx));
  EXPECT_THROW(Filter::compile("evt.around[1001] > 1"), SyntaxError);
  EXPECT_EQ(value("evt.around[2000001]", ev, false), "2");
  auto f = OutputFormat::compile("%util.cnt %util.cnt");
  std::string out;
  f.render(ctx, out);
  out += ' ';
  f.render(ctx, out);
  EXPECT_EQ(out, "1 1 2 2");
}

TEST_F(FieldsExtraTest, FdFields) {
  const auto& ev = openat(20, 3, "/etc/passwd");
  EXPECT_EQ(value("fd.uid", ev), "203");
  EXPECT_EQ(value("fd.containername", ev, false), ":/etc/passwd");
  EXPECT_EQ(value("fd.containerdirectory", ev, false), ":/etc");
  EXPECT_EQ(value("fd.dev", ev, false), "803");
  EXPECT_EQ(value("fd.dev.major", ev, false), "8");
  EXPECT_EQ(value("fd.dev.minor", ev, false), "3");
  EXPECT_EQ(value("fd.types", ev, false), "(file)");
  EXPECT_EQ(value("fd.types[0]", ev, false), "file");
  EXPECT_EQ(value("fd.sockfamily", ev, false), "<NA>");
  EXPECT_EQ(value("fd.is_upper_layer", ev, false), "false");
  const auto& sock = test::tcp_socket_exit(b_, ++ts_, 20, 5);
  EXPECT_EQ(value("fd.sockfamily", sock), "ip");
}

TEST(FieldsListing, JsonNamesTypesAndPrefix) {
  auto all = nlohmann::json::parse(format_fields({"", true}));
  ASSERT_GT(all.size(), 250u);
  bool saw_env = false;
  for (const auto& f : all) {
    ASSERT_TRUE(f.contains("name") && f.contains("type") && f.contains("desc") && f.contains("arg") &&
                f.contains("class"));
    if (f["name"] == "proc.env") {
      saw_env = true;
      EXPECT_EQ(f["arg"], "index_or_name");
      EXPECT_EQ(f["class"], "process");
    }
  }
  EXPECT_TRUE(saw_env);
  auto fdlist = nlohmann::json::parse(format_fields({"fdlist.", true}));
  EXPECT_EQ(fdlist.size(), 6u);
  std::string text = format_fields({"fd.s", false});
  EXPECT_NE(text.find("Field class: fd"), std::string::npos);
  EXPECT_NE(text.find("fd.sockfamily"), std::string::npos);
  EXPECT_EQ(text.find("proc."), std::string::npos);
}

TEST(FieldsListing, EveryNameResolves) {
  for (const FieldDef* f : all_fields()) {
    FieldRef r;
    std::string err;
    std::string text(f->name);
    if ((f->arg == FieldArg::Name || f->arg == FieldArg::IndexOrName) && !f->arg_optional) text += "[x]";
    EXPECT_TRUE(resolve_field(text, r, err)) << text << ": " << err;
  }
}

// docs/fields.md holds the listing; regenerate it with scripts/gen_fields_doc.sh when fields change.
TEST(FieldsListing, DocsPageIsCurrent) {
  std::ifstream in(test::samples_dir() / ".." / "docs" / "fields.md");
  ASSERT_TRUE(in) << "docs/fields.md is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  auto begin = doc.find("```\n");
  auto end = doc.rfind("```");
  ASSERT_NE(begin, std::string::npos);
  EXPECT_EQ(doc.substr(begin + 4, end - begin - 4), format_fields({}))
      << "docs/fields.md is stale: run scripts/gen_fields_doc.sh";
}

}  // namespace
}  // namespace saker::query
