// One open file descriptor of a process, as libsinsp keeps it (`sinsp_fdinfo_t`): type, name and, for
// sockets, the tuple. Names follow libsinsp: files by path, IPv4/IPv6 sockets "sip:sport->dip:dport",
// server sockets "ip:port", unix sockets by path. libsinsp keeps the tuple in a union; we keep one set of
// fields and read them by type: a server socket's address and port are `sip`/`sport`.
import { ipv4FromU32, ipv6At } from "../net.js";
import { FdType } from "../scap/blocks.js";

/** Layer-4 protocols (`scap_l4_proto`). */
export const L4 = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 } as const;

/** libsinsp fd flags we track (`sinsp_fdinfo_t::flags`). */
export const FdFlag = {
  FROM_PROC: 1 << 0,
  ROLE_CLIENT: 1 << 2,
  ROLE_SERVER: 1 << 3,
  CLOSE_IN_PROGRESS: 1 << 4,
  CLOSE_CANCELED: 1 << 5,
  SOCKET_CONNECTED: 1 << 13,
  IS_CLONED: 1 << 14,
} as const;

/** fd number libsinsp parks a canceled-close entry under (`CANCELED_FD_NUMBER`, INT64_MAX). */
export const CANCELED_FD_NUMBER = Number.MAX_SAFE_INTEGER;

const TYPE_CHARS: Record<number, string> = {
  [FdType.FILE]: "f",
  [FdType.FILE_V2]: "f",
  [FdType.DIRECTORY]: "d",
  [FdType.IPV4_SOCK]: "4",
  [FdType.IPV4_SERVSOCK]: "4",
  [FdType.IPV6_SOCK]: "6",
  [FdType.IPV6_SERVSOCK]: "6",
  [FdType.FIFO]: "p",
  [FdType.UNIX_SOCK]: "u",
  [FdType.EVENT]: "e",
  [FdType.UNKNOWN]: "o",
  [FdType.UNSUPPORTED]: "X",
  [FdType.SIGNALFD]: "s",
  [FdType.EVENTPOLL]: "l",
  [FdType.INOTIFY]: "i",
  [FdType.TIMERFD]: "t",
  [FdType.NETLINK]: "n",
  // Types newer libs added; sysdig 0.29 never sees them.
  [FdType.BPF]: "b",
  [FdType.USERFAULTFD]: "u",
  [FdType.IOURING]: "r",
  [FdType.MEMFD]: "m",
  [FdType.PIDFD]: "P",
};

const TYPE_NAMES: Record<number, string> = {
  [FdType.FILE]: "file",
  [FdType.FILE_V2]: "file",
  [FdType.DIRECTORY]: "directory",
  [FdType.IPV4_SOCK]: "ipv4",
  [FdType.IPV4_SERVSOCK]: "ipv4",
  [FdType.IPV6_SOCK]: "ipv6",
  [FdType.IPV6_SERVSOCK]: "ipv6",
  [FdType.UNIX_SOCK]: "unix",
  [FdType.FIFO]: "pipe",
  [FdType.EVENT]: "event",
  [FdType.SIGNALFD]: "signalfd",
  [FdType.EVENTPOLL]: "eventpoll",
  [FdType.INOTIFY]: "inotify",
  [FdType.TIMERFD]: "timerfd",
  [FdType.NETLINK]: "netlink",
  [FdType.BPF]: "bpf",
  [FdType.USERFAULTFD]: "userfaultfd",
  [FdType.IOURING]: "io_uring",
  [FdType.MEMFD]: "memfd",
  [FdType.PIDFD]: "pidfd",
};

const ZERO16 = new Uint8Array(16);

/** A file descriptor's state. */
export class FdInfo {
  type: number = FdType.UNKNOWN;
  name = "";
  /** The name when the current event's parsing started (`m_oldname`): fd lookups refresh it. */
  oldName = "";
  openFlags = 0;
  ino = 0;
  dev = 0;
  flags = 0;
  l4proto: number = L4.UNKNOWN;
  /** IPv4: u32 read little-endian from the network-order bytes; IPv6: 16 bytes. Server sockets: the address. */
  sip: number | Uint8Array = 0;
  dip: number | Uint8Array = 0;
  /** Server sockets: the port. */
  sport = 0;
  dport = 0;
  unixSource = 0n;
  unixDest = 0n;
  /** For memfd/pidfd (newer libs): the pid a pidfd refers to. */
  pid = 0;

