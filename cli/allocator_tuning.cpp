#include "allocator_tuning.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string_view>

namespace saker::cli {

namespace {

constexpr const char* kTunables =
    "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=17179869184";
constexpr const char* kMarker = "SAKER_ALLOCATOR_TUNED";
constexpr std::string_view kHeavy[] = {"print", "convert", "replay", "index", "search", "slice"};

}  // namespace

void tune_allocator(int argc, char** argv) {
  if (std::getenv(kMarker)) {  // the second start: the settings are in effect
    ::unsetenv(kMarker);
    if (const char* t = std::getenv("GLIBC_TUNABLES"); t && std::string_view(t) == kTunables)
      ::unsetenv("GLIBC_TUNABLES");
    return;
  }
  if (argc < 2 || std::getenv("GLIBC_TUNABLES") || std::getenv("SAKER_NO_ALLOCATOR_TUNING")) return;
  if (std::find(std::begin(kHeavy), std::end(kHeavy), std::string_view(argv[1])) == std::end(kHeavy)) return;
  ::setenv("GLIBC_TUNABLES", kTunables, 1);
  ::setenv(kMarker, "1", 1);
  ::execv("/proc/self/exe", argv);
  ::unsetenv("GLIBC_TUNABLES");  // not re-executed: run as started
  ::unsetenv(kMarker);
}

}  // namespace saker::cli
