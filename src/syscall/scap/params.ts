// Parameter rendering as sysdig 0.29.3 prints it (libsinsp `sinsp_evt::get_param_as_str` and the
// `evt.args` extractor at libs e5c53d64): every parameter gives a raw string and an optional resolved
// one, shown as `raw(resolved)` — `flags=4097(O_RDONLY|O_CLOEXEC)`, `res=-2(ENOENT)`,
// `fd=3(<f>/etc/ld.so.cache)`. Resolutions that need state (fd names, thread names, cwd, user names)
// come from a RenderContext, which the state engine provides; without one, rendering is that of a thread
// sinsp knows nothing about (bare fd numbers, paths resolved against an empty cwd).

import { ipv4At, ipv6At, isIpv4MappedIpv6 } from "../net.js";
import { concatenatePaths, sanitizeString } from "../paths.js";
import { readI64, readU16, readU32, readU64 } from "./bytes.js";
import type { ScapEvent } from "./event.js";
import { EVENT_TABLE } from "./event-table.js";
import { type EventInfo, type FlagTable, type ParamInfo, PF, PT } from "./event-types.js";
import { ERRNO_NAMES, SIGNAL_NAMES, SYSCALL_NAMES } from "./names.js";

/** What an fd looks like when rendered: type character (`f`, `4`…), protocol character (`t`, `u`…) and name. */
export interface RenderedFd {
  typeChar: string;
  /** For IPv4/IPv6 sockets: `t`, `u`, `i` or `r`; otherwise "". */
  l4Char: string;
  name: string;
}

/** State lookups rendering needs; the state engine implements it. */
export interface RenderContext {
  /** False when the event's thread is unknown (libsinsp then prints bare numbers and raw paths). */
  hasThread(evt: ScapEvent): boolean;
  /** An fd of the event's thread, as it is after the event was parsed. */
  fd(evt: ScapEvent, fd: number): RenderedFd | undefined;
  /** Command name of a thread, for PID parameters. */
  comm(tid: number): string | undefined;
  /** Working directory of the event's thread, ending in "/". */
  cwd(evt: ScapEvent): string;
  /** Path of a directory fd of the event's thread ("" when unknown), for FSRELPATH parameters. */
  dirFdPath(evt: ScapEvent, dirfd: number): string;
  userName(uid: number): string | undefined;
  groupName(gid: number): string | undefined;
}

/**
 * The context used when none is given: a thread that exists but knows nothing (no fds, no cwd, no
 * users), like the placeholder thread sinsp makes for a tid it has not seen.
 */
export const EMPTY_CONTEXT: RenderContext = {
  hasThread: () => true,
  fd: () => undefined,
  comm: () => undefined,
  cwd: () => "",
  dirFdPath: () => "",
  userName: () => undefined,
  groupName: () => undefined,
};

/** Rendering options. */
export interface RenderOptions {
  /** State lookups; EMPTY_CONTEXT when absent. */
  context?: RenderContext;
  /** Byte buffers longer than this end in "..." (sysdig's 80); 0 means no limit. */
  maxBufferLength?: number;
}

/** Raw and resolved text of one parameter; `resolved` is "" when there is nothing to add. */
export interface ArgText {
  raw: string;
  resolved: string;
}

const AT_FDCWD = -100;

/** Number of parameters sysdig shows for an event: min(event nparams, what libs e5c53d64 knew). */
export function shownParamCount(evt: ScapEvent): number {
  const info = EVENT_TABLE[evt.type];
  if (info === undefined) return 0;
  return Math.min(evt.nparams, info.oldParams);
}

/** Index of the parameter called `name` among the event's shown parameters, or -1. */
export function paramIndex(evt: ScapEvent, name: string): number {
  const info = EVENT_TABLE[evt.type] as EventInfo;
  const n = shownParamCount(evt);
  for (let i = 0; i < n; i++) if ((info.params[i] as ParamInfo).name === name) return i;
  return -1;
}

