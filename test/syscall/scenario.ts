// A synthetic capture that exercises the state engine where the six samples do not: clone (process and
// thread), execve/execveat, chdir/fchdir/getcwd, the open family with relative paths and dirfds, dup,
// fcntl F_DUPFD, pipe, eventfd, signalfd, timerfd, inotify, socket/connect/sendto/recvfrom, bind/listen/
// accept, socketpair, creat, close, set*id, setsid, prlimit, poll fd lists, container cgroups, procexit.
// Events are encoded from the event table in the layout sysdig 0.29.3 reads, so it can be the oracle.
import type { FdEntry, ThreadEntry } from "../../src/syscall/scap/blocks.js";
import { FdType } from "../../src/syscall/scap/blocks.js";
import { EventCode as C, EVENT_TABLE } from "../../src/syscall/scap/event-table.js";
import { type EventInfo, PT } from "../../src/syscall/scap/event-types.js";
import * as w from "../../src/syscall/scap/writer.js";

export type Value = number | bigint | string | readonly string[] | Uint8Array;

/** Encodes one parameter value by its table type (shared with the default-rules captures). */
export function encodeParam(type: number, v: Value | undefined): Uint8Array {
  const b = new w.Bytes();
  switch (type) {
    case PT.INT8:
    case PT.UINT8:
    case PT.FLAGS8:
    case PT.SIGTYPE:
    case PT.L4PROTO:
    case PT.SOCKFAMILY:
    case PT.ENUMFLAGS8:
      return b.u8(Number(v ?? 0)).toBuffer();
    case PT.INT16:
    case PT.UINT16:
    case PT.FLAGS16:
    case PT.PORT:
    case PT.SYSCALLID:
    case PT.ENUMFLAGS16:
      return b.u16(Number(v ?? 0)).toBuffer();
    case PT.INT32:
    case PT.UINT32:
    case PT.FLAGS32:
    case PT.BOOL:
    case PT.IPV4ADDR:
    case PT.MODE:
    case PT.SIGSET:
    case PT.UID:
    case PT.GID:
    case PT.ENUMFLAGS32:
      return b.u32(Number(v ?? 0)).toBuffer();
    case PT.CHARBUF:
    case PT.FSPATH:
    case PT.FSRELPATH:
      return w.enc.str(String(v ?? ""));
    case PT.BYTEBUF:
      if (Array.isArray(v)) return Buffer.from(v.length ? `${v.join("\0")}\0` : "", "utf8");
      if (v instanceof Uint8Array) return v;
      return Buffer.from(String(v ?? ""), "utf8");
    case PT.SOCKADDR:
    case PT.SOCKTUPLE:
    case PT.FDLIST:
      return v instanceof Uint8Array ? v : new Uint8Array(0);
    default:
      return b.u64(typeof v === "bigint" ? v : Number(v ?? 0)).toBuffer();
  }
}

let clock = 1_600_000_000_000_000_000n;

/** An event block; parameters by name, in the layout of libs e5c53d64 (absent ones encode as zero/empty). */
function ev(tid: number, type: number, values: Record<string, Value> = {}): Buffer {
  const info = EVENT_TABLE[type] as EventInfo;
  const params = info.params.slice(0, info.oldParams).map((p) => encodeParam(p.type, values[p.name]));
  clock += 1000n;
  return w.eventBlock({ ts: clock, tid, type, params, cpu: tid % 2 });
}

const tuple4 = w.enc.tuple4;
const addr4 = w.enc.sockaddr4;

function fdlist(fds: number[]): Uint8Array {
  const b = new w.Bytes().u16(fds.length);
  for (const fd of fds) b.u64(fd).u16(1);
  return b.toBuffer();
}

const CONTAINER_ID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

const CLONE_THREAD = 1 << 13;
const CLONE_FILES = 1 << 0;
const CLONE_FS = 1 << 1;
const O_RDONLY = 1;
const O_WRONLY = 2;
const O_CREAT = 4;
const O_DIRECTORY = 1 << 10;
const AT_FDCWD = -100;

const cg = ["cpu=/user.slice", "memory=/user.slice/user-1000.slice"];
const dockerCg = [`cpu=/docker/${CONTAINER_ID}`, `memory=/docker/${CONTAINER_ID}`];

