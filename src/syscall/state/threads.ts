// Threads as libsinsp keeps them (`sinsp_threadinfo`) and the thread table (`sinsp_thread_manager`):
// built from the capture's process list, completed with placeholders for unknown tids, with fd tables
// shared through the main thread when a thread was cloned with CLONE_FILES, the cwd kept by the main
// thread, child counts for the main threads, and the lineage walks the process fields use.
import { concatenatePaths } from "../paths.js";
import type { ThreadEntry } from "../scap/blocks.js";
import type { ScapEvent } from "../scap/event.js";
import type { FdInfo } from "./fdinfo.js";

/** Thread flags (`PPM_CL_*`) the state engine uses. */
export const CloneFlag = {
  CLONE_FILES: 1 << 0,
  CLONE_FS: 1 << 1,
  CLONE_THREAD: 1 << 13,
  CLONE_INVERTED: 1 << 16,
  NAME_CHANGED: 1 << 17,
  CLOSED: 1 << 18,
  ACTIVE: 1 << 19,
  CLONE_NEWUSER: 1 << 20,
  PIPE_SRC: 1 << 21,
  PIPE_DST: 1 << 22,
  CHILD_IN_PIDNS: 1 << 29,
  IS_MAIN_THREAD: 1 << 30,
} as const;

/** One thread. */
export class ThreadInfo {
  tid = 0;
  pid = 0;
  ptid = -1;
  sid = -1;
  vpgid = -1;
  pgid = -1;
  comm = "";
  exe = "";
  exepath = "";
  args: string[] = [];
  #env: string[] | undefined = [];
  #envBytes: Uint8Array | undefined;
  /** Working directory, ending in "/"; meaningful on main threads. */
  cwd = "";
  fdlimit = -1;
  flags = CloneFlag.NAME_CHANGED;
  uid = 0;
  gid = 0;
  loginuid = 0;
  vtid = -1;
  vpid = -1;
  /** `[subsystem, path]` pairs. */
  cgroups: (readonly [string, string])[] = [];
  /** Container id from the cgroups ("" on the host). */
  containerId = "";
  root = "";
  tty = 0;
  exeWritable = false;
  exeUpperLayer = false;
  exeLowerLayer = false;
  exeFromMemfd = false;
  exeIno = 0;
  exeInoCtime = 0n;
  exeInoMtime = 0n;
  capInheritable = 0n;
  capPermitted = 0n;
  capEffective = 0n;
  pidnsInitStartTs = 0n;
  vmsizeKb = 0;
  vmrssKb = 0;
  vmswapKb = 0;
  pfmajor = 0;
  pfminor = 0;
  /** Threads of this process other than the main one (kept on the main thread). */
  nchilds = 0;
  /** Timestamp of the clone that created the thread, as 32-bit halves (0 for process-list threads). */
  cloneTsHi = 0;
  cloneTsLo = 0;
  /** Exit minus enter time of the last syscall (`m_latency`), and when that enter happened. */
  latency = 0;
  enterTsHi = 0;
  enterTsLo = 0;
  hasEnterTs = false;
  /** This thread's own fd table (threads with CLONE_FILES use the main thread's). */
  fds = new Map<number, FdInfo>();
  /** Enter/exit pairing state (`m_lastevent_*`). */
  lastEventType = -1;
  lastEventFd = 0;
  lastEventValid = false;
  /** Copy of the last stored enter event, for parsers that read enter parameters on exit. */
  lastEvent: ScapEvent | undefined;
  /** False once the stored enter event was used up by an exit (`m_lastevent_data` freed). */
  lastEventValidData = false;
  parentLoopLogged = false;

