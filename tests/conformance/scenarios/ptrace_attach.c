// ptrace: a child that asks to be traced (PTRACE_TRACEME) and is stepped through exec; a
// second child attached with PTRACE_ATTACH, peeked and detached; PTRACE_SEIZE on a third.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t p = fork();
  if (p == 0) {
    ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    execl("/usr/bin/true", "true", "traced", (char*)NULL);
    _exit(127);
  }
  int st;
  waitpid(p, &st, 0);  // stopped at exec
  struct user_regs_struct regs;
  ptrace(PTRACE_GETREGS, p, NULL, &regs);
  ptrace(PTRACE_CONT, p, NULL, NULL);
  waitpid(p, &st, 0);

  pid_t q = fork();
  if (q == 0) {
    for (;;) pause();
  }
  usleep(20000);
  ptrace(PTRACE_ATTACH, q, NULL, NULL);
  waitpid(q, &st, 0);
  ptrace(PTRACE_PEEKUSER, q, NULL, NULL);
  ptrace(PTRACE_DETACH, q, NULL, NULL);
  pid_t r = fork();
  if (r == 0) {
    for (;;) pause();
  }
  usleep(20000);
  ptrace(PTRACE_SEIZE, r, NULL, (void*)PTRACE_O_TRACEEXIT);
  ptrace(PTRACE_INTERRUPT, r, NULL, NULL);
  waitpid(r, &st, 0);
  ptrace(PTRACE_DETACH, r, NULL, NULL);
  kill(q, SIGKILL);
  kill(r, SIGKILL);
  waitpid(q, NULL, 0);
  waitpid(r, NULL, 0);
  return 0;
}
