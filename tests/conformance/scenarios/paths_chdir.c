// chdir/fchdir and relative paths; *at calls with directory fds; rename/renameat/renameat2,
// unlink/unlinkat, symlink/symlinkat, link/linkat, mkdir/mkdirat, rmdir, chmod, fchmodat,
// opens through a symlink and "..".
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  const char* base = "/tmp/saker-scenarios/tree";
  mkdir(base, 0755);
  chdir(base);
  mkdir("a", 0755);
  mkdir("a/b", 0755);
  int fd = open("a/b/file.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(fd, "relative\n", 9);
  close(fd);
  chdir("a");
  fd = open("b/file.txt", O_RDONLY);
  close(fd);
  chdir("..");
  int dir = open("a/b", O_RDONLY | O_DIRECTORY);
  fchdir(dir);
  fd = open("../../a/b/./file.txt", O_RDONLY);
  close(fd);
  fd = openat(dir, "at-file.txt", O_CREAT | O_WRONLY, 0600);
  close(fd);
  rename("file.txt", "renamed.txt");
  renameat(dir, "at-file.txt", AT_FDCWD, "../at-renamed.txt");
  renameat2(AT_FDCWD, "renamed.txt", dir, "../renamed2.txt", RENAME_NOREPLACE);
  symlink("renamed2.txt", "../link-to-renamed");
  symlinkat("/etc/hostname", dir, "abs-link");
  link("../renamed2.txt", "hardlink.txt");
  linkat(dir, "hardlink.txt", AT_FDCWD, "hardlink2.txt", 0);
  fd = open("abs-link", O_RDONLY);
  close(fd);
  mkdirat(dir, "sub", 0700);
  chmod("hardlink.txt", 0600);
  fchmodat(dir, "hardlink2.txt", 0640, 0);
  unlink("hardlink.txt");
  unlinkat(dir, "hardlink2.txt", 0);
  unlinkat(dir, "sub", AT_REMOVEDIR);
  unlink("abs-link");
  unlink("../link-to-renamed");
  unlink("../renamed2.txt");
  unlink("../at-renamed.txt");
  chdir("/tmp/saker-scenarios");
  rmdir("tree/a/b");
  rmdir("tree/a");
  rmdir("tree");
  close(dir);
  return 0;
}
