// scap block types and the parsers of the metadata blocks (section header, machine info, process list,
// fd list, interface list, user list). Layouts follow falcosecurity/libs userspace/libscap/scap_savefile.h
// and the reader in engine/savefile/scap_savefile.c; everything is little-endian.
import { readI64, readU16, readU32, readU64, readU64Big } from "./bytes.js";

/** Block type codes (`*_BLOCK_TYPE*`); `_INT` are the pre-release numbers old readers still accept. */
export const BlockType = {
  SHB: 0x0a0d0d0a,
  MI: 0x201,
  MI_INT: 0x8002abcd,
  PL_V1: 0x202,
  PL_V1_INT: 0x8000abcd,
  PL_V2: 0x207,
  PL_V2_INT: 0x8013abcd,
  PL_V3: 0x209,
  PL_V3_INT: 0x8014abcd,
  PL_V4: 0x210,
  PL_V5: 0x211,
  PL_V6: 0x212,
  PL_V7: 0x213,
  PL_V8: 0x214,
  PL_V9: 0x215,
  FDL: 0x203,
  FDL_INT: 0x8001abcd,
  FDL_V2: 0x218,
  EV: 0x204,
  EV_INT: 0x8010abcd,
  EV_V2: 0x216,
  EV_V2_LARGE: 0x221,
  IL: 0x205,
  IL_INT: 0x8011abcd,
  IL_V2: 0x219,
  UL: 0x206,
  UL_INT: 0x8012abcd,
  UL_V2: 0x220,
  EVF: 0x208,
  EVF_V2: 0x217,
  EVF_V2_LARGE: 0x222,
} as const;

const blockNames = new Map<number, string>(Object.entries(BlockType).map(([k, v]) => [v, k]));

/** Name of a block type (`PL_V9`, `EV_V2`…), or `unknown(0x…)`. */
export function blockTypeName(type: number): string {
  return blockNames.get(type) ?? `unknown(0x${type.toString(16)})`;
}

/** What a block holds, by type; undefined for unknown blocks (which readers skip). */
export type BlockKind = "section" | "machine" | "threads" | "fds" | "interfaces" | "users" | "events";

/** The kind of a block type. */
export function blockKind(type: number): BlockKind | undefined {
  switch (type) {
    case BlockType.SHB:
      return "section";
    case BlockType.MI:
    case BlockType.MI_INT:
      return "machine";
    case BlockType.FDL:
    case BlockType.FDL_INT:
    case BlockType.FDL_V2:
      return "fds";
    case BlockType.IL:
    case BlockType.IL_INT:
    case BlockType.IL_V2:
      return "interfaces";
    case BlockType.UL:
    case BlockType.UL_INT:
    case BlockType.UL_V2:
      return "users";
    default:
      if (plVersion(type) > 0) return "threads";
      if (eventBlockInfo(type) !== 0) return "events";
      return undefined;
  }
}

/** Process-list version of a block type (1..9), or 0 when it is not a PL block. */
export function plVersion(type: number): number {
  switch (type) {
    case BlockType.PL_V1:
    case BlockType.PL_V1_INT:
      return 1;
    case BlockType.PL_V2:
    case BlockType.PL_V2_INT:
      return 2;
    case BlockType.PL_V3:
    case BlockType.PL_V3_INT:
      return 3;
    case BlockType.PL_V4:
      return 4;
    case BlockType.PL_V5:
      return 5;
    case BlockType.PL_V6:
      return 6;
    case BlockType.PL_V7:
      return 7;
    case BlockType.PL_V8:
      return 8;
    case BlockType.PL_V9:
      return 9;
    default:
      return 0;
  }
}

/** Bits describing an event block type: EVB_EVENT always, plus V2 (nparams in header), FLAGS (EVF), LARGE. */
export const EVB_EVENT = 1;
export const EVB_V2 = 2;
export const EVB_FLAGS = 4;
export const EVB_LARGE = 8;

/** Event block bits for a block type, 0 when it is not an event block. */
export function eventBlockInfo(type: number): number {
  switch (type) {
    case BlockType.EV:
    case BlockType.EV_INT:
      return EVB_EVENT;
    case BlockType.EV_V2:
      return EVB_EVENT | EVB_V2;
    case BlockType.EV_V2_LARGE:
      return EVB_EVENT | EVB_V2 | EVB_LARGE;
    case BlockType.EVF:
      return EVB_EVENT | EVB_FLAGS;
    case BlockType.EVF_V2:
      return EVB_EVENT | EVB_V2 | EVB_FLAGS;
    case BlockType.EVF_V2_LARGE:
      return EVB_EVENT | EVB_V2 | EVB_FLAGS | EVB_LARGE;
    default:
      return 0;
  }
}

