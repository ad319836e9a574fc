// The syscall state engine: libsinsp's bookkeeping around every event (thread lookup with placeholders,
// enter/exit pairing, the event's fd, latency, delayed removal of exited threads and closed fds) and its
// parsers: clone/fork/vfork/clone3, execve/execveat, procexit, the open family, socket/socketpair, bind,
// connect, accept, pipe, eventfd, signalfd, timerfd, inotify, dup/fcntl F_DUPFD, close, chdir/fchdir/getcwd,
// set*id, setsid, chroot, rlimits, the rw parsers that learn UDP tuples, container events. It follows
// libsinsp at libs e5c53d64 (sysdig 0.29.3): `sinsp::next`, `sinsp_parser::reset`, `parse_*` of
// parsers.cpp; events only newer drivers send (dup2/dup3, pipe2, memfd_create, pidfd, capset…)
// follow libs 48dfd53. Use: feed the reader's metadata callbacks, then `process(evt)` for every event in
// order; afterwards `thread`, `fdInfo` and `errorCode` describe the event, and the engine is the
// RenderContext for its parameters.

import { isIpv4MappedIpv6 } from "../net.js";
import { concatenatePaths, sanitizeString } from "../paths.js";
import {
  type FdEntry,
  FdType,
  type GroupEntry,
  type InterfaceEntry,
  type ThreadEntry,
  type UserEntry,
} from "../scap/blocks.js";
import { readU16, readU32 } from "../scap/bytes.js";
import { ScapEvent } from "../scap/event.js";
import { EventCode as C, EVENT_TYPE_MAX } from "../scap/event-table.js";
import { EF } from "../scap/event-types.js";
import { argValue, type RenderContext, type RenderedFd, renderArg } from "../scap/params.js";
import { type ContainerInfo, parseContainerJson, resolveContainer, stubContainer } from "./container.js";
import { EVENT_FLAGS, EXIT_FD_PARAM, FIRST_PARAM_IS_RES, OLD_EVENT_MAX, OLD_PARAMS } from "./event-flags.js";
import { CANCELED_FD_NUMBER, FdFlag, FdInfo, ip4, ip6, L4, socketName, sockinfoName } from "./fdinfo.js";
import { NetworkInterfaces } from "./interfaces.js";
import { CloneFlag, newStateCounters, ThreadInfo, ThreadTable, withSlash } from "./threads.js";

// Hot-path constants as plain bindings (property loads on the constant tables cost on every event).
const K_CONTAINER_E = C.PPME_CONTAINER_E;
const K_CONTAINER_JSON_2_E = C.PPME_CONTAINER_JSON_2_E;
const K_CONTAINER_JSON_E = C.PPME_CONTAINER_JSON_E;
const K_GROUP_ADDED_E = C.PPME_GROUP_ADDED_E;
const K_GROUP_DELETED_E = C.PPME_GROUP_DELETED_E;
const K_PROCEXIT_1_E = C.PPME_PROCEXIT_1_E;
const K_PROCEXIT_E = C.PPME_PROCEXIT_E;
const K_PROCINFO_E = C.PPME_PROCINFO_E;
const K_SCHEDSWITCH_1_E = C.PPME_SCHEDSWITCH_1_E;
const K_SCHEDSWITCH_6_E = C.PPME_SCHEDSWITCH_6_E;
const K_SOCKET_ACCEPT4_5_X = C.PPME_SOCKET_ACCEPT4_5_X;
const K_SOCKET_ACCEPT4_6_X = C.PPME_SOCKET_ACCEPT4_6_X;
const K_SOCKET_ACCEPT4_X = C.PPME_SOCKET_ACCEPT4_X;
const K_SOCKET_ACCEPT_5_X = C.PPME_SOCKET_ACCEPT_5_X;
const K_SOCKET_ACCEPT_X = C.PPME_SOCKET_ACCEPT_X;
const K_SOCKET_BIND_X = C.PPME_SOCKET_BIND_X;
const K_SOCKET_CONNECT_E = C.PPME_SOCKET_CONNECT_E;
const K_SOCKET_CONNECT_X = C.PPME_SOCKET_CONNECT_X;
const K_SOCKET_GETSOCKOPT_X = C.PPME_SOCKET_GETSOCKOPT_X;
const K_SOCKET_RECVFROM_X = C.PPME_SOCKET_RECVFROM_X;
const K_SOCKET_RECVMSG_X = C.PPME_SOCKET_RECVMSG_X;
const K_SOCKET_RECV_X = C.PPME_SOCKET_RECV_X;
const K_SOCKET_SENDMSG_E = C.PPME_SOCKET_SENDMSG_E;
const K_SOCKET_SENDMSG_X = C.PPME_SOCKET_SENDMSG_X;
const K_SOCKET_SENDTO_E = C.PPME_SOCKET_SENDTO_E;
const K_SOCKET_SENDTO_X = C.PPME_SOCKET_SENDTO_X;
const K_SOCKET_SEND_X = C.PPME_SOCKET_SEND_X;
const K_SOCKET_SHUTDOWN_E = C.PPME_SOCKET_SHUTDOWN_E;
const K_SOCKET_SOCKETPAIR_X = C.PPME_SOCKET_SOCKETPAIR_X;
const K_SOCKET_SOCKET_E = C.PPME_SOCKET_SOCKET_E;
const K_SOCKET_SOCKET_X = C.PPME_SOCKET_SOCKET_X;
const K_SYSCALL_BPF_2_X = C.PPME_SYSCALL_BPF_2_X;
const K_SYSCALL_BRK_4_X = C.PPME_SYSCALL_BRK_4_X;
const K_SYSCALL_CAPSET_X = C.PPME_SYSCALL_CAPSET_X;
const K_SYSCALL_CHDIR_E = C.PPME_SYSCALL_CHDIR_E;
const K_SYSCALL_CHDIR_X = C.PPME_SYSCALL_CHDIR_X;
const K_SYSCALL_CHROOT_X = C.PPME_SYSCALL_CHROOT_X;
const K_SYSCALL_CLONE3_X = C.PPME_SYSCALL_CLONE3_X;
const K_SYSCALL_CLONE_11_X = C.PPME_SYSCALL_CLONE_11_X;
const K_SYSCALL_CLONE_16_X = C.PPME_SYSCALL_CLONE_16_X;
const K_SYSCALL_CLONE_17_X = C.PPME_SYSCALL_CLONE_17_X;
const K_SYSCALL_CLONE_20_X = C.PPME_SYSCALL_CLONE_20_X;
const K_SYSCALL_CLOSE_E = C.PPME_SYSCALL_CLOSE_E;
const K_SYSCALL_CLOSE_X = C.PPME_SYSCALL_CLOSE_X;
const K_SYSCALL_COPY_FILE_RANGE_X = C.PPME_SYSCALL_COPY_FILE_RANGE_X;
const K_SYSCALL_CREAT_E = C.PPME_SYSCALL_CREAT_E;
const K_SYSCALL_CREAT_X = C.PPME_SYSCALL_CREAT_X;
const K_SYSCALL_DUP2_X = C.PPME_SYSCALL_DUP2_X;
const K_SYSCALL_DUP3_X = C.PPME_SYSCALL_DUP3_X;
const K_SYSCALL_DUP_1_X = C.PPME_SYSCALL_DUP_1_X;
const K_SYSCALL_DUP_X = C.PPME_SYSCALL_DUP_X;
const K_SYSCALL_EPOLL_CREATE1_X = C.PPME_SYSCALL_EPOLL_CREATE1_X;
const K_SYSCALL_EPOLL_CREATE_X = C.PPME_SYSCALL_EPOLL_CREATE_X;
const K_SYSCALL_EVENTFD2_X = C.PPME_SYSCALL_EVENTFD2_X;
const K_SYSCALL_EVENTFD_E = C.PPME_SYSCALL_EVENTFD_E;
const K_SYSCALL_EVENTFD_X = C.PPME_SYSCALL_EVENTFD_X;
const K_SYSCALL_EXECVEAT_E = C.PPME_SYSCALL_EXECVEAT_E;
const K_SYSCALL_EXECVEAT_X = C.PPME_SYSCALL_EXECVEAT_X;
const K_SYSCALL_EXECVE_13_X = C.PPME_SYSCALL_EXECVE_13_X;
const K_SYSCALL_EXECVE_14_X = C.PPME_SYSCALL_EXECVE_14_X;
const K_SYSCALL_EXECVE_15_X = C.PPME_SYSCALL_EXECVE_15_X;
const K_SYSCALL_EXECVE_16_X = C.PPME_SYSCALL_EXECVE_16_X;
const K_SYSCALL_EXECVE_17_X = C.PPME_SYSCALL_EXECVE_17_X;
const K_SYSCALL_EXECVE_18_E = C.PPME_SYSCALL_EXECVE_18_E;
const K_SYSCALL_EXECVE_18_X = C.PPME_SYSCALL_EXECVE_18_X;
const K_SYSCALL_EXECVE_19_E = C.PPME_SYSCALL_EXECVE_19_E;
const K_SYSCALL_EXECVE_19_X = C.PPME_SYSCALL_EXECVE_19_X;
const K_SYSCALL_EXECVE_8_X = C.PPME_SYSCALL_EXECVE_8_X;
const K_SYSCALL_FCHDIR_E = C.PPME_SYSCALL_FCHDIR_E;
const K_SYSCALL_FCHDIR_X = C.PPME_SYSCALL_FCHDIR_X;
const K_SYSCALL_FCNTL_E = C.PPME_SYSCALL_FCNTL_E;
const K_SYSCALL_FCNTL_X = C.PPME_SYSCALL_FCNTL_X;
const K_SYSCALL_FORK_17_X = C.PPME_SYSCALL_FORK_17_X;
const K_SYSCALL_FORK_20_X = C.PPME_SYSCALL_FORK_20_X;
const K_SYSCALL_FORK_X = C.PPME_SYSCALL_FORK_X;
const K_SYSCALL_GETCWD_X = C.PPME_SYSCALL_GETCWD_X;
const K_SYSCALL_GETRLIMIT_E = C.PPME_SYSCALL_GETRLIMIT_E;
const K_SYSCALL_GETRLIMIT_X = C.PPME_SYSCALL_GETRLIMIT_X;
const K_SYSCALL_INOTIFY_INIT1_X = C.PPME_SYSCALL_INOTIFY_INIT1_X;
const K_SYSCALL_INOTIFY_INIT_X = C.PPME_SYSCALL_INOTIFY_INIT_X;
const K_SYSCALL_IO_URING_SETUP_X = C.PPME_SYSCALL_IO_URING_SETUP_X;
const K_SYSCALL_MEMFD_CREATE_X = C.PPME_SYSCALL_MEMFD_CREATE_X;
const K_SYSCALL_MMAP2_X = C.PPME_SYSCALL_MMAP2_X;
const K_SYSCALL_MMAP_X = C.PPME_SYSCALL_MMAP_X;
const K_SYSCALL_MUNMAP_X = C.PPME_SYSCALL_MUNMAP_X;
const K_SYSCALL_OPENAT2_E = C.PPME_SYSCALL_OPENAT2_E;
const K_SYSCALL_OPENAT2_X = C.PPME_SYSCALL_OPENAT2_X;
const K_SYSCALL_OPENAT_2_E = C.PPME_SYSCALL_OPENAT_2_E;
const K_SYSCALL_OPENAT_2_X = C.PPME_SYSCALL_OPENAT_2_X;
const K_SYSCALL_OPENAT_E = C.PPME_SYSCALL_OPENAT_E;
const K_SYSCALL_OPENAT_X = C.PPME_SYSCALL_OPENAT_X;
const K_SYSCALL_OPEN_BY_HANDLE_AT_X = C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X;
const K_SYSCALL_OPEN_E = C.PPME_SYSCALL_OPEN_E;
const K_SYSCALL_OPEN_X = C.PPME_SYSCALL_OPEN_X;
const K_SYSCALL_PIDFD_GETFD_X = C.PPME_SYSCALL_PIDFD_GETFD_X;
const K_SYSCALL_PIDFD_OPEN_X = C.PPME_SYSCALL_PIDFD_OPEN_X;
const K_SYSCALL_PIPE2_X = C.PPME_SYSCALL_PIPE2_X;
const K_SYSCALL_PIPE_X = C.PPME_SYSCALL_PIPE_X;
const K_SYSCALL_PREADV_X = C.PPME_SYSCALL_PREADV_X;
const K_SYSCALL_PREAD_X = C.PPME_SYSCALL_PREAD_X;
const K_SYSCALL_PRLIMIT_E = C.PPME_SYSCALL_PRLIMIT_E;
const K_SYSCALL_PRLIMIT_X = C.PPME_SYSCALL_PRLIMIT_X;
const K_SYSCALL_PWRITEV_X = C.PPME_SYSCALL_PWRITEV_X;
const K_SYSCALL_PWRITE_X = C.PPME_SYSCALL_PWRITE_X;
const K_SYSCALL_READV_X = C.PPME_SYSCALL_READV_X;
const K_SYSCALL_READ_X = C.PPME_SYSCALL_READ_X;
const K_SYSCALL_SENDFILE_E = C.PPME_SYSCALL_SENDFILE_E;
const K_SYSCALL_SETGID_E = C.PPME_SYSCALL_SETGID_E;
const K_SYSCALL_SETGID_X = C.PPME_SYSCALL_SETGID_X;
const K_SYSCALL_SETPGID_E = C.PPME_SYSCALL_SETPGID_E;
const K_SYSCALL_SETREGID_X = C.PPME_SYSCALL_SETREGID_X;
const K_SYSCALL_SETRESGID_E = C.PPME_SYSCALL_SETRESGID_E;
const K_SYSCALL_SETRESGID_X = C.PPME_SYSCALL_SETRESGID_X;
const K_SYSCALL_SETRESUID_E = C.PPME_SYSCALL_SETRESUID_E;
const K_SYSCALL_SETRESUID_X = C.PPME_SYSCALL_SETRESUID_X;
const K_SYSCALL_SETREUID_X = C.PPME_SYSCALL_SETREUID_X;
const K_SYSCALL_SETRLIMIT_E = C.PPME_SYSCALL_SETRLIMIT_E;
const K_SYSCALL_SETRLIMIT_X = C.PPME_SYSCALL_SETRLIMIT_X;
const K_SYSCALL_SETSID_X = C.PPME_SYSCALL_SETSID_X;
const K_SYSCALL_SETUID_E = C.PPME_SYSCALL_SETUID_E;
const K_SYSCALL_SETUID_X = C.PPME_SYSCALL_SETUID_X;
const K_SYSCALL_SIGNALFD4_X = C.PPME_SYSCALL_SIGNALFD4_X;
const K_SYSCALL_SIGNALFD_X = C.PPME_SYSCALL_SIGNALFD_X;
const K_SYSCALL_TIMERFD_CREATE_X = C.PPME_SYSCALL_TIMERFD_CREATE_X;
const K_SYSCALL_USERFAULTFD_X = C.PPME_SYSCALL_USERFAULTFD_X;
const K_SYSCALL_VFORK_17_X = C.PPME_SYSCALL_VFORK_17_X;
const K_SYSCALL_VFORK_20_X = C.PPME_SYSCALL_VFORK_20_X;
const K_SYSCALL_VFORK_X = C.PPME_SYSCALL_VFORK_X;
const K_SYSCALL_WRITEV_X = C.PPME_SYSCALL_WRITEV_X;
const K_SYSCALL_WRITE_X = C.PPME_SYSCALL_WRITE_X;
const K_TRACER_E = C.PPME_TRACER_E;
const K_USER_ADDED_E = C.PPME_USER_ADDED_E;
const K_USER_DELETED_E = C.PPME_USER_DELETED_E;
const F_CREATES_FD = EF.CREATES_FD;
const F_DESTROYS_FD = EF.DESTROYS_FD;
const F_READS_FROM_FD = EF.READS_FROM_FD;
const F_SKIPPARSERESET = EF.SKIPPARSERESET;
const F_USES_FD = EF.USES_FD;
const T_BPF = FdType.BPF;
const T_DIRECTORY = FdType.DIRECTORY;
const T_EVENT = FdType.EVENT;
const T_EVENTPOLL = FdType.EVENTPOLL;
const T_FIFO = FdType.FIFO;
const T_FILE_V2 = FdType.FILE_V2;
const T_INOTIFY = FdType.INOTIFY;
const T_IOURING = FdType.IOURING;
const T_IPV4_SERVSOCK = FdType.IPV4_SERVSOCK;
const T_IPV4_SOCK = FdType.IPV4_SOCK;
const T_IPV6_SERVSOCK = FdType.IPV6_SERVSOCK;
const T_IPV6_SOCK = FdType.IPV6_SOCK;
const T_MEMFD = FdType.MEMFD;
const T_NETLINK = FdType.NETLINK;
const T_PIDFD = FdType.PIDFD;
const T_SIGNALFD = FdType.SIGNALFD;
const T_TIMERFD = FdType.TIMERFD;
const T_UNIX_SOCK = FdType.UNIX_SOCK;
const T_USERFAULTFD = FdType.USERFAULTFD;
const FF_CLOSE_CANCELED = FdFlag.CLOSE_CANCELED;
const FF_CLOSE_IN_PROGRESS = FdFlag.CLOSE_IN_PROGRESS;
const FF_FROM_PROC = FdFlag.FROM_PROC;
const FF_IS_CLONED = FdFlag.IS_CLONED;
const FF_ROLE_CLIENT = FdFlag.ROLE_CLIENT;
const FF_ROLE_SERVER = FdFlag.ROLE_SERVER;
const FF_SOCKET_CONNECTED = FdFlag.SOCKET_CONNECTED;
const CL_ACTIVE = CloneFlag.ACTIVE;
const CL_CHILD_IN_PIDNS = CloneFlag.CHILD_IN_PIDNS;
const CL_CLONE_INVERTED = CloneFlag.CLONE_INVERTED;
const CL_CLONE_THREAD = CloneFlag.CLONE_THREAD;
const CL_CLOSED = CloneFlag.CLOSED;
const CL_IS_MAIN_THREAD = CloneFlag.IS_MAIN_THREAD;
const CL_NAME_CHANGED = CloneFlag.NAME_CHANGED;
const CL_PIPE_DST = CloneFlag.PIPE_DST;
const CL_PIPE_SRC = CloneFlag.PIPE_SRC;
const L4_ICMP = L4.ICMP;
const L4_RAW = L4.RAW;
const L4_TCP = L4.TCP;
const L4_UDP = L4.UDP;
const L4_UNKNOWN = L4.UNKNOWN;

