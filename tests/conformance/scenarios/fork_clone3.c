// fork, vfork, clone3 (a process and a thread), pthreads that open files, a process whose
// main thread exits before its other thread.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void* worker(void* arg) {
  int fd = open((const char*)arg, O_RDONLY);
  char b[16];
  if (fd >= 0) read(fd, b, sizeof b), close(fd);
  return NULL;
}

static void* lingering(void* arg) {
  (void)arg;
  usleep(50000);
  int fd = open("/etc/hostname", O_RDONLY);
  close(fd);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, "/etc/passwd");
  pthread_create(&t2, NULL, worker, "/etc/group");
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);

  pid_t p = fork();
  if (p == 0) {
    worker("/etc/os-release");
    _exit(3);
  }
  waitpid(p, NULL, 0);

  p = vfork();
  if (p == 0) {
    execl("/bin/true", "true", "from-vfork", (char*)NULL);
    _exit(127);
  }
  waitpid(p, NULL, 0);

  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.exit_signal = SIGCHLD;
  long c = syscall(SYS_clone3, &ca, sizeof ca);
  if (c == 0) {
    worker("/etc/hosts");
    syscall(SYS_exit, 0);
  }
  if (c > 0) waitpid((pid_t)c, NULL, 0);

  // A child whose main thread exits first (pthread_exit), its thread lives on.
  p = fork();
  if (p == 0) {
    pthread_t t;
    pthread_create(&t, NULL, lingering, NULL);
    pthread_exit(NULL);
  }
  waitpid(p, NULL, 0);
  return 0;
}
