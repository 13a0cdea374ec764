// A loopback TCP exchange for the live capture tests: listens on 127.0.0.1 (an ephemeral
// port), forks a client that connects and sends "ping", accepts, replies "pong". Prints
// "SERVER_PORT CLIENT_PORT".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main() {
  int srv = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (srv < 0 || bind(srv, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(srv, 1) != 0 ||
      getsockname(srv, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return 1;
  pid_t child = fork();
  if (child == 0) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) _exit(1);
    sockaddr_in local{};
    socklen_t llen = sizeof local;
    getsockname(c, reinterpret_cast<sockaddr*>(&local), &llen);
    std::printf("%u %u\n", ntohs(addr.sin_port), ntohs(local.sin_port));
    std::fflush(stdout);
    if (write(c, "ping", 4) != 4) _exit(1);
    char buf[4];
    if (read(c, buf, 4) != 4) _exit(1);
    close(c);
    _exit(0);
  }
  int conn = accept(srv, nullptr, nullptr);
  char buf[4];
  if (conn < 0 || read(conn, buf, 4) != 4 || write(conn, "pong", 4) != 4) return 1;
  close(conn);
  int st = 0;
  waitpid(child, &st, 0);
  close(srv);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