const PPM_O_DIRECTORY = 1 << 10;
const PPM_O_CLOEXEC = 1 << 12;
const AT_FDCWD = -100;
const EINPROGRESS = 115;
const CLONE_STALE_TIME_NS = 2_000_000_000;
const PPM_RLIMIT_NOFILE = 7;
const PPM_FCNTL_F_DUPFD = 1;
const PPM_FCNTL_F_DUPFD_CLOEXEC = 26;
const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
/** Like libsinsp, a fd table never grows beyond this. */
const MAX_FDTABLE_SIZE = 100_000;

function table(codes: readonly number[]): Uint8Array {
  const t = new Uint8Array(EVENT_TYPE_MAX);
  for (const c of codes) t[c] = 1;
  return t;
}

const CLONE_EXITS = table([
  K_SYSCALL_CLONE_11_X,
  K_SYSCALL_CLONE_16_X,
  K_SYSCALL_CLONE_17_X,
  K_SYSCALL_CLONE_20_X,
  K_SYSCALL_FORK_X,
  K_SYSCALL_FORK_17_X,
  K_SYSCALL_FORK_20_X,
  K_SYSCALL_VFORK_X,
  K_SYSCALL_VFORK_17_X,
  K_SYSCALL_VFORK_20_X,
  K_SYSCALL_CLONE3_X,
]);

/** Enter events libsinsp copies so that the exit's parser can read their parameters (`store_event`). */
const STORED_ENTERS = table([
  K_SOCKET_SENDTO_E,
  K_SYSCALL_OPEN_E,
  K_SYSCALL_CREAT_E,
  K_SYSCALL_OPENAT_E,
  K_SYSCALL_OPENAT_2_E,
  K_SYSCALL_OPENAT2_E,
  K_SOCKET_SOCKET_E,
  K_SYSCALL_EVENTFD_E,
  K_SYSCALL_CHDIR_E,
  K_SYSCALL_FCHDIR_E,
  K_SOCKET_SHUTDOWN_E,
  K_SYSCALL_GETRLIMIT_E,
  K_SYSCALL_SETRLIMIT_E,
  K_SYSCALL_PRLIMIT_E,
  K_SOCKET_SENDMSG_E,
  K_SYSCALL_SENDFILE_E,
  K_SYSCALL_SETRESUID_E,
  K_SYSCALL_SETRESGID_E,
  K_SYSCALL_SETUID_E,
  K_SYSCALL_SETGID_E,
  K_SYSCALL_EXECVE_18_E,
  K_SYSCALL_EXECVE_19_E,
  K_SYSCALL_EXECVEAT_E,
  K_SYSCALL_SETPGID_E,
]);

const EXECVE_EXITS = table([
  K_SYSCALL_EXECVE_8_X,
  K_SYSCALL_EXECVE_13_X,
  K_SYSCALL_EXECVE_14_X,
  K_SYSCALL_EXECVE_15_X,
  K_SYSCALL_EXECVE_16_X,
  K_SYSCALL_EXECVE_17_X,
  K_SYSCALL_EXECVE_18_X,
  K_SYSCALL_EXECVE_19_X,
  K_SYSCALL_EXECVEAT_X,
]);

