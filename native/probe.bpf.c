// SPDX-License-Identifier: GPL-2.0
/* Lanner's syscall probe: tp_btf programs on raw_syscalls sys_enter/sys_exit and sched_process_exit
 * that write each traced syscall as a pair of scap events (enter and exit, the libs event codes and
 * parameter layouts sysdig 0.29.3 reads) into a ring buffer. Events are assembled in a per-CPU
 * scratch buffer, then copied with bpf_ringbuf_output: no ring buffer reference is held while
 * strings and paths are read, which keeps the verifier's work small. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>
#include "probe.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader before load. */
const volatile __u32 self_tgid = 0;

struct aux {
  __u8 buf[AUX_SIZE];
  __u32 off;
  __u32 idx;
  __u32 nparams;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1); /* resized to the number of CPUs by the loader */
  __type(key, __u32);
  __type(value, struct aux);
} auxmap SEC(".maps");

struct pathbuf {
  __u8 buf[8192];
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1); /* resized like auxmap */
  __type(key, __u32);
  __type(value, struct pathbuf);
} pathmap SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 16 * 1024 * 1024); /* set by the loader */
} events SEC(".maps");

/* interesting[nr] != 0: the syscall is traced (the kernel-side syscall filter). */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, MAX_SYSCALLS);
  __type(key, __u32);
  __type(value, __u8);
} interesting SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct probe_counters);
} counters SEC(".maps");

/* Kernels before 6.15 call the kernfs parent "parent". */
struct kernfs_node___old {
  struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* ---------- assembling an event ---------- */

static __always_inline struct aux *aux_get(void) {
  __u32 cpu = bpf_get_smp_processor_id();
  return bpf_map_lookup_elem(&auxmap, &cpu);
}

static __always_inline void ev_begin(struct aux *a, __u16 type, __u32 nparams, __u64 tid) {
  __u16 cpu = bpf_get_smp_processor_id();
  __u64 ts = bpf_ktime_get_boot_ns();
  __builtin_memcpy(&a->buf[0], &cpu, 2);
  __builtin_memcpy(&a->buf[REC_CPU_LEN + 0], &ts, 8);
  __builtin_memcpy(&a->buf[REC_CPU_LEN + 8], &tid, 8);
  __builtin_memcpy(&a->buf[REC_CPU_LEN + 16], &(__u32){0}, 4);
  __builtin_memcpy(&a->buf[REC_CPU_LEN + 20], &type, 2);
  __builtin_memcpy(&a->buf[REC_CPU_LEN + 22], &nparams, 4);
  a->nparams = nparams;
  a->idx = 0;
  a->off = REC_CPU_LEN + EVT_HDR_LEN + 2 * (nparams & (MAX_PARAMS - 1));
}

static __always_inline void set_len(struct aux *a, __u16 len) {
  __u32 i = a->idx;
  if (i >= MAX_PARAMS) return;
  __builtin_memcpy(&a->buf[(REC_CPU_LEN + EVT_HDR_LEN + 2 * i) & AUX_HALF_MASK], &len, 2);
  a->idx = i + 1;
  a->off += len;
}

#define PUSH_FIXED(a, T, v)                                        \
  do {                                                             \
    T __v = (T)(v);                                                \
    __builtin_memcpy(&(a)->buf[(a)->off & AUX_HALF_MASK], &__v, sizeof(T)); \
    set_len((a), sizeof(T));                                       \
  } while (0)

static __always_inline void push_u8(struct aux *a, __u8 v) { PUSH_FIXED(a, __u8, v); }
static __always_inline void push_u16(struct aux *a, __u16 v) { PUSH_FIXED(a, __u16, v); }
static __always_inline void push_u32(struct aux *a, __u32 v) { PUSH_FIXED(a, __u32, v); }
static __always_inline void push_u64(struct aux *a, __u64 v) { PUSH_FIXED(a, __u64, v); }
static __always_inline void push_empty(struct aux *a) { set_len(a, 0); }

/* A NUL-terminated user string; absent (length 0) when it cannot be read. */
static __always_inline void push_user_str(struct aux *a, const void *p) {
  long n = 0;
  if (p) n = bpf_probe_read_user_str(&a->buf[a->off & AUX_HALF_MASK], MAX_STR, p);
  set_len(a, n > 0 ? (__u16)n : 0);
}

/* Raw user bytes (data buffers, args, env), at most MAX_STR-1. */
static __always_inline void push_user_bytes(struct aux *a, const void *p, __u64 len) {
  if (len >= MAX_STR) len = MAX_STR - 1;
  __u32 n = len;
  asm volatile("%[n] &= 4095" : [n] "+r"(n));
  if (!p || bpf_probe_read_user(&a->buf[a->off & AUX_HALF_MASK], n, p) != 0) n = 0;
  set_len(a, n);
}

static __always_inline __u32 open_flags_to_scap(__u64 f) {
  __u32 r = 0;
  switch (f & 3) {
    case 0: r |= 1; break;  /* O_RDONLY */
    case 1: r |= 2; break;  /* O_WRONLY */
    case 2: r |= 3; break;  /* O_RDWR */
  }
  if (f & 0100) r |= 4;          /* O_CREAT */
  if (f & 02000) r |= 8;         /* O_APPEND */
  if (f & 010000) r |= 16;       /* O_DSYNC */
  if (f & 0200) r |= 32;         /* O_EXCL */
  if (f & 04000) r |= 64;        /* O_NONBLOCK */
  if ((f & 04010000) == 04010000) r |= 128; /* O_SYNC */
  if (f & 01000) r |= 256;       /* O_TRUNC */
  if (f & 040000) r |= 512;      /* O_DIRECT */
  if (f & 0200000) r |= 1024;    /* O_DIRECTORY */
  if (f & 0100000) r |= 2048;    /* O_LARGEFILE */
  if (f & 02000000) r |= 4096;   /* O_CLOEXEC */
  if ((f & 020200000) == 020200000) r |= 8192; /* O_TMPFILE */
  return r;
}

static __always_inline __u32 clone_flags_to_scap(__u64 f) {
  __u32 r = 0;
  if (f & 0x400) r |= 1;            /* CLONE_FILES */
  if (f & 0x200) r |= 2;            /* CLONE_FS */
  if (f & 0x80000000ULL) r |= 4;    /* CLONE_IO */
  if (f & 0x08000000) r |= 8;       /* CLONE_NEWIPC */
  if (f & 0x40000000) r |= 16;      /* CLONE_NEWNET */
  if (f & 0x20000) r |= 32;         /* CLONE_NEWNS */
  if (f & 0x20000000) r |= 64;      /* CLONE_NEWPID */
  if (f & 0x04000000) r |= 128;     /* CLONE_NEWUTS */
  if (f & 0x8000) r |= 256;         /* CLONE_PARENT */
  if (f & 0x100000) r |= 512;       /* CLONE_PARENT_SETTID */
  if (f & 0x2000) r |= 1024;        /* CLONE_PTRACE */
  if (f & 0x800) r |= 2048;         /* CLONE_SIGHAND */
  if (f & 0x40000) r |= 4096;       /* CLONE_SYSVSEM */
  if (f & 0x10000) r |= 8192;       /* CLONE_THREAD */
  if (f & 0x800000) r |= 16384;     /* CLONE_UNTRACED */
  if (f & 0x100) r |= 32768;        /* CLONE_VM */
  if (f & 0x10000000) r |= 1048576; /* CLONE_NEWUSER */
  if (f & 0x200000) r |= 8388608;   /* CLONE_CHILD_CLEARTID */
  if (f & 0x01000000) r |= 16777216; /* CLONE_CHILD_SETTID */
  if (f & 0x80000) r |= 33554432;   /* CLONE_SETTLS */
  if (f & 0x4000) r |= 134217728;   /* CLONE_VFORK */
  if (f & 0x02000000) r |= 268435456; /* CLONE_NEWCGROUP */
  return r;
}

/* ---------- paths ---------- */

struct walk_ctx {
  struct dentry *d;
  struct mount *mnt;
  __u32 pos;
};

/* One path component per call, written right to left ending at pathbuf[4095]. */
static long walk_step(__u32 i, struct walk_ctx *c) {
  __u32 zero = bpf_get_smp_processor_id();
  struct pathbuf *pb = bpf_map_lookup_elem(&pathmap, &zero);
  if (!pb) return 1;
  struct dentry *d = c->d;
  struct mount *mnt = c->mnt;
  struct dentry *mnt_root = BPF_CORE_READ(mnt, mnt.mnt_root);
  struct dentry *parent = BPF_CORE_READ(d, d_parent);
  if (d == mnt_root || d == parent) {
    struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
    if (!mp || mp == mnt) return 1; /* the global root */
    c->d = BPF_CORE_READ(mnt, mnt_mountpoint);
    c->mnt = mp;
    return 0;
  }
  __u32 len = BPF_CORE_READ(d, d_name.len);
  const unsigned char *name = BPF_CORE_READ(d, d_name.name);
  __u32 pos = c->pos;
  if (len > 255 || pos < len + 2) return 1;
  pos -= len;
  asm volatile("%[l] &= 255" : [l] "+r"(len));
  bpf_probe_read_kernel(&pb->buf[pos & 4095], len, name);
  pos -= 1;
  pb->buf[pos & 4095] = '/';
  c->pos = pos;
  c->d = parent;
  return 0;
}

/* The absolute path of a dentry on a vfsmount (the global root's view, as /proc/PID/cwd shows it). */
static __always_inline void push_dentry_path(struct aux *a, struct dentry *d, struct vfsmount *vmnt) {
  __u32 cpu = bpf_get_smp_processor_id();
  struct pathbuf *pb = bpf_map_lookup_elem(&pathmap, &cpu);
  if (!pb || !d || !vmnt) {
    push_empty(a);
    return;
  }
  struct walk_ctx c = {
      .d = d,
      .mnt = (struct mount *)((void *)vmnt - bpf_core_field_offset(struct mount, mnt)),
      .pos = 4095,
  };
  pb->buf[4095] = 0;
  bpf_loop(64, walk_step, &c, 0);
  __u32 pos = c.pos;
  if (pos >= 4095) {
    pb->buf[4094] = '/';
    pos = 4094;
  }
  long n = bpf_probe_read_kernel_str(&a->buf[a->off & AUX_HALF_MASK], MAX_STR, &pb->buf[pos & 4095]);
  set_len(a, n > 0 ? (__u16)n : 0);
}

static __always_inline void push_cwd(struct aux *a, struct task_struct *t) {
  struct path p = BPF_CORE_READ(t, fs, pwd);
  push_dentry_path(a, p.dentry, p.mnt);
}

/* Appends "<name>=<cgroup path>\0" for one controller (no length set: part of the cgroups param). */
static __always_inline __u32 append_cgroup(struct aux *a, struct task_struct *t, int id, const char *prefix,
                                           __u32 plen) {
  struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, subsys[id], cgroup, kn);
  struct kernfs_node *chain[12];
  __u32 depth = 0;
#pragma unroll
  for (int i = 0; i < 12; i++) {
    if (!kn) break;
    struct kernfs_node *parent;
    if (bpf_core_field_exists(kn->__parent))
      parent = BPF_CORE_READ(kn, __parent);
    else
      parent = BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
    if (!parent) break; /* the hierarchy root, whose name is not part of the path */
    chain[i] = kn;
    depth = i + 1;
    kn = parent;
  }
  __u32 start = a->off;
  bpf_probe_read_kernel(&a->buf[a->off & AUX_HALF_MASK], plen & 15, prefix);
  a->off += plen & 15;
  if (depth == 0) {
    a->buf[a->off & AUX_HALF_MASK] = '/';
    a->off += 1;
  }
#pragma unroll
  for (int i = 11; i >= 0; i--) {
    if (i >= depth) continue;
    a->buf[a->off & AUX_HALF_MASK] = '/';
    a->off += 1;
    const char *name = BPF_CORE_READ(chain[i], name);
    long n = bpf_probe_read_kernel_str(&a->buf[a->off & AUX_HALF_MASK], 256, name);
    if (n > 1) a->off += n - 1;
  }
  a->buf[a->off & AUX_HALF_MASK] = 0;
  a->off += 1;
  return a->off - start;
}

