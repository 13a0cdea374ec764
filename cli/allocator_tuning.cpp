#include "allocator_tuning.h"

#include <cstdlib>
#include <string_view>

#include "allocator_tunables.h"

namespace saker::cli {

void forget_allocator_tuning() {
  if (!std::getenv(SAKER_TUNED_MARKER)) return;
  ::unsetenv(SAKER_TUNED_MARKER);
  if (const char* t = std::getenv("GLIBC_TUNABLES"); t && std::string_view(t) == SAKER_TUNABLES)
    ::unsetenv("GLIBC_TUNABLES");
}

}  // namespace saker::cli
