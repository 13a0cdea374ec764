// Allocator settings for the heavy subcommands (docs/decisions.md, "The heavy subcommands run
// with glibc's huge-page and keep-freed-memory settings").
#pragma once

namespace saker::cli {

// The launcher (cli/launcher.c) starts saker-core with glibc's malloc backing its heap with
// transparent huge pages and keeping freed memory, for print, convert, replay, index, search
// and slice. Those settings are in effect once the program runs; this removes them from its
// environment, so that nothing it starts inherits them.
void forget_allocator_tuning();

}  // namespace saker::cli
