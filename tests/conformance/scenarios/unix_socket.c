// A server and a client over a unix stream socket (a named one and an abstract one), data
// both ways, plus a socketpair; the server accepts with accept4.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void serve_once(int lfd) {
  int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
  char buf[64];
  ssize_t n = recv(c, buf, sizeof buf, 0);
  if (n > 0) send(c, buf, (size_t)n, 0);
  close(c);
}

static void run(struct sockaddr_un* sa, socklen_t len) {
  int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (bind(lfd, (struct sockaddr*)sa, len) != 0 || listen(lfd, 4) != 0) {
    perror("bind/listen");
    _exit(1);
  }
  pid_t p = fork();
  if (p == 0) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr*)sa, len) != 0) _exit(1);
    write(c, "ping over unix", 14);
    char buf[64];
    read(c, buf, sizeof buf);
    close(c);
    _exit(0);
  }
  serve_once(lfd);
  waitpid(p, NULL, 0);
  close(lfd);
}

int main(void) {
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  strcpy(sa.sun_path, "/tmp/saker-scenarios/unix.sock");
  unlink(sa.sun_path);
  run(&sa, sizeof sa);
  unlink(sa.sun_path);
  // Abstract name: a leading NUL.
  struct sockaddr_un ab = {.sun_family = AF_UNIX};
  memcpy(ab.sun_path, "\0saker-abstract", 15);
  run(&ab, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 15));
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  write(sv[0], "pair", 4);
  char b[8];
  read(sv[1], b, sizeof b);
  close(sv[0]);
  close(sv[1]);
  return 0;
}