/** Parser of each event type (0: none), so the dispatch switches on small literal numbers. */
const PARSE_KIND = (() => {
  const groups: readonly (readonly number[])[] = [
    [
      K_SYSCALL_READ_X,
      K_SYSCALL_WRITE_X,
      K_SOCKET_RECV_X,
      K_SOCKET_SEND_X,
      K_SOCKET_RECVFROM_X,
      K_SOCKET_RECVMSG_X,
      K_SOCKET_SENDTO_X,
      K_SOCKET_SENDMSG_X,
      K_SYSCALL_READV_X,
      K_SYSCALL_WRITEV_X,
      K_SYSCALL_PREAD_X,
      K_SYSCALL_PWRITE_X,
      K_SYSCALL_PREADV_X,
      K_SYSCALL_PWRITEV_X,
    ],
    [
      K_SYSCALL_OPEN_X,
      K_SYSCALL_CREAT_X,
      K_SYSCALL_OPENAT_X,
      K_SYSCALL_OPENAT_2_X,
      K_SYSCALL_OPENAT2_X,
      K_SYSCALL_OPEN_BY_HANDLE_AT_X,
    ],
    [K_PROCEXIT_E, K_PROCEXIT_1_E],
    [K_SYSCALL_PIPE_X, K_SYSCALL_PIPE2_X],
    [K_SOCKET_SOCKET_X],
    [K_SOCKET_BIND_X],
    [K_SOCKET_CONNECT_E],
    [K_SOCKET_CONNECT_X],
    [K_SOCKET_ACCEPT_X, K_SOCKET_ACCEPT_5_X, K_SOCKET_ACCEPT4_X, K_SOCKET_ACCEPT4_5_X, K_SOCKET_ACCEPT4_6_X],
    [K_SYSCALL_CLOSE_E],
    [K_SYSCALL_CLOSE_X],
    [K_SYSCALL_FCNTL_E],
    [K_SYSCALL_FCNTL_X],
    [K_SYSCALL_EVENTFD_X, K_SYSCALL_EVENTFD2_X],
    [K_SYSCALL_CHDIR_X],
    [K_SYSCALL_FCHDIR_X],
    [K_SYSCALL_GETCWD_X],
    [K_SYSCALL_DUP_X, K_SYSCALL_DUP_1_X, K_SYSCALL_DUP2_X, K_SYSCALL_DUP3_X],
    [K_SYSCALL_SIGNALFD_X, K_SYSCALL_SIGNALFD4_X],
    [K_SYSCALL_TIMERFD_CREATE_X],
    [K_SYSCALL_INOTIFY_INIT_X, K_SYSCALL_INOTIFY_INIT1_X],
    [K_SYSCALL_BPF_2_X],
    [K_SYSCALL_USERFAULTFD_X],
    [K_SYSCALL_IO_URING_SETUP_X],
    [K_SYSCALL_EPOLL_CREATE_X, K_SYSCALL_EPOLL_CREATE1_X],
    [K_SYSCALL_MEMFD_CREATE_X],
    [K_SYSCALL_PIDFD_OPEN_X],
    [K_SYSCALL_PIDFD_GETFD_X],
    [K_SYSCALL_GETRLIMIT_X, K_SYSCALL_SETRLIMIT_X],
    [K_SYSCALL_PRLIMIT_X],
    [K_SOCKET_SOCKETPAIR_X],
    [K_SCHEDSWITCH_1_E, K_SCHEDSWITCH_6_E],
    [K_SYSCALL_BRK_4_X, K_SYSCALL_MMAP_X, K_SYSCALL_MMAP2_X, K_SYSCALL_MUNMAP_X],
    [K_SYSCALL_SETRESUID_X, K_SYSCALL_SETRESGID_X, K_SYSCALL_SETUID_X, K_SYSCALL_SETGID_X],
    [K_SYSCALL_SETREUID_X, K_SYSCALL_SETREGID_X],
    [K_SYSCALL_CAPSET_X],
    [K_CONTAINER_E],
    [K_CONTAINER_JSON_E, K_CONTAINER_JSON_2_E],
    [K_SYSCALL_CHROOT_X],
    [K_SOCKET_GETSOCKOPT_X],
    [K_SYSCALL_SETSID_X],
    [K_USER_ADDED_E, K_USER_DELETED_E],
    [K_GROUP_ADDED_E, K_GROUP_DELETED_E],
  ];
  const k = new Uint8Array(EVENT_TYPE_MAX);
  groups.forEach((g, i) => {
    for (const c of g) k[c] = i + 1;
  });
  for (let t = 0; t < EVENT_TYPE_MAX; t++) {
    if (CLONE_EXITS[t] === 1) k[t] = groups.length + 1;
    else if (EXECVE_EXITS[t] === 1) k[t] = groups.length + 2;
  }
  return k;
})();

/** ns between two timestamps given as (hi, lo) 32-bit halves, exact below 2^53. */
export function tsDelta(hiA: number, loA: number, hiB: number, loB: number): number {
  return (hiA - hiB) * 0x100000000 + (loA - loB);
}

/** Thread and fd state of a capture, updated event by event. */
export class StateEngine implements RenderContext {
  /** libsinsp's state counters, kept across sections (each section starts a new thread table). */
  readonly counters = newStateCounters();
  threads = new ThreadTable(this.counters);
  readonly users = new Map<number, UserEntry>();
  readonly groups = new Map<number, GroupEntry>();
  interfaces = new NetworkInterfaces();
  /** Containers described by the capture's container events, by id. */
  readonly containers = new Map<string, ContainerInfo>();
  /** The current event's thread (undefined for events sinsp gives no thread). */
  thread: ThreadInfo | undefined;
  /** The fd the current event is about, if any (`evt->m_fdinfo`). */
  fdInfo: FdInfo | undefined;
  /** errno of a failed exit event (positive), 0 otherwise. */
  errorCode = 0;
  /** Set when parsing changed the name of the event's fd (`fd.name_changed`). */
  fdNameChanged = false;
  /** Timestamp of the first event that is not a container event (`m_firstevent_ts`), as hi/lo halves. */
  firstTsHi = 0;
  firstTsLo = 0;
  hasFirstTs = false;

  #pendingFds = new Map<number, FdEntry[]>();
  #cgroupCache = new Map<
    number,
    { bytes: Buffer; pairs: (readonly [string, string])[]; id: string; engine: string }
  >();
  #started = false;
  #sawEvent = false;
  /** Set once the capture shows exits from a newer driver (more parameters than sysdig 0.29 knew). */
  #modernDriver = false;
  #sections = 0;
  /**
   * True while the current event is one of the container events that open a capture section: sinsp
   * consumes those while opening the capture, so they are never displayed nor given to rules.
   */
  leadingContainerEvent = true;
  /** How many events `evt.num` must not count (leading container events of restarted sections). */
  numSkew = 0;
  #tidToRemove: number | undefined;
  #fdsToRemove: number[] = [];
  #nFdsToRemove = 0;
  #tidOfFdsToRemove = 0;

  // ---- metadata ----

  /** A process-list entry. */
  addThread(e: ThreadEntry): void {
    const t = ThreadInfo.fromEntry(e);
    this.#resolveContainer(t);
    this.threads.addFromCapture(t);
    const fds = this.#pendingFds.get(e.tid);
    if (fds) {
      for (const f of fds) this.#addCapturedFd(t, f);
      this.#pendingFds.delete(e.tid);
    }
  }