static __always_inline void push_cgroups(struct aux *a, struct task_struct *t) {
  __u32 total = 0;
  /* set_len adds the length to off, so the parts are written first and off rewound. */
  __u32 start = a->off;
  if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id))
    total += append_cgroup(a, t, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id), "cpu=", 4);
  if (bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
    total += append_cgroup(a, t, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id), "memory=", 7);
  if (bpf_core_enum_value_exists(enum cgroup_subsys_id, pids_cgrp_id))
    total += append_cgroup(a, t, bpf_core_enum_value(enum cgroup_subsys_id, pids_cgrp_id), "pids=", 5);
  a->off = start;
  set_len(a, total);
}

/* ---------- sockets ---------- */

static __always_inline struct file *fd_file(struct task_struct *t, long fd) {
  if (fd < 0 || fd > 1048576) return 0;
  struct file **fds = BPF_CORE_READ(t, files, fdt, fd);
  struct file *f = 0;
  bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
  return f;
}

static __always_inline struct sock *fd_sock(struct task_struct *t, long fd) {
  struct file *f = fd_file(t, fd);
  if (!f) return 0;
  umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
  if ((mode & 0170000) != 0140000) return 0; /* not S_IFSOCK */
  struct socket *s = BPF_CORE_READ(f, private_data);
  return BPF_CORE_READ(s, sk);
}

