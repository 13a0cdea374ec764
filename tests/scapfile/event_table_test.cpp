#include <gtest/gtest.h>

#include <set>

#include "saker/scap/event_table.h"

namespace saker::scap {
namespace {

const NameValue* find_flag(const ParamInfo& p, std::string_view name) {
  for (const auto& nv : p.flags)
    if (nv.name == name) return &nv;
  return nullptr;
}

TEST(EventTable, CoversEveryIdWithPairedDirections) {
  auto table = event_table();
  ASSERT_EQ(table.size(), kEventTypeCount);
  for (uint16_t t = 0; t < kEventTypeCount; t += 2) {
    // Enter and exit of a pair share a name unless one side is an unused slot.
    const auto &e = table[t], &x = table[t + 1];
    if (!(e.flags & kUnused) && !(x.flags & kUnused)) {
      EXPECT_EQ(e.name, x.name) << t;
    }
  }
}

TEST(EventTable, OpenAndExecveLayouts) {
  const auto& open_x = event_info(EventType::SyscallOpenX);
  EXPECT_EQ(open_x.name, "open");
  ASSERT_EQ(open_x.params.size(), 6u);
  EXPECT_EQ(open_x.params[2].name, "flags");
  EXPECT_EQ(open_x.params[2].type, ParamType::Flags32);
  const auto* rdonly = find_flag(open_x.params[2], "O_RDONLY");
  ASSERT_NE(rdonly, nullptr);
  EXPECT_EQ(rdonly->value, 1u);  // PPM encoding, not Linux's 0
  ASSERT_NE(find_flag(open_x.params[2], "O_CLOEXEC"), nullptr);
  EXPECT_EQ(find_flag(open_x.params[2], "O_CLOEXEC")->value, 1u << 12);
  EXPECT_EQ(open_x.params[3].format, PrintFormat::Oct);  // mode

  const auto& exec_x = event_info(EventType::SyscallExecve_19X);
  EXPECT_EQ(exec_x.name, "execve");
  EXPECT_EQ(exec_x.params.size(), 31u);
  EXPECT_EQ(exec_x.nparams_2022, 20);
  EXPECT_EQ(exec_x.params.back().name, "filename");
  EXPECT_EQ(event_info(EventType::SyscallClone3X).name, "clone3");
  EXPECT_EQ(event_info(EventType::SyscallClone3X).params.size(), 21u);
}

TEST(EventTable, FlagsAndPayloadWidths) {
  EXPECT_TRUE(event_info(EventType::ContainerJson_2E).flags & kLargePayload);
  EXPECT_EQ(length_width(event_info(EventType::ContainerJson_2E)), 4u);
  EXPECT_EQ(length_width(event_info(EventType::SyscallOpenX)), 2u);
  EXPECT_TRUE(event_info(EventType::ContainerJsonE).flags & kOldVersion);
  EXPECT_FALSE(event_info(EventType::ContainerJsonE).flags & kLargePayload);  // its lengths stayed 16-bit
  EXPECT_TRUE(event_info(EventType::ProcexitX).flags & kUnused);
  EXPECT_EQ(event_info(EventType::SyscallPrctlE).nparams_2022, kUnknownTo2022);
}

TEST(EventTable, RelativePathsKnowTheirDirfd) {
  const auto& openat_x = event_info(EventType::SyscallOpenat_2X);
  ASSERT_GE(openat_x.params.size(), 3u);
  EXPECT_EQ(openat_x.params[2].type, ParamType::FsRelPath);
  EXPECT_EQ(openat_x.params[2].dirfd_index, 1);
  EXPECT_EQ(openat_x.params[1].name, "dirfd");
}

TEST(EventTable, DynamicParametersListTheirAlternatives) {
  const auto& ptrace_x = event_info(EventType::SyscallPtraceX);
  ASSERT_GE(ptrace_x.params.size(), 3u);
  EXPECT_EQ(ptrace_x.params[1].name, "addr");
  EXPECT_EQ(ptrace_x.params[1].type, ParamType::Dyn);
  ASSERT_EQ(ptrace_x.params[1].dynamic.size(), 2u);
  EXPECT_EQ(ptrace_x.params[1].dynamic[0].type, ParamType::Uint64);
  EXPECT_EQ(ptrace_x.params[1].dynamic[1].type, ParamType::SigType);
}

TEST(EventTable, TypeNamesFollowLibsEnumNames) {
  EXPECT_EQ(event_info(EventType::SyscallOpenE).enum_name, "PPME_SYSCALL_OPEN_E");
  EXPECT_EQ(event_info(EventType::SyscallExecve_19X).enum_name, "PPME_SYSCALL_EXECVE_19_X");
  EXPECT_EQ(event_info(EventType::SocketAccept4_6E).enum_name, "PPME_SOCKET_ACCEPT4_6_E");
}

TEST(EventTable, CompatIdsAreOlderIdsOfTheSameDirection) {
  EXPECT_EQ(event_info(EventType::SyscallDup2X).compat_id, EventType::SyscallDupX);
  EXPECT_EQ(event_info(EventType::SocketAccept4_6E).compat_id, EventType::SocketAccept4_5E);
  EXPECT_EQ(event_info(EventType::SyscallOpenX).compat_id, EventType::SyscallOpenX);
  EXPECT_EQ(event_info(EventType::SyscallPrctlE).compat_id, EventType::SyscallPrctlE);  // none older
  auto table = event_table();
  for (uint16_t t = 0; t < kEventTypeCount; ++t) {
    const uint16_t compat = type_id(table[t].compat_id);
    if (compat == t) continue;
    EXPECT_LT(compat, kEventTypeCount2022) << t;
    EXPECT_EQ(is_enter(compat), is_enter(t)) << t;
  }
}

TEST(EventTable, SyscallNamesAndUnknownIds) {
  EXPECT_EQ(syscall_name(3), "read");
  EXPECT_EQ(syscall_name(60000), "");
  EXPECT_EQ(event_info(9999).name, "unknown");  // an id past the table
  EXPECT_TRUE(event_info(9999).params.empty());
}

}  // namespace
}  // namespace saker::scap
