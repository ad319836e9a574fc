/* loadgen: a tight loop of one kind of system call, for the probe's benchmarks and loss test.
 *   loadgen open N      N × (openat + close) of /etc/hostname  (4 traced events each)
 *   loadgen enoent N    N × openat of a missing path           (2 traced events each)
 *   loadgen getppid N   N × getppid                            (not traced: the hook's cost only)
 * Prints "<ns per iteration> <iterations> <pid>". */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: loadgen open|enoent|getppid N\n");
    return 2;
  }
  long n = atol(argv[2]);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  if (!strcmp(argv[1], "open")) {
    for (long i = 0; i < n; i++) {
      int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);
      if (fd >= 0) close(fd);
    }
  } else if (!strcmp(argv[1], "enoent")) {
    for (long i = 0; i < n; i++) openat(AT_FDCWD, "/nonexistent/lanner-loadgen", O_RDONLY);
  } else {
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (double)n;
  printf("%.1f %ld %d\n", ns, n, getpid());
  return 0;
}