/* The socket tuple of an fd, client → server: local→remote after connect, remote→local after accept. */
/* An abstract unix name of `len` bytes (no NUL of its own) as '@' + name + NUL; kernel or user memory. */
static __always_inline __u32 abstract_name(char *dst, const char *src, long len, int user) {
  if (len < 0) len = 0;
  if (len > 106) len = 106;
  __u32 n = len;
  asm volatile("%[n] &= 127" : [n] "+r"(n));
  if (n > 106) n = 106;
  dst[0] = '@';
  long r = user ? bpf_probe_read_user(dst + 1, n, src) : bpf_probe_read_kernel(dst + 1, n, src);
  if (r != 0) n = 0;
  dst[(n + 1) & 127] = 0;
  return n + 2;
}

/* sun_path of a bound unix socket into `dst` as a C string (108 bytes at most); an abstract name (its
 * first byte NUL) is written with '@' first, as the libs drivers do. Returns the length with the NUL. */
static __always_inline __u32 unix_path_kernel(char *dst, struct unix_sock *us) {
  struct unix_address *addr = us ? BPF_CORE_READ(us, addr) : NULL;
  if (!addr) {
    dst[0] = 0;
    return 1;
  }
  const char *path = (const char *)addr + bpf_core_field_offset(struct unix_address, name) + 2;
  char first = 0;
  bpf_probe_read_kernel(&first, 1, path);
  long n;
  if (first == 0) {
    /* not NUL-terminated: its length is the address length less the family and the NUL */
    return abstract_name(dst, path + 1, (long)BPF_CORE_READ(addr, len) - 3, 0);
  } else {
    n = bpf_probe_read_kernel_str(dst, 108, path);
  }
  if (n <= 0) {
    dst[0] = 0;
    return 1;
  }
  return n;
}

/* The unix tuple: this end, the peer (kernel addresses, as the libs drivers send them) and a path. */
static __always_inline void push_unix_tuple(struct aux *a, struct sock *sk, const void *upath, long ulen,
                                            int inbound) {
  __u32 o = a->off & AUX_HALF_MASK;
  struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ((struct unix_sock *)sk, peer);
  __u64 src = (__u64)sk, dst = (__u64)peer;
  a->buf[o] = 1;
  __builtin_memcpy(&a->buf[o + 1], &src, 8);
  __builtin_memcpy(&a->buf[o + 9], &dst, 8);
  __u32 n;
  char *path = (char *)&a->buf[(o + 17) & AUX_HALF_MASK];
  if (upath) {
    /* connect: the path the caller asked for (there may be no peer yet) */
    long r = bpf_probe_read_user_str(path, 108, upath);
    if (r == 1 && ulen > 1) r = abstract_name(path, upath + 1, ulen - 1, 1); /* NUL, then the name */
    if (r <= 0) {
      path[0] = 0;
      r = 1;
    }
    n = r;
  } else {
    /* accept: the listener's path, which the accepted socket carries; otherwise the peer's */
    n = unix_path_kernel(path, inbound ? (struct unix_sock *)sk : peer);
  }
  set_len(a, 17 + (n & 127));
}

static __always_inline void push_socktuple(struct aux *a, struct task_struct *t, long fd, int inbound) {
  struct sock *sk = fd_sock(t, fd);
  if (!sk) {
    push_empty(a);
    return;
  }
  __u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
  __u32 o = a->off & AUX_HALF_MASK;
  if (family == 2) { /* AF_INET */
    __u32 lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
    __u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
    __u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
    __u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
    __u8 fam = 2;
    __builtin_memcpy(&a->buf[o], &fam, 1);
    __builtin_memcpy(&a->buf[o + 1], inbound ? &rip : &lip, 4);
    __builtin_memcpy(&a->buf[o + 5], inbound ? &rport : &lport, 2);
    __builtin_memcpy(&a->buf[o + 7], inbound ? &lip : &rip, 4);
    __builtin_memcpy(&a->buf[o + 11], inbound ? &lport : &rport, 2);
    set_len(a, 13);
  } else if (family == 10) { /* AF_INET6 */
    __u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
    __u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
    __u8 fam = 10;
    __builtin_memcpy(&a->buf[o], &fam, 1);
    void *l = &sk->__sk_common.skc_v6_rcv_saddr;
    void *r = &sk->__sk_common.skc_v6_daddr;
    bpf_probe_read_kernel(&a->buf[o + 1], 16, inbound ? r : l);
    __builtin_memcpy(&a->buf[o + 17], inbound ? &rport : &lport, 2);
    bpf_probe_read_kernel(&a->buf[o + 19], 16, inbound ? l : r);
    __builtin_memcpy(&a->buf[o + 35], inbound ? &lport : &rport, 2);
    set_len(a, 37);
  } else if (family == 1) { /* AF_UNIX */
    push_unix_tuple(a, sk, NULL, 0, inbound);
  } else {
    push_empty(a);
  }
}

/* connect's tuple: this socket's local end, and the remote end the caller asked for (the socket has no
 * peer after a refused or in-progress connect, so the kernel's copy is not enough). */
static __always_inline void push_connect_tuple(struct aux *a, struct task_struct *t, long fd, const void *uaddr,
                                               __u64 alen) {
  struct sock *sk = fd_sock(t, fd);
  __u16 family = 0;
  if (!sk || !uaddr || alen < 2 || bpf_probe_read_user(&family, 2, uaddr) != 0 || (family != 2 && family != 10 && family != 1)) {
    push_socktuple(a, t, fd, 0);
    return;
  }
  if (family == 1) {
    push_unix_tuple(a, sk, alen > 2 ? uaddr + 2 : NULL, (long)alen - 2, 0);
    return;
  }
  __u32 o = a->off & AUX_HALF_MASK;
  __u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
  __u16 rport = 0;
  bpf_probe_read_user(&rport, 2, uaddr + 2);
  rport = bpf_ntohs(rport);
  if (family == 2 && alen >= 8) {
    __u32 lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
    a->buf[o] = 2;
    __builtin_memcpy(&a->buf[o + 1], &lip, 4);
    __builtin_memcpy(&a->buf[o + 5], &lport, 2);
    bpf_probe_read_user(&a->buf[o + 7], 4, uaddr + 4);
    __builtin_memcpy(&a->buf[o + 11], &rport, 2);
    set_len(a, 13);
  } else if (family == 10 && alen >= 24) {
    a->buf[o] = 10;
    bpf_probe_read_kernel(&a->buf[o + 1], 16, &sk->__sk_common.skc_v6_rcv_saddr);
    __builtin_memcpy(&a->buf[o + 17], &lport, 2);
    bpf_probe_read_user(&a->buf[o + 19], 16, uaddr + 8);
    __builtin_memcpy(&a->buf[o + 35], &rport, 2);
    set_len(a, 37);
  } else {
    push_empty(a);
  }
}

