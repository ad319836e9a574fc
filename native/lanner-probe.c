/* lanner-probe: loads Lanner's BPF programs, snapshots the running processes and their fds from
 * /proc, and writes a scap stream (section header, machine info, users, process list, fd lists, then
 * one EV_V2 block per event) to stdout or a file. The only privileged piece of Lanner.
 *
 *   lanner-probe [-o FILE] [-d SECONDS] [-s SYSCALL,...] [-b RINGBUF_MIB] [--control] [--check] [--list]
 *
 * Statistics go to stderr once a second as JSON lines: {"type":"stats","events":N,"drops":N,...}.
 * With --control, stdin takes commands, one per line: `syscalls NAME,NAME,...` replaces the
 * kernel-side syscall filter while running (acknowledged with {"type":"syscalls","traced":N}). */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"
#include "probe.skel.h"

/* ---------- the syscalls the probe knows ---------- */

struct sc {
  const char *name;
  int nr;
};
static const struct sc SYSCALLS[] = {
    {"open", 2},          {"close", 3},       {"pipe", 22},       {"dup", 32},         {"dup2", 33},
    {"socket", 41},       {"connect", 42},    {"accept", 43},     {"sendto", 44},      {"recvfrom", 45},
    {"sendmsg", 46},      {"recvmsg", 47},    {"bind", 49},       {"listen", 50},      {"socketpair", 53},
    {"clone", 56},        {"fork", 57},       {"vfork", 58},      {"execve", 59},      {"chdir", 80},
    {"fchdir", 81},       {"rename", 82},     {"mkdir", 83},      {"rmdir", 84},       {"creat", 85},
    {"link", 86},         {"unlink", 87},     {"symlink", 88},    {"chmod", 90},       {"fchmod", 91},
    {"ptrace", 101},      {"setuid", 105},    {"setgid", 106},    {"setresuid", 117},  {"setresgid", 119},
    {"mount", 165},       {"umount2", 166},   {"init_module", 175}, {"unshare", 272},  {"openat", 257},
    {"mkdirat", 258},     {"unlinkat", 263},  {"renameat", 264},  {"linkat", 265},     {"symlinkat", 266},
    {"fchmodat", 268},    {"accept4", 288},   {"dup3", 292},      {"pipe2", 293},      {"setns", 308},
    {"finit_module", 313}, {"renameat2", 316}, {"memfd_create", 319}, {"bpf", 321},    {"execveat", 322},
    {"userfaultfd", 323}, {"clone3", 435},    {"openat2", 437},
};
#define NSYSCALLS (sizeof(SYSCALLS) / sizeof(SYSCALLS[0]))

/* ---------- output buffer ---------- */

static FILE *out;
static uint8_t *obuf;
static size_t olen, ocap = 4 << 20;

static void oflush(void) {
  if (olen && fwrite(obuf, 1, olen, out) != olen) {
    fprintf(stderr, "lanner-probe: write failed: %s\n", strerror(errno));
    exit(1);
  }
  olen = 0;
  fflush(out);
}
static void oput(const void *p, size_t n) {
  if (olen + n > ocap) oflush();
  if (n > ocap) {
    fwrite(p, 1, n, out);
    return;
  }
  memcpy(obuf + olen, p, n);
  olen += n;
}

/* A growable byte buffer for block bodies. */
struct bb {
  uint8_t *p;
  size_t n, cap;
};
static void bb_put(struct bb *b, const void *p, size_t n) {
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 4096;
    b->p = realloc(b->p, b->cap);
    if (!b->p) abort();
  }
  memcpy(b->p + b->n, p, n);
  b->n += n;
}
static void bb_u8(struct bb *b, uint8_t v) { bb_put(b, &v, 1); }
static void bb_u16(struct bb *b, uint16_t v) { bb_put(b, &v, 2); }
static void bb_u32(struct bb *b, uint32_t v) { bb_put(b, &v, 4); }
static void bb_u64(struct bb *b, uint64_t v) { bb_put(b, &v, 8); }
/* Metadata strings: u16 length, bytes, no NUL. */
static void bb_str(struct bb *b, const char *s, size_t n) {
  if (n > 4096) n = 4096;
  bb_u16(b, n);
  bb_put(b, s, n);
}
static void bb_cstr(struct bb *b, const char *s) { bb_str(b, s, strlen(s)); }
static void bb_patch32(struct bb *b, size_t at, uint32_t v) { memcpy(b->p + at, &v, 4); }

