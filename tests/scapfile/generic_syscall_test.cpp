// Names of generic syscall events, as current libs give them (sinsp_filtercheck_event.cpp).
#include "saker/scap/generic_syscall.h"

#include <gtest/gtest.h>

#include "saker/scap/event_table.h"

namespace saker::scap {
namespace {

struct GenericEvent {
  uint16_t codes[2];
  EventView ev;
  GenericEvent(EventType type, uint16_t ppm_sc, int native) : codes{ppm_sc, static_cast<uint16_t>(native)} {
    ev.type = type_id(type);
    ev.info = &event_info(type);
    ev.nparams = native < 0 ? 1 : 2;
    for (uint32_t i = 0; i < ev.nparams; ++i)
      ev.params[i] = Param{reinterpret_cast<const uint8_t*>(&codes[i]), sizeof(uint16_t)};
  }
};

TEST(GenericSyscall, NativeNumbersMapToPpmScCodesByName) {
  EXPECT_EQ(syscall_name(ppm_sc_of_native(0)), "read");
  EXPECT_EQ(syscall_name(ppm_sc_of_native(334)), "rseq");
  EXPECT_EQ(syscall_name(ppm_sc_of_native(221)), "fadvise64");
  EXPECT_EQ(syscall_name(ppm_sc_of_native(462)), "mseal");
  EXPECT_EQ(ppm_sc_of_native(65535), 0);
}

TEST(GenericSyscall, TheIdParameterNamesTheEvent) {
  GenericEvent g(EventType::GenericX, 3, 0);
  EXPECT_EQ(generic_syscall_name(g.ev), "read");
}

TEST(GenericSyscall, CodeZeroFallsBackToTheNativeNumber) {
  GenericEvent g(EventType::GenericX, 0, 334);
  EXPECT_EQ(generic_syscall_code(g.ev), ppm_sc_of_native(334));
  EXPECT_EQ(generic_syscall_name(g.ev), "rseq");
}

TEST(GenericSyscall, UnknownWithoutANativeNumberOrAMappedOne) {
  EXPECT_EQ(generic_syscall_name(GenericEvent(EventType::GenericX, 0, -1).ev), "<unknown>");
  EXPECT_EQ(generic_syscall_name(GenericEvent(EventType::GenericX, 0, 60000).ev), "<unknown>");
}

TEST(GenericSyscall, OtherEventsHaveNoSyscallName) {
  GenericEvent g(EventType::GenericX, 3, 0);
  g.ev.type = type_id(EventType::SyscallOpenX);
  g.ev.info = &event_info(g.ev.type);
  EXPECT_EQ(generic_syscall_code(g.ev), 0);
  EXPECT_EQ(generic_syscall_name(g.ev), "");
}

}  // namespace
}  // namespace saker::scap
