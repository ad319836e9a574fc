// The syscall state engine, first slice: libsinsp's bookkeeping around every event (thread lookup with
// placeholders, enter/exit pairing, the event's fd, delayed removal of exited threads and closed fds)
// and the parsers for execve, procexit, open/openat/openat2/creat, close, socket and connect. It follows
// libsinsp at libs e5c53d64 (sysdig 0.29.3): `sinsp::next`, `sinsp_parser::reset` and the parse_*
// functions of parsers.cpp. Feed it the reader's metadata callbacks, then `process(evt)` for every event
// in order; afterwards `thread`, `fd` and `errorCode` describe the event, and the engine is the
// RenderContext for its parameters.

import { ipv4FromU32, isIpv4MappedIpv6 } from "../net.js";
import { concatenatePaths, sanitizeString } from "../paths.js";
import { type FdEntry, FdType, type GroupEntry, type ThreadEntry, type UserEntry } from "../scap/blocks.js";
import { readU16, readU32 } from "../scap/bytes.js";
import type { ScapEvent } from "../scap/event.js";
import { EventCode as C, EVENT_TABLE } from "../scap/event-table.js";
import { EF, type EventInfo } from "../scap/event-types.js";
import { argValue, type RenderContext, type RenderedFd } from "../scap/params.js";
import { FdFlag, FdInfo, L4, socketName } from "./fdinfo.js";
import { CloneFlag, ThreadInfo, ThreadTable } from "./threads.js";

const PPM_O_DIRECTORY = 1 << 10;
const AT_FDCWD = -100;
const EINPROGRESS = 115;

const CLONE_EXITS = new Set<number>([
  C.PPME_SYSCALL_CLONE_11_X,
  C.PPME_SYSCALL_CLONE_16_X,
  C.PPME_SYSCALL_CLONE_17_X,
  C.PPME_SYSCALL_CLONE_20_X,
  C.PPME_SYSCALL_FORK_X,
  C.PPME_SYSCALL_FORK_17_X,
  C.PPME_SYSCALL_FORK_20_X,
  C.PPME_SYSCALL_VFORK_X,
  C.PPME_SYSCALL_VFORK_17_X,
  C.PPME_SYSCALL_VFORK_20_X,
  C.PPME_SYSCALL_CLONE3_X,
]);

/** Enter events libsinsp copies so that the exit's parser can read their parameters (`store_event`). */
const STORED_ENTERS = new Set<number>([
  C.PPME_SOCKET_SENDTO_E,
  C.PPME_SYSCALL_OPEN_E,
  C.PPME_SYSCALL_CREAT_E,
  C.PPME_SYSCALL_OPENAT_E,
  C.PPME_SYSCALL_OPENAT_2_E,
  C.PPME_SYSCALL_OPENAT2_E,
  C.PPME_SOCKET_SOCKET_E,
  C.PPME_SYSCALL_EVENTFD_E,
  C.PPME_SYSCALL_CHDIR_E,
  C.PPME_SYSCALL_FCHDIR_E,
  C.PPME_SOCKET_SHUTDOWN_E,
  C.PPME_SYSCALL_GETRLIMIT_E,
  C.PPME_SYSCALL_SETRLIMIT_E,
  C.PPME_SYSCALL_PRLIMIT_E,
  C.PPME_SOCKET_SENDMSG_E,
  C.PPME_SYSCALL_SENDFILE_E,
  C.PPME_SYSCALL_SETRESUID_E,
  C.PPME_SYSCALL_SETRESGID_E,
  C.PPME_SYSCALL_SETUID_E,
  C.PPME_SYSCALL_SETGID_E,
  C.PPME_SYSCALL_EXECVE_18_E,
  C.PPME_SYSCALL_EXECVE_19_E,
  C.PPME_SYSCALL_EXECVEAT_E,
  C.PPME_SYSCALL_SETPGID_E,
]);

const EXECVE_EXITS = new Set<number>([
  C.PPME_SYSCALL_EXECVE_8_X,
  C.PPME_SYSCALL_EXECVE_13_X,
  C.PPME_SYSCALL_EXECVE_14_X,
  C.PPME_SYSCALL_EXECVE_15_X,
  C.PPME_SYSCALL_EXECVE_16_X,
  C.PPME_SYSCALL_EXECVE_17_X,
  C.PPME_SYSCALL_EXECVE_18_X,
  C.PPME_SYSCALL_EXECVE_19_X,
  C.PPME_SYSCALL_EXECVEAT_X,
]);