static void write_block(uint32_t type, const void *body, size_t n) {
  uint32_t total = 8 + ((n + 3) & ~3u) + 4;
  static const uint8_t zeros[4];
  oput(&type, 4);
  oput(&total, 4);
  oput(body, n);
  oput(zeros, ((n + 3) & ~3u) - n);
  oput(&total, 4);
}

/* ---------- /proc helpers ---------- */

static ssize_t read_file(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = 0, r;
  while ((size_t)n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0) n += r;
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  return n;
}

static unsigned long status_field(const char *status, const char *key, int index) {
  const char *p = strstr(status, key);
  if (!p) return 0;
  p += strlen(key);
  unsigned long v = 0;
  for (int i = 0; i <= index; i++) v = strtoul(p, (char **)&p, 10);
  return v;
}

static uint32_t to_scap_open_flags(unsigned long f) {
  uint32_t r = (f & 3) == 0 ? 1 : (f & 3) == 1 ? 2 : 3;
  if (f & 0100) r |= 4;
  if (f & 02000) r |= 8;
  if (f & 0200) r |= 32;
  if (f & 04000) r |= 64;
  if (f & 01000) r |= 256;
  if (f & 0200000) r |= 1024;
  if (f & 02000000) r |= 4096;
  return r;
}

/* Sockets of the snapshot, by inode, from /proc/PID/net/{tcp,udp,raw}{,6} and /proc/PID/net/unix of one
 * process per network namespace (socket inodes are unique across namespaces). */
struct sockinfo {
  uint64_t ino;
  uint8_t type, l4;          /* scap fd type, SCAP_L4_* */
  uint8_t sip[16], dip[16];  /* IPv4 in the first 4 bytes, as the kernel stores it */
  uint16_t sport, dport;
  uint64_t unix_src;         /* unix: the socket's kernel address */
  char *path;                /* unix: the bound path, or "" */
};
static struct sockinfo *socks;
static size_t nsocks, socks_cap, socks_mask;
static uint32_t *sock_index; /* open addressing: index + 1, 0 empty */

static void sock_add(const struct sockinfo *si) {
  if (nsocks == socks_cap) {
    socks_cap = socks_cap ? socks_cap * 2 : 256;
    socks = realloc(socks, socks_cap * sizeof(*socks));
  }
  socks[nsocks++] = *si;
}

static const struct sockinfo *sock_find(uint64_t ino) {
  if (!sock_index) return NULL;
  for (size_t h = (ino * 0x9E3779B97F4A7C15ull) & socks_mask;; h = (h + 1) & socks_mask) {
    uint32_t i = sock_index[h];
    if (!i) return NULL;
    if (socks[i - 1].ino == ino) return &socks[i - 1];
  }
}

static void hex_bytes(const char *h, uint8_t *out, int n) {
  for (int i = 0; i < n; i++) {
    unsigned v = 0;
    sscanf(h + 2 * i, "%2x", &v);
    out[i] = (uint8_t)v;
  }
}

/* An address as /proc/net prints it: the raw words in host order, so each 32-bit word is swapped. */
static void proc_addr(const char *h, uint8_t *out, int v6) {
  int words = v6 ? 4 : 1;
  for (int w = 0; w < words; w++) {
    uint8_t b[4];
    hex_bytes(h + 8 * w, b, 4);
    for (int i = 0; i < 4; i++) out[4 * w + i] = b[3 - i];
  }
}

static void read_proc_net_inet(int pid, const char *name, uint8_t l4, int v6) {
  char file[64];
  snprintf(file, sizeof(file), "/proc/%d/net/%s", pid, name);
  FILE *f = fopen(file, "r");
  if (!f) return;
  char line[512];
  if (!fgets(line, sizeof(line), f)) { fclose(f); return; }
  while (fgets(line, sizeof(line), f)) {
    char local[64], remote[64];
    unsigned st;
    unsigned long long ino;
    /* sl local rem st tx:rx tr:tm retrnsmt uid timeout inode */
    if (sscanf(line, " %*s %63s %63s %x %*s %*s %*s %*s %*s %llu", local, remote, &st, &ino) != 4 || !ino) continue;
    char *lp = strchr(local, ':'), *rp = strchr(remote, ':');
    if (!lp || !rp) continue;
    struct sockinfo si = {0};
    si.ino = ino;
    si.l4 = l4;
    proc_addr(local, si.sip, v6);
    proc_addr(remote, si.dip, v6);
    si.sport = (uint16_t)strtoul(lp + 1, NULL, 16);
    si.dport = (uint16_t)strtoul(rp + 1, NULL, 16);
    static const uint8_t zero[16];
    /* No peer: a listening (or unconnected) socket, written as a server socket as libscap does. */
    int server = !memcmp(si.dip, zero, v6 ? 16 : 4) && si.dport == 0;
    si.type = v6 ? (server ? 6 : 4) : (server ? 5 : 3);
    si.path = NULL;
    sock_add(&si);
  }
  fclose(f);
}