/* A user sockaddr in the scap encoding (family, address in network order, port in host order). */
static __always_inline void push_sockaddr(struct aux *a, const void *uaddr, __u64 alen) {
  __u16 family = 0;
  if (!uaddr || alen < 2 || bpf_probe_read_user(&family, 2, uaddr) != 0) {
    push_empty(a);
    return;
  }
  __u32 o = a->off & AUX_HALF_MASK;
  if (family == 2 && alen >= 8) {
    __u16 port = 0;
    bpf_probe_read_user(&port, 2, uaddr + 2);
    port = bpf_ntohs(port);
    a->buf[o] = 2;
    bpf_probe_read_user(&a->buf[o + 1], 4, uaddr + 4);
    __builtin_memcpy(&a->buf[o + 5], &port, 2);
    set_len(a, 7);
  } else if (family == 10 && alen >= 24) {
    __u16 port = 0;
    bpf_probe_read_user(&port, 2, uaddr + 2);
    port = bpf_ntohs(port);
    a->buf[o] = 10;
    bpf_probe_read_user(&a->buf[o + 1], 16, uaddr + 8);
    __builtin_memcpy(&a->buf[o + 17], &port, 2);
    set_len(a, 19);
  } else if (family == 1) {
    a->buf[o] = 1;
    long n = bpf_probe_read_user_str(&a->buf[(o + 1) & AUX_HALF_MASK], 108, uaddr + 2);
    set_len(a, n > 0 ? 1 + n : 2);
  } else {
    push_empty(a);
  }
}

/* ---------- process information (execve, clone exits) ---------- */

static __always_inline __u32 pid_vnr(struct pid *p) {
  if (!p) return 0;
  __u32 level = BPF_CORE_READ(p, level);
  struct upid *u = &p->numbers[0];
  __u32 nr = 0;
  bpf_probe_read_kernel(&nr, sizeof(nr), (void *)u + (level & 31) * bpf_core_type_size(struct upid) +
                                             bpf_core_field_offset(struct upid, nr));
  return nr;
}

/* exe (argv[0]) and args (the rest, NUL-separated) from the process' argument area. */
static __always_inline void push_exe_args(struct aux *a, struct task_struct *t) {
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  unsigned long start = BPF_CORE_READ(mm, arg_start), end = BPF_CORE_READ(mm, arg_end);
  if (!mm || end <= start) {
    push_empty(a);
    push_empty(a);
    return;
  }
  long n = bpf_probe_read_user_str(&a->buf[a->off & AUX_HALF_MASK], MAX_STR, (void *)start);
  if (n <= 0) n = 0;
  set_len(a, n);
  __u64 rest = end - start > (__u64)n ? end - start - n : 0;
  push_user_bytes(a, (void *)(start + n), rest);
}

static __always_inline void push_env(struct aux *a, struct task_struct *t) {
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  unsigned long start = BPF_CORE_READ(mm, env_start), end = BPF_CORE_READ(mm, env_end);
  if (!mm || end <= start) {
    push_empty(a);
    return;
  }
  push_user_bytes(a, (void *)start, end - start);
}

static __always_inline void push_comm(struct aux *a) {
  char comm[16];
  bpf_get_current_comm(comm, sizeof(comm));
  long n = bpf_probe_read_kernel_str(&a->buf[a->off & AUX_HALF_MASK], 16, comm);
  set_len(a, n > 0 ? n : 0);
}

/* The parameters execve, execveat, clone, fork, vfork and clone3 exits share after res and exe/args:
 * tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm, cgroups. */
/* mm->rss_stat as kernels >= 6.2 have it (per-CPU counters); older kernels' layout does not match, and
 * the reads below are then left out by CO-RE (the sizes stay 0). */
struct mm_struct___pcpu {
  struct percpu_counter rss_stat[4];
} __attribute__((preserve_access_index));

