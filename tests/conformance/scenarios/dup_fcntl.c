// The dup family and fcntl's F_DUPFD/F_DUPFD_CLOEXEC on a file, a socket and a pipe, then
// writes through the copies (fd.name of the new fds).
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  int f = open("/tmp/saker-scenarios/dup-target.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  int a = dup(f);
  write(a, "via dup\n", 8);
  dup2(f, 20);
  write(20, "via dup2\n", 9);
  dup3(f, 21, O_CLOEXEC);
  write(21, "via dup3\n", 9);
  int b = fcntl(f, F_DUPFD, 30);
  write(b, "via F_DUPFD\n", 12);
  int c = fcntl(f, F_DUPFD_CLOEXEC, 40);
  write(c, "via F_DUPFD_CLOEXEC\n", 20);
  fcntl(c, F_SETFD, 0);
  fcntl(c, F_GETFL);
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int s2 = dup(s);
  int p[2];
  pipe(p);
  dup2(p[1], 22);
  write(22, "x", 1);
  dup2(s2, 20);  // replaces the file copy at 20
  close(s);
  close(s2);
  close(20);
  close(21);
  close(22);
  close(p[0]);
  close(p[1]);
  close(a);
  close(b);
  close(c);
  close(f);
  return 0;
}
