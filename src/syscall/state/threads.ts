// Threads as libsinsp keeps them (`sinsp_threadinfo`) and the thread table: built from the capture's
// process list, completed with placeholders for unknown tids, with fd tables shared through the main
// thread when a thread was cloned with CLONE_FILES and the cwd kept by the main thread.
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
  PIPE_SRC: 1 << 21,
  PIPE_DST: 1 << 22,
  IS_MAIN_THREAD: 1 << 30,
} as const;

/** One thread. */
export class ThreadInfo {
  tid = 0;
  pid = 0;
  ptid = -1;
  sid = -1;
  vpgid = -1;
  comm = "";
  exe = "";
  exepath = "";
  args: string[] = [];
  env: string[] = [];
  /** Working directory, ending in "/"; meaningful on main threads. */
  cwd = "";
  fdlimit = 0;
  flags = 0;
  uid = 0;
  gid = 0;
  loginuid = 0xffffffff;
  vtid = -1;
  vpid = -1;
  cgroups: string[] = [];
  root = "";
  tty = 0;
  exeWritable = false;
  vmsizeKb = 0;
  vmrssKb = 0;
  vmswapKb = 0;
  pfmajor = 0;
  pfminor = 0;
  /** This thread's own fd table (threads with CLONE_FILES use the main thread's). */
  fds = new Map<number, FdInfo>();
  /** Enter/exit pairing state (`m_lastevent_*`). */
  lastEventType = -1;
  lastEventFd = -1;
  lastEventValid = false;
  /** Copy of the last stored enter event, for parsers that read enter parameters on exit. */
  lastEvent: ScapEvent | undefined;

  /** A thread of the capture's process list. */
  static fromEntry(e: ThreadEntry): ThreadInfo {
    const t = new ThreadInfo();
    t.tid = e.tid;
    t.pid = e.pid;
    t.ptid = e.ptid;
    t.sid = e.sid;
    t.vpgid = e.vpgid;
    t.comm = e.comm;
    t.exe = e.exe;
    t.exepath = e.exepath;
    t.exeWritable = e.exeWritable;
    t.args = e.args;
    if (t.isMainThread) {
      t.env = e.env;
      t.cwd = withSlash(concatenatePaths("", e.cwd, 1024).path);
    }
    t.flags = e.flags | CloneFlag.ACTIVE;
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
    t.cgroups = e.cgroups;
    t.root = e.root;
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

  get isMainThread(): boolean {
    return this.tid === this.pid || (this.flags & CloneFlag.IS_MAIN_THREAD) !== 0;
  }
}

function withSlash(p: string): string {
  return p.length === 0 || !p.endsWith("/") ? `${p}/` : p;
}

/** All threads by tid, with the lookups libsinsp does through the main thread. */
export class ThreadTable {
  readonly threads = new Map<number, ThreadInfo>();

  get size(): number {
    return this.threads.size;
  }

  /** The thread, if known (`get_thread_ref(tid, false, true)`). */
  get(tid: number): ThreadInfo | undefined {
    return this.threads.get(tid);
  }

  /** The thread, or a new placeholder entry for it (`get_thread_ref(tid, true, false)` on a capture). */
  getOrCreate(tid: number): ThreadInfo {
    let t = this.threads.get(tid);
    if (t === undefined) {
      t = ThreadInfo.placeholder(tid);
      this.threads.set(tid, t);
    }
    return t;
  }

  add(t: ThreadInfo): void {
    this.threads.set(t.tid, t);
  }

  remove(tid: number): void {
    this.threads.delete(tid);
  }

  /** The main thread of `t`'s process (itself for single-threaded processes), if known. */
  mainThread(t: ThreadInfo): ThreadInfo | undefined {
    return t.isMainThread ? t : this.threads.get(t.pid);
  }

  /** The fd table `t` uses: the main thread's when it shares fds (CLONE_FILES). */
  fdTable(t: ThreadInfo): Map<number, FdInfo> | undefined {
    if ((t.flags & CloneFlag.CLONE_FILES) === 0) return t.fds;
    return this.mainThread(t)?.fds;
  }

  /** fd `fd` of thread `t`. */
  fd(t: ThreadInfo, fd: number): FdInfo | undefined {
    if (fd < 0) return undefined;
    return this.fdTable(t)?.get(fd);
  }

  /** The working directory of `t`'s process ("./" when the main thread is unknown, as libsinsp). */
  cwd(t: ThreadInfo): string {
    return this.mainThread(t)?.cwd ?? "./";
  }
}
