// One libFuzzer program per harness: CMake compiles this file with SAKER_FUZZ_RUN set to
// the harness function (fuzz/harness/harness.h).
#include "harness/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return saker::fuzz::SAKER_FUZZ_RUN(data, size);
}