static void read_proc_net_unix(int pid) {
  char file[64];
  snprintf(file, sizeof(file), "/proc/%d/net/unix", pid);
  FILE *f = fopen(file, "r");
  if (!f) return;
  char line[4608];
  if (!fgets(line, sizeof(line), f)) { fclose(f); return; }
  while (fgets(line, sizeof(line), f)) {
    unsigned long long addr, ino;
    int off = 0;
    /* Num RefCount Protocol Flags Type St Inode [Path] */
    if (sscanf(line, "%llx: %*s %*s %*s %*s %*s %llu%n", &addr, &ino, &off) != 2 || !ino) continue;
    char *p = line + off;
    while (*p == ' ') p++;
    p[strcspn(p, "\n")] = 0;
    struct sockinfo si = {0};
    si.ino = ino;
    si.type = 8;
    si.unix_src = addr;
    si.path = strdup(p);
    sock_add(&si);
  }
  fclose(f);
}

/* The network namespace of a process (the inode of /proc/PID/ns/net), 0 if it cannot be read. */
static uint64_t netns_of(int pid) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
  struct stat st;
  return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static void load_sockets(const int *pids, int np) {
  /* Namespaces are few: a linear list of those read. */
  uint64_t seen[1024];
  int nseen = 0;
  for (int i = -1; i < np; i++) {
    int pid = i < 0 ? getpid() : pids[i];
    uint64_t ns = netns_of(pid);
    if (!ns) continue;
    int known = 0;
    for (int j = 0; j < nseen && !known; j++) known = seen[j] == ns;
    if (known || nseen == 1024) continue;
    seen[nseen++] = ns;
    read_proc_net_inet(pid, "tcp", 2, 0);
    read_proc_net_inet(pid, "udp", 3, 0);
    read_proc_net_inet(pid, "raw", 5, 0);
    read_proc_net_inet(pid, "tcp6", 2, 1);
    read_proc_net_inet(pid, "udp6", 3, 1);
    read_proc_net_inet(pid, "raw6", 5, 1);
    read_proc_net_unix(pid);
  }
  size_t size = 16;
  while (size < nsocks * 2) size <<= 1;
  socks_mask = size - 1;
  sock_index = calloc(size, sizeof(*sock_index));
  for (size_t i = 0; i < nsocks; i++) {
    size_t h = (socks[i].ino * 0x9E3779B97F4A7C15ull) & socks_mask;
    while (sock_index[h]) h = (h + 1) & socks_mask;
    sock_index[h] = (uint32_t)(i + 1);
  }
}

/* A socket's FDL entry body after the type byte, in the layout of its scap fd type. */
static void put_socket(struct bb *b, const struct sockinfo *si) {
  switch (si->type) {
    case 3: /* IPV4_SOCK */
      bb_put(b, si->sip, 4); bb_put(b, si->dip, 4);
      bb_u16(b, si->sport); bb_u16(b, si->dport); bb_u8(b, si->l4);
      break;
    case 5: /* IPV4_SERVSOCK */
      bb_put(b, si->sip, 4); bb_u16(b, si->sport); bb_u8(b, si->l4);
      break;
    case 4: /* IPV6_SOCK */
      bb_put(b, si->sip, 16); bb_put(b, si->dip, 16);
      bb_u16(b, si->sport); bb_u16(b, si->dport); bb_u8(b, si->l4);
      break;
    case 6: /* IPV6_SERVSOCK */
      bb_put(b, si->sip, 16); bb_u16(b, si->sport); bb_u8(b, si->l4);
      break;
    case 8: /* UNIX_SOCK */
      bb_u64(b, si->unix_src); bb_u64(b, 0); bb_cstr(b, si->path ? si->path : "");
      break;
  }
}

/* One process' fd list (FDL_V2): files, directories, pipes, sockets and the anon inodes
 * libsinsp names. */
