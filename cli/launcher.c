/* saker: the command users run. For the subcommands that read whole captures it sets glibc's
   allocator settings (GLIBC_TUNABLES: glibc reads them only when a program starts) and runs
   saker-core, the program itself, from the same folder. A start through this small launcher
   costs about 3 ms; saker-core starting itself a second time cost 25 ms (its 43 libraries
   loaded and relocated again), more than the whole work on a small capture. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "saker/replay/allocator_tunables.h"

static int heavy(const char* cmd) {
  static const char* const kHeavy[] = {"print", "convert", "replay", "index", "query", "search", "slice"};
  for (size_t i = 0; i < sizeof kHeavy / sizeof kHeavy[0]; ++i)
    if (strcmp(cmd, kHeavy[i]) == 0) return 1;
  return 0;
}

int main(int argc, char** argv) {
  char core[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", core, sizeof core - 1);
  if (n <= 0) {
    fprintf(stderr, "saker: cannot find its own program file: %s\n", strerror(errno));
    return 127;
  }
  core[n] = '\0';
  char* slash = strrchr(core, '/');
  const char kCore[] = "saker-core";
  if (!slash || (size_t)(slash + 1 - core) + sizeof kCore > sizeof core) {
    fprintf(stderr, "saker: program path too long: %s\n", core);
    return 127;
  }
  memcpy(slash + 1, kCore, sizeof kCore);
  if (argc >= 2 && heavy(argv[1]) && !getenv("GLIBC_TUNABLES") && !getenv("SAKER_NO_ALLOCATOR_TUNING")) {
    setenv("GLIBC_TUNABLES", SAKER_TUNABLES, 1);
    setenv(SAKER_TUNED_MARKER, "1", 1);
  }
  execv(core, argv);
  fprintf(stderr, "saker: cannot run %s: %s\n", core, strerror(errno));
  return 127;
}
