// Root dropping to nobody through the setuid families: setgroups, setresgid, setresuid, then
// a child that uses setgid/setuid and setreuid/setregid, and a failing setuid back to root.
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t p = fork();
  if (p == 0) {
    gid_t g = 65534;
    setgroups(1, &g);
    setresgid(65534, 65534, 65534);
    setresuid(65534, 65534, 65534);
    int fd = open("/etc/passwd", O_RDONLY);  // as nobody
    close(fd);
    setuid(0);  // fails: EPERM
    execl("/usr/bin/id", "id", (char*)NULL);
    _exit(127);
  }
  waitpid(p, NULL, 0);
  p = fork();
  if (p == 0) {
    setregid(65534, 65534);
    setgid(65534);
    setreuid(65534, 65534);
    setuid(65534);
    open("/etc/shadow", O_RDONLY);  // fails: EACCES
    _exit(0);
  }
  waitpid(p, NULL, 0);
  // setfsuid/setfsgid and a saved-uid dance in the parent, which stays root.
  setresuid(0, 65534, 0);
  setresuid(0, 0, 0);
  return 0;
}