  #addCapturedFd(t: ThreadInfo, f: FdEntry): void {
    if (!t.fds.has(f.fd)) this.counters.addedFds++;
    t.fds.set(f.fd, fdFromEntry(f));
  }

  /** An fd-list entry of thread `tid`. */
  addFd(tid: number, f: FdEntry): void {
    const t = this.threads.get(tid);
    if (t) this.#addCapturedFd(t, f);
    else {
      const list = this.#pendingFds.get(tid) ?? [];
      list.push(f);
      this.#pendingFds.set(tid, list);
    }
  }

  addUser(u: UserEntry): void {
    this.users.set(u.uid, u);
  }

  addGroup(g: GroupEntry): void {
    this.groups.set(g.gid, g);
  }

  addInterface(i: InterfaceEntry): void {
    this.interfaces.add(i);
  }

  /** Reader handlers that load the capture's metadata into this engine. */
  /**
   * Forgets everything, as sinsp does when a concatenated capture starts a new section
   * (`restart_capture`): threads, fds, users, groups, interfaces, containers, pending removals.
   */
  reset(): void {
    this.leadingContainerEvent = true;
    this.threads = new ThreadTable(this.counters);
    this.users.clear();
    this.groups.clear();
    this.interfaces = new NetworkInterfaces();
    this.containers.clear();
    this.#pendingFds.clear();
    this.#started = false;
    this.#sawEvent = false;
    this.#modernDriver = false;
    this.#tidToRemove = undefined;
    this.#nFdsToRemove = 0;
    this.hasFirstTs = false;
    this.thread = undefined;
    this.fdInfo = undefined;
    this.errorCode = 0;
  }

  metadataHandlers(): {
    onSection(): void;
    onThread(t: ThreadEntry): void;
    onFd(tid: number, f: FdEntry): void;
    onUser(u: UserEntry): void;
    onGroup(g: GroupEntry): void;
    onInterface(i: InterfaceEntry): void;
  } {
    return {
      onSection: () => {
        this.#sections++;
        if (this.#sawEvent) this.reset();
      },
      onThread: (t) => this.addThread(t),
      onFd: (tid, f) => this.addFd(tid, f),
      onUser: (u) => this.addUser(u),
      onGroup: (g) => this.addGroup(g),
      onInterface: (i) => this.addInterface(i),
    };
  }

  /**
   * Done importing: child counts of the main threads, and libsinsp's `fix_sockets_coming_from_proc`
   * (the role of the sockets of the fd lists, by the ports some process listens on).
   */
  #start(): void {
    this.#started = true;
    this.threads.recountChildren();
    const serverPorts = new Set<number>();
    for (const t of this.threads.threads.values())
      for (const f of t.fds.values())
        if (f.type === T_IPV4_SERVSOCK || f.type === T_IPV6_SERVSOCK) serverPorts.add(f.sport);
    for (const t of this.threads.threads.values()) {
      for (const f of t.fds.values()) {
        if (f.type !== T_IPV4_SOCK) continue;
        if (serverPorts.has(f.sport)) {
          [f.sip, f.dip] = [f.dip, f.sip];
          [f.sport, f.dport] = [f.dport, f.sport];
          f.name = socketName(f);
          f.flags |= FF_ROLE_SERVER;
        } else f.flags |= FF_ROLE_CLIENT;
      }
    }
  }

  // ---- events ----

  /** Updates the state with the next event (in capture order): `begin`, `parse`, `end`. */
  process(evt: ScapEvent): void {
    this.begin(evt);
    this.parse(evt);
    this.end(evt);
  }

  /**
   * First half of `sinsp::next`: the delayed removals of the previous event (so that procexit and close
   * still see their state), then `sinsp_parser::reset` (the thread, pairing, the fd, the error code).
   */
  begin(evt: ScapEvent): void {
    if (!this.#started) this.#start();
    this.#sawEvent = true;
    const type = evt.type;
    if (this.leadingContainerEvent) {
      if (type === K_CONTAINER_JSON_E || type === K_CONTAINER_JSON_2_E || type === K_CONTAINER_E) {
        // sinsp consumes these while it opens the capture; on a restarted section they do not count.
        if (this.#sections > 1) this.numSkew++;
      } else this.leadingContainerEvent = false;
    }
    if (!this.hasFirstTs && type !== K_CONTAINER_JSON_E && type !== K_CONTAINER_JSON_2_E) {
      this.hasFirstTs = true;
      this.firstTsHi = evt.tsHi;
      this.firstTsLo = evt.tsLo;
    }
    if (this.#tidToRemove !== undefined) {
      this.threads.remove(this.#tidToRemove, false);
      this.#tidToRemove = undefined;
    }
    if (this.#nFdsToRemove !== 0) {
      const t = this.threads.getOrCreate(this.#tidOfFdsToRemove);
      const tbl = this.threads.fdTable(t);
      const c = this.counters;
      for (let i = 0; i < this.#nFdsToRemove; i++) {
        if (tbl.delete(this.#fdsToRemove[i] as number)) {
          c.removedFds++;
          c.noncachedFdLookups++;
        } else c.failedFdLookups++;
      }
      this.#nFdsToRemove = 0;
    }
    this.#reset(evt);
  }

  /** The parser of the event, if it has one (the state changes of `sinsp_parser::process_event`). */
  parse(evt: ScapEvent): void {
    const type = evt.type;
    const f = this.fdInfo;
    if (STORED_ENTERS[type] === 1) {
      if (type === K_SOCKET_SENDTO_E && f === undefined && this.thread) this.#inferSendtoFd(evt);
      this.#store(evt);
    } else if (PARSE_KIND[type] !== 0) this.#dispatch(evt, type);
  }

  /** End of `sinsp::next`: the fd-name-changed flag, and an exit event uses up the stored enter event. */
  end(evt: ScapEvent): void {
    // Like sinsp, the flag is set once parsing (and a capture filter) is done.
    const g = this.fdInfo;
    this.fdNameChanged = g !== undefined && g.name !== g.oldName;
    const t = this.thread;
    if (t === undefined) return;
    if ((evt.type & 1) === 1 && t.lastEventValidData) {
      t.lastEventValidData = false;
      t.lastEventValid = false;
    }
  }

  /**
   * What sysdig's capture filter does to an event it drops before parsing (events that do not modify
   * state): the thread forgets the enter event so the exit will not pair with it.
   */
  dropBeforeParse(evt: ScapEvent): void {
    const t = this.thread;
    const type = evt.type;
    if (t !== undefined && !((EVENT_FLAGS[type] as number) & F_SKIPPARSERESET || type === K_SCHEDSWITCH_6_E))
      t.lastEventType = EVENT_TYPE_MAX;
  }

  /**
   * With a capture filter, libsinsp looks up a write exit's fd before filtering (to spot tracer
   * writes), so the event has its fd even when the enter event was filtered out.
   */
  lookupWriteFd(evt: ScapEvent): void {
    const t = this.thread;
    if (evt.type === K_SYSCALL_WRITE_X && this.fdInfo === undefined && t !== undefined)
      this.fdInfo = this.threads.fd(t, t.lastEventFd);
  }

  /** `sinsp_parser::reset`: the event's thread, enter/exit pairing, its fd and its error code. */
  #reset(evt: ScapEvent): void {
    const type = evt.type;
    const flags = EVENT_FLAGS[type] as number;
    this.fdInfo = undefined;
    this.errorCode = 0;
    this.fdNameChanged = false;
    this.thread = undefined;
    if (flags & F_SKIPPARSERESET) {
      if (type === K_PROCINFO_E) this.thread = this.threads.get(evt.tid);
      return;
    }
    if (type === K_CONTAINER_JSON_E || type === K_CONTAINER_JSON_2_E) return;
    const queryOs = CLONE_EXITS[type] !== 1 && type !== K_SCHEDSWITCH_6_E;
    const t = queryOs ? this.threads.getOrCreate(evt.tid) : this.threads.get(evt.tid);
    this.thread = t;
    if (type === K_SCHEDSWITCH_6_E || t === undefined) return;
    if (queryOs) t.flags |= CL_ACTIVE;
    if ((type & 1) === 0) {
      t.lastEventFd = -1;
      t.lastEventType = type;
      if (flags & F_USES_FD) {
        t.lastEventFd = evt.paramI64(0) ?? -1;
        this.fdInfo = this.threads.fd(t, t.lastEventFd);
      }
      t.latency = 0;
      t.enterTsHi = evt.tsHi;
      t.enterTsLo = evt.tsLo;
      t.hasEnterTs = true;
      return;
    }
    if (t.hasEnterTs) t.latency = tsDelta(evt.tsHi, evt.tsLo, t.enterTsHi, t.enterTsLo);
    // Newer drivers send exits without enters, carrying the fd themselves: once an exit shows more
    // parameters than sysdig 0.29 knew (or an event it did not know), unpaired exits are handled the
    // newer libsinsp way.
    if (!this.#modernDriver && (type >= OLD_EVENT_MAX || evt.nparams > (OLD_PARAMS[type] as number)))
      this.#modernDriver = true;
    if (type === t.lastEventType + 1) t.lastEventValid = true;
    else {
      t.lastEventValid = false;
      if (this.#modernDriver) t.lastEventFd = -1;
      else if (t.lastEventType !== K_TRACER_E) return;
    }
    if (FIRST_PARAM_IS_RES[type] === 1 && evt.nparams > 0) {
      const res = evt.paramI64(0) ?? 0;
      if (res < 0) this.errorCode = -res;
    }
    if (flags & F_USES_FD) {
      if (type === K_SYSCALL_COPY_FILE_RANGE_X) t.lastEventFd = evt.paramI64(1) ?? -1;
      else if (t.lastEventFd === -1 && this.#modernDriver) {
        const i = EXIT_FD_PARAM[type] as number;
        if (i >= 0 && i < evt.nparams) t.lastEventFd = evt.paramI64(i) ?? -1;
      }
      const f = this.threads.fd(t, t.lastEventFd);
      this.fdInfo = f;
      if (f === undefined) return;
      if (f.flags & FF_CLOSE_CANCELED) {
        f.flags &= ~FF_CLOSE_CANCELED;
        if (this.threads.fd(t, CANCELED_FD_NUMBER) !== undefined)
          this.#scheduleFdRemoval(t, CANCELED_FD_NUMBER);
      }
    }
  }

  #scheduleFdRemoval(t: ThreadInfo, fd: number): void {
    this.#tidOfFdsToRemove = t.tid;
    this.#fdsToRemove[this.#nFdsToRemove++] = fd;
  }

  /** `store_event`: keep a copy of the enter event for the exit's parser. */
  #store(evt: ScapEvent): void {
    const t = this.thread;
    if (t === undefined) return;
    t.lastEvent = evt.copyInto(t.lastEvent ?? new ScapEvent());
    t.lastEventValidData = true;
    t.lastEventValid = true;
  }

  /** The stored enter event matching this exit (`retrieve_enter_event`). */
  #enterOf(evt: ScapEvent): ScapEvent | undefined {
    const t = this.thread;
    if (t === undefined || !t.lastEventValid || !t.lastEventValidData || t.lastEvent === undefined)
      return undefined;
    if (t.lastEvent.type !== evt.type - 1) {
      t.lastEventValid = false;
      return undefined;
    }
    return t.lastEvent;
  }

  #dispatch(evt: ScapEvent, type: number): void {
    switch (PARSE_KIND[type]) {
      case 1:
        this.#rwExit(evt, type);
        return;
      case 2:
        this.#openExit(evt);
        return;
      case 3:
        if (this.thread) {
          this.thread.flags |= CL_CLOSED;
          this.#tidToRemove = evt.tid;
        }
        return;
      case 4:
        this.#pipeExit(evt);
        return;
      case 5:
        this.#socketExit(evt);
        return;
      case 6:
        this.#bindExit(evt);
        return;
      case 7:
        this.#connectEnter(evt);
        return;
      case 8:
        this.#connectExit(evt);
        return;
      case 9:
        this.#acceptExit(evt);
        return;
      case 10:
        if (this.thread) {
          this.fdInfo = this.threads.fd(this.thread, this.thread.lastEventFd);
          if (this.fdInfo) this.fdInfo.flags |= FF_CLOSE_IN_PROGRESS;
        }
        return;
      case 11:
        this.#closeExit(evt);
        return;
      case 12:
        if (this.thread) {
          const cmd = evt.paramUint(1) ?? 0;
          if (cmd === PPM_FCNTL_F_DUPFD || cmd === PPM_FCNTL_F_DUPFD_CLOEXEC) this.#store(evt);
        }
        return;
      case 13:
        this.#fcntlExit(evt);
        return;
      case 14:
        this.#simpleFd(evt, T_EVENT, true);
        return;
      case 15:
        if (this.thread && (evt.paramI64(0) ?? -1) >= 0) this.#setCwd(this.thread, evt.param(1));
        return;
      case 16:
        if ((evt.paramI64(0) ?? -1) >= 0 && this.fdInfo && this.thread)
          this.#setCwd(this.thread, this.fdInfo.name);
        return;
      case 17:
        if ((evt.paramI64(0) ?? -1) >= 0 && this.thread) this.#setCwd(this.thread, evt.param(1));
        return;
      case 18:
        this.#dupExit(evt);
        return;
      case 19:
        this.#simpleFd(evt, T_SIGNALFD, false);
        return;
      case 20:
        this.#simpleFd(evt, T_TIMERFD, false);
        return;
      case 21:
        this.#simpleFd(evt, T_INOTIFY, false);
        return;
      case 22:
        this.#simpleFd(evt, T_BPF, false);
        return;
      case 23:
        this.#simpleFd(evt, T_USERFAULTFD, false);
        return;
      case 24:
        this.#simpleFd(evt, T_IOURING, false);
        return;
      case 25:
        this.#simpleFd(evt, T_EVENTPOLL, false);
        return;
      case 26:
        this.#memfdExit(evt);
        return;
      case 27:
        this.#pidfdOpenExit(evt);
        return;
      case 28:
        this.#pidfdGetfdExit(evt);
        return;
      case 29:
        this.#rlimitExit(evt);
        return;
      case 30:
        this.#prlimitExit(evt);
        return;
      case 31:
        this.#socketpairExit(evt);
        return;
      case 32:
        this.#contextSwitch(evt);
        return;
      case 33:
        if (this.thread) {
          this.thread.vmsizeKb = evt.paramUint(1) ?? this.thread.vmsizeKb;
          this.thread.vmrssKb = evt.paramUint(2) ?? this.thread.vmrssKb;
          this.thread.vmswapKb = evt.paramUint(3) ?? this.thread.vmswapKb;
        }
        return;
      case 34:
        this.#setIdExit(evt, type);
        return;
      case 35:
        if (this.thread && (evt.paramI64(0) ?? -1) === 0) {
          const id = evt.paramUint(2);
          if (id !== undefined && id !== 0xffffffff) {
            if (type === K_SYSCALL_SETREUID_X) this.thread.uid = id;
            else this.thread.gid = id;
          }
        }
        return;
      case 36:
        if (this.thread && (evt.paramI64(0) ?? -1) >= 0) {
          this.thread.capInheritable = evt.paramU64Big(1) ?? this.thread.capInheritable;
          this.thread.capPermitted = evt.paramU64Big(2) ?? this.thread.capPermitted;
          this.thread.capEffective = evt.paramU64Big(3) ?? this.thread.capEffective;
        }
        return;
      case 37:
        this.#containerEvent(evt);
        return;
      case 38:
        this.#containerJsonEvent(evt);
        return;
      case 39:
        if ((evt.paramI64(0) ?? -1) === 0 && this.thread) {
          this.thread.root = argValue(evt, 1, { context: this });
          this.#resolveContainer(this.thread);
        }
        return;
      case 40:
        if (this.thread && evt.nparams > 1) {
          const fd = evt.paramI64(1) ?? -1;
          this.fdInfo = this.threads.mainThread(this.thread).fds.get(fd);
          this.thread.lastEventFd = fd;
        }
        return;
      case 41: {
        const res = evt.paramI64(0) ?? -1;
        if (res >= 0 && this.thread) this.thread.sid = res;
        return;
      }
      case 42:
        this.#userEvent(evt, type === K_USER_ADDED_E);
        return;
      case 43: {
        const gid = evt.paramUint(0);
        if (gid === undefined) return;
        if (type === K_GROUP_ADDED_E) this.groups.set(gid, { gid, name: evt.paramString(1) ?? "" });
        else this.groups.delete(gid);
        return;
      }
      case 44:
        this.#cloneExit(evt);
        return;
      case 45:
        this.#execveExit(evt);
    }
  }

  // ---- processes ----

  /** `parse_clone_exit`: the child thread, from its parent or from the event. */
  #cloneExit(evt: ScapEvent): void {
    const type = evt.type;
    let tid = evt.tid;
    let childtid = evt.paramI64(0) ?? -1;
    let flagsIdx: number;
    let version: 11 | 16 | 17 | 20;
    switch (type) {
      case K_SYSCALL_CLONE_11_X:
        flagsIdx = 8;
        version = 11;
        break;
      case K_SYSCALL_CLONE_16_X:
      case K_SYSCALL_FORK_X:
      case K_SYSCALL_VFORK_X:
        flagsIdx = 13;
        version = 16;
        break;
      case K_SYSCALL_CLONE_17_X:
      case K_SYSCALL_FORK_17_X:
      case K_SYSCALL_VFORK_17_X:
        flagsIdx = 14;
        version = 17;
        break;
      default:
        flagsIdx = 15;
        version = 20;
    }
    const flags = evt.paramUint(flagsIdx) ?? 0;
    if (childtid < 0) return;
    let vtid = tid;
    let vpid = -1;
    if (version === 20) {
      vtid = evt.paramI64(18) ?? tid;
      vpid = evt.paramI64(19) ?? -1;
    }
    const inContainer = (flags & CL_CHILD_IN_PIDNS) !== 0 || tid !== vtid;
    let inverted = false;
    let collision = false;
    if (childtid === 0) {
      let t = this.thread;
      if (t?.hasCloneTs && tsDelta(evt.tsHi, evt.tsLo, t.cloneTsHi, t.cloneTsLo) > CLONE_STALE_TIME_NS) {
        this.threads.remove(tid, true);
        t = undefined;
        this.thread = undefined;
      }
      const parenttid = (flags & CL_CLONE_THREAD) !== 0 ? (evt.paramI64(4) ?? -1) : (evt.paramI64(5) ?? -1);
      if (t === undefined) {
        inverted = true;
        childtid = tid;
        tid = parenttid;
      } else {
        if (inContainer) {
          t.vtid = vtid;
          t.vpid = vpid;
        }
        return;
      }
    } else if (inContainer) return;

    let parent = this.threads.getOrCreate(tid);
    const validParent = !(parent.comm === "<NA>" && parent.uid === 0xffffffff);
    const existing = this.threads.get(childtid);
    if (existing !== undefined) {
      if (existing.flags & CL_CLONE_INVERTED) return;
      this.threads.remove(childtid, true);
      collision = true;
    }
    const c = new ThreadInfo();
    c.tid = childtid;
    c.ptid = tid;
    const commOf = () =>
      version === 11 || version === 16 ? (evt.paramString(1) ?? "") : (evt.paramString(13) ?? "");
    if (validParent) {
      c.comm = parent.comm;
      c.exe = parent.exe;
      c.exepath = parent.exepath;
      c.exeWritable = parent.exeWritable;
      c.args = parent.args;
      c.root = parent.root;
      c.sid = parent.sid;
      c.vpgid = parent.vpgid;
      c.tty = parent.tty;
      c.loginuid = parent.loginuid;
      c.capInheritable = parent.capInheritable;
      c.capPermitted = parent.capPermitted;
      c.capEffective = parent.capEffective;
      c.exeUpperLayer = parent.exeUpperLayer;
      c.exeLowerLayer = parent.exeLowerLayer;
      c.exeFromMemfd = parent.exeFromMemfd;
      c.exeIno = parent.exeIno;
      c.exeInoCtime = parent.exeInoCtime;
      c.exeInoMtime = parent.exeInoMtime;
      if ((flags & CL_CLONE_THREAD) === 0) c.copyEnvFrom(parent);
    } else {
      this.threads.remove(tid, true);
      collision = true;
      parent = this.threads.getOrCreate(tid);
      // A fresh placeholder: take what the event says, and tell the parent too.
      c.exe = evt.paramString(1) ?? "";
      c.comm = commOf();
      c.args = splitArgs(evt.param(2));
      parent.comm = c.comm;
      parent.exe = c.exe;
      parent.exepath = c.exepath;
      parent.args = c.args;
    }
    c.pid = evt.paramI64(4) ?? childtid;
    c.flags = flags;
    if ((flags & CL_CLONE_THREAD) === 0) {
      c.pid = childtid;
      for (const [fd, f] of this.threads.fdTable(parent)) {
        const copy = f.clone();
        copy.flags |= FF_IS_CLONED;
        c.fds.set(fd, copy);
      }
      c.cwd = this.threads.cwd(parent);
    }
    if (inverted) c.flags |= CL_CLONE_INVERTED;
    c.exe = evt.paramString(1) ?? "";
    c.comm = commOf();
    c.args = splitArgs(evt.param(2));
    c.fdlimit = evt.paramI64(7) ?? 0;
    if (version !== 11) {
      c.pfmajor = evt.paramI64(8) ?? 0;
      c.pfminor = evt.paramI64(9) ?? 0;
      c.vmsizeKb = evt.paramUint(10) ?? 0;
      c.vmrssKb = evt.paramUint(11) ?? 0;
      c.vmswapKb = evt.paramUint(12) ?? 0;
    }
    const uidIdx = version === 11 ? 9 : version === 16 ? 14 : version === 17 ? 15 : 16;
    c.uid = evt.paramUint(uidIdx) ?? 0;
    c.gid = evt.paramUint(uidIdx + 1) ?? 0;
    if (inContainer) {
      c.vtid = vtid;
      c.vpid = vpid;
    } else {
      c.vtid = c.tid;
      c.vpid = c.pid;
    }
    if (version === 20) {
      this.#setCgroups(c, evt.param(14));
      if (evt.nparams > 20) c.pidnsInitStartTs = evt.paramU64Big(20) ?? 0n;
    } else if (validParent) c.containerId = parent.containerId;
    c.cloneTsHi = evt.tsHi;
    c.cloneTsLo = evt.tsLo;
    this.threads.add(c);
    if (collision) this.#reset(evt);
  }

  /** `parse_execve_exit`: the process image changes in place. */
  #execveExit(evt: ScapEvent): void {
    const t = this.thread;
    if ((evt.paramI64(0) ?? -1) < 0 || !t) return;
    const type = evt.type;
    t.exe = evt.paramString(1) ?? "";
    const old =
      type === K_SYSCALL_EXECVE_8_X || type === K_SYSCALL_EXECVE_13_X || type === K_SYSCALL_EXECVE_14_X;
    t.comm = old ? t.exe : (evt.paramString(13) ?? "");
    t.args = splitArgs(evt.param(2));
    t.pid = evt.paramI64(4) ?? t.pid;
    if (t.ptid === -1) t.ptid = evt.paramI64(5) ?? -1;
    t.fdlimit = evt.paramI64(7) ?? t.fdlimit;
    if (type !== K_SYSCALL_EXECVE_8_X) {
      t.pfmajor = evt.paramI64(8) ?? 0;
      t.pfminor = evt.paramI64(9) ?? 0;
      t.vmsizeKb = evt.paramUint(10) ?? 0;
      t.vmrssKb = evt.paramUint(11) ?? 0;
      t.vmswapKb = evt.paramUint(12) ?? 0;
    }
    if (type === K_SYSCALL_EXECVE_14_X) t.setEnvBytes(evt.param(13));
    else if (type === K_SYSCALL_EXECVE_15_X) t.setEnvBytes(evt.param(14));
    else if (!old) {
      t.setEnvBytes(evt.param(15));
      this.#setCgroups(t, evt.param(14));
    }
    if (
      type === K_SYSCALL_EXECVE_17_X ||
      type === K_SYSCALL_EXECVE_18_X ||
      type === K_SYSCALL_EXECVE_19_X ||
      type === K_SYSCALL_EXECVEAT_X
    )
      t.tty = (evt.paramUint(16) ?? 0) | 0;
    if (type === K_SYSCALL_EXECVE_18_X || type === K_SYSCALL_EXECVE_19_X) {
      const enter = this.#enterOf(evt);
      if (enter) {
        const fn = enter.param(0);
        t.exepath = startsWithNA(fn) ? "<NA>" : concatenatePaths(t.cwd, fn, 1024).path;
      } else if (evt.nparams > 30) {
        // Newer drivers put the filename in the exit event.
        const fn = evt.param(30);
        if (fn.length > 0) t.exepath = startsWithNA(fn) ? "<NA>" : concatenatePaths(t.cwd, fn, 1024).path;
      }
    } else if (type === K_SYSCALL_EXECVEAT_X) {
      const enter = this.#enterOf(evt);
      if (enter) {
        const path = enter.param(1);
        if (startsWithNA(path)) t.exepath = "<NA>";
        else {
          const saved = this.fdInfo;
          const sdir = this.#dirfd(pathString(path), enter.paramI64(0) ?? AT_FDCWD);
          this.fdInfo = saved;
          const AT_EMPTY_PATH = 1;
          const p = (enter.paramUint(2) ?? 0) & AT_EMPTY_PATH && cLen(path) === 0 ? sdir : path;
          t.exepath = concatenatePaths(sdir, p, 1024).path;
        }
      }
    }
    if (type === K_SYSCALL_EXECVE_19_X || type === K_SYSCALL_EXECVEAT_X)
      t.vpgid = evt.paramI64(17) ?? t.vpgid;
    if (evt.nparams > 18) t.loginuid = evt.paramUint(18) ?? t.loginuid;
    if (evt.nparams > 19) {
      const f = evt.paramUint(19) ?? 0;
      t.exeWritable = (f & 1) !== 0;
      t.exeUpperLayer = (f & 2) !== 0;
      t.exeFromMemfd = (f & 4) !== 0;
      t.exeLowerLayer = (f & 8) !== 0;
    }
    if (evt.nparams > 22) {
      t.capInheritable = evt.paramU64Big(20) ?? t.capInheritable;
      t.capPermitted = evt.paramU64Big(21) ?? t.capPermitted;
      t.capEffective = evt.paramU64Big(22) ?? t.capEffective;
    }
    if (evt.nparams > 25) {
      t.exeIno = evt.paramI64(23) ?? 0;
      t.exeInoCtime = evt.paramU64Big(24) ?? 0n;
      t.exeInoMtime = evt.paramU64Big(25) ?? 0n;
    }
    if (evt.nparams > 26) t.uid = evt.paramUint(26) ?? t.uid;
    if (evt.nparams > 27) {
      const tp = evt.paramString(27);
      if (tp !== undefined && tp !== "") t.exepath = tp;
    }
    if (evt.nparams > 28) t.pgid = evt.paramI64(28) ?? t.pgid;
    if (evt.nparams > 29) t.gid = evt.paramUint(29) ?? t.gid;
    const keep = t.flags & (CL_PIPE_SRC | CL_PIPE_DST | CL_IS_MAIN_THREAD);
    const inverted = t.flags & CL_CLONE_INVERTED;
    t.flags = CL_ACTIVE | keep | inverted | CL_NAME_CHANGED;
  }

  #resolveContainer(t: ThreadInfo): void {
    const r = resolveContainer(t.cgroups);
    t.containerId = r?.id ?? "";
    if (r !== undefined) this.#noteContainer(r.id, r.engine);
  }

  /** A container seen through its cgroups: without a container event, only its kind is known. */
  #noteContainer(id: string, engine: string): void {
    if (!this.containers.has(id)) this.containers.set(id, stubContainer(id, engine));
  }

  /** Cgroups from an event parameter, and the container they name (memoized: processes repeat them). */
  #setCgroups(t: ThreadInfo, b: Buffer): void {
    // FNV-1a over the bytes picks the bucket; the bytes themselves confirm the hit.
    let h = 0x811c9dc5;
    for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    let c = this.#cgroupCache.get(h);
    if (c === undefined || !c.bytes.equals(b)) {
      const pairs = parseCgroupsParam(b);
      const r = resolveContainer(pairs);
      c = { bytes: Buffer.from(b), pairs, id: r?.id ?? "", engine: r?.engine ?? "" };
      if (this.#cgroupCache.size >= 4096) this.#cgroupCache.clear();
      this.#cgroupCache.set(h, c);
    }
    t.cgroups = c.pairs;
    t.containerId = c.id;
    if (c.id !== "") this.#noteContainer(c.id, c.engine);
  }

  #setCwd(t: ThreadInfo, path: string | Uint8Array): void {
    const main = this.threads.mainThread(t);
    main.cwd = withSlash(concatenatePaths(main.cwd, path, 1024).path);
  }

  #setIdExit(evt: ScapEvent, type: number): void {
    const t = this.thread;
    if ((evt.paramI64(0) ?? -1) < 0 || t === undefined) return;
    const res = type === K_SYSCALL_SETRESUID_X || type === K_SYSCALL_SETRESGID_X;
    const enter = this.#enterOf(evt);
    let id: number | undefined;
    if (enter) id = enter.paramUint(res ? 1 : 0);
    else if (evt.nparams > 1) id = evt.paramUint(res ? 2 : 1);
    if (id === undefined) return;
    if (res && id === 0xffffffff) return;
    if (type === K_SYSCALL_SETRESUID_X || type === K_SYSCALL_SETUID_X) t.uid = id;
    else t.gid = id;
  }

  #rlimitExit(evt: ScapEvent): void {
    const t = this.thread;
    if (t === undefined || (evt.paramI64(0) ?? -1) < 0) return;
    const enter = this.#enterOf(evt);
    const resource = enter ? enter.paramUint(0) : evt.nparams > 3 ? evt.paramUint(3) : undefined;
    if (resource !== PPM_RLIMIT_NOFILE) return;
    const cur = evt.paramI64(1) ?? -1;
    if (cur !== -1) this.threads.mainThread(t).fdlimit = cur;
  }

  #prlimitExit(evt: ScapEvent): void {
    if ((evt.paramI64(0) ?? -1) < 0) return;
    const enter = this.#enterOf(evt);
    const resource = enter ? enter.paramUint(1) : evt.nparams > 6 ? evt.paramUint(6) : undefined;
    if (resource !== PPM_RLIMIT_NOFILE) return;
    const cur = evt.paramI64(1) ?? -1;
    if (cur === -1) return;
    let tid = enter ? (enter.paramI64(0) ?? 0) : (evt.paramI64(5) ?? 0);
    if (tid === 0) tid = evt.tid;
    this.threads.mainThread(this.threads.getOrCreate(tid)).fdlimit = cur;
  }

  #contextSwitch(evt: ScapEvent): void {
    const t = this.thread;
    if (t === undefined || evt.nparams < 6) return;
    t.pfmajor = evt.paramI64(1) ?? t.pfmajor;
    t.pfminor = evt.paramI64(2) ?? t.pfminor;
    const m = this.threads.mainThread(t);
    m.vmsizeKb = evt.paramUint(3) ?? m.vmsizeKb;
    m.vmrssKb = evt.paramUint(4) ?? m.vmrssKb;
    m.vmswapKb = evt.paramUint(5) ?? m.vmswapKb;
  }

  #containerEvent(evt: ScapEvent): void {
    const id = evt.paramString(0) ?? "";
    const prev = this.containers.get(id);
    this.containers.set(id, {
      id,
      fullId: prev?.fullId ?? "",
      type: ["docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri", "containerd", "cri-o"][
        evt.paramUint(1) ?? -1
      ] as string,
      name: evt.paramString(2) ?? "",
      image: evt.paramString(3) ?? "",
      imageId: "",
      imageRepo: "",
      imageTag: "",
      imageDigest: "",
      privileged: undefined,
      ip: "",
      labels: new Map(),
      mounts: [],
      createdTime: 0,
    });
  }

  #containerJsonEvent(evt: ScapEvent): void {
    if (evt.nparams < 1) return;
    const info = parseContainerJson(evt.param(0).toString("utf8").replace(/\0+$/, ""));
    if (info !== undefined) this.containers.set(info.id, info);
  }

  #userEvent(evt: ScapEvent, added: boolean): void {
    const uid = evt.paramUint(0);
    if (uid === undefined) return;
    // Only the host's users: a container's users would need the container's own table.
    if ((evt.paramString(5) ?? "") !== "") return;
    if (added)
      this.users.set(uid, {
        uid,
        gid: evt.paramUint(1) ?? 0,
        name: evt.paramString(2) ?? "",
        homedir: evt.paramString(3) ?? "",
        shell: evt.paramString(4) ?? "",
      });
    else this.users.delete(uid);
  }

  // ---- fds ----

  /** `add_fd`: puts `f` in the thread's table (handling an fd whose close is in flight) and makes it the event's fd. */
  #addFd(t: ThreadInfo, fd: number, f: FdInfo): FdInfo | undefined {
    const tbl = this.threads.fdTable(t);
    const old = tbl.get(fd);
    if (old === undefined) {
      if (tbl.size >= MAX_FDTABLE_SIZE) {
        t.lastEventFd = fd;
        return undefined;
      }
      this.counters.addedFds++;
    } else if (old.flags & FF_CLOSE_IN_PROGRESS) {
      f.flags = (f.flags & ~FF_CLOSE_IN_PROGRESS) | FF_CLOSE_CANCELED;
      tbl.set(CANCELED_FD_NUMBER, old);
    }
    tbl.set(fd, f);
    t.lastEventFd = fd;
    return f;
  }

  #openExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const enter = this.#enterOf(evt);
    const fd = evt.paramI64(0) ?? -1;
    const type = evt.type;
    let name: Uint8Array = EMPTY;
    let flags = 0;
    let dev = 0;
    let sdir = "";
    if (type === K_SYSCALL_OPEN_X) {
      name = evt.param(1);
      flags = evt.paramUint(2) ?? 0;
      if (evt.nparams > 4) dev = evt.paramUint(4) ?? 0;
      if (enter && enter.nparams >= 2) {
        const en = enter.param(0);
        if (en.length !== 0 && !isNullText(en)) {
          name = en;
          flags = enter.paramUint(1) ?? 0;
        }
      }
      sdir = this.threads.cwd(t);
    } else if (type === K_SYSCALL_CREAT_X) {
      name = evt.param(1);
      if (evt.nparams > 3) dev = evt.paramUint(3) ?? 0;
      if (enter && enter.nparams >= 1) {
        const en = enter.param(0);
        if (en.length !== 0 && !isNullText(en)) name = en;
      }
      sdir = this.threads.cwd(t);
    } else if (type === K_SYSCALL_OPENAT_X) {
      // Old openat exits carry only the fd; libsinsp reads the rest from the enter event.
      if (!enter) return;
      name = enter.param(1);
      flags = enter.paramUint(2) ?? 0;
      sdir = this.#dirfd(pathString(name), enter.paramI64(0) ?? AT_FDCWD);
    } else if (type === K_SYSCALL_OPEN_BY_HANDLE_AT_X) {
      // Newer libs: the exit names the opened path in full.
      name = evt.param(3);
      flags = evt.paramUint(2) ?? 0;
      if (evt.nparams > 4) dev = evt.paramUint(4) ?? 0;
      sdir = "";
    } else {
      name = evt.param(2);
      flags = evt.paramUint(3) ?? 0;
      let dirfd = evt.paramI64(1) ?? AT_FDCWD;
      if (type === K_SYSCALL_OPENAT_2_X && evt.nparams > 5) dev = evt.paramUint(5) ?? 0;
      if (type === K_SYSCALL_OPENAT2_X && evt.nparams > 6) dev = evt.paramUint(6) ?? 0;
      if (enter && enter.nparams >= 3) {
        const en = enter.param(1);
        if (en.length !== 0 && !isNullText(en)) {
          name = en;
          flags = enter.paramUint(2) ?? 0;
          dirfd = enter.paramI64(0) ?? AT_FDCWD;
        }
      }
      sdir = this.#dirfd(pathString(name), dirfd);
    }
    const full = concatenatePaths(sdir, name, 1024).path;
    if (fd >= 0) {
      const f = new FdInfo();
      f.type = flags & PPM_O_DIRECTORY ? T_DIRECTORY : T_FILE_V2;
      f.openFlags = flags;
      f.dev = dev;
      f.name = full;
      this.fdInfo = this.#addFd(t, fd, f);
    }
  }

  /** `parse_dirfd`: the directory a relative path is resolved against. */
  #dirfd(name: string, dirfd: number): string {
    const t = this.thread as ThreadInfo;
    if (name.startsWith("/")) return ".";
    if (dirfd === AT_FDCWD) return this.threads.cwd(t);
    this.fdInfo = this.threads.fd(t, dirfd);
    return this.fdInfo === undefined ? "<UNKNOWN>" : `${this.fdInfo.name}/`;
  }

  #closeExit(evt: ScapEvent): void {
    const res = evt.paramI64(0) ?? -1;
    const t = this.thread;
    const f = this.fdInfo;
    if (res >= 0) {
      if (!f || !t) return;
      if (f.flags & FF_CLOSE_CANCELED) {
        f.flags &= ~FF_CLOSE_CANCELED;
        if (this.threads.fd(t, CANCELED_FD_NUMBER) !== undefined)
          this.#scheduleFdRemoval(t, CANCELED_FD_NUMBER);
      } else this.#scheduleFdRemoval(t, t.lastEventFd);
    } else if (f) f.flags &= ~FF_CLOSE_IN_PROGRESS;
  }

  #pipeExit(evt: ScapEvent): void {
    const t = this.thread;
    if ((evt.paramI64(0) ?? -1) < 0 || !t) return;
    const ino = evt.paramI64(3) ?? 0;
    const openFlags = evt.type === K_SYSCALL_PIPE2_X ? (evt.paramUint(4) ?? 0) : 0;
    for (const i of [1, 2]) {
      const f = new FdInfo();
      f.type = T_FIFO;
      f.ino = ino;
      f.openFlags = openFlags;
      this.fdInfo = this.#addFd(t, evt.paramI64(i) ?? -1, f);
    }
  }

  #simpleFd(evt: ScapEvent, type: number, eventfd: boolean): void {
    const t = this.thread;
    if (!t) return;
    const fd = evt.paramI64(0) ?? -1;
    if (fd < 0) return;
    const f = new FdInfo();
    f.type = type;
    if (eventfd && evt.type === K_SYSCALL_EVENTFD2_X) f.openFlags = evt.paramUint(1) ?? 0;
    this.fdInfo = this.#addFd(t, fd, f);
  }

  #memfdExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const fd = evt.paramI64(0) ?? -1;
    if (fd < 0) return;
    const f = new FdInfo();
    f.type = T_MEMFD;
    f.name = evt.paramString(1) ?? "";
    f.openFlags = evt.paramUint(2) ?? 0;
    this.fdInfo = this.#addFd(t, fd, f);
  }

  #pidfdOpenExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const fd = evt.paramI64(0) ?? -1;
    if (fd < 0) return;
    const f = new FdInfo();
    f.type = T_PIDFD;
    f.pid = evt.paramI64(1) ?? 0;
    f.name = `/proc/${f.pid}`;
    f.openFlags = evt.paramUint(2) ?? 0;
    this.fdInfo = this.#addFd(t, fd, f);
  }

  #pidfdGetfdExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const fd = evt.paramI64(0) ?? -1;
    const pidfd = this.threads.fd(t, evt.paramI64(1) ?? -1);
    if (pidfd === undefined || pidfd.type !== T_PIDFD) return;
    const target = this.threads.get(pidfd.pid);
    const tf = target ? this.threads.fd(target, evt.paramI64(2) ?? -1) : undefined;
    if (tf === undefined) return;
    const f = tf.clone();
    f.openFlags |= PPM_O_CLOEXEC;
    this.fdInfo = this.#addFd(t, fd, f);
  }

  #dupExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const res = evt.paramI64(0) ?? -1;
    if (res < 0) return;
    if (res === 0) t.flags |= CL_PIPE_DST;
    if (res === 1) t.flags |= CL_PIPE_SRC;
    const src = this.fdInfo;
    if (src === undefined) return;
    const f = src.clone();
    if (evt.type === K_SYSCALL_DUP3_X) {
      f.openFlags &= ~PPM_O_CLOEXEC;
      if ((evt.paramUint(3) ?? 0) & PPM_O_CLOEXEC) f.openFlags |= PPM_O_CLOEXEC;
    } else if (evt.type === K_SYSCALL_DUP_1_X || evt.type === K_SYSCALL_DUP2_X) f.openFlags &= ~PPM_O_CLOEXEC;
    this.fdInfo = this.#addFd(t, res, f);
  }

  #fcntlExit(evt: ScapEvent): void {
    const enter = this.#enterOf(evt);
    if (!enter) return;
    const res = evt.paramI64(0) ?? -1;
    const t = this.thread;
    if (res < 0 || this.fdInfo === undefined || !t) return;
    this.fdInfo = this.#addFd(t, res, this.fdInfo.clone());
  }

  #socketpairExit(evt: ScapEvent): void {
    const t = this.thread;
    if ((evt.paramI64(0) ?? -1) < 0 || !t) return;
    const mk = () => {
      const f = new FdInfo();
      f.type = T_UNIX_SOCK;
      f.unixSource = evt.paramU64Big(3) ?? 0n;
      f.unixDest = evt.paramU64Big(4) ?? 0n;
      return f;
    };
    this.fdInfo = this.#addFd(t, evt.paramI64(1) ?? -1, mk());
    this.#addFd(t, evt.paramI64(2) ?? -1, mk());
  }

  /** `add_socket`: a new socket fd typed by domain, type and protocol. */
  #addSocket(t: ThreadInfo, fd: number, domain: number, type: number, proto: number): void {
    const f = new FdInfo();
    if (domain === AF_UNIX) f.type = T_UNIX_SOCK;
    else if (domain === AF_INET || domain === AF_INET6) {
      f.type = domain === AF_INET ? T_IPV4_SOCK : T_IPV6_SOCK;
      f.sip = domain === AF_INET ? 0 : new Uint8Array(16);
      f.dip = domain === AF_INET ? 0 : new Uint8Array(16);
      const SOCK_STREAM = 1;
      const SOCK_DGRAM = 2;
      const SOCK_RAW = 3;
      let l4: number = L4_UNKNOWN;
      if (proto === 6) l4 = type === SOCK_RAW ? L4_RAW : L4_TCP;
      else if (proto === 17) l4 = type === SOCK_RAW ? L4_RAW : L4_UDP;
      else if (proto === 0) {
        if ((type & 0xff) === SOCK_STREAM) l4 = L4_TCP;
        else if ((type & 0xff) === SOCK_DGRAM) l4 = L4_UDP;
      } else if (proto === 1) l4 = type === SOCK_RAW ? L4_RAW : L4_ICMP;
      else if (proto === 255) l4 = L4_RAW;
      f.l4proto = l4;
    } else if (domain === AF_NETLINK) f.type = T_NETLINK;
    else return;
    this.fdInfo = this.#addFd(t, fd, f);
  }

  #socketExit(evt: ScapEvent): void {
    const fd = evt.paramI64(0) ?? -1;
    const t = this.thread;
    if (fd < 0 || !t) return;
    const enter = this.#enterOf(evt);
    if (enter)
      this.#addSocket(t, fd, enter.paramUint(0) ?? 0, enter.paramUint(1) ?? 0, enter.paramUint(2) ?? 0);
    else if (evt.nparams > 3)
      this.#addSocket(t, fd, evt.paramUint(1) ?? 0, evt.paramUint(2) ?? 0, evt.paramUint(3) ?? 0);
  }

  /** `infer_sendto_fdinfo`: a sendto on an unknown fd is taken for a UDP socket. */
  #inferSendtoFd(evt: ScapEvent): void {
    const t = this.thread as ThreadInfo;
    const fd = evt.paramI64(0) ?? -1;
    if (fd < 0 || evt.nparams < 3 || evt.paramLength(2) === 0) return;
    const family = evt.buf[evt.paramOffset(2)];
    if (family === AF_INET || family === AF_INET6) this.#addSocket(t, fd, family, 2, 17);
  }

  #bindExit(evt: ScapEvent): void {
    const f = this.fdInfo;
    if (!f || (evt.paramI64(0) ?? -1) < 0) return;
    const len = evt.paramLength(1);
    if (len === 0) return;
    const b = evt.buf;
    const o = evt.paramOffset(1);
    const family = b[o];
    if (family === AF_INET && len >= 7) {
      const port = readU16(b, o + 5);
      if (port > 0) {
        f.type = T_IPV4_SERVSOCK;
        f.sip = readU32(b, o + 1);
        f.sport = port;
        f.flags |= FF_ROLE_SERVER;
      }
    } else if (family === AF_INET6 && len >= 19) {
      const port = readU16(b, o + 17);
      if (port > 0) {
        if (isIpv4MappedIpv6(b, o + 1)) {
          f.type = T_IPV4_SERVSOCK;
          f.sip = readU32(b, o + 13);
        } else {
          f.type = T_IPV6_SERVSOCK;
          f.sip = new Uint8Array(b.subarray(o + 1, o + 17));
        }
        f.sport = port;
        f.flags |= FF_ROLE_SERVER;
      }
    }
    f.name = renderArg(evt, 1, { context: this });
  }

  #connectEnter(evt: ScapEvent): void {
    const f = this.fdInfo;
    if (!f || evt.nparams < 2) return;
    const len = evt.paramLength(1);
    if (len === 0) return;
    const b = evt.buf;
    const o = evt.paramOffset(1);
    const family = b[o];
    if (family === AF_INET && len >= 7) {
      f.type = T_IPV4_SOCK;
      f.dip = readU32(b, o + 1);
      f.dport = readU16(b, o + 5);
    } else if (family === AF_INET6 && len >= 19) {
      const port = readU16(b, o + 17);
      if (isIpv4MappedIpv6(b, o + 1)) {
        f.type = T_IPV4_SOCK;
        f.dip = readU32(b, o + 13);
      } else {
        f.type = T_IPV6_SOCK;
        f.dip = new Uint8Array(b.subarray(o + 1, o + 17));
      }
      f.dport = port;
    } else {
      f.name = renderArg(evt, 1, { context: this });
      if (len >= 17) {
        f.unixSource = b.readBigUInt64LE(o + 1);
        f.unixDest = b.readBigUInt64LE(o + 9);
      }
    }
  }

  /** `set_*_addresses_and_ports` from a socket tuple; returns whether anything changed. */
  #setTuple(f: FdInfo, b: Buffer, o: number, family: number): boolean {
    if (family === AF_INET6 && !(isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19))) {
      const sip = b.subarray(o + 1, o + 17);
      const dip = b.subarray(o + 19, o + 35);
      const sport = readU16(b, o + 17);
      const dport = readU16(b, o + 35);
      if (f.type === T_IPV6_SOCK) {
        const cs = ip6(f.sip);
        const cd = ip6(f.dip);
        if (
          (eqBytes(sip, cs) && sport === f.sport && eqBytes(dip, cd) && dport === f.dport) ||
          (eqBytes(dip, cs) && dport === f.sport && eqBytes(sip, cd) && sport === f.dport)
        )
          return false;
      }
      let changed = false;
      if (!eqBytes(ip6(f.sip), sip)) {
        f.sip = new Uint8Array(sip);
        changed = true;
      }
      if (f.sport !== sport) {
        f.sport = sport;
        changed = true;
      }
      if (isZeroBytes(ip6(f.dip))) {
        f.dip = new Uint8Array(dip);
        changed = true;
      }
      if (f.dport === 0) {
        f.dport = dport;
        changed = true;
      }
      return changed;
    }
    const [si, sp, di, dp] = family === AF_INET ? [1, 5, 7, 11] : [13, 17, 31, 35];
    const sip = readU32(b, o + si);
    const sport = readU16(b, o + sp);
    const dip = readU32(b, o + di);
    const dport = readU16(b, o + dp);
    if (f.type === T_IPV4_SOCK) {
      const cs = ip4(f.sip);
      const cd = ip4(f.dip);
      if (
        (sip === cs && sport === f.sport && dip === cd && dport === f.dport) ||
        (dip === cs && dport === f.sport && sip === cd && sport === f.dport)
      )
        return false;
    }
    let changed = false;
    if (ip4(f.sip) !== sip || typeof f.sip !== "number") {
      f.sip = sip;
      changed = true;
    }
    if (f.sport !== sport) {
      f.sport = sport;
      changed = true;
    }
    if (typeof f.dip !== "number" || f.dip === 0) {
      f.dip = dip;
      changed = true;
    }
    if (f.dport === 0) {
      f.dport = dport;
      changed = true;
    }
    return changed;
  }

  #connectExit(evt: ScapEvent): void {
    const f = this.fdInfo;
    if (!f) return;
    const res = evt.paramI64(0) ?? 0;
    if (res < 0 && res !== -EINPROGRESS) return;
    f.flags |= FF_SOCKET_CONNECTED;
    const len = evt.nparams > 1 ? evt.paramLength(1) : 0;
    if (len === 0) return;
    const b = evt.buf;
    const o = evt.paramOffset(1);
    const family = b[o] as number;
    if ((family === AF_INET && len >= 13) || (family === AF_INET6 && len >= 37)) {
      const v6 = family === AF_INET6 && !(isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19));
      f.type = v6 ? T_IPV6_SOCK : T_IPV4_SOCK;
      const changed = this.#setTuple(f, b, o, family);
      if (changed && (f.flags & FF_ROLE_SERVER) !== 0 && f.isUdp) swapAddresses(f);
      f.name = sockinfoName(f);
    } else {
      f.name = renderArg(evt, 1, { context: this });
      if (len >= 17) {
        f.unixSource = b.readBigUInt64LE(o + 1);
        f.unixDest = b.readBigUInt64LE(o + 9);
      }
    }
    if (f.roleNone) f.flags |= FF_ROLE_CLIENT;
  }

  #acceptExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const fd = evt.paramI64(0) ?? -1;
    if (fd < 0) return;
    t.lastEventFd = fd;
    const len = evt.paramLength(1);
    if (len === 0) return;
    const b = evt.buf;
    const o = evt.paramOffset(1);
    const family = b[o] as number;
    const f = new FdInfo();
    if (family === AF_INET && len >= 13) {
      this.#setTuple(f, b, o, family);
      f.type = T_IPV4_SOCK;
      f.l4proto = L4_TCP;
    } else if (family === AF_INET6 && len >= 37) {
      if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
        this.#setTuple(f, b, o, family);
        f.type = T_IPV4_SOCK;
      } else {
        f.sip = new Uint8Array(16);
        f.dip = new Uint8Array(16);
        this.#setTuple(f, b, o, family);
        f.type = T_IPV6_SOCK;
      }
      f.l4proto = L4_TCP;
    } else if (family === AF_UNIX) {
      f.type = T_UNIX_SOCK;
      if (len >= 17) {
        f.unixSource = b.readBigUInt64LE(o + 1);
        f.unixDest = b.readBigUInt64LE(o + 9);
      }
    } else return;
    f.name = renderArg(evt, 1, { context: this });
    f.flags = FF_ROLE_SERVER | FF_SOCKET_CONNECTED;
    this.fdInfo = this.#addFd(t, fd, f);
  }

  /** `parse_rw_exit`: I/O on sockets marks them connected and teaches UDP tuples. */
  #rwExit(evt: ScapEvent, type: number): void {
    const f = this.fdInfo;
    const t = this.thread;
    if (f === undefined || t === undefined) return;
    const res = evt.paramI64(0) ?? -1;
    if (res < 0) return;
    if (f.type === T_IPV4_SOCK || f.type === T_IPV6_SOCK) f.flags |= FF_SOCKET_CONNECTED;
    const reads = ((EVENT_FLAGS[type] as number) & F_READS_FROM_FD) !== 0;
    let src: ScapEvent | undefined;
    let idx = -1;
    if (reads) {
      if (type === K_SOCKET_RECVFROM_X) idx = 2;
      else if (type === K_SOCKET_RECVMSG_X) idx = 3;
      src = evt;
    } else if (type === K_SOCKET_SENDTO_X || type === K_SOCKET_SENDMSG_X) idx = 2;
    if (idx < 0 || !(f.name.length === 0 || !f.isTcp)) return;
    if (!reads) {
      src = this.#enterOf(evt);
      if (src === undefined) return;
    }
    const s = src as ScapEvent;
    if (idx >= s.nparams || !this.#updateFd(f, s, idx)) return;
    if (f.type === T_IPV4_SOCK || f.type === T_IPV6_SOCK) {
      if (f.roleNone) this.#guessRole(t, f, reads);
      if (reads ? (f.flags & FF_ROLE_CLIENT) !== 0 : (f.flags & FF_ROLE_SERVER) !== 0) swapAddresses(f);
      f.name = sockinfoName(f);
    } else f.name = renderArg(s, idx, { context: this });
  }

  /** `update_fd`: a tuple parameter updates the socket; false when there is nothing to learn. */
  #updateFd(f: FdInfo, evt: ScapEvent, idx: number): boolean {
    const len = evt.paramLength(idx);
    if (len === 0) return false;
    const b = evt.buf;
    const o = evt.paramOffset(idx);
    const family = b[o] as number;
    if (family === AF_INET && len >= 13) {
      if (f.type === T_IPV4_SERVSOCK) {
        // The server socket's l4proto carries over.
      }
      f.type = T_IPV4_SOCK;
      if (!this.#setTuple(f, b, o, family)) return false;
    } else if (family === AF_INET6 && len >= 37) {
      if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
        f.type = T_IPV4_SOCK;
        if (!this.#setTuple(f, b, o, family)) return false;
      } else if (!this.#setTuple(f, b, o, family)) return false;
    } else if (family === AF_UNIX) {
      f.type = T_UNIX_SOCK;
      if (len >= 17) {
        f.unixSource = b.readBigUInt64LE(o + 1);
        f.unixDest = b.readBigUInt64LE(o + 9);
        f.name = sanitizeString(b.toString("latin1", o + 17, o + len).split("\0")[0] ?? "");
      }
      return true;
    } else return false;
    if ((f.type === T_IPV4_SOCK || f.type === T_IPV6_SOCK) && f.l4proto === L4_UNKNOWN) f.l4proto = L4_UDP;
    this.interfaces.completeTuple(f);
    return true;
  }

  /** `set_net_role_by_guessing`: a process bound to the destination port is the server. */
  #guessRole(t: ThreadInfo, f: FdInfo, incoming: boolean): void {
    const tbl = this.threads.fdTable(t);
    let bound = false;
    for (const o of tbl.values()) {
      if (
        (o.type === T_IPV4_SOCK && o.dport === f.dport) ||
        (o.type === T_IPV4_SERVSOCK && o.sport === f.dport)
      ) {
        bound = true;
        break;
      }
    }
    if (!bound) {
      f.flags |= FF_ROLE_CLIENT;
      return;
    }
    let usesClientPort = false;
    for (const o of tbl.values()) {
      if (o.type === T_IPV4_SOCK && o.sport === f.sport) {
        usesClientPort = true;
        break;
      }
    }
    if (!usesClientPort) {
      f.flags |= FF_ROLE_SERVER;
      return;
    }
    if (f.roleNone) f.flags |= incoming ? FF_ROLE_SERVER : FF_ROLE_CLIENT;
  }

  // ---- fields helpers ----

  /** The fd a field of this event refers to (`sinsp_filter_check_fd::extract_fd`), or undefined. */
  eventFd(evt: ScapEvent): { fd: FdInfo | undefined } | undefined {
    if (((EVENT_FLAGS[evt.type] as number) & (F_CREATES_FD | F_USES_FD | F_DESTROYS_FD)) === 0)
      return undefined;
    const t = this.thread;
    if (!t) return undefined;
    let f = this.fdInfo;
    if (f === undefined && t.lastEventFd !== -1) f = this.threads.fd(t, t.lastEventFd);
    return { fd: f };
  }

  /** `fd.name` of the current event as libsinsp extracts it (undefined prints as <NA>). */
  fdName(evt: ScapEvent): string | undefined {
    const ref = this.eventFd(evt);
    if (ref === undefined) return undefined;
    const f = ref.fd;
    if (f !== undefined && !(evt.type === K_SOCKET_CONNECT_X && (evt.paramI64(0) ?? 0) < 0))
      return sanitizeString(f.name);
    return this.fdNameFromCreator(evt);
  }

  /** `extract_fdname_from_creator`: what an fd-creating exit tried to open, when it has no fd. */
  fdNameFromCreator(evt: ScapEvent): string | undefined {
    if ((evt.type & 1) === 0) return undefined;
    switch (evt.type) {
      case K_SYSCALL_OPEN_X:
      case K_SOCKET_ACCEPT_X:
      case K_SOCKET_ACCEPT_5_X:
      case K_SOCKET_ACCEPT4_X:
      case K_SOCKET_ACCEPT4_5_X:
      case K_SYSCALL_CREAT_X:
      case K_SOCKET_CONNECT_X:
        return argValue(evt, 1, { context: this });
      case K_SYSCALL_OPENAT_X:
      case K_SYSCALL_OPENAT_2_X:
      case K_SYSCALL_OPENAT2_X: {
        const enter = evt.type === K_SYSCALL_OPENAT_X ? this.#enterOf(evt) : evt;
        if (!enter) return undefined;
        const old = evt.type === K_SYSCALL_OPENAT_X;
        const name = enter.param(old ? 1 : 2);
        const saved = this.fdInfo;
        const sdir = this.#dirfd(pathString(name), enter.paramI64(old ? 0 : 1) ?? AT_FDCWD);
        this.fdInfo = saved;
        return sanitizeString(concatenatePaths(sdir, name, 1024).path);
      }
      default:
        return "";
    }
  }

  // ---- RenderContext ----

  hasThread(_evt: ScapEvent): boolean {
    return this.thread !== undefined;
  }

  fd(_evt: ScapEvent, fd: number): RenderedFd | undefined {
    const t = this.thread;
    const f = t ? this.threads.fd(t, fd) : undefined;
    if (!f) return undefined;
    return { typeChar: f.typeChar, l4Char: l4Char(f), name: f.name };
  }

  comm(tid: number): string | undefined {
    return this.threads.get(tid)?.comm;
  }

  cwd(_evt: ScapEvent): string {
    return this.thread ? this.threads.cwd(this.thread) : "";
  }

  dirFdPath(_evt: ScapEvent, dirfd: number): string {
    const t = this.thread;
    return (t ? this.threads.fd(t, dirfd)?.name : undefined) ?? "";
  }

  userName(uid: number): string | undefined {
    return this.users.get(uid)?.name;
  }

  groupName(gid: number): string | undefined {
    return this.groups.get(gid)?.name;
  }
}

