// Kernel flag values to the PPM encodings scap parameters use (scapfile/data/flags.tsv).
#pragma once

#include <cstdint>

namespace saker::driver {

uint32_t open_flags_to_scap(uint32_t kflags, bool with_access_mode = true);
uint32_t clone_flags_to_scap(uint64_t kflags);
uint8_t fcntl_cmd_to_scap(uint32_t cmd);
uint16_t ptrace_request_to_scap(uint32_t req);
uint32_t socket_type_flags_to_scap(uint32_t type);
// Kernel dev_t (major << 20 | minor) to the userspace encoding libs store.
uint32_t encode_dev(uint32_t kdev);

}  // namespace saker::driver
