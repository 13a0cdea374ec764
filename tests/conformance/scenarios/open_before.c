// Opens a file, a listening TCP socket with an accepted connection, a UDP socket, a unix
// socket pair, a named unix server with a connected client and a pipe, then writes on each
// every 200 ms for SECONDS (argv[1]): its fds exist before a recording started meanwhile.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int secs = argc > 1 ? atoi(argv[1]) : 5;
  int file = open("/tmp/saker-scenarios/before.log", O_CREAT | O_WRONLY | O_APPEND | O_TRUNC, 0644);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(47821)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int l = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bind(l, (struct sockaddr*)&a, sizeof a);
  listen(l, 4);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, (struct sockaddr*)&a, sizeof a);
  int s = accept(l, NULL, NULL);
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in ua = {.sin_family = AF_INET, .sin_port = htons(47822)};
  ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(u, (struct sockaddr*)&ua, sizeof ua);
  int sp[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
  struct sockaddr_un un = {.sun_family = AF_UNIX};
  strcpy(un.sun_path, "/tmp/saker-scenarios/before.sock");
  unlink(un.sun_path);
  int ul = socket(AF_UNIX, SOCK_STREAM, 0);
  bind(ul, (struct sockaddr*)&un, sizeof un);
  listen(ul, 4);
  int uc = socket(AF_UNIX, SOCK_STREAM, 0);
  connect(uc, (struct sockaddr*)&un, sizeof un);
  int us = accept(ul, NULL, NULL);
  int p[2];
  pipe(p);
  char buf[64];
  for (int i = 0; i < secs * 5; ++i) {
    write(file, "tick\n", 5);
    write(c, "c2s", 3);
    read(s, buf, sizeof buf);
    write(s, "s2c", 3);
    read(c, buf, sizeof buf);
    sendto(u, "self", 4, 0, (struct sockaddr*)&ua, sizeof ua);
    recvfrom(u, buf, sizeof buf, 0, NULL, NULL);
    write(sp[0], "pair", 4);
    read(sp[1], buf, sizeof buf);
    write(uc, "unix", 4);
    read(us, buf, sizeof buf);
    write(p[1], "pipe", 4);
    read(p[0], buf, sizeof buf);
    usleep(200000);
  }
  unlink(un.sun_path);
  return 0;
}