  /** A thread of the capture's process list (`sinsp_threadinfo::init(scap_threadinfo*)`). */
  static fromEntry(e: ThreadEntry): ThreadInfo {
    const t = new ThreadInfo();
    t.tid = e.tid;
    t.pid = e.pid;
    t.ptid = e.ptid;
    t.sid = e.sid;
    t.vpgid = e.vpgid;
    t.pgid = e.pgid;
    t.comm = e.comm;
    t.exe = e.exe;
    t.exepath = e.exepath;
    t.exeWritable = e.exeWritable;
    t.args = e.args;
    t.flags = e.flags | CloneFlag.ACTIVE;
    if (t.isMainThread) {
      t.env = e.env;
      t.cwd = withSlash(concatenatePaths("", e.cwd, 1024).path);
    }
    t.fdlimit = e.fdlimit;
    t.uid = e.uid;
    t.gid = e.gid;
    t.vmsizeKb = e.vmsizeKb;
    t.vmrssKb = e.vmrssKb;
    t.vmswapKb = e.vmswapKb;
    t.pfmajor = e.pfmajor;
    t.pfminor = e.pfminor;
    t.vtid = e.vtid;
    t.vpid = e.vpid;
    t.tty = e.tty;
    t.loginuid = e.loginuid;
    t.cgroups = parseCgroups(e.cgroups);
    t.root = e.root;
    t.capInheritable = e.capInheritable;
    t.capPermitted = e.capPermitted;
    t.capEffective = e.capEffective;
    t.exeUpperLayer = e.exeUpperLayer;
    t.exeLowerLayer = e.exeLowerLayer;
    t.exeFromMemfd = e.exeFromMemfd;
    t.exeIno = e.exeIno;
    t.exeInoCtime = e.exeInoCtime;
    t.exeInoMtime = e.exeInoMtime;
    t.pidnsInitStartTs = e.pidnsInitStartTs;
    return t;
  }

  /** The entry libsinsp invents for a tid it has never seen. */
  static placeholder(tid: number): ThreadInfo {
    const t = new ThreadInfo();
    t.tid = tid;
    t.pid = tid;
    t.ptid = -1;
    t.comm = "<NA>";
    t.exe = "<NA>";
    t.uid = 0xffffffff;
    t.gid = 0xffffffff;
    t.loginuid = 0xffffffff;
    return t;
  }

  /** Environment as `NAME=value` entries (decoded on first use when set from an event). */
  get env(): string[] {
    let e = this.#env;
    if (e === undefined) {
      e = splitEnv(this.#envBytes ?? new Uint8Array(0));
      this.#env = e;
      this.#envBytes = undefined;
    }
    return e;
  }

  set env(v: string[]) {
    this.#env = v;
    this.#envBytes = undefined;
  }

  /** Sets the environment from an execve's NUL-separated bytes, decoded only if a field asks. */
  setEnvBytes(b: Uint8Array): void {
    this.#env = undefined;
    this.#envBytes = new Uint8Array(b);
  }

  /** Shares another thread's environment (clone of a process). */
  copyEnvFrom(o: ThreadInfo): void {
    this.#env = o.#env;
    this.#envBytes = o.#envBytes;
  }

  /** True when the thread was created by a clone this capture shows. */
  get hasCloneTs(): boolean {
    return this.cloneTsHi !== 0 || this.cloneTsLo !== 0;
  }

  get isMainThread(): boolean {
    return this.tid === this.pid || (this.flags & CloneFlag.IS_MAIN_THREAD) !== 0;
  }

  /** `set_cwd`: joins `path` to the current directory (of the main thread, which holds it). */
  joinCwd(base: string, path: string | Uint8Array): string {
    return withSlash(concatenatePaths(base, path, 1024).path);
  }
}

/** `set_env`: NUL-separated entries; a run of NULs up to the end stops the list. */
export function splitEnv(b: Uint8Array): string[] {
  const out: string[] = [];
  let s = 0;
  const n = b.length;
  while (s < n) {
    if (b[s] === 0) {
      let allZero = true;
      for (let k = s; k < n; k++)
        if (b[k] !== 0) {
          allZero = false;
          break;
        }
      if (allZero) break;
    }
    let e = s;
    while (e < n && b[e] !== 0) e++;
    out.push(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("utf8"));
    s = e + 1;
  }
  return out;
}

/** Appends a "/" unless the path already ends with one (libsinsp keeps cwds that way). */
export function withSlash(p: string): string {
  return p.length === 0 || !p.endsWith("/") ? `${p}/` : p;
}

/** `set_cgroups`: `subsys=/path` entries into pairs, with libsinsp's subsystem renames. */
export function parseCgroups(entries: readonly string[]): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const s of entries) {
    const eq = s.lastIndexOf("=");
    if (eq < 0) break;
    let subsys = s.slice(0, eq);
    const path = s.slice(eq + 1);
    const k = subsys.indexOf("_cgroup");
    if (k >= 0) subsys = subsys.slice(0, k) + subsys.slice(k + 7);
    if (subsys === "perf") subsys = "perf_event";
    else if (subsys === "mem") subsys = "memory";
    else if (subsys === "io") subsys = "blkio";
    out.push([subsys, path]);
  }
  return out;
}

