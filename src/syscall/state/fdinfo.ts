// One open file descriptor of a process, as libsinsp keeps it (`sinsp_fdinfo_t`): type, name and, for
// sockets, the tuple. Names follow libsinsp: files by path, IPv4/IPv6 sockets "sip:sport->dip:dport",
// server sockets "ip:port", unix sockets by path.
import { ipv4FromU32, ipv6At } from "../net.js";
import { FdType } from "../scap/blocks.js";

/** Layer-4 protocols (`scap_l4_proto`). */
export const L4 = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 } as const;

/** libsinsp fd flags we track. */
export const FdFlag = {
  FROM_PROC: 1 << 0,
  ROLE_CLIENT: 1 << 2,
  ROLE_SERVER: 1 << 3,
  CLOSE_IN_PROGRESS: 1 << 4,
  SOCKET_CONNECTED: 1 << 10,
} as const;

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
};

/** A file descriptor's state. */
export class FdInfo {
  type: number = FdType.UNKNOWN;
  name = "";
  openFlags = 0;
  ino = 0;
  dev = 0;
  flags = 0;
  l4proto: number = L4.UNKNOWN;
  /** IPv4: u32 read little-endian from the network-order bytes; IPv6: 16 bytes. */
  sip: number | Uint8Array = 0;
  dip: number | Uint8Array = 0;
  sport = 0;
  dport = 0;
  unixSource = 0n;
  unixDest = 0n;

  /** `fd.typechar`. */
  get typeChar(): string {
    return TYPE_CHARS[this.type] ?? "?";
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

  /** A copy (fd tables are copied on fork). */
  clone(): FdInfo {
    return Object.assign(new FdInfo(), this);
  }
}

function ip6(v: number | Uint8Array): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(16);
}

/** The name libsinsp gives a socket from its tuple (`sockinfo_to_str` / `ipv4tuple_to_string`). */
export function socketName(f: FdInfo): string {
  if (f.type === FdType.IPV4_SOCK) {
    const s = ipv4FromU32(typeof f.sip === "number" ? f.sip : 0);
    const d = ipv4FromU32(typeof f.dip === "number" ? f.dip : 0);
    if (f.l4proto === L4.ICMP || f.l4proto === L4.RAW) return `${s}->${d}`;
    return `${s}:${f.sport}->${d}:${f.dport}`;
  }
  if (f.type === FdType.IPV6_SOCK)
    return `${ipv6At(ip6(f.sip))}:${f.sport}->${ipv6At(ip6(f.dip))}:${f.dport}`;
  if (f.type === FdType.IPV4_SERVSOCK)
    return `${ipv4FromU32(typeof f.sip === "number" ? f.sip : 0)}:${f.sport}`;
  if (f.type === FdType.IPV6_SERVSOCK) return `${ipv6At(ip6(f.sip))}:${f.sport}`;
  return f.name;
}