/** Process-list and fd-list entries of the scenario. */
export function scenarioMetadata(): { threads: Partial<ThreadEntry>[]; fds: [number, FdEntry[]][] } {
  return {
    threads: [
      {
        tid: 1,
        pid: 1,
        ptid: 0,
        sid: 1,
        vpgid: 1,
        comm: "systemd",
        exe: "/sbin/init",
        exepath: "/lib/systemd/systemd",
        args: [],
        cwd: "/",
        uid: 0,
        gid: 0,
        loginuid: 0xffffffff,
        fdlimit: 65536,
        vtid: 1,
        vpid: 1,
      },
      {
        tid: 50,
        pid: 50,
        ptid: 1,
        sid: 50,
        vpgid: 50,
        comm: "sshd",
        exe: "/usr/sbin/sshd",
        exepath: "/usr/sbin/sshd",
        args: ["-D"],
        cwd: "/",
        uid: 0,
        gid: 0,
        fdlimit: 1024,
        vtid: 50,
        vpid: 50,
      },
      {
        tid: 100,
        pid: 100,
        ptid: 50,
        sid: 100,
        vpgid: 100,
        comm: "bash",
        exe: "-bash",
        exepath: "/bin/bash",
        args: ["-i"],
        cwd: "/home/user",
        env: ["HOME=/home/user", "SHELL=/bin/bash"],
        uid: 1000,
        gid: 1000,
        loginuid: 1000,
        tty: 34816,
        fdlimit: 1024,
        cgroups: cg,
        vtid: 100,
        vpid: 100,
      },
      {
        tid: 300,
        pid: 300,
        ptid: 1,
        sid: 300,
        vpgid: 300,
        comm: "python3",
        exe: "python3",
        exepath: "/usr/bin/python3.8",
        args: ["-m", "http.server"],
        cwd: "/srv",
        uid: 33,
        gid: 33,
        fdlimit: 4096,
        vtid: 300,
        vpid: 300,
      },
      {
        tid: 400,
        pid: 400,
        ptid: 1,
        sid: 400,
        vpgid: 400,
        comm: "nginx",
        exe: "nginx",
        exepath: "/usr/sbin/nginx",
        args: ["-g", "daemon off;"],
        cwd: "/",
        uid: 0,
        gid: 0,
        fdlimit: 1024,
        cgroups: dockerCg,
        vtid: 1,
        vpid: 1,
      },
    ],
    fds: [
      [
        100,
        [
          { fd: 0, ino: 3, type: FdType.FILE_V2, name: "/dev/pts/0", openFlags: 2 },
          { fd: 1, ino: 3, type: FdType.FILE_V2, name: "/dev/pts/0", openFlags: 2 },
          { fd: 2, ino: 3, type: FdType.FILE_V2, name: "/dev/pts/0", openFlags: 2 },
          { fd: 255, ino: 4, type: FdType.FILE_V2, name: "/dev/tty", openFlags: 2 },
        ],
      ],
      [
        300,
        [
          { fd: 0, ino: 0, type: FdType.FIFO, name: "pipe:[77]" },
          { fd: 3, ino: 9, type: FdType.IPV4_SERVSOCK, name: "", sip: 0, sport: 8080, l4proto: 2 },
        ],
      ],
      [400, [{ fd: 3, ino: 10, type: FdType.FILE_V2, name: "/var/log/nginx/access.log", openFlags: 2 }]],
    ],
  };
}