/** All threads by tid, with the lookups libsinsp does through the main thread. */
/** libsinsp's state counters (`sinsp_stats_v2`), for the metrics snapshots; cumulative. */
export interface StateCounters {
  addedThreads: number;
  removedThreads: number;
  cachedThreadLookups: number;
  noncachedThreadLookups: number;
  failedThreadLookups: number;
  addedFds: number;
  removedFds: number;
  noncachedFdLookups: number;
  failedFdLookups: number;
}

export function newStateCounters(): StateCounters {
  return {
    addedThreads: 0,
    removedThreads: 0,
    cachedThreadLookups: 0,
    noncachedThreadLookups: 0,
    failedThreadLookups: 0,
    addedFds: 0,
    removedFds: 0,
    noncachedFdLookups: 0,
    failedFdLookups: 0,
  };
}

export class ThreadTable {
  readonly threads = new Map<number, ThreadInfo>();
  /** The last thread looked up (libsinsp's `m_last_tid` cache): events come in runs per thread. */
  #lastTid = Number.NaN;
  #last: ThreadInfo | undefined;

  /** Shared with the engine, which outlives a table (a new section starts a new one). */
  constructor(readonly counters: StateCounters = newStateCounters()) {}

  get size(): number {
    return this.threads.size;
  }

  /** The thread, if known (`get_thread_ref(tid, false, true)`). */
  get(tid: number): ThreadInfo | undefined {
    const c = this.counters;
    if (tid === this.#lastTid) {
      c.cachedThreadLookups++;
      return this.#last;
    }
    const t = this.threads.get(tid);
    if (t !== undefined) {
      c.noncachedThreadLookups++;
      this.#lastTid = tid;
      this.#last = t;
    } else c.failedThreadLookups++;
    return t;
  }

  /**
   * The thread, or a new placeholder for it (`get_thread_ref(tid, true, …)` on a capture: /proc is
   * not read, a fake entry stops further lookups). The placeholder counts the threads that name it
   * as their process.
   */
  getOrCreate(tid: number): ThreadInfo {
    const c = this.counters;
    if (tid === this.#lastTid) {
      c.cachedThreadLookups++;
      return this.#last as ThreadInfo;
    }
    let t = this.threads.get(tid);
    if (t !== undefined) c.noncachedThreadLookups++;
    else {
      c.failedThreadLookups++;
      c.addedThreads++;
      t = ThreadInfo.placeholder(tid);
      for (const o of this.threads.values()) if (o.pid === tid) t.nchilds++;
      this.threads.set(tid, t);
    }
    this.#lastTid = tid;
    this.#last = t;
    return t;
  }

