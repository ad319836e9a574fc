// Address formatting as libsinsp prints it: IPv4 dotted quads from the network-order bytes, IPv6 as
// glibc's inet_ntop writes it (longest zero run folded to "::", embedded IPv4 for ::a.b.c.d and
// ::ffff:a.b.c.d), "ip:port" and "sip:sport->dip:dport" (no service name resolution).

/** Dotted quad of an IPv4 address stored as 4 network-order bytes at `o`. */
export function ipv4At(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** Dotted quad of an IPv4 address held as the u32 read little-endian from its network-order bytes. */
export function ipv4FromU32(v: number): string {
  return `${v & 0xff}.${(v >>> 8) & 0xff}.${(v >>> 16) & 0xff}.${(v >>> 24) & 0xff}`;
}

/** IPv6 text as glibc inet_ntop prints it, from 16 bytes at `o`. */
export function ipv6At(b: Uint8Array, o = 0): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(((b[o + 2 * i] as number) << 8) | (b[o + 2 * i + 1] as number));
  // Longest run of zero words (length >= 2), first one on ties.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (bestBase < 0 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase >= 0 && bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      out += ipv4At(b, o + 12);
      break;
    }
    out += (w[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ":";
  return out;
}

/** True for IPv4-mapped (::ffff:a.b.c.d) or all-zero IPv6 addresses, as `sinsp_utils::is_ipv4_mapped_ipv6`. */
export function isIpv4MappedIpv6(b: Uint8Array, o = 0): boolean {
  for (let i = 0; i < 10; i++) if (b[o + i] !== 0) return false;
  if (b[o + 10] === 0xff && b[o + 11] === 0xff) return true;
  for (let i = 10; i < 16; i++) if (b[o + i] !== 0) return false;
  return true;
}