static void write_fdlist(int pid) {
  char path[64], link[4096], info[512];
  snprintf(path, sizeof(path), "/proc/%d/fd", pid);
  DIR *d = opendir(path);
  if (!d) return;
  struct bb b = {0};
  bb_u64(&b, pid);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!isdigit((unsigned char)e->d_name[0])) continue;
    int fd = atoi(e->d_name);
    snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
    ssize_t n = readlink(path, link, sizeof(link) - 1);
    if (n <= 0) continue;
    link[n] = 0;
    struct stat st;
    uint64_t ino = stat(path, &st) == 0 ? st.st_ino : 0;
    uint8_t type;
    const char *name = link;
    const struct sockinfo *si = NULL;
    if (!strncmp(link, "socket:[", 8) && (si = sock_find(strtoull(link + 8, NULL, 10)))) {
      type = si->type;
    } else if (link[0] == '/') {
      type = S_ISDIR(st.st_mode) ? 2 : 16; /* DIRECTORY : FILE_V2 */
    } else if (!strncmp(link, "pipe:", 5)) {
      type = 7;
      name = "";
    } else if (!strcmp(link, "anon_inode:[eventfd]")) {
      type = 9;
    } else if (!strcmp(link, "anon_inode:[signalfd]")) {
      type = 11;
    } else if (!strcmp(link, "anon_inode:[eventpoll]")) {
      type = 12;
    } else if (!strcmp(link, "anon_inode:inotify")) {
      type = 13;
    } else if (!strcmp(link, "anon_inode:[timerfd]")) {
      type = 14;
    } else {
      continue; /* sockets of other namespaces and other kinds: learned from later events */
    }
    size_t start = b.n;
    bb_u32(&b, 0);
    bb_u64(&b, fd);
    bb_u64(&b, ino);
    bb_u8(&b, type);
    if (si) {
      put_socket(&b, si);
    } else if (type == 16) {
      snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
      unsigned long flags = 0;
      if (read_file(path, info, sizeof(info)) > 0) {
        const char *p = strstr(info, "flags:");
        if (p) flags = strtoul(p + 6, NULL, 8);
      }
      bb_u32(&b, to_scap_open_flags(flags));
      bb_cstr(&b, name);
      bb_u32(&b, (uint32_t)st.st_dev);
    } else {
      bb_cstr(&b, name);
    }
    bb_patch32(&b, start, b.n - start);
  }
  closedir(d);
  if (b.n > 8) write_block(0x218, b.p, b.n);
  free(b.p);
}

/* NUL-separated /proc/PID/{cmdline,environ,cgroup} as a metadata list (u16 len, bytes). */
static void put_list(struct bb *b, const char *buf, ssize_t n) {
  if (n < 0) n = 0;
  if (n > 4096) n = 4096;
  bb_str(b, buf, n);
}