/** Thread and fd state of a capture, updated event by event. */
export class StateEngine implements RenderContext {
  readonly threads = new ThreadTable();
  readonly users = new Map<number, UserEntry>();
  readonly groups = new Map<number, GroupEntry>();
  /** The current event's thread (undefined for events sinsp gives no thread). */
  thread: ThreadInfo | undefined;
  /** The fd the current event is about, if any (`evt->m_fdinfo`). */
  fdInfo: FdInfo | undefined;
  /** errno of a failed exit event (positive), 0 otherwise. */
  errorCode = 0;

  #pendingFds = new Map<number, FdEntry[]>();
  #started = false;
  #tidToRemove: number | undefined;
  #fdsToRemove: number[] = [];
  #tidOfFdsToRemove = 0;

  // ---- metadata ----

  /** A process-list entry. */
  addThread(e: ThreadEntry): void {
    const t = ThreadInfo.fromEntry(e);
    this.threads.add(t);
    const fds = this.#pendingFds.get(e.tid);
    if (fds) {
      for (const f of fds) t.fds.set(f.fd, fdFromEntry(f));
      this.#pendingFds.delete(e.tid);
    }
  }

  /** An fd-list entry of thread `tid`. */
  addFd(tid: number, f: FdEntry): void {
    const t = this.threads.get(tid);
    if (t) t.fds.set(f.fd, fdFromEntry(f));
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

  /** Reader handlers that load the capture's metadata into this engine. */
  metadataHandlers(): {
    onThread(t: ThreadEntry): void;
    onFd(tid: number, f: FdEntry): void;
    onUser(u: UserEntry): void;
    onGroup(g: GroupEntry): void;
  } {
    return {
      onThread: (t) => this.addThread(t),
      onFd: (tid, f) => this.addFd(tid, f),
      onUser: (u) => this.addUser(u),
      onGroup: (g) => this.addGroup(g),
    };
  }

  /** Done importing: libsinsp's `fix_sockets_coming_from_proc` (roles of sockets from the fd lists). */
  #start(): void {
    this.#started = true;
    const serverPorts = new Set<number>();
    for (const t of this.threads.threads.values())
      for (const f of t.fds.values())
        if (f.type === FdType.IPV4_SERVSOCK || f.type === FdType.IPV6_SERVSOCK) serverPorts.add(f.sport);
    for (const t of this.threads.threads.values()) {
      for (const f of t.fds.values()) {
        if (f.type !== FdType.IPV4_SOCK) continue;
        if (serverPorts.has(f.sport)) {
          [f.sip, f.dip] = [f.dip, f.sip];
          [f.sport, f.dport] = [f.dport, f.sport];
          f.name = socketName(f);
          f.flags |= FdFlag.ROLE_SERVER;
        } else f.flags |= FdFlag.ROLE_CLIENT;
      }
    }
  }

  // ---- events ----