/** `evt.args` as sysdig prints it: `name=value ` for each parameter (trailing space kept); generic events give "". */
export function renderArgs(evt: ScapEvent, options: RenderOptions = {}): string {
  if (evt.type === 0 || evt.type === 1) return "";
  const info = EVENT_TABLE[evt.type] as EventInfo;
  const n = shownParamCount(evt);
  let out = "";
  for (let i = 0; i < n; i++) {
    const t = argText(evt, i, options);
    out += `${(info.params[i] as ParamInfo).name}=${t.raw}`;
    out += t.resolved === "" ? " " : `(${t.resolved}) `;
  }
  return out;
}

/** One parameter as `evt.args` shows it: `raw` or `raw(resolved)`. */
export function renderArg(evt: ScapEvent, i: number, options: RenderOptions = {}): string {
  const t = argText(evt, i, options);
  return t.resolved === "" ? t.raw : `${t.raw}(${t.resolved})`;
}

/** `evt.arg.NAME` / `evt.arg[i]`: the resolved text when there is one, else the raw text. */
export function argValue(evt: ScapEvent, i: number, options: RenderOptions = {}): string {
  const t = argText(evt, i, options);
  return t.resolved === "" ? t.raw : t.resolved;
}

/** Raw and resolved strings of parameter `i` (libsinsp `get_param_as_str`). */
export function argText(evt: ScapEvent, i: number, options: RenderOptions = {}): ArgText {
  const info = EVENT_TABLE[evt.type] as EventInfo;
  const outer = info.params[i];
  if (outer === undefined || i >= evt.nparams) return { raw: "", resolved: "" };
  const ctx = options.context ?? EMPTY_CONTEXT;
  const b = evt.buf;
  let off = evt.paramOffset(i);
  let len = evt.paramLength(i);
  let p: ParamInfo = outer;
  if (p.type === PT.DYN && p.dyn !== undefined && len !== 0) {
    const idx = b[off] as number;
    const sub = p.dyn[idx];
    if (sub !== undefined) {
      off++;
      len--;
      p = sub;
    }
  }
  const fmt = outer.fmt;
  switch (p.type) {
    case PT.INT8:
      return plain(num(signExtend(readUint(b, off, len, 1), 1), 1, true, fmt));
    case PT.INT16:
      return plain(num(signExtend(readUint(b, off, len, 2), 2), 2, true, fmt));
    case PT.INT32:
      return plain(num(readUint(b, off, len, 4) | 0, 4, true, fmt));
    case PT.INT64:
    case PT.UINT64:
      return plain(num64(readBig(b, off, len), fmt));
    case PT.UINT8:
      return plain(num(readUint(b, off, len, 1), 1, false, fmt));
    case PT.UINT16:
      return plain(num(readUint(b, off, len, 2), 2, false, fmt));
    case PT.UINT32:
      return plain(num(readUint(b, off, len, 4), 4, false, fmt));
    case PT.FD:
      return renderFd(evt, Number(BigInt.asIntN(64, readBig(b, off, len))), ctx);
    case PT.PID: {
      const v = BigInt.asIntN(64, readBig(b, off, len));
      const comm = ctx.comm(Number(v));
      return { raw: v.toString(), resolved: comm ?? "" };
    }
    case PT.ERRNO: {
      const v = BigInt.asIntN(64, readBig(b, off, len));
      return { raw: v.toString(), resolved: v < 0n ? errnoName(Number(BigInt.asIntN(32, v))) : "" };
    }
    case PT.CHARBUF:
      return plain(cstr(b, off, len));
    case PT.FSPATH:
    case PT.FSRELPATH:
      return renderPath(evt, i, off, len, ctx);
    case PT.BYTEBUF:
      return plain(bufferDots(b, off, len, options.maxBufferLength ?? 80));
    case PT.SOCKADDR:
      return plain(sockaddr(b, off, len));
    case PT.SOCKTUPLE:
      return plain(socktuple(b, off, len));
    case PT.FDLIST:
      return plain(fdlist(evt, b, off, len, ctx));
    case PT.SYSCALLID: {
      const id = readUint(b, off, len, 2);
      const name = SYSCALL_NAMES[id];
      return name === undefined ? plain("<unknown syscall>") : { raw: String(id), resolved: name };
    }
    case PT.SIGTYPE: {
      const v = readUint(b, off, len, 1);
      return { raw: String(v), resolved: SIGNAL_NAMES.get(v) ?? "" };
    }
    case PT.RELTIME: {
      const v = readBig(b, off, len);
      if (v === 0xffffffffffffffffn) return plain("none");
      return { raw: v.toString(), resolved: `${formatG(Number(v) / 1e9)}s` };
    }
    case PT.FLAGS8:
    case PT.FLAGS16:
    case PT.FLAGS32: {
      const w = p.type === PT.FLAGS8 ? 1 : p.type === PT.FLAGS16 ? 2 : 4;
      const v = readUint(b, off, len, w);
      return { raw: String(v), resolved: bitNames(v, outer.flags) };
    }
    case PT.ENUMFLAGS8:
    case PT.ENUMFLAGS16:
    case PT.ENUMFLAGS32: {
      const w = p.type === PT.ENUMFLAGS8 ? 1 : p.type === PT.ENUMFLAGS16 ? 2 : 4;
      const v = readUint(b, off, len, w);
      return { raw: String(v), resolved: enumNames(v, outer.flags) };
    }
    case PT.MODE: {
      const v = readUint(b, off, len, 4);
      return { raw: num(v, 4, false, fmt), resolved: bitNames(v, outer.flags) };
    }
    case PT.UID:
    case PT.GID: {
      const v = readUint(b, off, len, 4);
      if (v === 0xffffffff) return { raw: "-1", resolved: "<NONE>" };
      const name = p.type === PT.UID ? ctx.userName(v) : ctx.groupName(v);
      return { raw: String(v | 0), resolved: name === undefined ? "<NA>" : sanitizeString(name) };
    }
    case PT.SIGSET: {
      const v = readUint(b, off, len, 4);
      const names: string[] = [];
      for (let sig = 0; sig < 32; sig++) {
        if (v & (1 << sig)) {
          const s = SIGNAL_NAMES.get(sig + 1);
          if (s !== undefined) names.push(s);
        }
      }
      return plain(names.join(" "));
    }
    case PT.ABSTIME:
      return plain(absTime(readBig(b, off, len)));
    case PT.DYN:
      return plain("INVALID DYNAMIC PARAMETER");
    default:
      return plain("(n.a.)");
  }
}

