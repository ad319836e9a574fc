// The capture's network interfaces (`sinsp_network_interfaces`): which addresses are local to the
// machine (fd.lip/rip/lport/rport, fd.is_server) and how libsinsp completes a half-known UDP tuple.
import type { InterfaceEntry } from "../scap/blocks.js";
import { FdType } from "../scap/blocks.js";
import { type FdInfo, ip4, ip6 } from "./fdinfo.js";

const LOOPBACK = 0x0100007f; // 127.0.0.1 read little-endian from network order
const LOOPBACK6 = (() => {
  const b = new Uint8Array(16);
  b[15] = 1;
  return b;
})();

function eq16(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isZero16(a: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== 0) return false;
  return true;
}

/** First 64 bits equal (`ipv6addr::in_subnet`). */
function sameSubnet6(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class NetworkInterfaces {
  readonly ipv4: { addr: number; netmask: number; name: string }[] = [];
  readonly ipv6: { addr: Uint8Array; name: string }[] = [];

  add(e: InterfaceEntry): void {
    if (typeof e.addr === "number") this.ipv4.push({ addr: e.addr, netmask: ip4(e.netmask), name: e.name });
    else this.ipv6.push({ addr: e.addr, name: e.name });
  }

  /** `is_ipv4addr_in_local_machine` for host threads: an interface has this address. */
  isLocal4(addr: number): boolean {
    for (const i of this.ipv4) if (i.addr === addr) return true;
    return false;
  }

  /** `is_ipv6addr_in_local_machine`: an interface in the same /64. */
  isLocal6(addr: Uint8Array): boolean {
    for (const i of this.ipv6) if (sameSubnet6(addr, i.addr)) return true;
    return false;
  }

  #infer4(dest: number): number {
    for (const i of this.ipv4) if (i.addr === dest) return i.addr;
    for (const i of this.ipv4) if ((i.addr & i.netmask) >>> 0 === (dest & i.netmask) >>> 0) return i.addr;
    for (const i of this.ipv4) if (i.addr !== LOOPBACK) return i.addr;
    return 0;
  }

  #infer6(dest: Uint8Array): Uint8Array {
    for (const i of this.ipv6) if (eq16(dest, i.addr)) return i.addr;
    for (const i of this.ipv6) if (sameSubnet6(i.addr, dest)) return i.addr;
    for (const i of this.ipv6) if (!eq16(i.addr, LOOPBACK6)) return i.addr;
    return new Uint8Array(16);
  }

  /** `update_fd`: fills the missing side of an IPv4/IPv6 socket tuple with a local address. */
  completeTuple(f: FdInfo): void {
    if (f.type === FdType.IPV4_SOCK) {
      const sip = ip4(f.sip);
      const dip = ip4(f.dip);
      if (sip !== 0 && dip !== 0) return;
      if (sip === 0) {
        const a = this.#infer4(dip);
        if (a === dip && f.sport === f.dport) return;
        f.sip = a;
      } else {
        const a = this.#infer4(sip);
        if (a === sip && f.sport === f.dport) return;
        f.dip = a;
      }
    } else if (f.type === FdType.IPV6_SOCK) {
      const sip = ip6(f.sip);
      const dip = ip6(f.dip);
      if (!isZero16(sip) && !isZero16(dip)) return;
      if (isZero16(sip)) {
        const a = this.#infer6(dip);
        if (eq16(a, dip) && f.sport === f.dport) return;
        f.sip = new Uint8Array(a);
      } else {
        const a = this.#infer6(sip);
        if (eq16(a, sip) && f.sport === f.dport) return;
        f.dip = new Uint8Array(a);
      }
    }
  }
}
