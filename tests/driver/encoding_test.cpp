// Every dedicated encoder writes exactly the parameters of its event's table row, with the
// sizes of the fixed-size types, whatever the kernel managed to capture.
#include <gtest/gtest.h>

#include <vector>

#include "event_out.h"
#include "raw_record.h"
#include "saker/driver/flag_conversions.h"
#include "saker/driver/syscalls.h"
#include "saker/scap/event_table.h"
#include "syscall_catalog.h"

namespace saker::driver {
namespace {

uint16_t newest_exit(std::string_view name) {
  uint16_t best = 0;
  auto t = scap::event_table();
  for (size_t id = 1; id < t.size(); id += 2)
    if (t[id].name == name) best = static_cast<uint16_t>(id);
  return best;
}

std::vector<uint8_t> record(bool with_chunks) {
  saker_raw_hdr h{};
  h.kind = SAKER_RAW_SYSCALL;
  h.tid = h.tgid = 42;
  h.ret = 3;
  for (auto& a : h.args) a = 1;
  std::vector<uint8_t> out(sizeof h);
  auto add = [&](uint16_t tag, const void* p, size_t n) {
    saker_chunk_hdr c{tag, static_cast<uint16_t>(n)};
    auto* b = reinterpret_cast<const uint8_t*>(&c);
    out.insert(out.end(), b, b + sizeof c);
    out.insert(out.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
  };
  if (with_chunks) {
    for (int i = 0; i < 6; ++i) add(SAKER_CH_STR0 + i, "/etc/x", 7);
    add(SAKER_CH_DATA, "hello", 5);
    uint8_t sa[16] = {2, 0, 0x1f, 0x90, 127, 0, 0, 1};
    add(SAKER_CH_SOCKADDR, sa, sizeof sa);
    saker_sock s{};
    s.family = 2;
    s.sport = 1234;
    s.dport = 80;
    add(SAKER_CH_TUPLE, &s, sizeof s);
    saker_file f{};
    f.ino = 7;
    f.fmode = 0x100000;
    add(SAKER_CH_FILE, &f, sizeof f);
    saker_proc p{};
    p.tid = p.pid = 42;
    add(SAKER_CH_PROC, &p, sizeof p);
    add(SAKER_CH_ARGS, "cat\0/etc/shadow", 16);
    add(SAKER_CH_ENV, "A=1", 4);
    add(SAKER_CH_EXEPATH, "cat\0bin\0usr", 12);
    add(SAKER_CH_CGROUP, "x.scope\0system.slice", 21);
    uint64_t mem[8] = {0};
    add(SAKER_CH_MEM, mem, 24);
    add(SAKER_CH_CWD, "tmp", 4);
  }
  h.len = static_cast<uint32_t>(out.size());
  std::memcpy(out.data(), &h, sizeof h);
  return out;
}

TEST(DriverEncoding, EveryEncoderMatchesItsTableRow) {
  for (bool chunks : {true, false}) {
    auto bytes = record(chunks);
    RawRecord r;
    ASSERT_TRUE(r.parse(bytes.data(), bytes.size()));
    for (const auto& enc : encodings()) {
      SCOPED_TRACE(std::string(enc.syscall) + (chunks ? " with chunks" : " bare"));
      ASSERT_TRUE(is_syscall(enc.syscall));
      uint16_t id = newest_exit(enc.event);
      ASSERT_NE(id, 0) << "no exit event named " << enc.event;
      scap::EventBuilder b;
      b.begin(id, 1, 42, 0);
      EventOut out(b);
      enc.encode(r, out);
      const auto& ev = b.view();
      const auto& info = scap::event_info(id);
      ASSERT_EQ(ev.nparams, info.params.size());
      for (uint32_t i = 0; i < ev.nparams; ++i) {
        uint32_t want = scap::fixed_param_size(info.params[i].type);
        if (want) {
          EXPECT_EQ(ev.params[i].len, want) << "parameter " << info.params[i].name;
        }
      }
    }
  }
}

TEST(DriverEncoding, MalformedRecordsAreRejected) {
  auto bytes = record(true);
  RawRecord r;
  EXPECT_FALSE(r.parse(bytes.data(), sizeof(saker_raw_hdr) - 1));
  // A chunk claiming more bytes than the record holds.
  auto bad = bytes;
  saker_chunk_hdr c{SAKER_CH_DATA, 60000};
  std::memcpy(bad.data() + sizeof(saker_raw_hdr), &c, sizeof c);
  EXPECT_FALSE(r.parse(bad.data(), bad.size()));
  // A header length past what was received.
  EXPECT_FALSE(r.parse(bytes.data(), bytes.size() - 1));
}

TEST(DriverEncoding, ExecPathsAreJoinedFromTheRoot) {
  auto bytes = record(true);
  RawRecord r;
  ASSERT_TRUE(r.parse(bytes.data(), bytes.size()));
  scap::EventBuilder b;
  b.begin(newest_exit("execve"), 1, 42, 0);
  EventOut out(b);
  find_encoding("execve")->encode(r, out);
  const auto& ev = b.view();
  auto str = [&](std::string_view name) {
    const scap::Param* p = ev.param(name);
    return p ? std::string(reinterpret_cast<const char*>(p->data),
                           strnlen(reinterpret_cast<const char*>(p->data), p->len))
             : std::string();
  };
  EXPECT_EQ(str("exe"), "cat");
  EXPECT_EQ(str("args"), "/etc/shadow");
  EXPECT_EQ(str("trusted_exepath"), "/usr/bin/cat");
  EXPECT_EQ(str("cwd"), "/tmp");
  EXPECT_EQ(str("cgroups"), "cpuset=/system.slice/x.scope");
}

TEST(DriverFlags, KernelFlagsBecomeScapFlags) {
  EXPECT_EQ(open_flags_to_scap(0), 1u);                              // O_RDONLY
  EXPECT_EQ(open_flags_to_scap(01 | 0100 | 01000), 2u | 4u | 256u);  // WRONLY|CREAT|TRUNC
  EXPECT_EQ(open_flags_to_scap(02000000, false), 4096u);             // CLOEXEC, no access mode
  EXPECT_EQ(clone_flags_to_scap(0x10000 | 0x100), 8192u | 32768u);   // THREAD|VM
  EXPECT_EQ(encode_dev((8u << 20) | 1), 0x801u);
}

TEST(DriverSyscalls, NamesAndEvents) {
  EXPECT_TRUE(is_syscall("openat"));
  EXPECT_FALSE(is_syscall("no_such_call"));
  EXPECT_EQ(event_name_for("pread64"), "pread");
  EXPECT_EQ(event_name_for("getpid"), "syscall");
  EXPECT_EQ(syscalls_for_event("pread"), std::vector<std::string_view>{"pread64"});
  for (auto s : state_syscalls()) EXPECT_TRUE(has_dedicated_event(s)) << s;
}

}  // namespace
}  // namespace saker::driver