function plain(raw: string): ArgText {
  return { raw, resolved: "" };
}

/** Reads up to `w` bytes little-endian as an unsigned number; missing bytes count as zero. */
function readUint(b: Uint8Array, off: number, len: number, w: number): number {
  if (len >= w) {
    if (w === 1) return b[off] as number;
    if (w === 2) return readU16(b, off);
    return readU32(b, off);
  }
  let v = 0;
  for (let k = 0; k < len; k++) v += (b[off + k] as number) * 2 ** (8 * k);
  return v;
}

/** Reads up to 8 bytes little-endian as an unsigned bigint; missing bytes count as zero. */
function readBig(b: Uint8Array, off: number, len: number): bigint {
  if (len >= 8) return (BigInt(readU32(b, off + 4)) << 32n) | BigInt(readU32(b, off));
  let v = 0n;
  for (let k = 0; k < len; k++) v |= BigInt(b[off + k] as number) << BigInt(8 * k);
  return v;
}

function signExtend(v: number, w: number): number {
  const bits = 8 * w;
  return (v << (32 - bits)) >> (32 - bits);
}

/**
 * printf of an 8/16/32-bit value as libsinsp does: decimal with `%d` (so 32-bit values read signed),
 * hex `%X` and octal `%#o` of the int-promoted value (unsigned, 32 bits).
 */
