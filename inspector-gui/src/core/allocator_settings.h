// glibc's allocator settings for the inspector's whole-capture passes (docs/decisions.md, "The
// heavy subcommands run with glibc's huge-page and keep-freed-memory settings"; the inspector
// sets the keep-freed-memory part with mallopt, as it cannot re-execute itself cheaply).
#pragma once

namespace saker::inspector {

// Large blocks come from the heap, not fresh mappings, and freed memory is kept for the next
// pass instead of being returned and faulted in again. Call once, before the first pass.
// Returns false when glibc refused a setting.
bool keep_freed_memory();

}  // namespace saker::inspector