static void add_thread(struct bb *b, int pid, int tid) {
  char path[128], status[8192], buf[8192], link[4096];
  snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
  if (read_file(path, status, sizeof(status)) <= 0) return;
  size_t start = b->n;
  bb_u32(b, 0);
  bb_u64(b, tid);
  bb_u64(b, pid);
  bb_u64(b, status_field(status, "PPid:", 0));
  /* sid and pgid from stat: pid (comm) state ppid pgrp session ... */
  long pgrp = 0, sid = 0;
  snprintf(path, sizeof(path), "/proc/%d/stat", pid);
  unsigned long maj = 0, min = 0;
  if (read_file(path, buf, sizeof(buf)) > 0) {
    char *p = strrchr(buf, ')');
    if (p) {
      char st;
      sscanf(p + 2, "%c %*d %ld %ld %*d %*d %*u %lu %*u %lu", &st, &pgrp, &sid, &min, &maj);
    }
  }
  bb_u64(b, sid);
  bb_u64(b, pgrp);
  char *comm = strstr(status, "Name:\t");
  char cbuf[64] = "";
  if (comm) sscanf(comm + 6, "%63[^\n]", cbuf);
  bb_cstr(b, cbuf);
  snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
  ssize_t n = read_file(path, buf, sizeof(buf));
  size_t a0 = n > 0 ? strnlen(buf, n) : 0;
  bb_str(b, buf, a0 > 0 ? a0 : 0);                                 /* exe: argv[0] */
  snprintf(path, sizeof(path), "/proc/%d/exe", pid);
  ssize_t l = readlink(path, link, sizeof(link) - 1);
  bb_str(b, link, l > 0 ? l : 0);                                  /* exepath */
  put_list(b, buf + (a0 < (size_t)n ? a0 + 1 : a0), n > 0 && a0 + 1 < (size_t)n ? n - a0 - 1 : 0); /* args */
  snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
  l = readlink(path, link, sizeof(link) - 2);
  if (l > 0 && link[l - 1] != '/') link[l++] = '/';                /* libsinsp keeps cwd with a slash */
  bb_str(b, link, l > 0 ? l : 0);
  bb_u64(b, 1024);                                                  /* fdlimit */
  bb_u32(b, 0);                                                     /* flags */
  bb_u32(b, status_field(status, "Uid:", 1));                      /* effective uid */
  bb_u32(b, status_field(status, "Gid:", 1));
  bb_u32(b, status_field(status, "VmSize:", 0));
  bb_u32(b, status_field(status, "VmRSS:", 0));
  bb_u32(b, status_field(status, "VmSwap:", 0));
  bb_u64(b, maj);
  bb_u64(b, min);
  snprintf(path, sizeof(path), "/proc/%d/environ", pid);
  put_list(b, buf, read_file(path, buf, sizeof(buf)));
  /* vtid, vpid: the last entries of NSpid. */
  const char *ns = strstr(status, "NSpid:");
  long vpid = pid;
  if (ns) {
    const char *p = ns + 6;
    char *endp;
    for (;;) {
      long v = strtol(p, &endp, 10);
      if (endp == p) break;
      vpid = v;
      p = endp;
    }
  }
  bb_u64(b, pid == tid ? vpid : tid);
  bb_u64(b, vpid);
  /* cgroups: "N:controllers:/path" lines become "controller=/path" entries. */
  snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
  char cg[8192];
  struct bb cgl = {0};
  if (read_file(path, cg, sizeof(cg)) > 0) {
    for (char *line = strtok(cg, "\n"); line; line = strtok(NULL, "\n")) {
      char *c1 = strchr(line, ':');
      char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
      if (!c2) continue;
      *c2 = 0;
      const char *ctrl = c1 + 1;
      if (!*ctrl) continue; /* the v2 line is reported under each controller on pure-v2 hosts only */
      char entry[4200];
      int m = snprintf(entry, sizeof(entry), "%s=%s", ctrl, c2 + 1);
      if (m > 0 && cgl.n + m + 1 < 4096) bb_put(&cgl, entry, m + 1);
    }
  }
  bb_str(b, cgl.p ? (char *)cgl.p : "", cgl.n);
  free(cgl.p);
  snprintf(path, sizeof(path), "/proc/%d/root", pid);
  l = readlink(path, link, sizeof(link) - 1);
  bb_str(b, link, l > 0 ? l : 0);
  snprintf(path, sizeof(path), "/proc/%d/loginuid", pid);
  uint32_t loginuid = 0xffffffff;
  if (read_file(path, buf, 64) > 0) loginuid = strtoul(buf, NULL, 10);
  bb_u32(b, loginuid);
  bb_u8(b, 0); /* exe_writable */
  bb_patch32(b, start, b->n - start);
}

static void write_users(void) {
  struct bb b = {0};
  char line[4096];
  FILE *f = fopen("/etc/passwd", "r");
  while (f && fgets(line, sizeof(line), f)) {
    char *fields[7] = {0};
    char *p = line;
    for (int i = 0; i < 7 && p; i++) {
      fields[i] = p;
      p = strchr(p, ':');
      if (p) *p++ = 0;
    }
    if (!fields[6]) continue;
    fields[6][strcspn(fields[6], "\n")] = 0;
    size_t start = b.n;
    bb_u32(&b, 0);
    bb_u8(&b, 0);
    bb_u32(&b, strtoul(fields[2], NULL, 10));
    bb_u32(&b, strtoul(fields[3], NULL, 10));
    bb_cstr(&b, fields[0]);
    bb_cstr(&b, fields[5]);
    bb_cstr(&b, fields[6]);
    bb_patch32(&b, start, b.n - start);
  }
  if (f) fclose(f);
  f = fopen("/etc/group", "r");
  while (f && fgets(line, sizeof(line), f)) {
    char *name = line, *p = strchr(line, ':');
    if (!p) continue;
    *p++ = 0;
    p = strchr(p, ':');
    if (!p) continue;
    size_t start = b.n;
    bb_u32(&b, 0);
    bb_u8(&b, 1);
    bb_u32(&b, strtoul(p + 1, NULL, 10));
    bb_cstr(&b, name);
    bb_patch32(&b, start, b.n - start);
  }
  if (f) fclose(f);
  write_block(0x220, b.p, b.n);
  free(b.p);
}

