// evt.* fields of syscall events (libsinsp `sinsp_filter_check_gen_event` and `sinsp_filter_check_event`
// at libs e5c53d64, the fields sysdig 0.29.3 has; the newer ones follow libs 48dfd53).
import type { Extractor, FieldValue } from "../../fields/types.js";
import { concatenatePaths } from "../paths.js";
import { FdType } from "../scap/blocks.js";
import type { ScapEvent } from "../scap/event.js";
import { EventCode as C, EVENT_TABLE, EVENT_TYPE_MAX } from "../scap/event-table.js";
import { EC, EF, type EventInfo, type ParamInfo, PT } from "../scap/event-types.js";
import { argText, decodeParam, renderArgs } from "../scap/params.js";
import { SYSCALL_CATEGORIES } from "../scap/syscall-categories.js";
import { tsDelta } from "../state/engine.js";
import { EVENT_CATEGORY, EVENT_FLAGS, EVENT_NAMES, RES_PARAM } from "../state/event-flags.js";
import type { SyscallEvent } from "./event.js";
import { humanTime, pad9, tsToIso8601, tsToString } from "./format.js";

type X = Extractor<SyscallEvent>;

const AT_FDCWD = -100;
const PPM_O_RDONLY = 1;
const PPM_O_WRONLY = 2;
const PPM_O_CREAT = 4;
const PPM_O_TMPFILE = 1 << 13;
const PPM_O_F_CREATED = 1 << 14;
const EXEC_BITS = 64 | 8 | 1;

/** Index of the parameter called `name` in this event (all parameters it carries), or -1. */
export function paramByName(evt: ScapEvent, name: string): number {
  const info = EVENT_TABLE[evt.type] as EventInfo;
  const n = Math.min(evt.nparams, info.params.length);
  for (let i = 0; i < n; i++) if ((info.params[i] as ParamInfo).name === name) return i;
  return -1;
}

/** The value of "res", or of "fd" for exits of fd-creating calls (libsinsp's notion of a return value). */
export function returnValue(evt: ScapEvent): number | undefined {
  const t = evt.type;
  const r = RES_PARAM[t] as number;
  if (r >= 0) return r < evt.nparams ? evt.paramI64(r) : undefined;
  if ((EVENT_FLAGS[t] as number) & EF.CREATES_FD && (t & 1) === 1) {
    const i = paramByName(evt, "fd");
    if (i >= 0) return evt.paramI64(i);
  }
  return undefined;
}

/** `sinsp_evt::get_category`: the category, with the fd's kind for I/O events. */
function categoryName(e: SyscallEvent): string {
  const raw = e.raw;
  let cat: number;
  const generic = raw.type === 0 || raw.type === 1;
  if (generic) cat = SYSCALL_CATEGORIES[raw.paramUint(0) ?? 0] ?? EC.OTHER;
  else cat = EVENT_CATEGORY[raw.type] as number;
  if (cat === EC.IO_READ || cat === EC.IO_WRITE || cat === EC.IO_OTHER) {
    if (generic) return "unknown";
    {
      const f = e.fdInfo;
      if (f === undefined) return "unknown";
      switch (f.type) {
        case FdType.FILE:
        case FdType.FILE_V2:
        case FdType.DIRECTORY:
          return "file";
        case FdType.IPV4_SOCK:
        case FdType.IPV6_SOCK:
        case FdType.IPV4_SERVSOCK:
        case FdType.IPV6_SERVSOCK:
          return "net";
        case FdType.FIFO:
        case FdType.UNIX_SOCK:
        case FdType.EVENT:
        case FdType.SIGNALFD:
        case FdType.INOTIFY:
          return "ipc";
        default:
          return "unknown";
      }
    }
  }
  switch (cat) {
    case EC.UNKNOWN:
      return "unknown";
    case EC.OTHER:
      return "other";
    case EC.FILE:
      return "file";
    case EC.NET:
      return "net";
    case EC.IPC:
      return "IPC";
    case EC.MEMORY:
      return "memory";
    case EC.PROCESS:
      return "process";
    case EC.SLEEP:
      return "sleep";
    case EC.SYSTEM:
      return "system";
    case EC.SIGNAL:
      return "signal";
    case EC.USER:
      return "user";
    case EC.TIME:
      return "time";
    case EC.PROCESSING:
      return "processing";
    case EC.WAIT:
      return "wait";
    case EC.SCHEDULER:
      return "scheduler";
    default:
      return "unknown";
  }
}

