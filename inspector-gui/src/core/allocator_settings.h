// glibc's allocator settings for the inspector's whole-capture passes (docs/decisions.md, "The
// heavy subcommands run with glibc's huge-page and keep-freed-memory settings").
#pragma once

namespace saker::inspector {

// First thing in main: starts the program again with glibc's huge-page and keep-freed-memory
// settings (replay::restart_with_allocator_tuning), then removes them from the environment so
// nothing the inspector starts inherits them. Where the restart cannot happen, keeps freed
// memory at least (mallopt). Nothing with SAKER_NO_ALLOCATOR_TUNING=1, or when the user set
// GLIBC_TUNABLES.
void tune_allocator(char** argv);

}  // namespace saker::inspector
