// The syscall a generic event stands for. A generic event carries the syscall's PPM_SC code and,
// since 2022, its native number; a writer whose libs did not know the syscall wrote code 0, and
// current libs then name the event by its native number (x86_64 numbers: captures are replayed
// on the architecture they were written on).
#pragma once

#include <cstdint>
#include <string_view>

#include "saker/scap/event.h"

namespace saker::scap {

// The PPM_SC code of an x86_64 syscall number; 0 for numbers without one.
uint16_t ppm_sc_of_native(uint32_t nr);

// The PPM_SC code of a generic syscall event (0: unknown); 0 for other events.
uint16_t generic_syscall_code(const EventView& ev);

// libs' name of a generic syscall event: its syscall's name, "<unknown>" for code 0 (as sysdig
// and libs print it); empty for other events.
std::string_view generic_syscall_name(const EventView& ev);

}  // namespace saker::scap
