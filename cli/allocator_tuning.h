// Allocator settings for the heavy subcommands (docs/decisions.md, "The heavy subcommands run
// with glibc's huge-page and keep-freed-memory settings").
#pragma once

namespace saker::cli {

// For print, convert, replay, index, search and slice: when GLIBC_TUNABLES is not set,
// re-executes the program once with glibc's malloc backing its heap with transparent huge
// pages and keeping freed memory (glibc reads these settings only at process start). Removes
// the settings from the environment of the re-executed process, so that nothing it starts
// inherits them. Returns when there is nothing to do or the re-execution fails.
// SAKER_NO_ALLOCATOR_TUNING=1 turns it off.
void tune_allocator(int argc, char** argv);

}  // namespace saker::cli