function isInternal(e: SyscallEvent): boolean {
  return ((EVENT_CATEGORY[e.raw.type] as number) & EC.INTERNAL) !== 0;
}

/** `extract_buflen`: the return value of a successful exit. */
function buflen(e: SyscallEvent): number | undefined {
  const raw = e.raw;
  if ((raw.type & 1) === 0) return undefined;
  const r = raw.paramI64(0);
  return r !== undefined && r >= 0 ? r : undefined;
}

function isIo(e: SyscallEvent): boolean {
  return e.fdInfo !== undefined && ((EVENT_CATEGORY[e.raw.type] as number) & EC.IO_BASE) !== 0;
}

const FILE_TYPES = new Set<number>([FdType.FILE, FdType.FILE_V2]);

function isNetFd(t: number): boolean {
  return t >= FdType.IPV4_SOCK && t <= FdType.IPV6_SERVSOCK;
}

/** `extract_error_count`: 1 when the call failed. */
function errorCount(e: SyscallEvent): number | undefined {
  const r = returnValue(e.raw);
  return r !== undefined && r < 0 ? 1 : undefined;
}

const OPEN_EXITS = new Set<number>([
  C.PPME_SYSCALL_OPEN_X,
  C.PPME_SYSCALL_CREAT_X,
  C.PPME_SYSCALL_OPENAT_X,
  C.PPME_SYSCALL_OPENAT_2_X,
  C.PPME_SYSCALL_OPENAT2_X,
]);
const ACCEPT_CONNECT_EXITS = new Set<number>([
  C.PPME_SOCKET_ACCEPT_X,
  C.PPME_SOCKET_ACCEPT_5_X,
  C.PPME_SOCKET_ACCEPT4_X,
  C.PPME_SOCKET_ACCEPT4_5_X,
  C.PPME_SOCKET_CONNECT_X,
]);

/** Event type codes whose table name is `name` (`evt.type.is.NAME`: the first match and its pair). */
function typeIsCodes(arg: string): [number, number] {
  if (/^[0-9]+$/.test(arg)) return [Number(arg), EVENT_TYPE_MAX];
  for (let j = 0; j < EVENT_TYPE_MAX; j++) if (EVENT_NAMES[j] === arg) return [j, j + 1];
  return [-1, -1];
}

/** `evt.abspath[.src|.dst]`: dirfd + relative path of the *at syscalls, made absolute. */
function abspath(e: SyscallEvent, which: 0 | 1 | 2): string | undefined {
  const t = e.parsedThread;
  if (t === undefined) return undefined;
  const raw = e.raw;
  const type = raw.type;
  let dirArg: string | undefined;
  let pathArg: string | undefined;
  if (type === C.PPME_SYSCALL_RENAMEAT_X || type === C.PPME_SYSCALL_RENAMEAT2_X) {
    [dirArg, pathArg] = which === 2 ? ["newdirfd", "newpath"] : ["olddirfd", "oldpath"];
  } else if (type === C.PPME_SYSCALL_SYMLINKAT_X) [dirArg, pathArg] = ["linkdirfd", "linkpath"];
  else if (
    type === C.PPME_SYSCALL_OPENAT_E ||
    type === C.PPME_SYSCALL_OPENAT_2_X ||
    type === C.PPME_SYSCALL_OPENAT2_X
  )
    [dirArg, pathArg] = ["dirfd", "name"];
  else if (type === C.PPME_SYSCALL_LINKAT_E || type === C.PPME_SYSCALL_LINKAT_2_X)
    [dirArg, pathArg] = which === 2 ? ["newdir", "newpath"] : ["olddir", "oldpath"];
  else if (type === C.PPME_SYSCALL_UNLINKAT_E || type === C.PPME_SYSCALL_UNLINKAT_2_X)
    [dirArg, pathArg] = ["dirfd", "name"];
  else if (type === C.PPME_SYSCALL_MKDIRAT_X) [dirArg, pathArg] = ["dirfd", "path"];
  else if (type === C.PPME_SYSCALL_FCHMODAT_X) [dirArg, pathArg] = ["dirfd", "filename"];
  else return undefined;
  const di = paramByName(raw, dirArg);
  const pi = paramByName(raw, pathArg);
  if (di < 0 || pi < 0) return undefined;
  const dirfd = raw.paramI64(di) ?? AT_FDCWD;
  const path = raw.param(pi);
  const threads = e.state.threads;
  let sdir: string;
  if (path[0] === 0x2f) sdir = ".";
  else if (dirfd === AT_FDCWD) sdir = threads.cwd(t);
  else {
    const f = threads.fd(t, dirfd);
    sdir = f === undefined ? "<UNKNOWN>/" : f.name.endsWith("/") ? f.name : `${f.name}/`;
  }
  return concatenatePaths(sdir, path, 1024).path;
}