  /** Adds a thread of the process list (no child accounting; done once at start). */
  addFromCapture(t: ThreadInfo): void {
    if (!this.threads.has(t.tid)) this.counters.addedThreads++;
    this.threads.set(t.tid, t);
    if (t.tid === this.#lastTid) this.#lastTid = Number.NaN;
  }

  /** Adds a new thread (`add_thread`): a CLONE_THREAD child counts on its main thread. */
  add(t: ThreadInfo): void {
    this.#countOnMain(t);
    if (!this.threads.has(t.tid)) this.counters.addedThreads++;
    this.threads.set(t.tid, t);
    if (t.tid === this.#lastTid) this.#lastTid = Number.NaN;
  }

  #countOnMain(t: ThreadInfo): void {
    if (t.flags & CloneFlag.CLONE_THREAD) {
      const main = this.getOrCreate(t.pid);
      main.nchilds++;
    }
  }

  /** `create_child_dependencies`: child counts of every main thread, after the process list is read. */
  recountChildren(): void {
    for (const t of this.threads.values()) t.nchilds = 0;
    for (const t of [...this.threads.values()]) this.#countOnMain(t);
  }

  /**
   * `remove_thread`: without `force`, a main thread that still has threads stays. Returns whether
   * the thread went.
   */
  remove(tid: number, force = false): boolean {
    const t = this.threads.get(tid);
    if (t === undefined) return false;
    const nchilds = t.nchilds;
    if (nchilds !== 0 && !force) return false;
    if (t.flags & CloneFlag.CLONE_THREAD) {
      const main = this.threads.get(t.pid);
      if (main && main.nchilds > 0) main.nchilds--;
    }
    this.threads.delete(tid);
    this.counters.removedThreads++;
    if (tid === this.#lastTid) this.#lastTid = Number.NaN;
    if (nchilds !== 0) this.recountChildren();
    return true;
  }

  /**
   * The main thread of `t`'s process (itself for single-threaded processes). Like libsinsp's
   * `get_main_thread`, an unknown process gets a placeholder.
   */
  mainThread(t: ThreadInfo): ThreadInfo {
    if (t.tid === t.pid || (t.flags & CloneFlag.IS_MAIN_THREAD) !== 0) return t;
    return this.getOrCreate(t.pid);
  }

  /** `get_parent_thread`: the thread whose tid is `t.ptid`, if known. */
  parent(t: ThreadInfo): ThreadInfo | undefined {
    return this.threads.get(t.ptid);
  }

  /**
   * `traverse_parent_state`: calls `visit` on each ancestor (not `t` itself) until it returns false,
   * stopping at unknown parents or a loop in the parent chain.
   */
  forEachAncestor(t: ThreadInfo, visit: (a: ThreadInfo) => boolean): void {
    let slow = this.parent(t);
    let fast = slow ? this.parent(slow) : undefined;
    while (slow !== undefined && slow.tid !== -1) {
      if (!visit(slow)) break;
      slow = this.parent(slow);
      for (let i = 0; i < 2; i++) {
        fast = fast ? this.parent(fast) : undefined;
        if (slow !== undefined && (slow === fast || slow.tid === slow.ptid)) return;
      }
    }
  }

  /** Every ancestor of `t` from its parent up, as `forEachAncestor` visits them. */
  ancestors(t: ThreadInfo): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    const threads = this.threads;
    let slow = threads.get(t.ptid);
    let fast = slow ? threads.get(slow.ptid) : undefined;
    while (slow !== undefined && slow.tid !== -1) {
      out.push(slow);
      slow = threads.get(slow.ptid);
      for (let i = 0; i < 2; i++) {
        fast = fast ? threads.get(fast.ptid) : undefined;
        if (slow !== undefined && (slow === fast || slow.tid === slow.ptid)) return out;
      }
    }
    return out;
  }

  /** The fd table `t` uses: the main thread's when it shares fds (CLONE_FILES). */
  fdTable(t: ThreadInfo): Map<number, FdInfo> {
    if ((t.flags & CloneFlag.CLONE_FILES) === 0) return t.fds;
    return this.mainThread(t).fds;
  }

  /** fd `fd` of thread `t` (like libsinsp's `get_fd`, the lookup makes its current name the "old" one). */
  fd(t: ThreadInfo, fd: number): FdInfo | undefined {
    const f = (t.flags & CloneFlag.CLONE_FILES) === 0 ? t.fds.get(fd) : this.mainThread(t).fds.get(fd);
    if (f !== undefined) {
      f.oldName = f.name;
      this.counters.noncachedFdLookups++;
    } else this.counters.failedFdLookups++;
    return f;
  }

  /** `n_fds` as libsinsp counts it: each thread's fd table size (a shared table once per sharer). */
  fdCount(): number {
    let n = 0;
    for (const t of this.threads.values()) n += this.fdTable(t).size;
    return n;
  }

  /** The working directory of `t`'s process. */
  cwd(t: ThreadInfo): string {
    return this.mainThread(t).cwd;
  }
}
