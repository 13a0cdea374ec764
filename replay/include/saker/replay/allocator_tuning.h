// Allocator settings for the heavy subcommands (docs/decisions.md, "The heavy subcommands run
// with glibc's huge-page and keep-freed-memory settings").
#pragma once

namespace saker::replay {

// The launcher (cli/launcher.c) starts saker-core with glibc's malloc backing its heap with
// transparent huge pages and keeping freed memory, for print, convert, replay, index, search
// and slice. Those settings are in effect once the program runs; this removes them from its
// environment, so that nothing it starts inherits them.
void forget_allocator_tuning();

// For a program that sets them itself (saker-inspector): unless GLIBC_TUNABLES is set already
// or SAKER_NO_ALLOCATOR_TUNING=1, sets them and executes the program again (/proc/self/exe,
// same arguments); returns only when it did not (already tuned, switched off, or exec
// failed). Call first in main, before anything else starts.
void restart_with_allocator_tuning(char** argv);

// Whether this process runs with the settings (set by a launcher or a restart).
bool allocator_tuned();

}  // namespace saker::replay