/** Rendered flag parameters by (type, index, value): rules test them on every open. */
const flagTextCache = new Map<number, string>();
const FLAG_TYPES = new Set<number>([
  PT.FLAGS8,
  PT.FLAGS16,
  PT.FLAGS32,
  PT.MODE,
  PT.ENUMFLAGS8,
  PT.ENUMFLAGS16,
  PT.ENUMFLAGS32,
]);

/** A rendered parameter, by name or position (`evt.arg`): the resolved text when there is one. */
function argByName(e: SyscallEvent, name: string, byIndex: boolean): string | undefined {
  const raw = e.raw;
  const i = byIndex ? Number(name) : paramByName(raw, name);
  if (i < 0 || i >= raw.nparams) return undefined;
  const p = (EVENT_TABLE[raw.type] as EventInfo).params[i];
  if (p === undefined) return undefined;
  let key = -1;
  if (FLAG_TYPES.has(p.type) && raw.paramLength(i) <= 4) {
    key = ((raw.paramUint(i) ?? 0) * 1024 + raw.type) * 64 + i;
    const hit = flagTextCache.get(key);
    if (hit !== undefined) return hit;
  }
  const t = argText(raw, i, { context: e.state });
  const s = t.resolved !== "" ? t.resolved : t.raw;
  if (key >= 0) {
    if (flagTextCache.size >= 4096) flagTextCache.clear();
    flagTextCache.set(key, s);
  }
  return s;
}

/** `evt.rawarg.NAME`: the parameter's raw value by its type. */
function rawArg(e: SyscallEvent, name: string): FieldValue | undefined {
  const raw = e.raw;
  const i = paramByName(raw, name);
  if (i < 0) return undefined;
  const p = (EVENT_TABLE[raw.type] as EventInfo).params[i] as ParamInfo;
  const v = decodeParam(raw, i);
  if (v === undefined) return undefined;
  if (v instanceof Uint8Array) {
    if (p.type === PT.BYTEBUF) return new Uint8Array(v);
    if ((p.type === PT.UINT64 || p.type === PT.INT64) && v.length === 8) return raw.paramU64Big(i);
    return new Uint8Array(v);
  }
  return v;
}

