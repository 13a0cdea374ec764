/* glibc's allocator settings for the subcommands that read whole captures (docs/decisions.md,
   "The heavy subcommands run with glibc's huge-page and keep-freed-memory settings"): the
   launcher (launcher.c) sets them, saker-core removes them from its environment again. */
#ifndef SAKER_CLI_ALLOCATOR_TUNABLES_H
#define SAKER_CLI_ALLOCATOR_TUNABLES_H

#define SAKER_TUNABLES \
  "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=17179869184"
#define SAKER_TUNED_MARKER "SAKER_ALLOCATOR_TUNED"

#endif
