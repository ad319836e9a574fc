// Small synthetic scap captures for the default syscall rules: a process list (host and container
// processes) and a few events, encoded from the event table the way test/syscall/scenario.ts does.
import type { ThreadEntry } from "../../src/syscall/scap/blocks.js";
import { EventCode as C, EVENT_TABLE } from "../../src/syscall/scap/event-table.js";
import type { EventInfo } from "../../src/syscall/scap/event-types.js";
import * as w from "../../src/syscall/scap/writer.js";
import { encodeParam, type Value } from "../syscall/scenario.js";

export const CONTAINER_ID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
export const HOST_CGROUPS = ["cpu=/user.slice", "memory=/user.slice/user-1000.slice"];
export const CONTAINER_CGROUPS = [`cpu=/docker/${CONTAINER_ID}`, `memory=/docker/${CONTAINER_ID}`];

/** PPM open flags (not the kernel's values). */
export const O = { RDONLY: 1, WRONLY: 2, RDWR: 3, CREAT: 4, TRUNC: 256 } as const;
/** execve exit `flags`: how the executable was found. */
export const EXE = { WRITABLE: 1, UPPER_LAYER: 2, FROM_MEMFD: 4, LOWER_LAYER: 8 } as const;
/** A terminal device number (/dev/pts/0). */
export const PTS0 = 34816;
const AT_FDCWD = -100;

/** A process of the capture's process list, host unless `container`. */
export interface Proc {
  tid: number;
  comm: string;
  exepath: string;
  args?: string[];
  container?: boolean;
  tty?: number;
  uid?: number;
}

function threadEntry(p: Proc): Partial<ThreadEntry> {
  return {
    tid: p.tid,
    pid: p.tid,
    ptid: 1,
    sid: p.tid,
    vpgid: p.tid,
    comm: p.comm,
    exe: p.comm,
    exepath: p.exepath,
    args: p.args ?? [],
    cwd: "/",
    uid: p.uid ?? 0,
    gid: p.uid ?? 0,
    fdlimit: 1024,
    tty: p.tty ?? 0,
    cgroups: p.container ? CONTAINER_CGROUPS : HOST_CGROUPS,
    vtid: p.tid,
    vpid: p.tid,
  };
}

/** Builds a capture from a process list and the events the processes then make. */
export class CaptureBuilder {
  #clock = 1_700_000_000_000_000_000n;
  readonly #procs: Proc[];
  readonly #events: Buffer[] = [];

  constructor(procs: Proc[]) {
    this.#procs = procs;
  }

  #proc(tid: number): Proc {
    const p = this.#procs.find((q) => q.tid === tid);
    if (!p) throw new Error(`no process ${tid}`);
    return p;
  }

  event(tid: number, type: number, values: Record<string, Value> = {}): this {
    const info = EVENT_TABLE[type] as EventInfo;
    const params = info.params.slice(0, info.oldParams).map((p) => encodeParam(p.type, values[p.name]));
    this.#clock += 1000n;
    this.#events.push(w.eventBlock({ ts: this.#clock, tid, type, params, cpu: 0 }));
    return this;
  }

  /** The process `tid` executes `filename` (its comm becomes the file's base name unless given). */
  exec(
    tid: number,
    filename: string,
    opts: { comm?: string; args?: string[]; tty?: number; flags?: number; res?: number } = {},
  ): this {
    const p = this.#proc(tid);
    const comm = opts.comm ?? filename.slice(filename.lastIndexOf("/") + 1);
    this.event(tid, C.PPME_SYSCALL_EXECVE_19_E, { filename });
    return this.event(tid, C.PPME_SYSCALL_EXECVE_19_X, {
      res: opts.res ?? 0,
      exe: filename,
      args: opts.args ?? [],
      tid,
      pid: tid,
      ptid: 1,
      cwd: "/",
      fdlimit: 1024,
      comm,
      cgroups: p.container ? CONTAINER_CGROUPS : HOST_CGROUPS,
      env: ["PATH=/usr/bin:/bin"],
      tty: opts.tty ?? p.tty ?? 0,
      pgid: tid,
      loginuid: 0xffffffff,
      flags: opts.flags ?? 0,
    });
  }

  /** openat(AT_FDCWD, name, flags) returning `fd` (negative: an error). */
  openat(tid: number, name: string, flags: number, fd = 3): this {
    this.event(tid, C.PPME_SYSCALL_OPENAT_2_E, { dirfd: AT_FDCWD, name, flags, mode: 0o644 });
    return this.event(tid, C.PPME_SYSCALL_OPENAT_2_X, { fd, dirfd: AT_FDCWD, name, flags, mode: 0o644 });
  }

  /** open(name, flags) returning `fd`. */
  open(tid: number, name: string, flags: number, fd = 3): this {
    this.event(tid, C.PPME_SYSCALL_OPEN_E, { name, flags, mode: 0o644 });
    return this.event(tid, C.PPME_SYSCALL_OPEN_X, { fd, name, flags, mode: 0o644 });
  }

  unlinkat(tid: number, name: string, res = 0): this {
    this.event(tid, C.PPME_SYSCALL_UNLINKAT_2_E);
    return this.event(tid, C.PPME_SYSCALL_UNLINKAT_2_X, { res, dirfd: AT_FDCWD, name, flags: 0 });
  }

  unlink(tid: number, path: string, res = 0): this {
    this.event(tid, C.PPME_SYSCALL_UNLINK_2_E);
    return this.event(tid, C.PPME_SYSCALL_UNLINK_2_X, { res, path });
  }

  rename(tid: number, oldpath: string, newpath: string, res = 0): this {
    this.event(tid, C.PPME_SYSCALL_RENAME_E);
    return this.event(tid, C.PPME_SYSCALL_RENAME_X, { res, oldpath, newpath });
  }

  renameat2(tid: number, oldpath: string, newpath: string, res = 0): this {
    this.event(tid, C.PPME_SYSCALL_RENAMEAT2_E);
    return this.event(tid, C.PPME_SYSCALL_RENAMEAT2_X, {
      res,
      olddirfd: AT_FDCWD,
      oldpath,
      newdirfd: AT_FDCWD,
      newpath,
      flags: 0,
    });
  }

  build(): Buffer {
    return w.capture([
      w.sectionHeaderBlock(),
      w.machineInfoBlock({ hostname: "box", numCpus: 1 }),
      w.userListBlock(
        [
          { uid: 0, gid: 0, name: "root", homedir: "/root", shell: "/bin/bash" },
          { uid: 1000, gid: 1000, name: "user", homedir: "/home/user", shell: "/bin/bash" },
        ],
        [
          { gid: 0, name: "root" },
          { gid: 1000, name: "user" },
        ],
      ),
      w.processListBlock(
        [
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
            fdlimit: 65536,
            vtid: 1,
            vpid: 1,
          },
          ...this.#procs.map(threadEntry),
        ],
        9,
      ),
      ...this.#events,
    ]);
  }
}
