// mmap of files: a shared writable mapping of a new file, a private read-only mapping of
// /etc/passwd, mprotect, msync, munmap; an anonymous mapping for contrast.
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  int fd = open("/tmp/saker-scenarios/mapped.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  ftruncate(fd, 8192);
  char* p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  memcpy(p, "written through a mapping", 25);
  msync(p, 8192, MS_SYNC);
  munmap(p, 8192);
  close(fd);
  int ro = open("/etc/passwd", O_RDONLY);
  char* q = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, ro, 0);
  volatile char c = q[0];
  (void)c;
  mprotect(q, 4096, PROT_READ | PROT_WRITE);
  munmap(q, 4096);
  close(ro);
  void* anon = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(anon, 65536);
  return 0;
}