function num(v: number, w: number, signed: boolean, fmt: number): string {
  const dec = w === 4 ? v | 0 : v;
  const uns = signed || w === 4 ? v >>> 0 : v;
  switch (fmt) {
    case PF.OCT:
      return uns === 0 ? "0" : `0${uns.toString(8)}`;
    case PF.HEX:
      return uns.toString(16).toUpperCase();
    case PF.PADDED_DEC:
      return padDec(String(dec));
    default:
      return String(dec);
  }
}

/** printf of a 64-bit value: `%PRId64` reads it signed, `%PRIX64`/`%#PRIo64` unsigned. */
function num64(v: bigint, fmt: number): string {
  switch (fmt) {
    case PF.OCT:
      return v === 0n ? "0" : `0${v.toString(8)}`;
    case PF.HEX:
      return v.toString(16).toUpperCase();
    case PF.PADDED_DEC:
      return padDec(BigInt.asIntN(64, v).toString());
    default:
      return BigInt.asIntN(64, v).toString();
  }
}

function padDec(s: string): string {
  if (s.startsWith("-")) return `-${s.slice(1).padStart(8, "0")}`;
  return s.padStart(9, "0");
}

/** errno name of a negative return value (`-2` → "ENOENT"), "" when unknown. */
export function errnoName(code: number): string {
  return ERRNO_NAMES.get(-code) ?? "";
}

/** Bytes up to the first NUL within the parameter, as UTF-8. */
function cstr(b: Buffer, off: number, len: number): string {
  let e = off;
  const end = off + len;
  while (e < end && b[e] !== 0) e++;
  return b.toString("utf8", off, e);
}

/** libsinsp's "dots" rendering of a byte buffer: printable ASCII kept, anything else ".", then truncation. */
function bufferDots(b: Uint8Array, off: number, len: number, max: number): string {
  let out = "";
  for (let k = 0; k < len; k++) {
    const c = b[off + k] as number;
    out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : ".";
    if (max > 0 && out.length > max) break;
  }
  if (max > 0 && out.length > max) out = `${out.slice(0, max - 3)}...`;
  return out;
}

function renderFd(evt: ScapEvent, fd: number, ctx: RenderContext): ArgText {
  const raw = String(fd);
  if (!ctx.hasThread(evt)) return plain(raw);
  if (fd >= 0) {
    const f = ctx.fd(evt, fd);
    if (f === undefined) return plain(raw);
    return { raw, resolved: `<${f.typeChar}${f.l4Char}>${sanitizeString(f.name)}` };
  }
  if (fd === AT_FDCWD) return { raw, resolved: "AT_FDCWD" };
  return { raw, resolved: errnoName(fd | 0) };
}

function renderPath(evt: ScapEvent, i: number, off: number, len: number, ctx: RenderContext): ArgText {
  const bytes = evt.buf.subarray(off, off + len);
  const nul = bytes.indexOf(0);
  const s = bytes.subarray(0, nul < 0 ? bytes.length : nul);
  const raw = sanitizeString(s.toString("latin1"));
  if (!ctx.hasThread(evt) || len === 0) return plain(raw);
  if (s.length >= 4 && s[0] === 0x3c && s[1] === 0x4e && s[2] === 0x41 && s[3] === 0x3e) return plain(raw); // "<NA>"
  const j = concatenatePaths(baseDir(evt, i, ctx), s);
  return { raw, resolved: j.relative ? j.path : "" };
}

