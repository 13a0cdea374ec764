// A loopback TCP server accepting two clients (accept and accept4), data both ways; an IPv6
// loopback connection too.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int listen_on(int family, struct sockaddr* sa, socklen_t len) {
  int l = socket(family, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(l, sa, len) != 0 || listen(l, 4) != 0) {
    perror("bind/listen");
    _exit(1);
  }
  return l;
}

static void client(int family, struct sockaddr* sa, socklen_t len, const char* msg) {
  int c = socket(family, SOCK_STREAM, 0);
  if (connect(c, sa, len) != 0) _exit(1);
  send(c, msg, strlen(msg), 0);
  char buf[64];
  recv(c, buf, sizeof buf, 0);
  close(c);
}

static void server_side(int l, int use_accept4) {
  struct sockaddr_storage peer;
  socklen_t pl = sizeof peer;
  int s = use_accept4 ? accept4(l, (struct sockaddr*)&peer, &pl, SOCK_CLOEXEC)
                      : accept(l, (struct sockaddr*)&peer, &pl);
  char buf[64];
  ssize_t n = read(s, buf, sizeof buf);
  if (n > 0) write(s, "pong", 4);
  close(s);
}

int main(void) {
  struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(47801)};
  a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int l4 = listen_on(AF_INET, (struct sockaddr*)&a4, sizeof a4);
  for (int i = 0; i < 2; ++i) {
    pid_t p = fork();
    if (p == 0) {
      client(AF_INET, (struct sockaddr*)&a4, sizeof a4, i ? "second hello" : "hello server");
      _exit(0);
    }
    server_side(l4, i);
    waitpid(p, NULL, 0);
  }
  close(l4);
  struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(47802), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  int l6 = listen_on(AF_INET6, (struct sockaddr*)&a6, sizeof a6);
  pid_t p = fork();
  if (p == 0) {
    client(AF_INET6, (struct sockaddr*)&a6, sizeof a6, "hello over v6");
    _exit(0);
  }
  server_side(l6, 1);
  waitpid(p, NULL, 0);
  close(l6);
  return 0;
}