static uint64_t boot_epoch_ns(void) {
  struct timespec rt, bt;
  clock_gettime(CLOCK_REALTIME, &rt);
  clock_gettime(CLOCK_BOOTTIME, &bt);
  return (uint64_t)rt.tv_sec * 1000000000ull + rt.tv_nsec - ((uint64_t)bt.tv_sec * 1000000000ull + bt.tv_nsec);
}

/* Section header, machine info, users, the process list and every process' fds. */
static void write_snapshot(uint64_t boot_ns) {
  struct bb b = {0};
  bb_u32(&b, 0x1A2B3C4D);
  bb_u16(&b, 1);
  bb_u16(&b, 2);
  bb_u64(&b, UINT64_MAX);
  write_block(0x0A0D0D0A, b.p, b.n);
  b.n = 0;
  struct sysinfo si;
  sysinfo(&si);
  char host[128] = {0}, buf[64];
  gethostname(host, sizeof(host) - 1);
  bb_u32(&b, libbpf_num_possible_cpus());
  bb_u64(&b, (uint64_t)si.totalram * si.mem_unit);
  bb_u64(&b, read_file("/proc/sys/kernel/pid_max", buf, sizeof(buf)) > 0 ? strtoull(buf, NULL, 10) : 0);
  bb_put(&b, host, 128);
  bb_u64(&b, boot_ns);
  bb_u64(&b, 0);
  bb_u64(&b, 0);
  bb_u64(&b, 0);
  write_block(0x201, b.p, b.n);
  write_users();
  b.n = 0;
  DIR *d = opendir("/proc");
  struct dirent *e;
  int pids[65536], np = 0;
  while (d && (e = readdir(d))) {
    if (!isdigit((unsigned char)e->d_name[0])) continue;
    int pid = atoi(e->d_name);
    char tpath[64];
    snprintf(tpath, sizeof(tpath), "/proc/%d/task", pid);
    DIR *td = opendir(tpath);
    struct dirent *te;
    while (td && (te = readdir(td))) {
      if (!isdigit((unsigned char)te->d_name[0])) continue;
      add_thread(&b, pid, atoi(te->d_name));
    }
    if (td) closedir(td);
    if (np < 65536) pids[np++] = pid;
  }
  if (d) closedir(d);
  write_block(0x215, b.p, b.n);
  free(b.p);
  load_sockets(pids, np);
  for (int i = 0; i < np; i++) write_fdlist(pids[i]);
}

/* ---------- events ---------- */

static uint64_t boot_ns;
static volatile sig_atomic_t stop;

static int on_event(void *ctx, void *data, size_t len) {
  (void)ctx;
  if (len < REC_CPU_LEN + EVT_HDR_LEN) return 0;
  /* The ring buffer's pages are read-only for the consumer: the timestamp is fixed in a copy. */
  static uint8_t p[AUX_SIZE];
  if (len > sizeof(p)) return 0;
  memcpy(p, data, len);
  uint64_t ts;
  memcpy(&ts, p + REC_CPU_LEN, 8);
  ts += boot_ns;
  memcpy(p + REC_CPU_LEN, &ts, 8);
  uint32_t evlen;
  memcpy(&evlen, p + REC_CPU_LEN + 16, 4);
  if (evlen + REC_CPU_LEN > len) return 0;
  /* EV_V2 block body: u16 cpuid, then the event. The record already starts with the cpu. */
  write_block(0x216, p, REC_CPU_LEN + evlen);
  return 0;
}

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list args) {
  if (level == LIBBPF_DEBUG && !getenv("LANNER_PROBE_DEBUG")) return 0;
  return vfprintf(stderr, fmt, args);
}

/* What the probe needs: root or CAP_BPF+CAP_PERFMON, and kernel BTF. Returns a message or NULL. */
static const char *missing_requirement(void) {
  static char msg[256];
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
    return "the kernel has no BTF (/sys/kernel/btf/vmlinux is missing; CONFIG_DEBUG_INFO_BTF=y is needed)";
  char status[8192];
  if (read_file("/proc/self/status", status, sizeof(status)) > 0) {
    const char *p = strstr(status, "CapEff:");
    unsigned long long caps = p ? strtoull(p + 7, NULL, 16) : 0;
    int bpf = (caps >> 39) & 1, perfmon = (caps >> 38) & 1, sysadmin = (caps >> 21) & 1;
    if (!((bpf || sysadmin) && (perfmon || sysadmin))) {
      snprintf(msg, sizeof(msg), "missing capabilities:%s%s (run as root or grant CAP_BPF and CAP_PERFMON)",
               bpf || sysadmin ? "" : " CAP_BPF", perfmon || sysadmin ? "" : " CAP_PERFMON");
      return msg;
    }
  }
  return NULL;
}