/* Before 6.2: atomic counters in struct mm_rss_stat. */
struct mm_rss_stat___old {
  atomic_long_t count[4];
} __attribute__((preserve_access_index));
struct mm_struct___old {
  struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

/* One rss counter in pages, as get_mm_counter reads it (the shared count, not the per-CPU deltas). */
static __always_inline __u64 rss_pages(struct mm_struct___pcpu *m, int i) {
  __s64 n = BPF_CORE_READ(m, rss_stat[i].count);
  return n > 0 ? n : 0;
}

static __always_inline void push_proc_common(struct aux *a, struct task_struct *t) {
  push_u64(a, BPF_CORE_READ(t, pid));
  push_u64(a, BPF_CORE_READ(t, tgid));
  push_u64(a, BPF_CORE_READ(t, real_parent, pid));
  push_cwd(a, t);
  push_u64(a, BPF_CORE_READ(t, signal, rlim[7].rlim_cur)); /* RLIMIT_NOFILE */
  push_u64(a, BPF_CORE_READ(t, maj_flt));
  push_u64(a, BPF_CORE_READ(t, min_flt));
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  __u64 total_vm = mm ? BPF_CORE_READ(mm, total_vm) : 0;
  push_u32(a, total_vm << 2); /* pages → KiB (4 KiB pages) */
  __u64 rss = 0, swap = 0;
  struct mm_struct___pcpu *m = (struct mm_struct___pcpu *)mm;
  /* MM_FILEPAGES + MM_ANONPAGES + MM_SHMEMPAGES, as /proc's VmRSS; MM_SWAPENTS. Like Falco's modern
   * probe, the shared counts only: right after an execve most pages are still in per-CPU deltas. */
  if (mm && bpf_core_type_exists(struct mm_rss_stat___old)) {
    struct mm_struct___old *o = (struct mm_struct___old *)mm;
    __s64 c[4];
    for (int i = 0; i < 4; i++) {
      c[i] = BPF_CORE_READ(o, rss_stat.count[i].counter);
      if (c[i] < 0) c[i] = 0;
    }
    rss = c[0] + c[1] + c[3];
    swap = c[2];
  } else if (mm && bpf_core_field_exists(m->rss_stat[0].count)) {
    rss = rss_pages(m, 0) + rss_pages(m, 1) + rss_pages(m, 3);
    swap = rss_pages(m, 2);
  }
  push_u32(a, rss << 2);
  push_u32(a, swap << 2);
  push_comm(a);
  push_cgroups(a, t);
}

static __always_inline __u32 tty_of(struct task_struct *t) {
  struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
  if (!tty) return 0;
  __u32 index = BPF_CORE_READ(tty, index);
  __u32 major = BPF_CORE_READ(tty, driver, major);
  __u32 minor = BPF_CORE_READ(tty, driver, minor_start) + index;
  return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define SB_RDONLY_FLAG 1
#define S_IMMUTABLE_FLAG 8
#define CAP_DAC_OVERRIDE_BIT 1

/* Whether the caller could write the file, as the kernel's permission check would answer: a read-only
 * mount or an immutable inode never; else the owner, group or other write bit that applies to the
 * fsuid/fsgid, or CAP_DAC_OVERRIDE. (Supplementary groups and ACLs are not looked at.) */
static __always_inline int exe_writable(struct task_struct *t, struct inode *ino) {
  __u16 mode = BPF_CORE_READ(ino, i_mode);
  if ((BPF_CORE_READ(ino, i_sb, s_flags) & SB_RDONLY_FLAG) != 0) return 0;
  if (BPF_CORE_READ(ino, i_flags) & S_IMMUTABLE_FLAG) return 0;
  __u32 fsuid = BPF_CORE_READ(t, cred, fsuid.val), fsgid = BPF_CORE_READ(t, cred, fsgid.val);
  __u32 m = mode;
  if (fsuid == BPF_CORE_READ(ino, i_uid.val)) m >>= 6;
  else if (fsgid == BPF_CORE_READ(ino, i_gid.val)) m >>= 3;
  if (m & 2) return 1;
  kernel_cap_t caps = BPF_CORE_READ(t, cred, cap_effective);
  __u64 bits = 0;
  bpf_probe_read_kernel(&bits, sizeof(bits), &caps);
  return (bits >> CAP_DAC_OVERRIDE_BIT) & 1;
}

/* PPM_EXE_* flags of the new image: memfd, writable, and for overlayfs which layer holds the file
 * (an inode with an upper dentry was created or copied up in the container). */
static __always_inline __u32 exe_flags(struct task_struct *t) {
  struct file *exe = BPF_CORE_READ(t, mm, exe_file);
  if (!exe) return 0;
  __u32 flags = 0;
  char name[6] = {};
  const unsigned char *n = BPF_CORE_READ(exe, f_path.dentry, d_name.name);
  bpf_probe_read_kernel(name, sizeof(name), n);
  if (name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' && name[5] == ':')
    flags |= 4; /* PPM_EXE_FROM_MEMFD */
  struct inode *ino = BPF_CORE_READ(exe, f_inode);
  if (!ino) return flags;
  if (exe_writable(t, ino)) flags |= 1; /* PPM_EXE_WRITABLE */
  if (BPF_CORE_READ(ino, i_sb, s_magic) == OVERLAYFS_SUPER_MAGIC) {
    struct ovl_inode *oi = (void *)ino - bpf_core_field_offset(struct ovl_inode, vfs_inode);
    struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
    flags |= upper ? 2 : 8; /* PPM_EXE_UPPER_LAYER : PPM_EXE_LOWER_LAYER */
  }
  return flags;
}

static __always_inline void fill_execve_exit(struct aux *a, struct task_struct *t, long ret) {
  push_u64(a, ret);
  push_exe_args(a, t);
  push_proc_common(a, t); /* through cgroups: 15 params */
  /* cgroups was pushed before env in the event order: res exe args tid pid ptid cwd fdlimit pgft_maj
   * pgft_min vm_size vm_rss vm_swap comm cgroups env tty pgid loginuid flags */
  push_env(a, t);
  push_u32(a, tty_of(t));
  push_u64(a, pid_vnr(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
  __u32 loginuid = 0xffffffff;
  if (bpf_core_field_exists(t->loginuid)) loginuid = BPF_CORE_READ(t, loginuid.val);
  push_u32(a, loginuid);
  push_u32(a, exe_flags(t));
}

static __always_inline void fill_clone_exit(struct aux *a, struct task_struct *t, long ret, __u32 flags) {
  push_u64(a, ret);
  push_exe_args(a, t);
  push_proc_common(a, t);
  push_u32(a, flags);
  push_u32(a, BPF_CORE_READ(t, cred, euid.val));
  push_u32(a, BPF_CORE_READ(t, cred, egid.val));
  push_u64(a, pid_vnr(BPF_CORE_READ(t, thread_pid)));
  push_u64(a, pid_vnr(BPF_CORE_READ(t, group_leader, thread_pid)));
}

/* ---------- submit ---------- */

static __always_inline void ev_submit(struct aux *a) {
  __u32 zero = 0;
  struct probe_counters *c = bpf_map_lookup_elem(&counters, &zero);
  __u32 len = a->off;
  if (len > AUX_HALF || a->idx != a->nparams) {
    if (c) c->drops_big++;
    return;
  }
  __u32 evlen = len - REC_CPU_LEN;
  __builtin_memcpy(&a->buf[REC_CPU_LEN + 16], &evlen, 4);
  /* No wakeup per event (an IPI each time is the main cost in a VM): the loader polls every few ms,
   * and a wakeup is forced once a lot is waiting, which is looked at every 64th event of a CPU. */
  __u64 flags = BPF_RB_NO_WAKEUP;
  if (c && (c->events & 63) == 0 && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > (2 << 20))
    flags = BPF_RB_FORCE_WAKEUP;
  asm volatile("%[l] &= 0x7fff" : [l] "+r"(len));
  if (bpf_ringbuf_output(&events, a->buf, len, flags) == 0) {
    if (c) c->events++;
  } else if (c) {
    c->drops++;
  }
}

/* Every system call of the machine passes here: the table first (an array lookup the verifier
 * inlines), the helper call that tells the probe's own calls apart only for the traced ones. */
static __always_inline int traced(long nr, __u64 *tid) {
  __u32 k = nr;
  if (k >= MAX_SYSCALLS) return 0;
  __u8 *on = bpf_map_lookup_elem(&interesting, &k);
  if (!on || !*on) return 0;
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  *tid = (__u32)pid_tgid;
  return (pid_tgid >> 32) != self_tgid;
}

/* tp_btf hands the registers as a typed kernel pointer: read directly (CO-RE relocated), not through
 * bpf_probe_read_kernel, whose call costs more than the load itself. */
#define ARG(regs, n) ((n) == 0 ? (regs)->di : (n) == 1 ? (regs)->si : (n) == 2 ? (regs)->dx \
  : (n) == 3 ? (regs)->r10 : (n) == 4 ? (regs)->r8 : (regs)->r9)

/* x86_64 syscall numbers. */
enum {
  NR_read = 0, NR_open = 2, NR_close = 3, NR_socket = 41, NR_connect = 42, NR_accept = 43, NR_sendto = 44,
  NR_recvfrom = 45, NR_sendmsg = 46, NR_recvmsg = 47, NR_bind = 49, NR_listen = 50, NR_socketpair = 53,
  NR_clone = 56, NR_fork = 57, NR_vfork = 58, NR_execve = 59, NR_rename = 82, NR_mkdir = 83, NR_rmdir = 84,
  NR_creat = 85, NR_link = 86, NR_unlink = 87, NR_symlink = 88, NR_chmod = 90, NR_fchmod = 91,
  NR_chdir = 80, NR_fchdir = 81, NR_ptrace = 101, NR_setuid = 105, NR_setgid = 106, NR_setresuid = 117,
  NR_setresgid = 119, NR_pipe = 22, NR_dup = 32, NR_dup2 = 33, NR_mount = 165, NR_umount2 = 166,
  NR_init_module = 175, NR_finit_module = 313, NR_unshare = 272, NR_setns = 308, NR_openat = 257,
  NR_mkdirat = 258, NR_unlinkat = 263, NR_renameat = 264, NR_linkat = 265, NR_symlinkat = 266,
  NR_fchmodat = 268, NR_accept4 = 288, NR_dup3 = 292, NR_pipe2 = 293, NR_renameat2 = 316,
  NR_memfd_create = 319, NR_bpf = 321, NR_execveat = 322, NR_userfaultfd = 323, NR_openat2 = 437,
  NR_clone3 = 435,
};

/* dirfd, name, flags, mode: openat's parameters, in its exit event. */
static __always_inline void push_openat_args(struct aux *a, struct pt_regs *regs) {
  push_u64(a, (__s32)ARG(regs, 0));
  push_user_str(a, (void *)ARG(regs, 1));
  push_u32(a, open_flags_to_scap(ARG(regs, 2)));
  push_u32(a, ARG(regs, 3));
}

/* dirfd, name, flags, mode, resolve: openat2's parameters (from struct open_how), in its exit event. */
static __always_inline void push_openat2_args(struct aux *a, struct pt_regs *regs) {
  struct open_how how = {};
  bpf_probe_read_user(&how, sizeof(how), (void *)ARG(regs, 2));
  push_u64(a, (__s32)ARG(regs, 0));
  push_user_str(a, (void *)ARG(regs, 1));
  push_u32(a, open_flags_to_scap(how.flags));
  push_u32(a, how.mode);
  push_u32(a, how.resolve);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id) {
  /* The open family is sent as its exit event alone, which carries every parameter (as the libs
   * drivers send it since they stopped sending enter events): a quarter fewer events per open+close. */
  if (id == NR_open || id == NR_openat || id == NR_openat2 || id == NR_creat) return 0;
  __u64 tid;
  if (!traced(id, &tid)) return 0;
  struct aux *a = aux_get();
  if (!a) return 0;
  switch (id) {
    case NR_close: ev_begin(a, E_CLOSE_E, 1, tid); push_u64(a, (__s32)ARG(regs, 0)); break;
    case NR_socket:
    case NR_socketpair:
      ev_begin(a, id == NR_socket ? E_SOCKET_E : E_SOCKETPAIR_E, 3, tid);
      push_u32(a, ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      push_u32(a, ARG(regs, 2));
      break;
    case NR_bind: ev_begin(a, E_BIND_E, 1, tid); push_u64(a, (__s32)ARG(regs, 0)); break;
    case NR_connect:
      ev_begin(a, E_CONNECT_E, 2, tid);
      push_u64(a, (__s32)ARG(regs, 0));
      push_sockaddr(a, (void *)ARG(regs, 1), ARG(regs, 2));
      break;
    case NR_listen:
      ev_begin(a, E_LISTEN_E, 2, tid);
      push_u64(a, (__s32)ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      break;
    case NR_accept: ev_begin(a, E_ACCEPT_5_E, 0, tid); break;
    case NR_accept4: ev_begin(a, E_ACCEPT4_5_E, 1, tid); push_u32(a, ARG(regs, 3)); break;
    case NR_sendto:
    case NR_sendmsg:
      ev_begin(a, id == NR_sendto ? E_SENDTO_E : E_SENDMSG_E, 3, tid);
      push_u64(a, (__s32)ARG(regs, 0));
      push_u32(a, id == NR_sendto ? ARG(regs, 2) : 0);
      push_socktuple(a, (struct task_struct *)bpf_get_current_task_btf(), (__s32)ARG(regs, 0), 0);
      break;
    case NR_recvfrom:
      ev_begin(a, E_RECVFROM_E, 2, tid);
      push_u64(a, (__s32)ARG(regs, 0));
      push_u32(a, ARG(regs, 2));
      break;
    case NR_recvmsg: ev_begin(a, E_RECVMSG_E, 1, tid); push_u64(a, (__s32)ARG(regs, 0)); break;
    case NR_pipe:
    case NR_pipe2: ev_begin(a, E_PIPE_E, 0, tid); break;
    case NR_chdir: ev_begin(a, E_CHDIR_E, 0, tid); break;
    case NR_fchdir: ev_begin(a, E_FCHDIR_E, 1, tid); push_u64(a, (__s32)ARG(regs, 0)); break;
    case NR_ptrace:
      ev_begin(a, E_PTRACE_E, 2, tid);
      push_u16(a, ARG(regs, 0));
      push_u64(a, (__s32)ARG(regs, 1));
      break;
    case NR_rename: ev_begin(a, E_RENAME_E, 0, tid); break;
    case NR_renameat: ev_begin(a, E_RENAMEAT_E, 0, tid); break;
    case NR_renameat2: ev_begin(a, E_RENAMEAT2_E, 0, tid); break;
    case NR_symlink: ev_begin(a, E_SYMLINK_E, 0, tid); break;
    case NR_symlinkat: ev_begin(a, E_SYMLINKAT_E, 0, tid); break;
    case NR_link: ev_begin(a, E_LINK_2_E, 0, tid); break;
    case NR_linkat: ev_begin(a, E_LINKAT_2_E, 0, tid); break;
    case NR_setresuid:
    case NR_setresgid:
      ev_begin(a, id == NR_setresuid ? E_SETRESUID_E : E_SETRESGID_E, 3, tid);
      push_u32(a, ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      push_u32(a, ARG(regs, 2));
      break;
    case NR_setuid:
    case NR_setgid:
      ev_begin(a, id == NR_setuid ? E_SETUID_E : E_SETGID_E, 1, tid);
      push_u32(a, ARG(regs, 0));
      break;
    case NR_clone: ev_begin(a, E_CLONE_20_E, 0, tid); break;
    case NR_fork: ev_begin(a, E_FORK_20_E, 0, tid); break;
    case NR_vfork: ev_begin(a, E_VFORK_20_E, 0, tid); break;
    case NR_clone3: ev_begin(a, E_CLONE3_E, 0, tid); break;
    case NR_setns:
      ev_begin(a, E_SETNS_E, 2, tid);
      push_u64(a, (__s32)ARG(regs, 0));
      push_u32(a, clone_flags_to_scap(ARG(regs, 1)));
      break;
    case NR_unshare: ev_begin(a, E_UNSHARE_E, 1, tid); push_u32(a, clone_flags_to_scap(ARG(regs, 0))); break;
    case NR_mount: ev_begin(a, E_MOUNT_E, 1, tid); push_u32(a, ARG(regs, 3)); break;
    case NR_umount2: ev_begin(a, E_UMOUNT2_E, 1, tid); push_u32(a, ARG(regs, 1)); break;
    case NR_mkdir: ev_begin(a, E_MKDIR_2_E, 1, tid); push_u32(a, ARG(regs, 1)); break;
    case NR_rmdir: ev_begin(a, E_RMDIR_2_E, 0, tid); break;
    case NR_execve: ev_begin(a, E_EXECVE_19_E, 1, tid); push_user_str(a, (void *)ARG(regs, 0)); break;
    case NR_execveat:
      ev_begin(a, E_EXECVEAT_E, 3, tid);
      push_u64(a, (__s32)ARG(regs, 0));
      push_user_str(a, (void *)ARG(regs, 1));
      push_u32(a, ARG(regs, 4));
      break;
    case NR_bpf: ev_begin(a, E_BPF_E, 1, tid); push_u64(a, ARG(regs, 0)); break;
    case NR_unlink: ev_begin(a, E_UNLINK_2_E, 0, tid); break;
    case NR_unlinkat: ev_begin(a, E_UNLINKAT_2_E, 0, tid); break;
    case NR_mkdirat: ev_begin(a, E_MKDIRAT_E, 0, tid); break;
    case NR_fchmodat: ev_begin(a, E_FCHMODAT_E, 0, tid); break;
    case NR_chmod: ev_begin(a, E_CHMOD_E, 0, tid); break;
    case NR_fchmod: ev_begin(a, E_FCHMOD_E, 0, tid); break;
    case NR_userfaultfd: ev_begin(a, E_USERFAULTFD_E, 0, tid); break;
    /* dup, dup2 and dup3 as the DUP event (evt.type dup), as the drivers sysdig 0.29.3 reads sent them */
    case NR_dup:
    case NR_dup2:
    case NR_dup3: ev_begin(a, E_DUP_E, 1, tid); push_u64(a, (__s32)ARG(regs, 0)); break;
    case NR_memfd_create: ev_begin(a, E_MEMFD_CREATE_E, 0, tid); break;
    case NR_init_module: ev_begin(a, E_INIT_MODULE_E, 0, tid); break;
    case NR_finit_module: ev_begin(a, E_FINIT_MODULE_E, 0, tid); break;
    default: return 0;
  }
  ev_submit(a);
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret) {
  long id = regs->orig_ax;
  __u64 tid;
  if (!traced(id, &tid)) return 0;
  struct aux *a = aux_get();
  if (!a) return 0;
  struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
  switch (id) {
    case NR_open:
      ev_begin(a, E_OPEN_E + 1, 5, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_u32(a, open_flags_to_scap(ARG(regs, 1)));
      push_u32(a, ARG(regs, 2));
      push_u32(a, 0);
      break;
    case NR_openat:
      ev_begin(a, E_OPENAT_2_E + 1, 6, tid);
      push_u64(a, ret);
      push_openat_args(a, regs);
      push_u32(a, 0); /* dev */
      break;
    case NR_openat2:
      ev_begin(a, E_OPENAT2_E + 1, 6, tid);
      push_u64(a, ret);
      push_openat2_args(a, regs);
      break;
    case NR_creat:
      ev_begin(a, E_CREAT_E + 1, 4, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      push_u32(a, 0);
      break;
    case NR_close: ev_begin(a, E_CLOSE_E + 1, 1, tid); push_u64(a, ret); break;
    case NR_socket: ev_begin(a, E_SOCKET_E + 1, 1, tid); push_u64(a, ret); break;
    case NR_socketpair: {
      int fds[2] = {-1, -1};
      bpf_probe_read_user(fds, sizeof(fds), (void *)ARG(regs, 3));
      ev_begin(a, E_SOCKETPAIR_E + 1, 5, tid);
      push_u64(a, ret);
      push_u64(a, ret >= 0 ? fds[0] : -1);
      push_u64(a, ret >= 0 ? fds[1] : -1);
      push_u64(a, ret >= 0 ? (__u64)fd_sock(t, fds[0]) : 0);
      push_u64(a, ret >= 0 ? (__u64)fd_sock(t, fds[1]) : 0);
      break;
    }
    case NR_bind:
      ev_begin(a, E_BIND_E + 1, 2, tid);
      push_u64(a, ret);
      push_sockaddr(a, (void *)ARG(regs, 1), ARG(regs, 2));
      break;
    case NR_connect:
      ev_begin(a, E_CONNECT_E + 1, 2, tid);
      push_u64(a, ret);
      push_connect_tuple(a, t, (__s32)ARG(regs, 0), (void *)ARG(regs, 1), ARG(regs, 2));
      break;
    case NR_listen: ev_begin(a, E_LISTEN_E + 1, 1, tid); push_u64(a, ret); break;
    case NR_accept:
    case NR_accept4:
      ev_begin(a, id == NR_accept ? E_ACCEPT_5_E + 1 : E_ACCEPT4_5_E + 1, 5, tid);
      push_u64(a, ret);
      push_socktuple(a, t, ret, 1);
      push_u8(a, 0);
      push_u32(a, 0);
      push_u32(a, 0);
      break;
    case NR_sendto:
    case NR_sendmsg:
      ev_begin(a, id == NR_sendto ? E_SENDTO_E + 1 : E_SENDMSG_E + 1, 2, tid);
      push_u64(a, ret);
      if (id == NR_sendto && ret > 0)
        push_user_bytes(a, (void *)ARG(regs, 1), ret > 80 ? 80 : ret);
      else
        push_empty(a);
      break;
    case NR_recvfrom:
      ev_begin(a, E_RECVFROM_E + 1, 3, tid);
      push_u64(a, ret);
      if (ret > 0)
        push_user_bytes(a, (void *)ARG(regs, 1), ret > 80 ? 80 : ret);
      else
        push_empty(a);
      push_socktuple(a, t, (__s32)ARG(regs, 0), 1);
      break;
    case NR_recvmsg:
      ev_begin(a, E_RECVMSG_E + 1, 4, tid);
      push_u64(a, ret);
      push_u32(a, ret > 0 ? ret : 0);
      push_empty(a);
      push_socktuple(a, t, (__s32)ARG(regs, 0), 1);
      break;
    case NR_pipe:
    case NR_pipe2: {
      int fds[2] = {-1, -1};
      bpf_probe_read_user(fds, sizeof(fds), (void *)ARG(regs, 0));
      __u64 ino = 0;
      if (ret >= 0) {
        struct file *f = fd_file(t, fds[0]);
        ino = BPF_CORE_READ(f, f_inode, i_ino);
      }
      /* pipe2 as the PIPE event, as the libs drivers sysdig 0.29.3 reads sent it */
      ev_begin(a, E_PIPE_E + 1, 4, tid);
      push_u64(a, ret);
      push_u64(a, ret >= 0 ? fds[0] : -1);
      push_u64(a, ret >= 0 ? fds[1] : -1);
      push_u64(a, ino);
      break;
    }
    case NR_chdir:
      ev_begin(a, E_CHDIR_E + 1, 2, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      break;
    case NR_fchdir: ev_begin(a, E_FCHDIR_E + 1, 1, tid); push_u64(a, ret); break;
    case NR_ptrace:
      ev_begin(a, E_PTRACE_E + 1, 3, tid);
      push_u64(a, ret);
      push_empty(a);
      push_empty(a);
      break;
    case NR_rename:
    case NR_link:
    case NR_symlink:
      ev_begin(a, id == NR_rename ? E_RENAME_E + 1 : id == NR_link ? E_LINK_2_E + 1 : E_SYMLINK_E + 1, 3, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_user_str(a, (void *)ARG(regs, 1));
      break;
    case NR_renameat:
    case NR_renameat2:
    case NR_linkat:
      ev_begin(a, id == NR_renameat ? E_RENAMEAT_E + 1 : id == NR_renameat2 ? E_RENAMEAT2_E + 1 : E_LINKAT_2_E + 1,
               id == NR_renameat ? 5 : 6, tid);
      push_u64(a, ret);
      push_u64(a, (__s32)ARG(regs, 0));
      push_user_str(a, (void *)ARG(regs, 1));
      push_u64(a, (__s32)ARG(regs, 2));
      push_user_str(a, (void *)ARG(regs, 3));
      if (id != NR_renameat) push_u32(a, ARG(regs, 4));
      break;
    case NR_symlinkat:
      ev_begin(a, E_SYMLINKAT_E + 1, 4, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_u64(a, (__s32)ARG(regs, 1));
      push_user_str(a, (void *)ARG(regs, 2));
      break;
    case NR_setresuid:
    case NR_setresgid:
    case NR_setuid:
    case NR_setgid:
    case NR_setns:
    case NR_unshare:
      ev_begin(a, id == NR_setresuid ? E_SETRESUID_E + 1 : id == NR_setresgid ? E_SETRESGID_E + 1
                  : id == NR_setuid ? E_SETUID_E + 1 : id == NR_setgid ? E_SETGID_E + 1
                  : id == NR_setns ? E_SETNS_E + 1 : E_UNSHARE_E + 1, 1, tid);
      push_u64(a, ret);
      break;
    case NR_clone:
      ev_begin(a, E_CLONE_20_E + 1, 20, tid);
      fill_clone_exit(a, t, ret, clone_flags_to_scap(ARG(regs, 0)));
      break;
    case NR_fork:
      ev_begin(a, E_FORK_20_E + 1, 20, tid);
      fill_clone_exit(a, t, ret, 0);
      break;
    case NR_vfork:
      ev_begin(a, E_VFORK_20_E + 1, 20, tid);
      fill_clone_exit(a, t, ret, clone_flags_to_scap(0x100 | 0x4000));
      break;
    case NR_clone3: {
      __u64 flags = 0;
      bpf_probe_read_user(&flags, sizeof(flags), (void *)ARG(regs, 0));
      ev_begin(a, E_CLONE3_E + 1, 20, tid);
      fill_clone_exit(a, t, ret, clone_flags_to_scap(flags));
      break;
    }
    case NR_mount:
      ev_begin(a, E_MOUNT_E + 1, 4, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_user_str(a, (void *)ARG(regs, 1));
      push_user_str(a, (void *)ARG(regs, 2));
      break;
    case NR_umount2:
      ev_begin(a, E_UMOUNT2_E + 1, 3, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      break;
    case NR_mkdir:
    case NR_rmdir:
    case NR_unlink:
    case NR_chmod:
      ev_begin(a, id == NR_mkdir ? E_MKDIR_2_E + 1 : id == NR_rmdir ? E_RMDIR_2_E + 1
                  : id == NR_unlink ? E_UNLINK_2_E + 1 : E_CHMOD_E + 1, id == NR_chmod ? 3 : 2, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      if (id == NR_chmod) push_u32(a, ARG(regs, 1));
      break;
    case NR_unlinkat:
    case NR_mkdirat:
    case NR_fchmodat:
      ev_begin(a, id == NR_unlinkat ? E_UNLINKAT_2_E + 1 : id == NR_mkdirat ? E_MKDIRAT_E + 1 : E_FCHMODAT_E + 1,
               4, tid);
      push_u64(a, ret);
      push_u64(a, (__s32)ARG(regs, 0));
      push_user_str(a, (void *)ARG(regs, 1));
      push_u32(a, ARG(regs, 2));
      break;
    case NR_fchmod:
      ev_begin(a, E_FCHMOD_E + 1, 3, tid);
      push_u64(a, ret);
      push_u64(a, (__s32)ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      break;
    case NR_userfaultfd:
      ev_begin(a, E_USERFAULTFD_E + 1, 2, tid);
      push_u64(a, ret);
      push_u32(a, ARG(regs, 0));
      break;
    case NR_execve:
      ev_begin(a, E_EXECVE_19_E + 1, 20, tid);
      fill_execve_exit(a, t, ret);
      break;
    case NR_execveat:
      ev_begin(a, E_EXECVEAT_E + 1, 20, tid);
      fill_execve_exit(a, t, ret);
      break;
    case NR_bpf:
      ev_begin(a, E_BPF_E + 1, 1, tid);
      push_u64(a, ret);
      break;
    case NR_dup:
    case NR_dup2:
    case NR_dup3:
      ev_begin(a, E_DUP_E + 1, 1, tid);
      push_u64(a, ret);
      break;
    case NR_memfd_create:
      ev_begin(a, E_MEMFD_CREATE_E + 1, 3, tid);
      push_u64(a, ret);
      push_user_str(a, (void *)ARG(regs, 0));
      push_u32(a, ARG(regs, 1));
      break;
    case NR_init_module:
      ev_begin(a, E_INIT_MODULE_E + 1, 4, tid);
      push_u64(a, ret);
      push_empty(a);
      push_u64(a, ARG(regs, 1));
      push_user_str(a, (void *)ARG(regs, 2));
      break;
    case NR_finit_module:
      ev_begin(a, E_FINIT_MODULE_E + 1, 4, tid);
      push_u64(a, ret);
      push_u64(a, (__s32)ARG(regs, 0));
      push_user_str(a, (void *)ARG(regs, 1));
      push_u32(a, ARG(regs, 2));
      break;
    default: return 0;
  }
  ev_submit(a);
  return 0;
}

/* procexit, for every exiting thread (the libs driver sends it from sched_process_exit too). */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_process_exit, struct task_struct *p) {
  if ((bpf_get_current_pid_tgid() >> 32) == self_tgid) return 0;
  __u32 k = NR_execve; /* procexit follows the process events: traced when execve is */
  __u8 *on = bpf_map_lookup_elem(&interesting, &k);
  if (!on || !*on) return 0;
  struct aux *a = aux_get();
  if (!a) return 0;
  struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
  __s32 code = BPF_CORE_READ(t, exit_code);
  ev_begin(a, E_PROCEXIT_E, 4, (__u32)bpf_get_current_pid_tgid());
  push_u64(a, code);
  push_u64(a, (code >> 8) & 0xff);
  push_u8(a, code & 0x7f);
  push_u8(a, (code & 0x80) ? 1 : 0);
  ev_submit(a);
  return 0;
}

/*
 * Empty hooks on the same tracepoints, for `--hooks-only`: the benchmark's reference for what
 * attaching to sys_enter/sys_exit costs by itself (the kernel's tracepoint slow path), so Lanner's
 * own per-syscall cost can be told apart from it. Not loaded unless asked for ("?" sections).
 */
SEC("?tp_btf/sys_enter")
int BPF_PROG(null_sys_enter, struct pt_regs *regs, long id) { return 0; }

SEC("?tp_btf/sys_exit")
int BPF_PROG(null_sys_exit, struct pt_regs *regs, long ret) { return 0; }