/** A metadata parsing failure; `at` is the byte offset inside the buffer being parsed. */
export class BlockParseError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Section header block. */
export interface SectionHeader {
  major: number;
  minor: number;
  /** `section_length` as written (writers put -1: unknown). */
  sectionLength: bigint;
}

/** The SHB byte-order magic; a byte-swapped file shows it as 0x4D3C2B1A. */
export const SHB_MAGIC = 0x1a2b3c4d;
export const SHB_MAGIC_SWAPPED = 0x4d3c2b1a;

/** Machine info block (`scap_machine_info`, 180 bytes). */
export interface MachineInfo {
  numCpus: number;
  memorySizeBytes: number;
  maxPid: number;
  hostname: string;
  bootTsEpoch: bigint;
  flags: bigint;
}

/** Size of `scap_machine_info`. */
export const MACHINE_INFO_SIZE = 180;

/** Parses a machine info body of at least 180 bytes. */
export function parseMachineInfo(b: Buffer, start: number, end: number): MachineInfo {
  if (end - start < MACHINE_INFO_SIZE)
    throw new BlockParseError(
      `machine info block has ${end - start} bytes, expected ${MACHINE_INFO_SIZE}`,
      start,
    );
  return {
    numCpus: readU32(b, start),
    memorySizeBytes: readU64(b, start + 4),
    maxPid: readU64(b, start + 12),
    hostname: cString(b, start + 20, start + 148),
    bootTsEpoch: readU64Big(b, start + 148),
    flags: readU64Big(b, start + 156),
  };
}

/** One thread of a process list block (`scap_threadinfo`), with every field any PL version has. */
export interface ThreadEntry {
  tid: number;
  pid: number;
  ptid: number;
  /** Session id, -1 before PL_V6. */
  sid: number;
  /** Process group id as seen in the pid namespace, -1 before PL_V8. */
  vpgid: number;
  /** Process group id (PL_V9 tail), -1 when absent. */
  pgid: number;
  comm: string;
  exe: string;
  /** Full executable path (PL_V7+), "" when absent. */
  exepath: string;
  args: string[];
  cwd: string;
  fdlimit: number;
  flags: number;
  uid: number;
  gid: number;
  vmsizeKb: number;
  vmrssKb: number;
  vmswapKb: number;
  pfmajor: number;
  pfminor: number;
  env: string[];
  vtid: number;
  vpid: number;
  /** Cgroups as `subsys=/path` entries. */
  cgroups: string[];
  root: string;
  pidnsInitStartTs: bigint;
  tty: number;
  /** Login uid, 0xFFFFFFFF when absent. */
  loginuid: number;
  exeWritable: boolean;
  capInheritable: bigint;
  capPermitted: bigint;
  capEffective: bigint;
  exeUpperLayer: boolean;
  exeIno: number;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
  exeFromMemfd: boolean;
  exeLowerLayer: boolean;
}

const MAX_PATH = 1024;
const MAX_ARGS = 4096;
const MAX_CREDENTIALS = 256;