/** Directory a path parameter is relative to: the cwd, or the dirfd's path for FSRELPATH (`get_base_dir`). */
function baseDir(evt: ScapEvent, i: number, ctx: RenderContext): string {
  const cwd = ctx.cwd(evt);
  const info = EVENT_TABLE[evt.type] as EventInfo;
  const outer = info.params[i] as ParamInfo;
  if (outer.type !== PT.FSRELPATH) return cwd;
  const d = outer.dirfd ?? 0;
  if (d >= info.oldParams || d >= evt.nparams) return cwd;
  if ((info.params[d] as ParamInfo).type !== PT.FD) return cwd;
  const dirfd = evt.paramI64(d);
  if (dirfd === undefined || dirfd === AT_FDCWD) return cwd;
  const base = ctx.dirFdPath(evt, dirfd);
  if (base === "") return "";
  return `${sanitizeString(base)}/`;
}

function sockaddr(b: Uint8Array, off: number, len: number): string {
  if (len === 0) return "NULL";
  const fam = b[off] as number;
  if (fam === 1) return sanitizeString(cstrLatin1(b, off + 1, off + len));
  if (fam === 2) return len === 7 ? `${ipv4At(b, off + 1)}:${readU16(b, off + 5)}` : "INVALID IPv4";
  if (fam === 10) return len === 19 ? `${ipv6At(b, off + 1)}:${readU16(b, off + 17)}` : "INVALID IPv6";
  return `family ${(fam << 24) >> 24}`;
}

function socktuple(b: Uint8Array, off: number, len: number): string {
  if (len === 0) return "NULL";
  const fam = b[off] as number;
  if (fam === 2) {
    if (len !== 13) return "INVALID IPv4";
    return `${ipv4At(b, off + 1)}:${readU16(b, off + 5)}->${ipv4At(b, off + 7)}:${readU16(b, off + 11)}`;
  }
  if (fam === 10) {
    if (len !== 37) return "INVALID IPv6";
    if (isIpv4MappedIpv6(b, off + 1) && isIpv4MappedIpv6(b, off + 19))
      return `${ipv4At(b, off + 13)}:${readU16(b, off + 17)}->${ipv4At(b, off + 31)}:${readU16(b, off + 35)}`;
    return `${ipv6At(b, off + 1)}:${readU16(b, off + 17)}->${ipv6At(b, off + 19)}:${readU16(b, off + 35)}`;
  }
  if (fam === 1) {
    if (len < 17) return "family 1";
    const src = readBigAt(b, off + 1).toString(16);
    const dst = readBigAt(b, off + 9).toString(16);
    return `${src}->${dst} ${sanitizeString(cstrLatin1(b, off + 17, off + len))}`;
  }
  return `family ${(fam << 24) >> 24}`;
}

function readBigAt(b: Uint8Array, o: number): bigint {
  return (BigInt(readU32(b, o + 4)) << 32n) | BigInt(readU32(b, o));
}

function cstrLatin1(b: Uint8Array, start: number, end: number): string {
  let e = start;
  while (e < end && b[e] !== 0) e++;
  return Buffer.from(b.buffer, b.byteOffset + start, e - start).toString("latin1");
}

function fdlist(evt: ScapEvent, b: Uint8Array, off: number, len: number, ctx: RenderContext): string {
  if (!ctx.hasThread(evt) || len < 2) return "";
  const n = readU16(b, off);
  const parts: string[] = [];
  let pos = off + 2;
  for (let j = 0; j < n && pos + 10 <= off + len; j++, pos += 10) {
    const fd = BigInt.asIntN(64, readBigAt(b, pos));
    const f = ctx.fd(evt, Number(fd));
    const flags = (readU16(b, pos + 8) << 16) >> 16;
    parts.push(
      `${BigInt.asUintN(64, fd)}:${f === undefined ? "?" : f.typeChar}${(flags >>> 0).toString(16)}`,
    );
  }
  return parts.join(" ");
}

/**
 * Flag names of `v` as libsinsp 0.29 lists them: walk the table in order, take each entry whose bits are
 * all set (an entry of 0 only when v is 0) and clear them; an entry equal to the whole value ends the walk
 * and is appended last.
 */
