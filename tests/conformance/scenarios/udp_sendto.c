// UDP over loopback: sendto/recvfrom between two sockets, a connected UDP socket with
// send/recv, sendmsg/recvmsg with an address.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  struct sockaddr_in srv = {.sin_family = AF_INET, .sin_port = htons(47811)};
  srv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  bind(s, (struct sockaddr*)&srv, sizeof srv);
  int c = socket(AF_INET, SOCK_DGRAM, 0);
  sendto(c, "datagram one", 12, 0, (struct sockaddr*)&srv, sizeof srv);
  char buf[64];
  struct sockaddr_in from;
  socklen_t fl = sizeof from;
  ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr*)&from, &fl);
  sendto(s, buf, (size_t)n, 0, (struct sockaddr*)&from, fl);
  recvfrom(c, buf, sizeof buf, 0, NULL, NULL);
  // connected
  connect(c, (struct sockaddr*)&srv, sizeof srv);
  send(c, "connected", 9, 0);
  fl = sizeof from;
  recvfrom(s, buf, sizeof buf, 0, (struct sockaddr*)&from, &fl);
  // sendmsg / recvmsg
  struct iovec iov = {.iov_base = "via sendmsg", .iov_len = 11};
  struct msghdr mh = {.msg_name = &from, .msg_namelen = fl, .msg_iov = &iov, .msg_iovlen = 1};
  sendmsg(s, &mh, 0);
  struct iovec riov = {.iov_base = buf, .iov_len = sizeof buf};
  struct sockaddr_in peer;
  struct msghdr rh = {.msg_name = &peer, .msg_namelen = sizeof peer, .msg_iov = &riov, .msg_iovlen = 1};
  recvmsg(c, &rh, 0);
  close(c);
  close(s);
  return 0;
}
