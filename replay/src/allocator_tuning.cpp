#include "saker/replay/allocator_tuning.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "saker/replay/allocator_tunables.h"

namespace saker::replay {

namespace {
bool tuned = false;
}  // namespace

bool allocator_tuned() {
  return tuned || std::getenv(SAKER_TUNED_MARKER) != nullptr;
}

void restart_with_allocator_tuning(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") || std::getenv("SAKER_NO_ALLOCATOR_TUNING")) return;
  ::setenv("GLIBC_TUNABLES", SAKER_TUNABLES, 1);
  ::setenv(SAKER_TUNED_MARKER, "1", 1);
  ::execv("/proc/self/exe", argv);
  ::unsetenv("GLIBC_TUNABLES");  // the exec failed: run on without them
  ::unsetenv(SAKER_TUNED_MARKER);
}

void forget_allocator_tuning() {
  if (!std::getenv(SAKER_TUNED_MARKER)) return;
  tuned = true;
  ::unsetenv(SAKER_TUNED_MARKER);
  if (const char* t = std::getenv("GLIBC_TUNABLES"); t && std::string_view(t) == SAKER_TUNABLES)
    ::unsetenv("GLIBC_TUNABLES");
}

}  // namespace saker::replay