  /** Updates the state with the next event (in capture order). */
  process(evt: ScapEvent): void {
    if (!this.#started) this.#start();
    // sinsp::next: delayed removals, so that procexit and close themselves still see their state.
    if (this.#tidToRemove !== undefined) {
      this.threads.remove(this.#tidToRemove);
      this.#tidToRemove = undefined;
    }
    if (this.#fdsToRemove.length) {
      const t = this.threads.get(this.#tidOfFdsToRemove);
      const table = t ? this.threads.fdTable(t) : undefined;
      for (const fd of this.#fdsToRemove) table?.delete(fd);
      this.#fdsToRemove = [];
    }
    this.#reset(evt);
    const type = evt.type;
    if (STORED_ENTERS.has(type)) {
      if (this.thread) this.thread.lastEvent = evt.clone();
      return;
    }
    switch (type) {
      case C.PPME_SYSCALL_OPEN_X:
      case C.PPME_SYSCALL_CREAT_X:
      case C.PPME_SYSCALL_OPENAT_X:
      case C.PPME_SYSCALL_OPENAT_2_X:
      case C.PPME_SYSCALL_OPENAT2_X:
        this.#openExit(evt);
        break;
      case C.PPME_PROCEXIT_E:
      case C.PPME_PROCEXIT_1_E:
        if (this.thread) {
          this.thread.flags |= CloneFlag.CLOSED;
          this.#tidToRemove = evt.tid;
        }
        break;
      case C.PPME_SYSCALL_CLOSE_E:
        if (this.thread) {
          this.fdInfo = this.threads.fd(this.thread, this.thread.lastEventFd);
          if (this.fdInfo) this.fdInfo.flags |= FdFlag.CLOSE_IN_PROGRESS;
        }
        break;
      case C.PPME_SYSCALL_CLOSE_X:
        this.#closeExit(evt);
        break;
      case C.PPME_SOCKET_SOCKET_X:
        this.#socketExit(evt);
        break;
      case C.PPME_SOCKET_CONNECT_E:
        this.#connectEnter(evt);
        break;
      case C.PPME_SOCKET_CONNECT_X:
        this.#connectExit(evt);
        break;
      default:
        if (EXECVE_EXITS.has(type)) this.#execveExit(evt);
    }
  }

  /** `sinsp_parser::reset`: the event's thread, enter/exit pairing, its fd and its error code. */
  #reset(evt: ScapEvent): void {
    const type = evt.type;
    const info = EVENT_TABLE[type] as EventInfo;
    this.fdInfo = undefined;
    this.errorCode = 0;
    this.thread = undefined;
    if (info.flags & EF.SKIPPARSERESET) {
      if (type === C.PPME_PROCINFO_E) this.thread = this.threads.get(evt.tid);
      return;
    }
    if (type === C.PPME_CONTAINER_JSON_E || type === C.PPME_CONTAINER_JSON_2_E) return;
    const queryOs = !(CLONE_EXITS.has(type) || type === C.PPME_SCHEDSWITCH_6_E);
    const t = queryOs ? this.threads.getOrCreate(evt.tid) : this.threads.get(evt.tid);
    this.thread = t;
    if (type === C.PPME_SCHEDSWITCH_6_E || t === undefined) return;
    if (queryOs) t.flags |= CloneFlag.ACTIVE;
    if ((type & 1) === 0) {
      t.lastEventFd = -1;
      t.lastEventType = type;
      if (info.flags & EF.USES_FD) {
        t.lastEventFd = evt.paramI64(0) ?? -1;
        this.fdInfo = this.threads.fd(t, t.lastEventFd);
      }
      return;
    }
    if (type === t.lastEventType + 1) t.lastEventValid = true;
    else {
      t.lastEventValid = false;
      if (t.lastEventType !== C.PPME_TRACER_E) return;
    }
    const first = info.params[0]?.name;
    if (Math.min(evt.nparams, info.oldParams) > 0 && (first === "res" || first === "fd")) {
      const res = evt.paramI64(0) ?? 0;
      if (res < 0) this.errorCode = -res;
    }
    if (info.flags & EF.USES_FD) {
      if (type === C.PPME_SYSCALL_COPY_FILE_RANGE_X) t.lastEventFd = evt.paramI64(1) ?? -1;
      this.fdInfo = this.threads.fd(t, t.lastEventFd);
    }
  }

  /** The stored enter event matching this exit (`retrieve_enter_event`). */
  #enterOf(evt: ScapEvent): ScapEvent | undefined {
    const t = this.thread;
    if (!t?.lastEventValid || !t.lastEvent) return undefined;
    if (t.lastEvent.type !== evt.type - 1) {
      t.lastEventValid = false;
      return undefined;
    }
    return t.lastEvent;
  }

  #openExit(evt: ScapEvent): void {
    const t = this.thread;
    if (!t) return;
    const enter = this.#enterOf(evt);
    const fd = evt.paramI64(0) ?? -1;
    const type = evt.type;
    let name = "";
    let flags = 0;
    let dev = 0;
    let sdir = "";
    const usable = (s: string | undefined) => s !== undefined && s !== "(NULL)";
    if (type === C.PPME_SYSCALL_OPEN_X) {
      name = evt.paramString(1) ?? "";
      flags = evt.paramUint(2) ?? 0;
      if (evt.nparams > 4) dev = evt.paramUint(4) ?? 0;
      if (enter && enter.nparams >= 2 && usable(enter.paramString(0))) {
        name = enter.paramString(0) ?? "";
        flags = enter.paramUint(1) ?? 0;
      }
      sdir = this.threads.cwd(t);
    } else if (type === C.PPME_SYSCALL_CREAT_X) {
      name = evt.paramString(1) ?? "";
      if (evt.nparams > 3) dev = evt.paramUint(3) ?? 0;
      if (enter && enter.nparams >= 1 && usable(enter.paramString(0))) name = enter.paramString(0) ?? "";
      sdir = this.threads.cwd(t);
    } else if (type === C.PPME_SYSCALL_OPENAT_X) {
      // Old openat exits carry only the fd; libsinsp reads the rest from the enter event.
      if (!enter) return;
      name = enter.paramString(1) ?? "";
      flags = enter.paramUint(2) ?? 0;
      sdir = this.#dirfd(name, enter.paramI64(0) ?? AT_FDCWD);
    } else {
      name = evt.paramString(2) ?? "";
      flags = evt.paramUint(3) ?? 0;
      let dirfd = evt.paramI64(1) ?? AT_FDCWD;
      if (type === C.PPME_SYSCALL_OPENAT_2_X && evt.nparams > 5) dev = evt.paramUint(5) ?? 0;
      if (enter && enter.nparams >= 3 && usable(enter.paramString(1))) {
        name = enter.paramString(1) ?? "";
        flags = enter.paramUint(2) ?? 0;
        dirfd = enter.paramI64(0) ?? AT_FDCWD;
      }
      sdir = this.#dirfd(name, dirfd);
    }
    const full = concatenatePaths(sdir, name, 1024).path;
    if (fd >= 0) {
      const f = new FdInfo();
      f.type = flags & PPM_O_DIRECTORY ? FdType.DIRECTORY : FdType.FILE_V2;
      f.openFlags = flags;
      f.dev = dev;
      f.name = full;
      this.#addFd(t, fd, f);
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

  #addFd(t: ThreadInfo, fd: number, f: FdInfo): void {
    const table = this.threads.fdTable(t);
    if (!table) return;
    table.set(fd, f);
    this.fdInfo = f;
  }

  #closeExit(evt: ScapEvent): void {
    const res = evt.paramI64(0) ?? -1;
    const t = this.thread;
    if (res >= 0) {
      if (!this.fdInfo || !t) return;
      this.#tidOfFdsToRemove = t.tid;
      this.#fdsToRemove.push(t.lastEventFd);
    } else if (this.fdInfo) this.fdInfo.flags &= ~FdFlag.CLOSE_IN_PROGRESS;
  }

  #socketExit(evt: ScapEvent): void {
    const fd = evt.paramI64(0) ?? -1;
    const t = this.thread;
    if (fd < 0 || !t) return;
    const enter = this.#enterOf(evt);
    if (!enter) return;
    const domain = enter.paramUint(0) ?? 0;
    const type = enter.paramUint(1) ?? 0;
    const proto = enter.paramUint(2) ?? 0;
    const f = new FdInfo();
    if (domain === 1) f.type = FdType.UNIX_SOCK;
    else if (domain === 2 || domain === 10) {
      f.type = domain === 2 ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
      f.sip = domain === 2 ? 0 : new Uint8Array(16);
      f.dip = domain === 2 ? 0 : new Uint8Array(16);
      const SOCK_STREAM = 1;
      const SOCK_DGRAM = 2;
      const SOCK_RAW = 3;
      let l4: number = L4.UNKNOWN;
      if (proto === 6) l4 = type === SOCK_RAW ? L4.RAW : L4.TCP;
      else if (proto === 17) l4 = type === SOCK_RAW ? L4.RAW : L4.UDP;
      else if (proto === 0) {
        if ((type & 0xff) === SOCK_STREAM) l4 = L4.TCP;
        else if ((type & 0xff) === SOCK_DGRAM) l4 = L4.UDP;
      } else if (proto === 1) l4 = type === SOCK_RAW ? L4.RAW : L4.ICMP;
      else if (proto === 255) l4 = L4.RAW;
      f.l4proto = l4;
    } else if (domain === 16) f.type = FdType.NETLINK;
    else return;
    this.#addFd(t, fd, f);
  }

