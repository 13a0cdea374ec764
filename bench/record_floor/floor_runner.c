/* Runs a command with one program of floor.bpf.c attached to sys_exit (selecting only the
 * command's process) and a consumer draining the ring on this thread; prints the command's
 * CPU time in ms. PROGRAM "none" runs it with nothing attached.
 * Usage: saker-record-floor PROGRAM COMMAND [ARGS...]   (root) */
#include <bpf/libbpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long records;

static int on_record(void* ctx, void* data, size_t size) {
  (void)ctx, (void)data, (void)size;
  records++;
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PROGRAM COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  const char* name = argv[1];
  int go[2];
  if (pipe(go)) return perror("pipe"), 1;
  pid_t child = fork();
  if (child < 0) return perror("fork"), 1;
  if (child == 0) {  // waits until the program is attached
    char c;
    close(go[1]);
    if (read(go[0], &c, 1) != 1) _exit(126);
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  struct ring_buffer* ring = NULL;
  struct bpf_object* obj = NULL;
  struct bpf_link* link = NULL;
  if (strcmp(name, "none") != 0) {
    obj = bpf_object__open_file(SAKER_FLOOR_OBJECT, NULL);
    if (!obj) return perror(SAKER_FLOOR_OBJECT), 1;
    struct bpf_program* prog = bpf_object__find_program_by_name(obj, name);
    if (!prog) return fprintf(stderr, "%s: no program %s\n", SAKER_FLOOR_OBJECT, name), 1;
    struct bpf_program* p;
    bpf_object__for_each_program(p, obj) bpf_program__set_autoload(p, p == prog);
    unsigned tgid = (unsigned)child;
    if (bpf_map__set_initial_value(bpf_object__find_map_by_name(obj, ".rodata"), &tgid, sizeof tgid))
      return fprintf(stderr, "cannot set the target process\n"), 1;
    if (bpf_object__load(obj)) return perror("load"), 1;
    link = bpf_program__attach(prog);
    if (!link) return perror("attach"), 1;
    ring = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "ring")), on_record, NULL, NULL);
    if (!ring) return perror("ring"), 1;
  }
  if (write(go[1], "x", 1) != 1) return perror("write"), 1;
  int status;
  struct rusage ru;
  for (;;) {  // drain every 0.5 ms: the records are submitted without wakeups
    if (ring) ring_buffer__consume(ring);
    if (wait4(child, &status, WNOHANG, &ru) == child) break;
    usleep(500);
  }
  if (ring) ring_buffer__consume(ring);
  ring_buffer__free(ring);
  bpf_link__destroy(link);
  bpf_object__close(obj);
  printf("%.2f\n",
         (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
  fprintf(stderr, "%s: %lu records\n", name, records);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