  /** `fd.typechar`. */
  get typeChar(): string {
    return TYPE_CHARS[this.type] ?? "?";
  }

  /** `fd.type` (libsinsp `get_typestring`): "<NA>" for types it has no name for. */
  get typeName(): string {
    return TYPE_NAMES[this.type] ?? "<NA>";
  }

  /** Protocol letter of IPv4/IPv6 sockets as evt.args shows it (`<4t>`): t, u, i, r or "". */
  get l4Char(): string {
    if (
      this.type !== FdType.IPV4_SOCK &&
      this.type !== FdType.IPV6_SOCK &&
      this.type !== FdType.IPV4_SERVSOCK &&
      this.type !== FdType.IPV6_SERVSOCK
    )
      return "";
    switch (this.l4proto) {
      case L4.TCP:
        return "t";
      case L4.UDP:
        return "u";
      case L4.ICMP:
        return "i";
      case L4.RAW:
        return "r";
      default:
        return "";
    }
  }

  /** `get_l4proto`: sockets without a role report NA, non-sockets UNKNOWN. */
  get effectiveL4(): number {
    const t = this.type;
    if (t === FdType.IPV4_SOCK || t === FdType.IPV6_SOCK) {
      if (this.l4proto === L4.RAW) return L4.RAW;
      if (this.roleNone) return L4.NA;
      return this.l4proto;
    }
    if (t === FdType.IPV4_SERVSOCK || t === FdType.IPV6_SERVSOCK) return this.l4proto;
    return L4.UNKNOWN;
  }

  get roleNone(): boolean {
    return (this.flags & (FdFlag.ROLE_CLIENT | FdFlag.ROLE_SERVER)) === 0;
  }

  get isFile(): boolean {
    return this.type === FdType.FILE || this.type === FdType.FILE_V2;
  }

  get isTcp(): boolean {
    return this.type === FdType.IPV4_SOCK && this.l4proto === L4.TCP;
  }

  get isUdp(): boolean {
    return this.type === FdType.IPV4_SOCK && this.l4proto === L4.UDP;
  }

  /** A copy (fd tables are copied on fork, dup copies the entry). */
  clone(): FdInfo {
    return Object.assign(new FdInfo(), this);
  }
}

/** IPv6 bytes of an address field (all zero when unset). */
export function ip6(v: number | Uint8Array): Uint8Array {
  return v instanceof Uint8Array ? v : ZERO16;
}

/** IPv4 number of an address field (0 when it holds IPv6 bytes). */
export function ip4(v: number | Uint8Array): number {
  return typeof v === "number" ? v : 0;
}

/** The name libsinsp gives a socket from its tuple (`sockinfo_to_str` / `ipv4tuple_to_string`). */
export function socketName(f: FdInfo): string {
  if (f.type === FdType.IPV4_SOCK) {
    const s = ipv4FromU32(ip4(f.sip));
    const d = ipv4FromU32(ip4(f.dip));
    if (f.l4proto === L4.ICMP || f.l4proto === L4.RAW) return `${s}->${d}`;
    return `${s}:${f.sport}->${d}:${f.dport}`;
  }
  if (f.type === FdType.IPV6_SOCK)
    return `${ipv6At(ip6(f.sip))}:${f.sport}->${ipv6At(ip6(f.dip))}:${f.dport}`;
  if (f.type === FdType.IPV4_SERVSOCK) return `${ipv4FromU32(ip4(f.sip))}:${f.sport}`;
  if (f.type === FdType.IPV6_SERVSOCK) return `${ipv6At(ip6(f.sip))}:${f.sport}`;
  return f.name;
}

/** `sockinfo_to_str` as the connect/recvfrom parsers call it: TCP/UDP tuples, ICMP/raw address pairs. */
export function sockinfoName(f: FdInfo): string {
  if (f.type === FdType.IPV4_SOCK) {
    if (f.l4proto === L4.TCP || f.l4proto === L4.UDP) return socketName(f);
    if (f.l4proto === L4.ICMP || f.l4proto === L4.RAW)
      return `${ipv4FromU32(ip4(f.sip))}->${ipv4FromU32(ip4(f.dip))}`;
    return "<unknown>";
  }
  if (f.type === FdType.IPV6_SOCK && (f.l4proto === L4.TCP || f.l4proto === L4.UDP)) return socketName(f);
  return "<unknown>";
}
