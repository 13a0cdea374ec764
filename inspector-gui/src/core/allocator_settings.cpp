#include "allocator_settings.h"

#include <malloc.h>

#include <climits>
#include <cstdlib>

#include "saker/replay/allocator_tunables.h"
#include "saker/replay/allocator_tuning.h"

namespace saker::inspector {

void tune_allocator(char** argv) {
  if (std::getenv("SAKER_NO_ALLOCATOR_TUNING")) return;
  const bool users = std::getenv("GLIBC_TUNABLES") && !std::getenv(SAKER_TUNED_MARKER);
  replay::restart_with_allocator_tuning(argv);
  replay::forget_allocator_tuning();
  if (replay::allocator_tuned() || users) return;
  // The restart failed: the keep-freed-memory part through mallopt (32 MiB is the most it
  // takes for the mapping threshold on 64-bit systems), without huge pages.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
}

}  // namespace saker::inspector
