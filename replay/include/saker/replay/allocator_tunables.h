/* glibc's allocator settings for the programs that read whole captures (docs/decisions.md,
   "The heavy subcommands run with glibc's huge-page and keep-freed-memory settings"): the
   launcher (cli/launcher.c) sets them for saker-core's heavy subcommands, saker-inspector for
   itself; the program removes them from its environment again (allocator_tuning.h). Plain C:
   the launcher includes it. */
#ifndef SAKER_REPLAY_ALLOCATOR_TUNABLES_H
#define SAKER_REPLAY_ALLOCATOR_TUNABLES_H

#define SAKER_TUNABLES                                                                                    \
  "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=17179869184" \
  ":glibc.malloc.top_pad=4194304"
#define SAKER_TUNED_MARKER "SAKER_ALLOCATOR_TUNED"

#endif