/** Binds an evt.* field; undefined when the name is not one of them. */
export function bindEvt(name: string, arg: string | undefined, hostname: () => string): X | undefined {
  switch (name) {
    case "evt.num":
      return (e) => e.raw.num - e.state.numSkew;
    case "evt.time":
    case "evt.outputtime":
      return (e) => tsToString(e.raw.ts, false, true);
    case "evt.time.s":
      return (e) => tsToString(e.raw.ts, false, false);
    case "evt.time.iso8601":
      return (e) => tsToIso8601(e.raw.ts);
    case "evt.datetime":
      return (e) => tsToString(e.raw.ts, true, true);
    case "evt.datetime.s":
      return (e) => tsToString(e.raw.ts, true, false);
    case "evt.rawtime":
      return (e) => e.raw.ts;
    case "evt.rawtime.s":
      return (e) => Number(e.raw.ts / 1_000_000_000n);
    case "evt.rawtime.ns":
      return (e) => pad9(Number(e.raw.ts % 1_000_000_000n));
    case "evt.reltime":
      return (e) => pad9(relTime(e));
    case "evt.reltime.s":
      return (e) => Math.floor(relTime(e) / 1e9);
    case "evt.reltime.ns":
      return (e) => pad9(relTime(e) % 1e9);
    case "evt.pluginname":
    case "evt.plugininfo":
    case "evt.asynctype":
      return () => undefined;
    case "evt.source":
      return () => "syscall";
    case "evt.is_async":
      return () => false;
    case "evt.hostname":
      return () => hostname();
    case "evt.latency":
      return (e) => (isInternal(e) && e.parsedThread ? undefined : (e.parsedThread?.latency ?? 0));
    case "evt.latency.s":
      return (e) =>
        isInternal(e) && e.parsedThread ? undefined : Math.floor((e.parsedThread?.latency ?? 0) / 1e9);
    case "evt.latency.ns":
      return (e) =>
        isInternal(e) && e.parsedThread ? undefined : pad9((e.parsedThread?.latency ?? 0) % 1e9);
    case "evt.latency.human": {
      // Without a thread, libsinsp hands back the text it made for the previous event.
      let last = "";
      return (e) => {
        if (e.parsedThread === undefined) return last;
        if (isInternal(e)) return undefined;
        last = humanTime(e.parsedThread.latency);
        return last;
      };
    }
    case "evt.latency.quantized":
      return (e) => {
        const lat = e.parsedThread?.latency ?? 0;
        if (e.parsedThread === undefined || isInternal(e) || lat === 0) return undefined;
        return Math.floor((Math.min(Math.log10(lat), 11) * 80) / 11) + 1;
      };
    case "evt.deltatime":
    case "evt.deltatime.s":
    case "evt.deltatime.ns": {
      // Like libsinsp, the previous event is the previous one this field was read for.
      let prev: bigint | undefined;
      return (e) => {
        const ts = e.raw.ts;
        let d = 0n;
        if (prev !== undefined) d = ts - prev;
        prev = ts;
        if (name === "evt.deltatime") return Number(d);
        if (name === "evt.deltatime.s") return Number(d / 1_000_000_000n);
        return pad9(d % 1_000_000_000n);
      };
    }
    case "evt.dir":
      return (e) => ((e.raw.type & 1) === 0 ? ">" : "<");
    case "evt.type":
      return (e) => e.typeName;
    case "evt.type.is": {
      const [a, b] = typeIsCodes(arg ?? "");
      return (e) => (e.raw.type === a || e.raw.type === b ? 1 : 0);
    }
    case "syscall.type":
      return (e) => {
        const t = e.raw.type;
        // libsinsp tests the flags word against EC_INTERNAL, which is EF_SKIPPARSERESET's bit.
        if (t === C.PPME_SCHEDSWITCH_6_E || (EVENT_FLAGS[t] as number) & 256) return undefined;
        return e.typeName;
      };
    case "evt.category":
      return categoryName;
    case "evt.cpu":
      return (e) => e.raw.cpu;
    case "evt.args":
    case "evt.info":
      return (e) => renderArgs(e.raw, { context: e.state });
    case "evt.arg": {
      const a = arg ?? "";
      const byIndex = /^[0-9]+$/.test(a);
      return (e) => argByName(e, a, byIndex);
    }
    case "evt.rawarg": {
      const a = arg ?? "";
      return (e) => rawArg(e, a);
    }
    case "evt.buffer":
      return (e) => {
        const i = paramByName(e.raw, "data");
        if (i < 0) return undefined;
        return new Uint8Array(e.raw.param(i));
      };
    case "evt.buflen":
      return (e) => (isIo(e) ? buflen(e) : undefined);
    case "evt.buflen.in":
      return (e) => (e.fdInfo && EVENT_CATEGORY[e.raw.type] === EC.IO_READ ? buflen(e) : undefined);
    case "evt.buflen.out":
      return (e) => (e.fdInfo && EVENT_CATEGORY[e.raw.type] === EC.IO_WRITE ? buflen(e) : undefined);
    case "evt.buflen.file":
      return (e) => (isIo(e) && FILE_TYPES.has(e.fdInfo?.type ?? -1) ? buflen(e) : undefined);
    case "evt.buflen.file.in":
      return (e) =>
        e.fdInfo && EVENT_CATEGORY[e.raw.type] === EC.IO_READ && FILE_TYPES.has(e.fdInfo.type)
          ? buflen(e)
          : undefined;
    case "evt.buflen.file.out":
      return (e) =>
        e.fdInfo && EVENT_CATEGORY[e.raw.type] === EC.IO_WRITE && FILE_TYPES.has(e.fdInfo.type)
          ? buflen(e)
          : undefined;
    case "evt.buflen.net":
      return (e) => (isIo(e) && isNetFd(e.fdInfo?.type ?? -1) ? buflen(e) : undefined);
    case "evt.buflen.net.in":
      return (e) =>
        e.fdInfo && EVENT_CATEGORY[e.raw.type] === EC.IO_READ && isNetFd(e.fdInfo.type)
          ? buflen(e)
          : undefined;
    case "evt.buflen.net.out":
      return (e) =>
        e.fdInfo && EVENT_CATEGORY[e.raw.type] === EC.IO_WRITE && isNetFd(e.fdInfo.type)
          ? buflen(e)
          : undefined;
    case "evt.res":
      return (e) => {
        const r = returnValue(e.raw);
        if (r === undefined) return undefined;
        if (r >= 0) return "SUCCESS";
        const i = RES_PARAM[e.raw.type] as number;
        const t = argText(e.raw, i >= 0 ? i : paramByName(e.raw, "fd"), { context: e.state });
        return t.resolved !== "" ? t.resolved : t.raw;
      };
    case "evt.rawres":
      return (e) => returnValue(e.raw);
    case "evt.failed":
      return (e) => {
        const r = returnValue(e.raw);
        return r !== undefined && r < 0;
      };
    case "evt.is_io":
      return (e) => ((EVENT_FLAGS[e.raw.type] as number) & (EF.READS_FROM_FD | EF.WRITES_TO_FD)) !== 0;
    case "evt.is_io_read":
      return (e) => ((EVENT_FLAGS[e.raw.type] as number) & EF.READS_FROM_FD) !== 0;
    case "evt.is_io_write":
      return (e) => ((EVENT_FLAGS[e.raw.type] as number) & EF.WRITES_TO_FD) !== 0;
    case "evt.io_dir":
      return (e) => {
        const f = EVENT_FLAGS[e.raw.type] as number;
        return f & EF.WRITES_TO_FD ? "write" : f & EF.READS_FROM_FD ? "read" : undefined;
      };
    case "evt.is_wait":
      return (e) => ((EVENT_FLAGS[e.raw.type] as number) & EF.WAITS) !== 0;
    case "evt.wait_latency":
      return (e) =>
        (EVENT_FLAGS[e.raw.type] as number) & EF.WAITS && (e.raw.type & 1) === 1
          ? (e.parsedThread?.latency ?? 0)
          : undefined;
    case "evt.is_syslog":
      return (e) =>
        ((EVENT_FLAGS[e.raw.type] as number) & EF.WRITES_TO_FD) !== 0 &&
        e.fdInfo !== undefined &&
        e.fdInfo.name.includes("/dev/log");
    case "evt.count":
      return () => 1;
    case "evt.count.error":
      return errorCount;
    case "evt.count.error.file":
      return (e) => {
        const f = e.fdInfo;
        if (f !== undefined) return f.isFile || f.type === FdType.DIRECTORY ? errorCount(e) : undefined;
        return OPEN_EXITS.has(e.raw.type) ? errorCount(e) : undefined;
      };
    case "evt.count.error.net":
      return (e) => {
        const f = e.fdInfo;
        if (f !== undefined)
          return isNetFd(f.type) || f.type === FdType.UNIX_SOCK ? errorCount(e) : undefined;
        return ACCEPT_CONNECT_EXITS.has(e.raw.type) ? errorCount(e) : undefined;
      };
    case "evt.count.error.memory":
      return (e) => (EVENT_CATEGORY[e.raw.type] === EC.MEMORY ? errorCount(e) : undefined);
    case "evt.count.error.other":
      return (e) => {
        const f = e.fdInfo;
        if (f !== undefined)
          return f.isFile || f.type === FdType.DIRECTORY || isNetFd(f.type) || f.type === FdType.UNIX_SOCK
            ? undefined
            : errorCount(e);
        const t = e.raw.type;
        return OPEN_EXITS.has(t) || ACCEPT_CONNECT_EXITS.has(t) || EVENT_CATEGORY[t] === EC.MEMORY
          ? undefined
          : errorCount(e);
      };
    case "evt.count.exit":
      return (e) => ((e.raw.type & 1) === 1 ? 1 : undefined);
    case "evt.count.procinfo":
      return (e) => (e.raw.type === C.PPME_PROCINFO_E && e.thread?.isMainThread ? 1 : undefined);
    case "evt.count.threadinfo":
      return (e) => (e.raw.type === C.PPME_PROCINFO_E ? 1 : undefined);
    case "evt.around":
      // evt.around[T] = D compares with the literal itself; an extractor cannot see D.
      return () => undefined;
    case "evt.abspath":
      return (e) => abspath(e, 0);
    case "evt.abspath.src":
      return (e) => abspath(e, 1);
    case "evt.abspath.dst":
      return (e) => abspath(e, 2);
    case "evt.is_open_read":
    case "evt.is_open_write":
    case "evt.is_open_exec":
    case "evt.is_open_create":
      return (e) => isOpen(e.raw, name);
    case "evt.infra.docker.name":
    case "evt.infra.docker.container.id":
    case "evt.infra.docker.container.name":
    case "evt.infra.docker.container.image":
      return (e) => infra(e.raw, name);
    default:
      return undefined;
  }
}

