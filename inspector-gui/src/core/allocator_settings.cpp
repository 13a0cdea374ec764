#include "allocator_settings.h"

#include <malloc.h>

#include <climits>

namespace saker::inspector {

bool keep_freed_memory() {
  // 32 MiB is the most mallopt takes for the mapping threshold on 64-bit systems; a pass's
  // tables and buffers below it stay in the heap, and the heap is trimmed only past 2 GiB free.
  const bool mapped = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
  const bool trimmed = mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
  return mapped && trimmed;
}

}  // namespace saker::inspector
