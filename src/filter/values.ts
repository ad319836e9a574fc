// Value categories of field types and the conversion of condition literals into them.
import { isIPv4, isIPv6 } from "node:net";
import type { FieldType, Scalar } from "../fields/types.js";

/** How values of a field type compare: libsinsp groups its parameter types the same way. */
export type Category = "num" | "bool" | "str" | "buf" | "ip" | "net";

const CATEGORY: Record<FieldType, Category> = {
  CHARBUF: "str",
  FSPATH: "str",
  FSRELPATH: "str",
  BYTEBUF: "buf",
  INT8: "num",
  INT16: "num",
  INT32: "num",
  INT64: "num",
  UINT8: "num",
  UINT16: "num",
  UINT32: "num",
  UINT64: "num",
  BOOL: "bool",
  IPADDR: "ip",
  IPV4ADDR: "ip",
  IPV6ADDR: "ip",
  IPNET: "net",
  IPV4NET: "net",
  IPV6NET: "net",
  PORT: "num",
  L4PROTO: "num",
  SOCKFAMILY: "num",
  RELTIME: "num",
  ABSTIME: "num",
  DOUBLE: "num",
  FD: "num",
  PID: "num",
  ERRNO: "num",
  MODE: "num",
  UID: "num",
  GID: "num",
  SIGTYPE: "num",
  SYSCALLID: "num",
  FLAGS8: "num",
  FLAGS16: "num",
  FLAGS32: "num",
  ENUMFLAGS8: "num",
  ENUMFLAGS16: "num",
  ENUMFLAGS32: "num",
};

export function categoryOf(t: FieldType): Category {
  return CATEGORY[t];
}

/** A literal that does not fit the field type ("abc is not a valid number"). */
export class LiteralError extends Error {}

/** An IP address as a family and a 32- or 128-bit integer. */
export interface IpAddr {
  v6: boolean;
  bits: bigint;
}

export interface IpNet {
  v6: boolean;
  bits: bigint;
  prefix: number;
}

export function parseIp(text: string): IpAddr | undefined {
  if (isIPv4(text)) {
    let bits = 0n;
    for (const part of text.split(".")) bits = (bits << 8n) | BigInt(Number(part));
    return { v6: false, bits };
  }
  if (isIPv6(text)) {
    let s = text;
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
    const v4 = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
    if (v4?.[1]) {
      const n = parseIp(v4[1]) as IpAddr;
      s = `${s.slice(0, -v4[1].length)}${(n.bits >> 16n).toString(16)}:${(n.bits & 0xffffn).toString(16)}`;
    }
    const [head = "", tail] = s.split("::");
    const h = head ? head.split(":") : [];
    const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
    const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill("0"), ...t];
    let bits = 0n;
    for (const g of groups) bits = (bits << 16n) | BigInt(Number.parseInt(g, 16));
    const ip = { v6: true, bits };
    return mappedV4(ip) ?? ip;
  }
  return undefined;
}

/** ::ffff:a.b.c.d compares equal to a.b.c.d, as libsinsp does for IPv4-mapped addresses. */
function mappedV4(ip: IpAddr): IpAddr | undefined {
  if (ip.v6 && ip.bits >> 32n === 0xffffn) return { v6: false, bits: ip.bits & 0xffffffffn };
  return undefined;
}

export function parseNet(text: string): IpNet | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) {
    const ip = parseIp(text);
    return ip && { ...ip, prefix: ip.v6 ? 128 : 32 };
  }
  const ip = parseIp(text.slice(0, slash));
  const p = text.slice(slash + 1);
  if (!ip || !/^\d+$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > (ip.v6 ? 128 : 32)) return undefined;
  return { ...ip, prefix };
}

export function netContains(net: IpNet, ip: IpAddr): boolean {
  if (net.v6 !== ip.v6) return false;
  const width = net.v6 ? 128n : 32n;
  const shift = width - BigInt(net.prefix);
  return net.bits >> shift === ip.bits >> shift;
}

/** Converts an extracted IP value (text, 4/16 raw bytes or a uint32) into an address. */
export function toIp(v: Scalar): IpAddr | undefined {
  if (typeof v === "string") return parseIp(v);
  if (typeof v === "number") return { v6: false, bits: BigInt(v >>> 0) };
  if (typeof v === "bigint") return { v6: false, bits: v };
  if (v instanceof Uint8Array && (v.length === 4 || v.length === 16)) {
    let bits = 0n;
    for (const b of v) bits = (bits << 8n) | BigInt(b);
    const ip = { v6: v.length === 16, bits };
    return mappedV4(ip) ?? ip;
  }
  return undefined;
}

/** Parses an integer or decimal literal the way libsinsp's number parser accepts it. */
export function parseNumber(text: string): number | bigint {
  const t = text.trim();
  if (/^[+-]?[0-9]+$/.test(t)) {
    const b = BigInt(t);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) {
    const b = BigInt(t);
    return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) return Number(t);
  throw new LiteralError(`${text} is not a valid number`);
}

export function parseBool(text: string): boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  throw new LiteralError(`${text} is not a valid boolean`);
}

/** Hex text (`bcontains 2f6574`) into bytes. */
export function parseHexBytes(text: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new LiteralError(`invalid hex string: ${text}`);
  return Uint8Array.from(Buffer.from(text, "hex"));
}

/** Numbers compare across number and bigint; NaN never equals. */
export function numCompare(a: number | bigint, b: number | bigint): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // Mixed: compare as numbers unless one is outside double precision.
  const na = Number(a);
  const nb = Number(b);
  if (Number.isSafeInteger(na) && Number.isSafeInteger(nb)) return na < nb ? -1 : na > nb ? 1 : 0;
  const ba = typeof a === "bigint" ? a : BigInt(Math.trunc(a));
  const bb = typeof b === "bigint" ? b : BigInt(Math.trunc(b));
  return ba < bb ? -1 : ba > bb ? 1 : 0;
}

/** Coerces an extracted scalar into a number for numeric comparison (booleans count as 0/1). */
export function toNum(v: Scalar): number | bigint | undefined {
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    try {
      return parseNumber(v);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Text form of any scalar, as libsinsp renders it for string operators and outputs. */
export function toText(v: Scalar): string {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("latin1");
  return String(v);
}

export function toBytes(v: Scalar): Buffer {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(toText(v), "latin1");
}