function relTime(e: SyscallEvent): number {
  const s = e.state;
  return tsDelta(e.raw.tsHi, e.raw.tsLo, s.firstTsHi, s.firstTsLo);
}

function isOpen(raw: ScapEvent, name: string): boolean {
  const t = raw.type;
  if (
    t === C.PPME_SYSCALL_OPEN_X ||
    t === C.PPME_SYSCALL_OPENAT_E ||
    t === C.PPME_SYSCALL_OPENAT_2_X ||
    t === C.PPME_SYSCALL_OPENAT2_X ||
    t === C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X
  ) {
    const newer = t === C.PPME_SYSCALL_OPENAT_2_X || t === C.PPME_SYSCALL_OPENAT2_X;
    const flags = raw.paramUint(newer ? 3 : 2) ?? 0;
    switch (name) {
      case "evt.is_open_read":
        return (flags & PPM_O_RDONLY) !== 0;
      case "evt.is_open_write":
        return (flags & PPM_O_WRONLY) !== 0;
      case "evt.is_open_create":
        if (flags & PPM_O_F_CREATED) return true;
        return (flags & PPM_O_TMPFILE) !== 0 && (raw.paramI64(0) ?? -1) >= 0;
      default:
        if (flags & (PPM_O_TMPFILE | PPM_O_CREAT) && t !== C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X)
          return ((raw.paramUint(newer ? 4 : 3) ?? 0) & EXEC_BITS) !== 0;
        return false;
    }
  }
  if (name === "evt.is_open_exec" && t === C.PPME_SYSCALL_CREAT_X)
    return ((raw.paramUint(2) ?? 0) & EXEC_BITS) !== 0;
  return false;
}

function infra(raw: ScapEvent, name: string): string | undefined {
  if (raw.type !== C.PPME_INFRASTRUCTURE_EVENT_E) return undefined;
  const desc = raw.paramString(2) ?? "";
  for (const u of desc.split(";")) {
    const e = u.trim();
    const val = () => (e.split(":")[1] ?? "").trim();
    if (name === "evt.infra.docker.name" && e.startsWith("Event")) return val();
    if (name === "evt.infra.docker.container.id" && e.startsWith("ID")) return val().slice(0, 12);
    if (name === "evt.infra.docker.container.name" && e.startsWith("name")) return val();
    if (name === "evt.infra.docker.container.image" && e.startsWith("Image")) {
      let s = e.split(":")[1] ?? "";
      if (s.includes("@")) s = s.slice(0, s.indexOf("@"));
      else if (s.includes("sha256")) s = e.slice(e.indexOf(":") + 1);
      return s.trim();
    }
  }
  return undefined;
}