const EMPTY = new Uint8Array(0);

function eqBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isZeroBytes(a: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== 0) return false;
  return true;
}

/** `swap_addresses`. */
function swapAddresses(f: FdInfo): void {
  [f.sip, f.dip] = [f.dip, f.sip];
  [f.sport, f.dport] = [f.dport, f.sport];
}

/** Length up to the first NUL. */
function cLen(b: Uint8Array): number {
  const i = b.indexOf(0);
  return i < 0 ? b.length : i;
}

function pathString(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, cLen(b)).toString("latin1");
}

function startsWithNA(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x3c && b[1] === 0x4e && b[2] === 0x41 && b[3] === 0x3e;
}

/** strcmp(name, "(NULL)") == 0. */
function isNullText(b: Uint8Array): boolean {
  return cLen(b) === 6 && pathString(b) === "(NULL)";
}

/** The protocol letter libsinsp shows for a socket fd: by l4proto, but none while the socket has no role. */
function l4Char(f: FdInfo): string {
  if ((f.type === T_IPV4_SOCK || f.type === T_IPV6_SOCK) && f.l4proto !== L4_RAW) {
    if ((f.flags & (FF_ROLE_CLIENT | FF_ROLE_SERVER)) === 0) return "";
  }
  return f.l4Char;
}