export function bitNames(v: number, table: FlagTable | undefined): string {
  if (table === undefined) return "";
  const names: string[] = [];
  let rest = v;
  let i = 0;
  for (; i < table.length; i++) {
    const [name, fv] = table[i] as readonly [string, number];
    if (fv === v) break;
    if ((fv === 0 && v === 0) || (fv !== 0 && (rest & fv) >>> 0 === fv && rest !== 0)) {
      names.push(name);
      rest = (rest & ~fv) >>> 0;
    }
  }
  if (i < table.length) names.push((table[i] as readonly [string, number])[0]);
  return names.join("|");
}

/** Enum names of `v` (PT_ENUMFLAGS*): every entry equal to v. */
export function enumNames(v: number, table: FlagTable | undefined): string {
  if (table === undefined) return "";
  return table
    .filter(([, fv]) => fv === v)
    .map(([n]) => n)
    .join("|");
}

/** C's `%g` (6 significant digits, trailing zeros removed, exponent form outside 1e-4..1e6). */
export function formatG(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split("e") as [string, string];
    const mant = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function absTime(v: bigint): string {
  const sec = Number(v / 1000000000n);
  const nsec = Number(v % 1000000000n);
  const d = new Date(sec * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  const tz = `${off < 0 ? "-" : "+"}${p2(Math.floor(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(nsec).padStart(9, "0")} ${tz}`;
}

/** A parameter's value: integers as numbers (64-bit ones exact below 2^53), strings, or raw bytes. */
export type ParamValue = number | string | Uint8Array | undefined;

/**
 * Decodes parameter `i` by its table type, without rendering: integer types give numbers (FD, PID,
 * ERRNO signed), CHARBUF and paths give the string up to the NUL, everything else a view on the bytes
 * (valid during the callback only). Absent parameters (length 0) give undefined.
 */
export function decodeParam(evt: ScapEvent, i: number): ParamValue {
  if (i >= evt.nparams) return undefined;
  const len = evt.paramLength(i);
  if (len === 0) return undefined;
  const p = (EVENT_TABLE[evt.type] as EventInfo).params[i];
  const off = evt.paramOffset(i);
  const b = evt.buf;
  switch (p?.type) {
    case PT.INT8:
      return len >= 1 ? ((b[off] as number) << 24) >> 24 : undefined;
    case PT.INT16:
      return len >= 2 ? (readU16(b, off) << 16) >> 16 : undefined;
    case PT.INT32:
      return len >= 4 ? readU32(b, off) | 0 : undefined;
    case PT.UINT8:
    case PT.FLAGS8:
    case PT.ENUMFLAGS8:
    case PT.SIGTYPE:
    case PT.L4PROTO:
    case PT.SOCKFAMILY:
      return b[off] as number;
    case PT.UINT16:
    case PT.FLAGS16:
    case PT.ENUMFLAGS16:
    case PT.SYSCALLID:
    case PT.PORT:
      return len >= 2 ? readU16(b, off) : undefined;
    case PT.UINT32:
    case PT.FLAGS32:
    case PT.ENUMFLAGS32:
    case PT.UID:
    case PT.GID:
    case PT.MODE:
    case PT.SIGSET:
    case PT.BOOL:
    case PT.IPV4ADDR:
      return len >= 4 ? readU32(b, off) : undefined;
    case PT.FD32:
    case PT.PID32:
      return len >= 4 ? readU32(b, off) | 0 : undefined;
    case PT.INT64:
    case PT.FD:
    case PT.PID:
    case PT.ERRNO:
      return len >= 8 ? readI64(b, off) : undefined;
    case PT.UINT64:
    case PT.RELTIME:
    case PT.ABSTIME:
      return len >= 8 ? readU64(b, off) : undefined;
    case PT.CHARBUF:
    case PT.FSPATH:
    case PT.FSRELPATH:
      return cstr(b, off, len);
    default:
      return b.subarray(off, off + len);
  }
}
