// Encoders for scap blocks and events, the inverse of the reader: section header, machine info, process
// lists of any PL version, fd lists, interface and user lists, and events in EV/EVF blocks (v1 without
// nparams, v2, large payload). Tests build captures with them; a capture writer will too. Process lists
// written as PL_V9 keep the tail after `root` within what sysdig 0.29.3 reads correctly (≤ 29 bytes).
import {
  BlockType,
  type FdEntry,
  FdType,
  type GroupEntry,
  type InterfaceEntry,
  type MachineInfo,
  SHB_MAGIC,
  type ThreadEntry,
  type UserEntry,
} from "./blocks.js";
import { EVENT_TABLE } from "./event-table.js";
import { EF } from "./event-types.js";

/** Growable little-endian byte builder. */
export class Bytes {
  #b = Buffer.alloc(256);
  #n = 0;
  get length(): number {
    return this.#n;
  }
  #room(k: number): void {
    if (this.#n + k <= this.#b.length) return;
    const nb = Buffer.alloc(Math.max(this.#b.length * 2, this.#n + k));
    this.#b.copy(nb, 0, 0, this.#n);
    this.#b = nb;
  }
  u8(v: number): this {
    this.#room(1);
    this.#b.writeUInt8(v & 0xff, this.#n);
    this.#n += 1;
    return this;
  }
  u16(v: number): this {
    this.#room(2);
    this.#b.writeUInt16LE(v & 0xffff, this.#n);
    this.#n += 2;
    return this;
  }
  u32(v: number): this {
    this.#room(4);
    this.#b.writeUInt32LE(v >>> 0, this.#n);
    this.#n += 4;
    return this;
  }
  /** 64-bit value from a number (negative numbers are two's complement) or a bigint. */
  u64(v: number | bigint): this {
    this.#room(8);
    this.#b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)), this.#n);
    this.#n += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.#room(b.length);
    this.#b.set(b, this.#n);
    this.#n += b.length;
    return this;
  }
  /** `u16 len + bytes` (no NUL), as metadata strings are stored. */
  str(s: string): this {
    const b = Buffer.from(s, "utf8");
    return this.u16(b.length).bytes(b);
  }
  /** `u16 len + items joined by NUL` with a trailing NUL, as args/env/cgroups are stored. */
  list(items: readonly string[]): this {
    const b = Buffer.from(items.length ? `${items.join("\0")}\0` : "", "utf8");
    return this.u16(b.length).bytes(b);
  }
  /** Writes a u32 at an earlier position. */
  patchU32(at: number, v: number): this {
    this.#b.writeUInt32LE(v >>> 0, at);
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.#b.subarray(0, this.#n));
  }
}

/** Wraps a body in a block: header, body, zero padding to 4 bytes, trailer. */
export function encodeBlock(type: number, body: Uint8Array): Buffer {
  const padded = (body.length + 3) & ~3;
  const total = 8 + padded + 4;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(type >>> 0, 0);
  b.writeUInt32LE(total, 4);
  b.set(body, 8);
  b.writeUInt32LE(total, total - 4);
  return b;
}

/** Section header block (version 1.minor, section length -1). */
export function sectionHeaderBlock(minor = 2): Buffer {
  return encodeBlock(BlockType.SHB, new Bytes().u32(SHB_MAGIC).u16(1).u16(minor).u64(-1n).toBuffer());
}

/** Machine info block. */
export function machineInfoBlock(m: Partial<MachineInfo> = {}): Buffer {
  const host = Buffer.alloc(128);
  host.write(m.hostname ?? "lanner-test", "utf8");
  const b = new Bytes()
    .u32(m.numCpus ?? 1)
    .u64(m.memorySizeBytes ?? 0)
    .u64(m.maxPid ?? 0)
    .bytes(host)
    .u64(m.bootTsEpoch ?? 0n)
    .u64(m.flags ?? 0n)
    .u64(0)
    .u64(0);
  return encodeBlock(BlockType.MI, b.toBuffer());
}

const PL_TYPES = [
  0,
  BlockType.PL_V1,
  BlockType.PL_V2,
  BlockType.PL_V3,
  BlockType.PL_V4,
  BlockType.PL_V5,
  BlockType.PL_V6,
  BlockType.PL_V7,
  BlockType.PL_V8,
  BlockType.PL_V9,
];

/** A process list block of `version` 1..9 holding `threads` (missing fields get neutral values). */
export function processListBlock(threads: readonly Partial<ThreadEntry>[], version = 9): Buffer {
  const b = new Bytes();
  for (const t of threads) {
    const start = b.length;
    if (version === 9) b.u32(0);
    b.u64(t.tid ?? 1)
      .u64(t.pid ?? t.tid ?? 1)
      .u64(t.ptid ?? 0);
    if (version >= 6) b.u64(t.sid ?? 0);
    if (version >= 8) b.u64(t.vpgid ?? 0);
    b.str(t.comm ?? "").str(t.exe ?? "");
    if (version >= 7) b.str(t.exepath ?? "");
    b.list(t.args ?? [])
      .str(t.cwd ?? "/")
      .u64(t.fdlimit ?? 1024)
      .u32(t.flags ?? 0)
      .u32(t.uid ?? 0)
      .u32(t.gid ?? 0);
    if (version >= 2) {
      b.u32(t.vmsizeKb ?? 0)
        .u32(t.vmrssKb ?? 0)
        .u32(t.vmswapKb ?? 0)
        .u64(t.pfmajor ?? 0)
        .u64(t.pfminor ?? 0);
      if (version >= 3) b.list(t.env ?? []);
      if (version >= 4) {
        b.u64(t.vtid ?? t.tid ?? 1)
          .u64(t.vpid ?? t.pid ?? 1)
          .list(t.cgroups ?? []);
        if (version >= 5) b.str(t.root ?? "/");
      }
    }
    if (version === 9) {
      b.u32(t.loginuid ?? 0xffffffff).u8(t.exeWritable ? 1 : 0);
      b.patchU32(start, b.length - start);
    }
  }
  return encodeBlock(PL_TYPES[version] as number, b.toBuffer());
}

/** An FDL_V2 block with one thread's fds. */
export function fdListBlock(tid: number, fds: readonly FdEntry[]): Buffer {
  const b = new Bytes().u64(tid);
  for (const f of fds) {
    const start = b.length;
    b.u32(0).u64(f.fd).u64(f.ino).u8(f.type);
    switch (f.type) {
      case FdType.IPV4_SOCK:
        b.u32(num(f.sip))
          .u32(num(f.dip))
          .u16(f.sport ?? 0)
          .u16(f.dport ?? 0)
          .u8(f.l4proto ?? 0);
        break;
      case FdType.IPV4_SERVSOCK:
        b.u32(num(f.sip))
          .u16(f.sport ?? 0)
          .u8(f.l4proto ?? 0);
        break;
      case FdType.IPV6_SOCK:
        b.bytes(ip6(f.sip))
          .bytes(ip6(f.dip))
          .u16(f.sport ?? 0)
          .u16(f.dport ?? 0)
          .u8(f.l4proto ?? 0);
        break;
      case FdType.IPV6_SERVSOCK:
        b.bytes(ip6(f.sip))
          .u16(f.sport ?? 0)
          .u8(f.l4proto ?? 0);
        break;
      case FdType.UNIX_SOCK:
        b.u64(f.source ?? 0n)
          .u64(f.dest ?? 0n)
          .str(f.name);
        break;
      case FdType.FILE_V2:
        b.u32(f.openFlags ?? 0).str(f.name);
        if (f.dev !== undefined) b.u32(f.dev);
        break;
      default:
        b.str(f.name);
    }
    b.patchU32(start, b.length - start);
  }
  return encodeBlock(BlockType.FDL_V2, b.toBuffer());
}

function num(v: number | Uint8Array | undefined): number {
  return typeof v === "number" ? v : 0;
}

function ip6(v: number | Uint8Array | undefined): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(16);
}

/** A UL_V2 block. */
export function userListBlock(users: readonly UserEntry[], groups: readonly GroupEntry[]): Buffer {
  const b = new Bytes();
  for (const u of users) {
    const start = b.length;
    b.u32(0).u8(0).u32(u.uid).u32(u.gid).str(u.name).str(u.homedir).str(u.shell);
    b.patchU32(start, b.length - start);
  }
  for (const g of groups) {
    const start = b.length;
    b.u32(0).u8(1).u32(g.gid).str(g.name);
    b.patchU32(start, b.length - start);
  }
  return encodeBlock(BlockType.UL_V2, b.toBuffer());
}

/** An IL_V2 block (entry lengths exclude themselves). */
export function interfaceListBlock(ifaces: readonly InterfaceEntry[]): Buffer {
  const b = new Bytes();
  for (const i of ifaces) {
    const start = b.length;
    const name = Buffer.from(i.name, "utf8");
    b.u32(0).u16(i.type).u16(name.length);
    if (i.type === 1 || i.type === 3) b.u32(num(i.addr)).u32(num(i.netmask)).u32(num(i.bcast));
    else b.bytes(ip6(i.addr)).bytes(ip6(i.netmask)).bytes(ip6(i.bcast));
    if (i.type === 1 || i.type === 2) b.u64(i.linkspeed);
    b.bytes(name);
    b.patchU32(start, b.length - start - 4);
  }
  return encodeBlock(BlockType.IL_V2, b.toBuffer());
}

/** An event to encode: header fields and the raw bytes of each parameter. */
export interface EventSpec {
  ts: bigint;
  tid: number;
  type: number;
  params: readonly Uint8Array[];
  cpu?: number;
  /** EVF flags; when set (even 0) the event goes in an EVF block. */
  flags?: number;
}

/** How to encode an event block. */
export interface EventBlockOptions {
  /** Old EV/EVF block without nparams in the header. */
  v1?: boolean;
  /** Use the `_LARGE` block type. */
  large?: boolean;
}

/** Encodes one event in its block (EV/EVF, v1 or v2, large or not). */
export function eventBlock(e: EventSpec, options: EventBlockOptions = {}): Buffer {
  const info = EVENT_TABLE[e.type];
  const lenSize = info && info.flags & EF.LARGE_PAYLOAD ? 4 : 2;
  const hdr = options.v1 ? 22 : 26;
  let dataLen = 0;
  for (const p of e.params) dataLen += p.length;
  const evLen = hdr + lenSize * e.params.length + dataLen;
  const b = new Bytes().u16(e.cpu ?? 0);
  if (e.flags !== undefined) b.u32(e.flags);
  b.u64(e.ts).u64(e.tid).u32(evLen).u16(e.type);
  if (!options.v1) b.u32(e.params.length);
  for (const p of e.params) {
    if (lenSize === 4) b.u32(p.length);
    else b.u16(p.length);
  }
  for (const p of e.params) b.bytes(p);
  const evf = e.flags !== undefined;
  let type: number;
  if (options.v1) type = evf ? BlockType.EVF : BlockType.EV;
  else if (options.large) type = evf ? BlockType.EVF_V2_LARGE : BlockType.EV_V2_LARGE;
  else type = evf ? BlockType.EVF_V2 : BlockType.EV_V2;
  return encodeBlock(type, b.toBuffer());
}

/** Parameter value encoders. */
export const enc = {
  u8: (v: number): Uint8Array => new Bytes().u8(v).toBuffer(),
  u16: (v: number): Uint8Array => new Bytes().u16(v).toBuffer(),
  u32: (v: number): Uint8Array => new Bytes().u32(v).toBuffer(),
  u64: (v: number | bigint): Uint8Array => new Bytes().u64(v).toBuffer(),
  /** NUL-terminated string (CHARBUF, FSPATH). */
  str: (s: string): Uint8Array => Buffer.from(`${s}\0`, "utf8"),
  bytes: (b: Uint8Array | string): Uint8Array => (typeof b === "string" ? Buffer.from(b, "utf8") : b),
  /** IPv4 socket tuple (addresses as dotted quads). */
  tuple4: (sip: string, sport: number, dip: string, dport: number): Uint8Array =>
    new Bytes().u8(2).bytes(quad(sip)).u16(sport).bytes(quad(dip)).u16(dport).toBuffer(),
  /** IPv4 sockaddr. */
  sockaddr4: (ip: string, port: number): Uint8Array => new Bytes().u8(2).bytes(quad(ip)).u16(port).toBuffer(),
  /** Unix sockaddr. */
  sockaddrUnix: (path: string): Uint8Array =>
    new Bytes()
      .u8(1)
      .bytes(Buffer.from(`${path}\0`))
      .toBuffer(),
};

function quad(ip: string): Uint8Array {
  return Uint8Array.from(ip.split(".").map(Number));
}

/** Concatenates blocks into one capture. */
export function capture(blocks: readonly Uint8Array[]): Buffer {
  return Buffer.concat(blocks);
}
