#include "saker/scap/generic_syscall.h"

#include <iterator>

#include "saker/scap/event_table.h"

namespace saker::scap {

namespace {
#include "native_syscalls_data.inc"
}  // namespace

uint16_t ppm_sc_of_native(uint32_t nr) {
  return nr < std::size(kPpmScOfNative) ? kPpmScOfNative[nr] : 0;
}

uint16_t generic_syscall_code(const EventView& ev) {
  if (!is_generic_syscall(ev.event_type())) return 0;
  if (ev.nparams == 0 || ev.params[0].len < sizeof(uint16_t)) return 0;
  uint16_t code = ev.params[0].as<uint16_t>();
  if (code == 0 && ev.nparams > 1 && ev.params[1].len >= sizeof(uint16_t))
    code = ppm_sc_of_native(ev.params[1].as<uint16_t>());
  return code;
}

std::string_view generic_syscall_name(const EventView& ev) {
  if (!is_generic_syscall(ev.event_type())) return {};
  uint16_t code = generic_syscall_code(ev);
  if (code == 0) return "<unknown>";
  auto name = syscall_name(code);
  return name.empty() ? std::string_view("<unknown>") : name;
}

}  // namespace saker::scap
