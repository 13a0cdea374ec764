// execveat: by a directory fd and a relative path, by an fd with AT_EMPTY_PATH, and a failing
// one; then execve of a script through its interpreter.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static void run(int dirfd, const char* path, int flags, char* const argv[]) {
  pid_t p = fork();
  if (p == 0) {
    syscall(SYS_execveat, dirfd, path, argv, environ, flags);
    _exit(127);
  }
  waitpid(p, NULL, 0);
}

int main(void) {
  int bin = open("/usr/bin", O_RDONLY | O_DIRECTORY);
  char* a1[] = {"echo", "execveat-by-dirfd", NULL};
  run(bin, "echo", 0, a1);
  int exe = open("/usr/bin/true", O_RDONLY);
  char* a2[] = {"true", "execveat-empty-path", NULL};
  run(exe, "", AT_EMPTY_PATH, a2);
  char* a3[] = {"missing", NULL};
  run(bin, "no-such-program", 0, a3);  // fails: ENOENT
  char* a4[] = {"script", NULL};
  run(AT_FDCWD, "/tmp/saker-scenarios/script.sh", 0, a4);
  close(exe);
  close(bin);
  return 0;
}
