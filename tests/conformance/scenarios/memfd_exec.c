// memfd_create, the contents of /usr/bin/true copied in, then fexecve (execveat with
// AT_EMPTY_PATH on the memfd) and an exec of /proc/self/fd/N.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(void) {
  int src = open("/usr/bin/true", O_RDONLY);
  struct stat st;
  fstat(src, &st);
  int m = memfd_create("payload", MFD_CLOEXEC);
  char buf[65536];
  ssize_t n;
  while ((n = read(src, buf, sizeof buf)) > 0) write(m, buf, (size_t)n);
  close(src);
  pid_t p = fork();
  if (p == 0) {
    char* argv[] = {"payload", "from-memfd", NULL};
    fexecve(m, argv, environ);
    _exit(127);
  }
  waitpid(p, NULL, 0);
  int m2 = memfd_create("second", 0);
  lseek(m, 0, SEEK_SET);
  while ((n = read(m, buf, sizeof buf)) > 0) write(m2, buf, (size_t)n);
  p = fork();
  if (p == 0) {
    char path[32];
    snprintf(path, sizeof path, "/proc/self/fd/%d", m2);
    execl(path, "second", (char*)NULL);
    _exit(127);
  }
  waitpid(p, NULL, 0);
  return 0;
}