/* One stats line on stderr: events written and dropped, in all and per CPU. */
static void print_stats(int cfd, struct probe_counters *pc, int ncpu) {
  uint32_t zero = 0;
  if (bpf_map_lookup_elem(cfd, &zero, pc) != 0) return;
  unsigned long long ev = 0, dr = 0, big = 0;
  fprintf(stderr, "{\"type\":\"stats\",\"per_cpu\":[");
  for (int i = 0; i < ncpu; i++) {
    ev += pc[i].events;
    dr += pc[i].drops;
    big += pc[i].drops_big;
    fprintf(stderr, "%s{\"events\":%llu,\"drops\":%llu}", i ? "," : "", pc[i].events, pc[i].drops);
  }
  fprintf(stderr, "],\"events\":%llu,\"drops\":%llu,\"drops_too_big\":%llu}\n", ev, dr, big);
}

/* The kernel-side syscall filter: the named syscalls (comma-separated), or all the probe knows when
 * NULL. Names the probe does not know are reported, not silently ignored. Returns how many are on. */
static int set_syscalls(int map, const char *list) {
  int traced = 0;
  for (size_t i = 0; i < NSYSCALLS; i++) {
    int on = 1;
    if (list) {
      on = 0;
      size_t len = strlen(SYSCALLS[i].name);
      for (const char *s = list; s && *s; s = strchr(s, ','), s = s ? s + 1 : NULL)
        if (!strncmp(s, SYSCALLS[i].name, len) && (s[len] == ',' || s[len] == 0)) on = 1;
    }
    uint32_t k = SYSCALLS[i].nr;
    uint8_t v = on;
    bpf_map_update_elem(map, &k, &v, BPF_ANY);
    traced += on;
  }
  if (list) {
    char *copy = strdup(list);
    for (char *n = strtok(copy, ","); n; n = strtok(NULL, ",")) {
      int known = 0;
      for (size_t i = 0; i < NSYSCALLS; i++) known |= !strcmp(n, SYSCALLS[i].name);
      if (!known) fprintf(stderr, "lanner-probe: warning: syscall %s is not traced by this probe\n", n);
    }
    free(copy);
  }
  return traced;
}

/* --control: reads whatever complete command lines stdin holds (non-blocking), runs them. */
static char cbuf[64 * 1024];
static size_t clen;
static int control_open = 1;
static void read_control(int map) {
  while (control_open) {
    ssize_t n = read(0, cbuf + clen, sizeof(cbuf) - 1 - clen);
    if (n == 0) control_open = 0; /* the agent closed its end: keep running as configured */
    if (n <= 0) break;
    clen += (size_t)n;
    char *nl;
    while ((nl = memchr(cbuf, '\n', clen))) {
      *nl = 0;
      if (!strncmp(cbuf, "syscalls ", 9)) {
        int traced = set_syscalls(map, cbuf + 9);
        fprintf(stderr, "{\"type\":\"syscalls\",\"traced\":%d}\n", traced);
      } else if (cbuf[0]) {
        fprintf(stderr, "lanner-probe: unknown control command: %.80s\n", cbuf);
      }
      size_t used = (size_t)(nl - cbuf) + 1;
      memmove(cbuf, nl + 1, clen - used);
      clen -= used;
    }
    if (clen == sizeof(cbuf) - 1) clen = 0; /* a line longer than the buffer: dropped */
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: lanner-probe [-o FILE] [-d SECONDS] [-s SYSCALL,...] [-b RINGBUF_MIB] [--control] [--check] "
          "[--list] [--hooks-only]\n");
}

