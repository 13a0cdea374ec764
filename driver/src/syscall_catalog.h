// The syscalls with a dedicated scap event: what the kernel captures for each and how the
// record becomes the event's parameters.
#pragma once

#include <span>
#include <string_view>

#include "event_out.h"
#include "raw_record.h"

namespace saker::driver {

using EncodeFn = void (*)(const RawRecord&, EventOut&);

struct Encoding {
  std::string_view syscall;  // kernel name (unistd_64.h)
  std::string_view event;    // scap event name; the newest exit event of that name is written
  saker_sc_spec spec;
  EncodeFn encode;
};

std::span<const Encoding> encodings();
const Encoding* find_encoding(std::string_view syscall);

// syscall number <-> name for this architecture.
std::string_view syscall_name_of(uint32_t nr);
int syscall_nr_of(std::string_view name);  // -1 when unknown

}  // namespace saker::driver