/** An fd of the capture's fd list (`add_fd_from_scap`). */
function fdFromEntry(e: FdEntry): FdInfo {
  const f = new FdInfo();
  f.type = e.type;
  f.ino = e.ino;
  f.flags = FF_FROM_PROC;
  switch (e.type) {
    case T_IPV4_SOCK:
    case T_IPV4_SERVSOCK:
      f.sip = e.sip ?? 0;
      f.dip = e.dip ?? 0;
      f.sport = e.sport ?? 0;
      f.dport = e.dport ?? 0;
      f.l4proto = e.l4proto ?? 0;
      f.name = socketName(f);
      break;
    case T_IPV6_SERVSOCK:
      f.sip = e.sip instanceof Uint8Array ? e.sip : new Uint8Array(16);
      f.sport = e.sport ?? 0;
      f.l4proto = e.l4proto ?? 0;
      f.name = socketName(f);
      break;
    case T_IPV6_SOCK: {
      const s = e.sip instanceof Uint8Array ? e.sip : new Uint8Array(16);
      const d = e.dip instanceof Uint8Array ? e.dip : new Uint8Array(16);
      f.sport = e.sport ?? 0;
      f.dport = e.dport ?? 0;
      f.l4proto = e.l4proto ?? 0;
      if (isIpv4MappedIpv6(s) && isIpv4MappedIpv6(d)) {
        f.type = T_IPV4_SOCK;
        f.sip = readU32(s, 12);
        f.dip = readU32(d, 12);
      } else {
        f.sip = s;
        f.dip = d;
      }
      f.name = socketName(f);
      break;
    }
    case T_UNIX_SOCK:
      f.unixSource = e.source ?? 0n;
      f.unixDest = e.dest ?? 0n;
      f.name = e.name;
      f.flags |= e.name === "" ? FF_ROLE_CLIENT : FF_ROLE_SERVER;
      break;
    case T_FILE_V2:
      f.openFlags = e.openFlags ?? 0;
      f.dev = e.dev ?? 0;
      f.name = e.name;
      break;
    default:
      f.name = e.name;
  }
  return f;
}

/** NUL-separated list → strings (libsinsp `set_args`): an empty item in the middle stays. */
export function splitArgs(b: Buffer): string[] {
  const out: string[] = [];
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0) {
      out.push(b.toString("utf8", s, i));
      s = i + 1;
    }
  }
  if (s < b.length) out.push(b.toString("utf8", s));
  return out;
}

/** The cgroups parameter of clone/execve (`subsys=/path\0…`) into pairs. */
function parseCgroupsParam(b: Buffer): (readonly [string, string])[] {
  const entries = splitArgs(b);
  const out: (readonly [string, string])[] = [];
  for (const s of entries) {
    const eq = s.lastIndexOf("=");
    if (eq < 0) break;
    let subsys = s.slice(0, eq);
    const k = subsys.indexOf("_cgroup");
    if (k >= 0) subsys = subsys.slice(0, k) + subsys.slice(k + 7);
    if (subsys === "perf") subsys = "perf_event";
    else if (subsys === "mem") subsys = "memory";
    else if (subsys === "io") subsys = "blkio";
    out.push([subsys, s.slice(eq + 1)]);
  }
  return out;
}