  #connectEnter(evt: ScapEvent): void {
    const f = this.fdInfo;
    if (!f || evt.nparams < 2) return;
    const len = evt.paramLength(1);
    if (len === 0) return;
    const b = evt.buf;
    const o = evt.paramOffset(1);
    const family = b[o];
    if (family === 2 && len >= 7) {
      f.type = FdType.IPV4_SOCK;
      f.dip = readU32(b, o + 1);
      f.dport = readU16(b, o + 5);
    } else if (family === 10 && len >= 19) {
      const port = readU16(b, o + 17);
      if (isIpv4MappedIpv6(b, o + 1)) {
        f.type = FdType.IPV4_SOCK;
        f.dip = readU32(b, o + 13);
      } else {
        f.type = FdType.IPV6_SOCK;
        f.dip = Uint8Array.from(b.subarray(o + 1, o + 17));
      }
      f.dport = port;
    } else {
      f.name = sanitizeString(b.toString("latin1", o + 1, o + len).split("\0")[0] ?? "");
      if (len >= 17) {
        f.unixSource = b.readBigUInt64LE(o + 1);
        f.unixDest = b.readBigUInt64LE(o + 9);
      }
    }
  }

  #connectExit(evt: ScapEvent): void {
    const f = this.fdInfo;
    if (!f) return;
    const res = evt.paramI64(0) ?? 0;
    if (res < 0 && res !== -EINPROGRESS) return;
    f.flags |= FdFlag.SOCKET_CONNECTED;
    const len = evt.nparams > 1 ? evt.paramLength(1) : 0;
    if (len === 0) return;
    const b = evt.buf;
    const o = evt.paramOffset(1);
    const family = b[o];
    if ((family === 2 && len >= 13) || (family === 10 && len >= 37)) {
      if (family === 10 && !(isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19))) {
        f.type = FdType.IPV6_SOCK;
        f.sip = Uint8Array.from(b.subarray(o + 1, o + 17));
        f.sport = readU16(b, o + 17);
        f.dip = Uint8Array.from(b.subarray(o + 19, o + 35));
        f.dport = readU16(b, o + 35);
      } else {
        f.type = FdType.IPV4_SOCK;
        const [si, sp, di, dp] = family === 2 ? [1, 5, 7, 11] : [13, 17, 31, 35];
        updateIpv4(f, readU32(b, o + si), readU16(b, o + sp), readU32(b, o + di), readU16(b, o + dp));
      }
      f.name = sockinfoName(f);
    } else {
      f.name = sanitizeString(b.toString("latin1", o + 17, o + len).split("\0")[0] ?? "");
      if (len >= 17) {
        f.unixSource = b.readBigUInt64LE(o + 1);
        f.unixDest = b.readBigUInt64LE(o + 9);
      }
    }
    if ((f.flags & (FdFlag.ROLE_CLIENT | FdFlag.ROLE_SERVER)) === 0) f.flags |= FdFlag.ROLE_CLIENT;
  }

  #execveExit(evt: ScapEvent): void {
    const t = this.thread;
    if ((evt.paramI64(0) ?? -1) < 0 || !t) return;
    const type = evt.type;
    t.exe = evt.paramString(1) ?? "";
    const old =
      type === C.PPME_SYSCALL_EXECVE_8_X ||
      type === C.PPME_SYSCALL_EXECVE_13_X ||
      type === C.PPME_SYSCALL_EXECVE_14_X;
    t.comm = old ? t.exe : (evt.paramString(13) ?? "");
    t.args = splitArgs(evt.param(2));
    t.pid = evt.paramI64(4) ?? t.pid;
    if (t.ptid === -1) t.ptid = evt.paramI64(5) ?? -1;
    t.fdlimit = evt.paramI64(7) ?? t.fdlimit;
    if (type !== C.PPME_SYSCALL_EXECVE_8_X) {
      t.pfmajor = evt.paramI64(8) ?? 0;
      t.pfminor = evt.paramI64(9) ?? 0;
      t.vmsizeKb = evt.paramUint(10) ?? 0;
      t.vmrssKb = evt.paramUint(11) ?? 0;
      t.vmswapKb = evt.paramUint(12) ?? 0;
    }
    if (type === C.PPME_SYSCALL_EXECVE_14_X) t.env = splitArgs(evt.param(13));
    else if (type === C.PPME_SYSCALL_EXECVE_15_X) t.env = splitArgs(evt.param(14));
    else if (!old && type !== C.PPME_SYSCALL_EXECVE_15_X) {
      t.env = splitArgs(evt.param(15));
      t.cgroups = splitArgs(evt.param(14));
    }
    if (
      type === C.PPME_SYSCALL_EXECVE_17_X ||
      type === C.PPME_SYSCALL_EXECVE_18_X ||
      type === C.PPME_SYSCALL_EXECVE_19_X ||
      type === C.PPME_SYSCALL_EXECVEAT_X
    )
      t.tty = (evt.paramUint(16) ?? 0) | 0;
    if (type === C.PPME_SYSCALL_EXECVE_18_X || type === C.PPME_SYSCALL_EXECVE_19_X) {
      const enter = this.#enterOf(evt);
      if (enter) {
        const fn = enter.paramString(0) ?? "";
        t.exepath = fn.startsWith("<NA>") ? "<NA>" : concatenatePaths(t.cwd, fn, 1024).path;
      }
    } else if (type === C.PPME_SYSCALL_EXECVEAT_X) {
      const enter = this.#enterOf(evt);
      if (enter) {
        const path = enter.paramString(1) ?? "";
        if (path.startsWith("<NA>")) t.exepath = "<NA>";
        else {
          const sdir = this.#dirfd(path, enter.paramI64(0) ?? AT_FDCWD);
          const AT_EMPTY_PATH = 1;
          const p = (enter.paramUint(2) ?? 0) & AT_EMPTY_PATH && path === "" ? sdir : path;
          t.exepath = concatenatePaths(sdir, p, 1024).path;
        }
      }
    }
    if (type === C.PPME_SYSCALL_EXECVE_19_X || type === C.PPME_SYSCALL_EXECVEAT_X)
      t.vpgid = evt.paramI64(17) ?? t.vpgid;
    if (evt.nparams > 18) t.loginuid = evt.paramUint(18) ?? t.loginuid;
    if (evt.nparams > 19) t.exeWritable = ((evt.paramUint(19) ?? 0) & 1) !== 0;
    const keep = t.flags & (CloneFlag.PIPE_SRC | CloneFlag.PIPE_DST | CloneFlag.IS_MAIN_THREAD);
    const inverted = t.flags & CloneFlag.CLONE_INVERTED;
    t.flags = CloneFlag.ACTIVE | keep | inverted | CloneFlag.NAME_CHANGED;
  }

  // ---- fields (a start; the syscall field layer will own these) ----

  /** The fd a field of this event refers to (`sinsp_filter_check_fd::extract_fd`), or undefined. */
  eventFd(evt: ScapEvent): { fd: FdInfo | undefined } | undefined {
    const info = EVENT_TABLE[evt.type] as EventInfo;
    if ((info.flags & (EF.CREATES_FD | EF.USES_FD | EF.DESTROYS_FD)) === 0) return undefined;
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
    if (f !== undefined && !(evt.type === C.PPME_SOCKET_CONNECT_X && (evt.paramI64(0) ?? 0) < 0))
      return sanitizeString(f.name);
    // No fd: exits of fd-creating calls still name what they tried to open (`extract_fdname_from_creator`).
    if ((evt.type & 1) === 0) return undefined;
    switch (evt.type) {
      case C.PPME_SYSCALL_OPEN_X:
      case C.PPME_SOCKET_ACCEPT_X:
      case C.PPME_SOCKET_ACCEPT_5_X:
      case C.PPME_SOCKET_ACCEPT4_X:
      case C.PPME_SOCKET_ACCEPT4_5_X:
      case C.PPME_SYSCALL_CREAT_X:
      case C.PPME_SOCKET_CONNECT_X:
        return argValue(evt, 1, { context: this });
      case C.PPME_SYSCALL_OPENAT_X:
      case C.PPME_SYSCALL_OPENAT_2_X:
      case C.PPME_SYSCALL_OPENAT2_X: {
        const enter = evt.type === C.PPME_SYSCALL_OPENAT_X ? this.#enterOf(evt) : evt;
        if (!enter) return undefined;
        const old = evt.type === C.PPME_SYSCALL_OPENAT_X;
        const name = enter.paramString(old ? 1 : 2) ?? "";
        const saved = this.fdInfo;
        const sdir = this.#dirfd(name, enter.paramI64(old ? 0 : 1) ?? AT_FDCWD);
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

/** The protocol letter libsinsp shows for a socket fd: by l4proto, but none while the socket has no role. */
function l4Char(f: FdInfo): string {
  if ((f.type === FdType.IPV4_SOCK || f.type === FdType.IPV6_SOCK) && f.l4proto !== L4.RAW) {
    if ((f.flags & (FdFlag.ROLE_CLIENT | FdFlag.ROLE_SERVER)) === 0) return "";
  }
  return f.l4Char;
}

/** An fd of the capture's fd list (`add_fd_from_scap`). */
function fdFromEntry(e: FdEntry): FdInfo {
  const f = new FdInfo();
  f.type = e.type;
  f.ino = e.ino;
  f.flags = FdFlag.FROM_PROC;
  switch (e.type) {
    case FdType.IPV4_SOCK:
    case FdType.IPV4_SERVSOCK:
    case FdType.IPV6_SERVSOCK:
      f.sip = e.sip ?? 0;
      f.dip = e.dip ?? 0;
      f.sport = e.sport ?? 0;
      f.dport = e.dport ?? 0;
      f.l4proto = e.l4proto ?? 0;
      f.name = socketName(f);
      break;
    case FdType.IPV6_SOCK: {
      const s = e.sip instanceof Uint8Array ? e.sip : new Uint8Array(16);
      const d = e.dip instanceof Uint8Array ? e.dip : new Uint8Array(16);
      f.sport = e.sport ?? 0;
      f.dport = e.dport ?? 0;
      f.l4proto = e.l4proto ?? 0;
      if (isIpv4MappedIpv6(s) && isIpv4MappedIpv6(d)) {
        f.type = FdType.IPV4_SOCK;
        f.sip = readU32(s, 12);
        f.dip = readU32(d, 12);
      } else {
        f.sip = s;
        f.dip = d;
      }
      f.name = socketName(f);
      break;
    }
    case FdType.UNIX_SOCK:
      f.unixSource = e.source ?? 0n;
      f.unixDest = e.dest ?? 0n;
      f.name = e.name;
      f.flags |= e.name === "" ? FdFlag.ROLE_CLIENT : FdFlag.ROLE_SERVER;
      break;
    case FdType.FILE_V2:
      f.openFlags = e.openFlags ?? 0;
      f.dev = e.dev ?? 0;
      f.name = e.name;
      break;
    default:
      f.name = e.name;
  }
  return f;
}

/** `update_ipv4_addresses_and_ports`. */
function updateIpv4(f: FdInfo, sip: number, sport: number, dip: number, dport: number): void {
  const same =
    (sip === f.sip && sport === f.sport && dip === f.dip && dport === f.dport) ||
    (dip === f.sip && dport === f.sport && sip === f.dip && sport === f.dport);
  if (same) return;
  f.sip = sip;
  f.sport = sport;
  if (f.dip === 0 || typeof f.dip !== "number") f.dip = dip;
  if (f.dport === 0) f.dport = dport;
}

/** `sockinfo_to_str`: the name of a connected socket. */
function sockinfoName(f: FdInfo): string {
  if (f.type === FdType.IPV4_SOCK) {
    if (f.l4proto === L4.TCP || f.l4proto === L4.UDP) return socketName(f);
    if (f.l4proto === L4.ICMP || f.l4proto === L4.RAW)
      return `${ipv4FromU32(typeof f.sip === "number" ? f.sip : 0)}->${ipv4FromU32(typeof f.dip === "number" ? f.dip : 0)}`;
    return "<unknown>";
  }
  if (f.type === FdType.IPV6_SOCK && (f.l4proto === L4.TCP || f.l4proto === L4.UDP)) return socketName(f);
  return "<unknown>";
}

/** NUL-separated list → strings (libsinsp `set_args`). */
function splitArgs(b: Buffer): string[] {
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