/** The scenario capture (plain, not gzipped). */
export function scenarioCapture(): Buffer {
  clock = 1_600_000_000_000_000_000n;
  const meta = scenarioMetadata();
  const blocks: Uint8Array[] = [
    w.sectionHeaderBlock(),
    w.machineInfoBlock({ hostname: "box", numCpus: 2 }),
    w.interfaceListBlock([
      { type: 1, name: "lo", addr: 0x0100007f, netmask: 0x000000ff, bcast: 0x0100007f, linkspeed: 0 },
      { type: 1, name: "eth0", addr: 0x0500000a, netmask: 0x00ffffff, bcast: 0xff00000a, linkspeed: 1000 },
    ]),
    w.userListBlock(
      [
        { uid: 0, gid: 0, name: "root", homedir: "/root", shell: "/bin/bash" },
        { uid: 33, gid: 33, name: "www-data", homedir: "/var/www", shell: "/usr/sbin/nologin" },
        { uid: 1000, gid: 1000, name: "user", homedir: "/home/user", shell: "/bin/bash" },
      ],
      [
        { gid: 0, name: "root" },
        { gid: 33, name: "www-data" },
        { gid: 1000, name: "user" },
      ],
    ),
    w.processListBlock(meta.threads, 9),
    ...meta.fds.map(([tid, fds]) => w.fdListBlock(tid, fds)),
  ];
  const e = (tid: number, type: number, v: Record<string, Value> = {}) => blocks.push(ev(tid, type, v));
  const child = (tid: number, pid: number, ptid: number, extra: Record<string, Value>) => ({
    exe: "-bash",
    args: ["-i"],
    tid,
    pid,
    ptid,
    cwd: "/home/user",
    fdlimit: 1024,
    comm: "bash",
    cgroups: cg,
    uid: 1000,
    gid: 1000,
    vtid: tid,
    vpid: pid,
    ...extra,
  });

  // bash forks a child (parent side first, then the child's own return)
  e(100, C.PPME_SYSCALL_CLONE_20_E);
  e(100, C.PPME_SYSCALL_CLONE_20_X, { res: 101, ...child(100, 100, 50, { flags: 0 }) });
  e(101, C.PPME_SYSCALL_CLONE_20_X, { res: 0, ...child(101, 101, 100, { flags: 0 }) });
  // the child executes cat
  e(101, C.PPME_SYSCALL_EXECVE_19_E, { filename: "/usr/bin/cat" });
  e(101, C.PPME_SYSCALL_EXECVE_19_X, {
    res: 0,
    exe: "cat",
    args: ["/etc/passwd"],
    tid: 101,
    pid: 101,
    ptid: 100,
    cwd: "/home/user",
    fdlimit: 1024,
    pgft_min: 61,
    vm_size: 360,
    vm_rss: 4,
    comm: "cat",
    cgroups: cg,
    env: ["HOME=/home/user", "SHELL=/bin/bash", "TERM=xterm"],
    tty: 34816,
    pgid: 101,
    loginuid: 1000,
    flags: 0,
  });
  // open family: absolute, relative to cwd, relative to a dirfd, failing
  e(101, C.PPME_SYSCALL_OPEN_E, { name: "/etc/passwd", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_OPEN_X, { fd: 3, name: "/etc/passwd", flags: O_RDONLY, dev: 0x801 });
  e(101, C.PPME_SYSCALL_OPENAT_2_E, {
    dirfd: AT_FDCWD,
    name: "notes/../notes.txt",
    flags: O_WRONLY | O_CREAT,
    mode: 0o755,
  });
  e(101, C.PPME_SYSCALL_OPENAT_2_X, {
    fd: 4,
    dirfd: AT_FDCWD,
    name: "notes/../notes.txt",
    flags: O_WRONLY | O_CREAT,
    mode: 0o755,
    dev: 0x801,
  });
  e(101, C.PPME_SYSCALL_OPENAT_2_E, { dirfd: AT_FDCWD, name: "/var", flags: O_RDONLY | O_DIRECTORY });
  e(101, C.PPME_SYSCALL_OPENAT_2_X, { fd: 12, dirfd: AT_FDCWD, name: "/var", flags: O_RDONLY | O_DIRECTORY });
  e(101, C.PPME_SYSCALL_OPENAT_2_E, { dirfd: 12, name: "log/syslog", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_OPENAT_2_X, { fd: 13, dirfd: 12, name: "log/syslog", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_OPEN_E, { name: "/etc/shadow", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_OPEN_X, { fd: -13, name: "/etc/shadow", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_OPENAT_2_E, { dirfd: AT_FDCWD, name: "missing", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_OPENAT_2_X, { fd: -2, dirfd: AT_FDCWD, name: "missing", flags: O_RDONLY });
  // I/O
  e(101, C.PPME_SYSCALL_READ_E, { fd: 3, size: 100 });
  e(101, C.PPME_SYSCALL_READ_X, { res: 11, data: "root:x:0:0\n" });
  e(101, C.PPME_SYSCALL_WRITE_E, { fd: 1, size: 11 });
  e(101, C.PPME_SYSCALL_WRITE_X, { res: 11, data: "root:x:0:0\n" });
  // dup and fcntl F_DUPFD
  e(101, C.PPME_SYSCALL_DUP_E, { fd: 3 });
  e(101, C.PPME_SYSCALL_DUP_X, { res: 5 });
  e(101, C.PPME_SYSCALL_FCNTL_E, { fd: 4, cmd: 1 });
  e(101, C.PPME_SYSCALL_FCNTL_X, { res: 6 });
  e(101, C.PPME_SYSCALL_READ_E, { fd: 6, size: 10 });
  e(101, C.PPME_SYSCALL_READ_X, { res: 0, data: "" });
  // pipe, eventfd, signalfd, timerfd, inotify
  e(101, C.PPME_SYSCALL_PIPE_E);
  e(101, C.PPME_SYSCALL_PIPE_X, { res: 0, fd1: 7, fd2: 8, ino: 123 });
  e(101, C.PPME_SYSCALL_EVENTFD_E, { initval: 0, flags: 0 });
  e(101, C.PPME_SYSCALL_EVENTFD_X, { res: 9 });
  e(101, C.PPME_SYSCALL_SIGNALFD_E, { fd: -1, mask: 0, flags: 0 });
  e(101, C.PPME_SYSCALL_SIGNALFD_X, { res: 14 });
  e(101, C.PPME_SYSCALL_TIMERFD_CREATE_E, { clockid: 1, flags: 0 });
  e(101, C.PPME_SYSCALL_TIMERFD_CREATE_X, { res: 15 });
  e(101, C.PPME_SYSCALL_INOTIFY_INIT_E, { flags: 0 });
  e(101, C.PPME_SYSCALL_INOTIFY_INIT_X, { res: 16 });
  e(101, C.PPME_SYSCALL_WRITE_E, { fd: 8, size: 1 });
  e(101, C.PPME_SYSCALL_WRITE_X, { res: 1, data: "x" });
  e(101, C.PPME_SYSCALL_POLL_E, { fds: fdlist([7, 9, 3]), timeout: 100 });
  e(101, C.PPME_SYSCALL_POLL_X, { res: 1, fds: fdlist([7, 9, 3]) });
  // TCP client
  e(101, C.PPME_SOCKET_SOCKET_E, { domain: 2, type: 1, proto: 0 });
  e(101, C.PPME_SOCKET_SOCKET_X, { fd: 10 });
  e(101, C.PPME_SOCKET_CONNECT_E, { fd: 10, addr: addr4("10.0.0.9", 443) });
  e(101, C.PPME_SOCKET_CONNECT_X, { res: 0, tuple: tuple4("10.0.0.5", 40000, "10.0.0.9", 443) });
  e(101, C.PPME_SYSCALL_WRITE_E, { fd: 10, size: 5 });
  e(101, C.PPME_SYSCALL_WRITE_X, { res: 5, data: "hello" });
  // UDP client: sendto learns the tuple
  e(101, C.PPME_SOCKET_SOCKET_E, { domain: 2, type: 2, proto: 0 });
  e(101, C.PPME_SOCKET_SOCKET_X, { fd: 11 });
  e(101, C.PPME_SOCKET_SENDTO_E, { fd: 11, size: 40, tuple: tuple4("0.0.0.0", 0, "8.8.8.8", 53) });
  e(101, C.PPME_SOCKET_SENDTO_X, { res: 40, data: "q" });
  e(101, C.PPME_SOCKET_RECVFROM_E, { fd: 11, size: 512 });
  e(101, C.PPME_SOCKET_RECVFROM_X, { res: 60, data: "a", tuple: tuple4("8.8.8.8", 53, "10.0.0.5", 33333) });
  // unix socketpair
  e(101, C.PPME_SOCKET_SOCKETPAIR_E, { domain: 1, type: 1, proto: 0 });
  e(101, C.PPME_SOCKET_SOCKETPAIR_X, { res: 0, fd1: 17, fd2: 18, source: 0xffff1111n, peer: 0xffff2222n });
  // cwd changes
  e(101, C.PPME_SYSCALL_CHDIR_E);
  e(101, C.PPME_SYSCALL_CHDIR_X, { res: 0, path: "/tmp" });
  e(101, C.PPME_SYSCALL_OPENAT_2_E, {
    dirfd: AT_FDCWD,
    name: "x.log",
    flags: O_WRONLY | O_CREAT,
    mode: 0o600,
  });
  e(101, C.PPME_SYSCALL_OPENAT_2_X, {
    fd: 19,
    dirfd: AT_FDCWD,
    name: "x.log",
    flags: O_WRONLY | O_CREAT,
    mode: 0o600,
  });
  e(101, C.PPME_SYSCALL_FCHDIR_E, { fd: 12 });
  e(101, C.PPME_SYSCALL_FCHDIR_X, { res: 0 });
  e(101, C.PPME_SYSCALL_CREAT_E, { name: "y.txt", mode: 0o644 });
  e(101, C.PPME_SYSCALL_CREAT_X, { fd: 20, name: "y.txt", mode: 0o644 });
  e(101, C.PPME_SYSCALL_GETCWD_E);
  e(101, C.PPME_SYSCALL_GETCWD_X, { res: 5, path: "/var" });
  // credentials and session
  e(101, C.PPME_SYSCALL_SETUID_E, { uid: 0 });
  e(101, C.PPME_SYSCALL_SETUID_X, { res: 0 });
  e(101, C.PPME_SYSCALL_SETGID_E, { gid: 33 });
  e(101, C.PPME_SYSCALL_SETGID_X, { res: 0 });
  e(101, C.PPME_SYSCALL_SETRESUID_E, { ruid: 33, euid: 33, suid: 33 });
  e(101, C.PPME_SYSCALL_SETRESUID_X, { res: 0 });
  e(101, C.PPME_SYSCALL_SETSID_E);
  e(101, C.PPME_SYSCALL_SETSID_X, { res: 101 });
  e(101, C.PPME_SYSCALL_PRLIMIT_E, { pid: 0, resource: 7 });
  e(101, C.PPME_SYSCALL_PRLIMIT_X, { res: 0, newcur: 4096, newmax: 4096, oldcur: 1024, oldmax: 1024 });
  // close, then use of the closed fd
  e(101, C.PPME_SYSCALL_CLOSE_E, { fd: 3 });
  e(101, C.PPME_SYSCALL_CLOSE_X, { res: 0 });
  e(101, C.PPME_SYSCALL_READ_E, { fd: 3, size: 1 });
  e(101, C.PPME_SYSCALL_READ_X, { res: -9, data: "" });
  // a thread sharing the fd table
  e(101, C.PPME_SYSCALL_CLONE_20_E);
  e(101, C.PPME_SYSCALL_CLONE_20_X, {
    res: 102,
    exe: "cat",
    args: ["/etc/passwd"],
    tid: 101,
    pid: 101,
    ptid: 100,
    cwd: "/var",
    fdlimit: 4096,
    comm: "cat",
    cgroups: cg,
    flags: CLONE_THREAD | CLONE_FILES | CLONE_FS,
    uid: 33,
    gid: 33,
    vtid: 101,
    vpid: 101,
  });
  e(102, C.PPME_SYSCALL_CLONE_20_X, {
    res: 0,
    exe: "cat",
    args: ["/etc/passwd"],
    tid: 102,
    pid: 101,
    ptid: 100,
    cwd: "/var",
    fdlimit: 4096,
    comm: "cat",
    cgroups: cg,
    flags: CLONE_THREAD | CLONE_FILES | CLONE_FS,
    uid: 33,
    gid: 33,
    vtid: 102,
    vpid: 101,
  });
  e(102, C.PPME_SYSCALL_READ_E, { fd: 4, size: 10 });
  e(102, C.PPME_SYSCALL_READ_X, { res: 10, data: "0123456789" });
  e(102, C.PPME_SYSCALL_OPENAT_2_E, { dirfd: AT_FDCWD, name: "lib/dpkg/status", flags: O_RDONLY });
  e(102, C.PPME_SYSCALL_OPENAT_2_X, { fd: 21, dirfd: AT_FDCWD, name: "lib/dpkg/status", flags: O_RDONLY });
  e(101, C.PPME_SYSCALL_READ_E, { fd: 21, size: 10 });
  e(101, C.PPME_SYSCALL_READ_X, { res: 10, data: "Package: a" });
  e(102, C.PPME_PROCEXIT_1_E, { status: 0, ret: 0, sig: 0, core: 0 });
  // server side: accept on the listening socket, bind/listen a new one
  e(300, C.PPME_SOCKET_ACCEPT_5_E);
  e(300, C.PPME_SOCKET_ACCEPT_5_X, {
    fd: 4,
    tuple: tuple4("10.0.0.7", 5555, "10.0.0.5", 8080),
    queuepct: 0,
    queuelen: 0,
    queuemax: 5,
  });
  e(300, C.PPME_SYSCALL_READ_E, { fd: 4, size: 100 });
  e(300, C.PPME_SYSCALL_READ_X, { res: 18, data: "GET / HTTP/1.1\r\n\r\n" });
  e(300, C.PPME_SOCKET_SOCKET_E, { domain: 2, type: 1, proto: 6 });
  e(300, C.PPME_SOCKET_SOCKET_X, { fd: 5 });
  e(300, C.PPME_SOCKET_BIND_E, { fd: 5 });
  e(300, C.PPME_SOCKET_BIND_X, { res: 0, addr: addr4("0.0.0.0", 9090) });
  e(300, C.PPME_SOCKET_LISTEN_E, { fd: 5, backlog: 5 });
  e(300, C.PPME_SOCKET_LISTEN_X, { res: 0 });
  e(300, C.PPME_SYSCALL_CLOSE_E, { fd: 4 });
  e(300, C.PPME_SYSCALL_CLOSE_X, { res: 0 });
  // a containerized process
  e(400, C.PPME_SYSCALL_OPEN_E, { name: "/etc/nginx/nginx.conf", flags: O_RDONLY });
  e(400, C.PPME_SYSCALL_OPEN_X, { fd: 4, name: "/etc/nginx/nginx.conf", flags: O_RDONLY });
  e(400, C.PPME_SYSCALL_WRITE_E, { fd: 3, size: 4 });
  e(400, C.PPME_SYSCALL_WRITE_X, { res: 4, data: "log\n" });
  // a vfork+execve from the container process, a fork from bash
  e(400, C.PPME_SYSCALL_VFORK_20_E);
  e(400, C.PPME_SYSCALL_VFORK_20_X, {
    res: 401,
    exe: "nginx",
    args: ["-g", "daemon off;"],
    tid: 400,
    pid: 400,
    ptid: 1,
    cwd: "/",
    fdlimit: 1024,
    comm: "nginx",
    cgroups: dockerCg,
    flags: 0,
    uid: 0,
    gid: 0,
    vtid: 1,
    vpid: 1,
  });
  e(401, C.PPME_SYSCALL_VFORK_20_X, {
    res: 0,
    exe: "nginx",
    args: ["-g", "daemon off;"],
    tid: 401,
    pid: 401,
    ptid: 400,
    cwd: "/",
    fdlimit: 1024,
    comm: "nginx",
    cgroups: dockerCg,
    flags: 0,
    uid: 0,
    gid: 0,
    vtid: 7,
    vpid: 7,
  });
  e(401, C.PPME_SYSCALL_EXECVE_19_E, { filename: "sh" });
  e(401, C.PPME_SYSCALL_EXECVE_19_X, {
    res: 0,
    exe: "sh",
    args: ["-c", "id"],
    tid: 401,
    pid: 401,
    ptid: 400,
    cwd: "/",
    fdlimit: 1024,
    comm: "sh",
    cgroups: dockerCg,
    env: ["PATH=/bin"],
    tty: 0,
    pgid: 7,
    loginuid: 0xffffffff,
    flags: 1,
  });
  e(401, C.PPME_SYSCALL_OPEN_E, { name: "/etc/passwd", flags: O_RDONLY });
  e(401, C.PPME_SYSCALL_OPEN_X, { fd: 5, name: "/etc/passwd", flags: O_RDONLY });
  e(100, C.PPME_SYSCALL_FORK_20_E);
  e(100, C.PPME_SYSCALL_FORK_20_X, { res: 103, ...child(100, 100, 50, { flags: 0 }) });
  e(103, C.PPME_SYSCALL_FORK_20_X, { res: 0, ...child(103, 103, 100, { flags: 0 }) });
  e(103, C.PPME_SYSCALL_WRITE_E, { fd: 2, size: 3 });
  e(103, C.PPME_SYSCALL_WRITE_X, { res: 3, data: "err" });
  // the child exits; its next event (a tid reuse) gets a placeholder
  e(101, C.PPME_PROCEXIT_1_E, { status: 0, ret: 0, sig: 0, core: 0 });
  e(100, C.PPME_SYSCALL_READ_E, { fd: 0, size: 1 });
  e(100, C.PPME_SYSCALL_READ_X, { res: 1, data: "\n" });
  e(101, C.PPME_SYSCALL_READ_E, { fd: 3, size: 1 });
  e(101, C.PPME_SYSCALL_READ_X, { res: 1, data: "z" });
  return w.capture(blocks);
}
