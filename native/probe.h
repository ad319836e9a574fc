/* Shared between the BPF programs and the loader: sizes, map layouts and the event codes the probe
 * emits. Event codes and parameter layouts are those of the libs event table (driver/event_table.c),
 * the versions sysdig 0.29.3 reads where one exists, so one decoder serves files and live capture. */
#ifndef LANNER_PROBE_H
#define LANNER_PROBE_H

/* Per-CPU scratch where an event is assembled before bpf_ringbuf_output. Writes land at
 * (offset & AUX_HALF_MASK) with at most AUX_HALF bytes, so they always stay inside the buffer. */
#define AUX_SIZE (64 * 1024)
#define AUX_HALF (AUX_SIZE / 2)
#define AUX_HALF_MASK (AUX_HALF - 1)
#define MAX_STR 4096
#define MAX_STR_MASK (MAX_STR - 1)
#define MAX_PARAMS 32
/* scap event header: u64 ts, u64 tid, u32 len, u16 type, u32 nparams (packed). */
#define EVT_HDR_LEN 26
/* Every ring buffer record starts with the CPU number (u16), then the scap event. */
#define REC_CPU_LEN 2

#define MAX_SYSCALLS 512

/* Per-CPU counters, read by the loader once a second. */
struct probe_counters {
  unsigned long long events; /* events written to the ring buffer */
  unsigned long long drops;  /* events lost because the ring buffer was full */
  unsigned long long drops_big; /* events lost because they did not fit the scratch buffer */
};

/* Event codes (ppm_event_code). */
enum {
  E_GENERIC_E = 0,
  E_OPEN_E = 2,
  E_CLOSE_E = 4,
  E_SOCKET_E = 18,
  E_BIND_E = 20,
  E_CONNECT_E = 22,
  E_LISTEN_E = 24,
  E_SENDTO_E = 30,
  E_RECVFROM_E = 34,
  E_SOCKETPAIR_E = 42,
  E_SENDMSG_E = 48,
  E_RECVMSG_E = 52,
  E_CREAT_E = 58,
  E_PIPE_E = 60,
  E_CHDIR_E = 94,
  E_DUP_E = 124,
  E_FCHDIR_E = 96,
  E_PTRACE_E = 168,
  E_RENAME_E = 174,
  E_RENAMEAT_E = 176,
  E_SYMLINK_E = 178,
  E_SYMLINKAT_E = 180,
  E_PROCEXIT_E = 186,
  E_SETRESUID_E = 192,
  E_SETRESGID_E = 194,
  E_SETUID_E = 198,
  E_SETGID_E = 200,
  E_CLONE_20_E = 222,
  E_FORK_20_E = 224,
  E_VFORK_20_E = 226,
  E_SETNS_E = 240,
  E_ACCEPT_5_E = 246,
  E_ACCEPT4_5_E = 248,
  E_MOUNT_E = 256,
  E_UMOUNT_E = 258,
  E_MKDIR_2_E = 276,
  E_RMDIR_2_E = 278,
  E_UNSHARE_E = 284,
  E_EXECVE_19_E = 292,
  E_BPF_E = 296,
  E_UNLINK_2_E = 300,
  E_UNLINKAT_2_E = 302,
  E_MKDIRAT_E = 304,
  E_OPENAT_2_E = 306,
  E_LINK_2_E = 308,
  E_LINKAT_2_E = 310,
  E_FCHMODAT_E = 312,
  E_CHMOD_E = 314,
  E_FCHMOD_E = 316,
  E_RENAMEAT2_E = 318,
  E_USERFAULTFD_E = 320,
  E_OPENAT2_E = 326,
  E_EXECVEAT_E = 330,
  E_CLONE3_E = 334,
  /* Codes sysdig 0.29.3 does not know (it skips them); Lanner's state engine parses them. */
  E_UMOUNT2_E = 390,
  E_MEMFD_CREATE_E = 404,
  E_INIT_MODULE_E = 410,
  E_FINIT_MODULE_E = 412,
};

#endif