int main(int argc, char **argv) {
  const char *outpath = NULL, *syscalls = NULL;
  double duration = 0;
  long ringbuf_mib = 64;
  int check = 0, control = 0, hooks_only = 0;
  static const struct option opts[] = {{"check", no_argument, 0, 'c'},   {"list", no_argument, 0, 'l'},
                                       {"control", no_argument, 0, 'C'}, {"help", no_argument, 0, 'h'},
                                       {"hooks-only", no_argument, 0, 'N'},
                                       {0, 0, 0, 0}};
  int o;
  while ((o = getopt_long(argc, argv, "o:d:s:b:h", opts, NULL)) != -1) {
    switch (o) {
      case 'o': outpath = optarg; break;
      case 'd': duration = atof(optarg); break;
      case 's': syscalls = optarg; break;
      case 'b': ringbuf_mib = atol(optarg); break;
      case 'c': check = 1; break;
      case 'C': control = 1; break;
      case 'N': hooks_only = 1; break;
      case 'l':
        for (size_t i = 0; i < NSYSCALLS; i++) printf("%s\n", SYSCALLS[i].name);
        return 0;
      default: usage(); return o == 'h' ? 0 : 2;
    }
  }
  const char *miss = missing_requirement();
  if (miss) {
    fprintf(stderr, "lanner-probe: cannot capture: %s\n", miss);
    return 3;
  }
  if (ringbuf_mib < 1 || (ringbuf_mib & (ringbuf_mib - 1))) {
    fprintf(stderr, "lanner-probe: -b must be a power of two (MiB)\n");
    return 2;
  }
  libbpf_set_print(libbpf_log);
  struct probe_bpf *skel = probe_bpf__open();
  if (!skel) {
    fprintf(stderr, "lanner-probe: cannot open the BPF object: %s\n", strerror(errno));
    return 1;
  }
  if (hooks_only) {
    /* Only the empty sys_enter/sys_exit programs: the cost of the hooks themselves (benchmarks). */
    struct bpf_program *prog;
    bpf_object__for_each_program(prog, skel->obj) {
      const char *name = bpf_program__name(prog);
      bpf_program__set_autoload(prog, strncmp(name, "null_", 5) == 0);
    }
  }
  int ncpu = libbpf_num_possible_cpus();
  skel->rodata->self_tgid = getpid();
  bpf_map__set_max_entries(skel->maps.auxmap, ncpu);
  bpf_map__set_max_entries(skel->maps.pathmap, ncpu);
  bpf_map__set_max_entries(skel->maps.events, (uint32_t)ringbuf_mib << 20);
  int err = probe_bpf__load(skel);
  if (err) {
    fprintf(stderr, "lanner-probe: the kernel refused the BPF programs: %s\n", strerror(-err));
    return 1;
  }
  int map = bpf_map__fd(skel->maps.interesting);
  set_syscalls(map, syscalls);
  err = probe_bpf__attach(skel);
  if (err) {
    fprintf(stderr, "lanner-probe: cannot attach the tracepoints: %s\n", strerror(-err));
    return 1;
  }
  if (check) {
    printf("ok: BPF programs loaded and attached (%d CPUs)\n", ncpu);
    probe_bpf__destroy(skel);
    return 0;
  }
  out = outpath ? fopen(outpath, "wb") : stdout;
  if (!out) {
    fprintf(stderr, "lanner-probe: cannot open %s: %s\n", outpath, strerror(errno));
    return 1;
  }
  if (!outpath) fcntl(1, F_SETPIPE_SZ, 1 << 20);
  obuf = malloc(ocap);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  boot_ns = boot_epoch_ns();
  /* Attached first, then the snapshot: no process slips through; early events wait in the ring. */
  write_snapshot(boot_ns);
  oflush();
  struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
  if (!rb) {
    fprintf(stderr, "lanner-probe: cannot create the ring buffer reader\n");
    return 1;
  }
  if (control) fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  fprintf(stderr, "{\"type\":\"ready\",\"cpus\":%d}\n", ncpu);
  struct timespec t0, now, last;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  last = t0;
  int cfd = bpf_map__fd(skel->maps.counters);
  struct probe_counters *pc = calloc(ncpu, sizeof(*pc));
  for (;;) {
    /* Events are submitted without wakeups: poll sleeps at most 5 ms, then drain. */
    ring_buffer__poll(rb, 5);
    ring_buffer__consume(rb);
    oflush();
    if (control) read_control(map);
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9;
    int final = stop || (duration > 0 && el >= duration);
    if (final) {
      /* Detached before the last drain, so the final counters match what was written exactly. */
      probe_bpf__detach(skel);
      ring_buffer__consume(rb);
      oflush();
    }
    if (final || now.tv_sec > last.tv_sec) {
      last = now;
      print_stats(cfd, pc, ncpu);
    }
    if (final) break;
  }
  ring_buffer__free(rb);
  probe_bpf__destroy(skel);
  if (outpath) fclose(out);
  return 0;
}