/** Sequential little-endian reader over `[pos, end)` that throws BlockParseError past the end. */
class Cursor {
  constructor(
    readonly b: Buffer,
    public pos: number,
    public end: number,
  ) {}
  need(n: number, what: string): void {
    if (this.pos + n > this.end)
      throw new BlockParseError(`${what}: needs ${n} bytes, ${this.end - this.pos} left`, this.pos);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b[this.pos++] as number;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = readU16(this.b, this.pos);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = readU32(this.b, this.pos);
    this.pos += 4;
    return v;
  }
  /** u64 or i64 as a number (exact below 2^53; -1 stays -1). */
  i64(what: string): number {
    this.need(8, what);
    const v = readI64(this.b, this.pos);
    this.pos += 8;
    return v;
  }
  u64(what: string): number {
    this.need(8, what);
    const v = readU64(this.b, this.pos);
    this.pos += 8;
    return v;
  }
  big(what: string): bigint {
    this.need(8, what);
    const v = readU64Big(this.b, this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** `u16 len + bytes` string (no NUL on disk), checked against a limit. */
  str(what: string, max: number): string {
    const n = this.u16(what);
    if (n > max) throw new BlockParseError(`${what}: length ${n} exceeds ${max}`, this.pos - 2);
    this.need(n, what);
    const v = cString(this.b, this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** `u16 len + bytes` NUL-separated list. */
  list(what: string, max: number): string[] {
    const n = this.u16(what);
    if (n > max) throw new BlockParseError(`${what}: length ${n} exceeds ${max}`, this.pos - 2);
    this.need(n, what);
    const v = splitNul(this.b, this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
}

/** Decodes bytes up to the first NUL (or `end`) as UTF-8. */
export function cString(b: Buffer, start: number, end: number): string {
  let i = start;
  while (i < end && b[i] !== 0) i++;
  return b.toString("utf8", start, i);
}

/** Splits a NUL-separated list; a trailing NUL does not make an empty last item. */
export function splitNul(b: Buffer, start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (b[i] === 0) {
      out.push(b.toString("utf8", s, i));
      s = i + 1;
    }
  }
  if (s < end) out.push(b.toString("utf8", s, end));
  return out;
}

/** Parses the body of a process list block of the given version, calling `onThread` per entry. */
export function parseProcessList(
  b: Buffer,
  start: number,
  end: number,
  version: number,
  onThread: (t: ThreadEntry) => void,
): number {
  const c = new Cursor(b, start, end);
  let n = 0;
  while (end - c.pos >= 4) {
    const entryStart = c.pos;
    let subLen = 0;
    if (version === 9) {
      subLen = c.u32("PL entry length");
      if (subLen < 4 || entryStart + subLen > end)
        throw new BlockParseError(`PL entry length ${subLen} does not fit the block`, entryStart);
      c.end = entryStart + subLen;
    }
    const t: ThreadEntry = {
      tid: c.i64("tid"),
      pid: c.i64("pid"),
      ptid: c.i64("ptid"),
      sid: -1,
      vpgid: -1,
      pgid: -1,
      comm: "",
      exe: "",
      exepath: "",
      args: [],
      cwd: "",
      fdlimit: 0,
      flags: 0,
      uid: 0,
      gid: 0,
      vmsizeKb: 0,
      vmrssKb: 0,
      vmswapKb: 0,
      pfmajor: 0,
      pfminor: 0,
      env: [],
      vtid: -1,
      vpid: -1,
      cgroups: [],
      root: "",
      pidnsInitStartTs: 0n,
      tty: 0,
      loginuid: 0xffffffff,
      exeWritable: false,
      capInheritable: 0n,
      capPermitted: 0n,
      capEffective: 0n,
      exeUpperLayer: false,
      exeIno: 0,
      exeInoCtime: 0n,
      exeInoMtime: 0n,
      exeFromMemfd: false,
      exeLowerLayer: false,
    };
    if (version >= 6) t.sid = c.i64("sid");
    if (version >= 8) t.vpgid = c.i64("vpgid");
    t.comm = c.str("comm", MAX_PATH);
    t.exe = c.str("exe", MAX_PATH);
    if (version >= 7) t.exepath = c.str("exepath", MAX_PATH);
    t.args = c.list("args", MAX_ARGS);
    t.cwd = c.str("cwd", MAX_PATH);
    t.fdlimit = c.i64("fdlimit");
    t.flags = c.u32("flags");
    t.uid = c.u32("uid");
    t.gid = c.u32("gid");
    if (version >= 2) {
      t.vmsizeKb = c.u32("vmsize_kb");
      t.vmrssKb = c.u32("vmrss_kb");
      t.vmswapKb = c.u32("vmswap_kb");
      t.pfmajor = c.u64("pfmajor");
      t.pfminor = c.u64("pfminor");
      if (version >= 3) t.env = c.list("env", MAX_ARGS);
      if (version >= 4) {
        t.vtid = c.i64("vtid");
        t.vpid = c.i64("vpid");
        t.cgroups = c.list("cgroups", MAX_ARGS);
        if (version >= 5) t.root = c.str("root", MAX_PATH);
      }
    }
    if (version === 9) {
      // Fields after `root` are read only while the entry has room for them. Writers of libs before
      // 0.10 put at most loginuid, exe_writable and the three capability sets there (29 bytes);
      // later writers put pidns_init_start_ts and tty first (the rule libs uses to tell them apart).
      const left = () => c.end - c.pos;
      if (left() > 29) {
        if (left() >= 8) t.pidnsInitStartTs = c.big("pidns_init_start_ts");
        if (left() >= 4) t.tty = c.u32("tty");
      }
      if (left() >= 4) t.loginuid = c.u32("loginuid");
      if (left() >= 1) t.exeWritable = c.u8("exe_writable") !== 0;
      if (left() >= 8) t.capInheritable = c.big("cap_inheritable");
      if (left() >= 8) t.capPermitted = c.big("cap_permitted");
      if (left() >= 8) t.capEffective = c.big("cap_effective");
      if (left() >= 1) t.exeUpperLayer = c.u8("exe_upper_layer") !== 0;
      if (left() >= 8) t.exeIno = c.u64("exe_ino");
      if (left() >= 8) t.exeInoCtime = c.big("exe_ino_ctime");
      if (left() >= 8) t.exeInoMtime = c.big("exe_ino_mtime");
      if (left() >= 1) t.exeFromMemfd = c.u8("exe_from_memfd") !== 0;
      if (left() >= 1) t.exeLowerLayer = c.u8("exe_lower_layer") !== 0;
      if (left() >= 8) t.pgid = c.i64("pgid");
      c.pos = c.end;
      c.end = end;
    }
    onThread(t);
    n++;
  }
  return n;
}

/** fd types (`scap_fd_type`). */
export const FdType = {
  UNKNOWN: 0,
  FILE: 1,
  DIRECTORY: 2,
  IPV4_SOCK: 3,
  IPV6_SOCK: 4,
  IPV4_SERVSOCK: 5,
  IPV6_SERVSOCK: 6,
  FIFO: 7,
  UNIX_SOCK: 8,
  EVENT: 9,
  UNSUPPORTED: 10,
  SIGNALFD: 11,
  EVENTPOLL: 12,
  INOTIFY: 13,
  TIMERFD: 14,
  NETLINK: 15,
  FILE_V2: 16,
  BPF: 17,
  USERFAULTFD: 18,
  IOURING: 19,
  MEMFD: 20,
  PIDFD: 21,
} as const;

/** One fd of a thread's fd list. Addresses are raw: IPv4 as u32 in network byte order read LE, IPv6 as 16 bytes. */
export interface FdEntry {
  fd: number;
  ino: number;
  /** `FdType`; an unknown type becomes UNSUPPORTED with name `unknown-type:[N]`, as libs does. */
  type: number;
  name: string;
  /** FILE_V2 only. */
  openFlags?: number;
  /** FILE_V2 only, when written. */
  dev?: number;
  /** Sockets: source/destination (IPV4/6_SOCK), or the server address (SERVSOCK, in `sip`/`sport`). */
  sip?: number | Uint8Array;
  dip?: number | Uint8Array;
  sport?: number;
  dport?: number;
  l4proto?: number;
  /** UNIX_SOCK: kernel socket addresses of both ends. */
  source?: bigint;
  dest?: bigint;
}

/** Parses the body of an fd list block (`u64 tid` then entries), calling `onFd` per entry. */
export function parseFdList(
  b: Buffer,
  start: number,
  end: number,
  v2: boolean,
  onFd: (tid: number, fd: FdEntry) => void,
): number {
  const c = new Cursor(b, start, end);
  const tid = c.i64("fd list tid");
  let n = 0;
  while (end - c.pos >= 4) {
    const entryStart = c.pos;
    let subLen = 0;
    if (v2) {
      subLen = c.u32("fd entry length");
      if (subLen < 4 || entryStart + subLen > end)
        throw new BlockParseError(`fd entry length ${subLen} does not fit the block`, entryStart);
      c.end = entryStart + subLen;
    }
    const fd = c.i64("fd");
    const ino = c.u64("ino");
    const type = c.u8("fd type");
    const e: FdEntry = { fd, ino, type, name: "" };
    switch (type) {
      case FdType.IPV4_SOCK:
        e.sip = c.u32("sip");
        e.dip = c.u32("dip");
        e.sport = c.u16("sport");
        e.dport = c.u16("dport");
        e.l4proto = c.u8("l4proto");
        break;
      case FdType.IPV4_SERVSOCK:
        e.sip = c.u32("ip");
        e.sport = c.u16("port");
        e.l4proto = c.u8("l4proto");
        break;
      case FdType.IPV6_SOCK:
        e.sip = new Uint8Array(c.bytes(16, "sip"));
        e.dip = new Uint8Array(c.bytes(16, "dip"));
        e.sport = c.u16("sport");
        e.dport = c.u16("dport");
        e.l4proto = c.u8("l4proto");
        break;
      case FdType.IPV6_SERVSOCK:
        e.sip = new Uint8Array(c.bytes(16, "ip"));
        e.sport = c.u16("port");
        e.l4proto = c.u8("l4proto");
        break;
      case FdType.UNIX_SOCK:
        e.source = c.big("unix source");
        e.dest = c.big("unix destination");
        e.name = c.str("fd name", MAX_PATH - 1);
        break;
      case FdType.FILE_V2:
        e.openFlags = c.u32("open flags");
        e.name = c.str("fd name", MAX_PATH - 1);
        if (subLen !== 0 && c.end - c.pos >= 4) e.dev = c.u32("dev");
        break;
      case FdType.UNKNOWN:
        break;
      default:
        if (type <= FdType.PIDFD) e.name = c.str("fd name", MAX_PATH - 1);
        else {
          e.type = FdType.UNSUPPORTED;
          e.name = `unknown-type:[${type}]`;
        }
    }
    if (v2) {
      c.pos = c.end;
      c.end = end;
    }
    onFd(tid, e);
    n++;
  }
  return n;
}

/** One network interface address (`scap_ifinfo_ipv4/6`); type is SCAP_II_* (1 IPv4, 2 IPv6, 3/4 without linkspeed). */
export interface InterfaceEntry {
  type: number;
  name: string;
  /** IPv4: u32 in network byte order read LE; IPv6: 16 bytes. */
  addr: number | Uint8Array;
  netmask: number | Uint8Array;
  bcast: number | Uint8Array;
  linkspeed: number;
}

/** Parses an interface list body (v1 or IL_V2 with `u32 len` prefixes that exclude themselves). */
export function parseInterfaceList(
  b: Buffer,
  start: number,
  end: number,
  v2: boolean,
  onInterface: (i: InterfaceEntry) => void,
): number {
  const c = new Cursor(b, start, end);
  let n = 0;
  while (end - c.pos >= 4) {
    let entryEnd = -1;
    if (v2) {
      const len = c.u32("interface entry length");
      entryEnd = c.pos + len;
      if (entryEnd > end)
        throw new BlockParseError(`interface entry length ${len} does not fit the block`, c.pos - 4);
    }
    const type = c.u16("interface type");
    const namelen = c.u16("interface name length");
    if (namelen >= MAX_PATH) throw new BlockParseError(`interface name length ${namelen}`, c.pos - 2);
    let e: InterfaceEntry;
    if (type === 1 || type === 3) {
      e = {
        type,
        name: "",
        addr: c.u32("addr"),
        netmask: c.u32("netmask"),
        bcast: c.u32("bcast"),
        linkspeed: type === 1 ? c.u64("linkspeed") : 0,
      };
    } else if (type === 2 || type === 4) {
      e = {
        type,
        name: "",
        addr: new Uint8Array(c.bytes(16, "addr")),
        netmask: new Uint8Array(c.bytes(16, "netmask")),
        bcast: new Uint8Array(c.bytes(16, "bcast")),
        linkspeed: type === 2 ? c.u64("linkspeed") : 0,
      };
    } else {
      throw new BlockParseError(`unknown interface type ${type}`, c.pos - 4);
    }
    e.name = cString(b, c.pos, c.pos + namelen);
    c.need(namelen, "interface name");
    c.pos += namelen;
    if (entryEnd >= 0) {
      if (c.pos > entryEnd) throw new BlockParseError("interface entry overruns its length", c.pos);
      c.pos = entryEnd;
    }
    onInterface(e);
    n++;
  }
  return n;
}

/** A user of the capture's user list. */
export interface UserEntry {
  uid: number;
  gid: number;
  name: string;
  homedir: string;
  shell: string;
}

/** A group of the capture's user list. */
export interface GroupEntry {
  gid: number;
  name: string;
}

/** Parses a user list body (UL or UL_V2 with `u32 len` prefixes that include themselves). */
export function parseUserList(
  b: Buffer,
  start: number,
  end: number,
  v2: boolean,
  onUser: (u: UserEntry) => void,
  onGroup: (g: GroupEntry) => void,
): number {
  const c = new Cursor(b, start, end);
  let n = 0;
  while (end - c.pos >= 4) {
    const entryStart = c.pos;
    if (v2) {
      const len = c.u32("user entry length");
      if (len < 5 || entryStart + len > end)
        throw new BlockParseError(`user entry length ${len} does not fit the block`, entryStart);
      c.end = entryStart + len;
    }
    const kind = c.u8("user entry type");
    if (kind === 0) {
      const uid = c.u32("uid");
      const gid = c.u32("gid");
      const name = c.str("user name", MAX_CREDENTIALS - 1);
      const homedir = c.str("user homedir", MAX_CREDENTIALS - 1);
      const shell = c.str("user shell", MAX_CREDENTIALS - 1);
      onUser({ uid, gid, name, homedir, shell });
    } else {
      const gid = c.u32("gid");
      const name = c.str("group name", MAX_CREDENTIALS - 1);
      onGroup({ gid, name });
    }
    if (v2) {
      c.pos = c.end;
      c.end = end;
    }
    n++;
  }
  return n;
}
