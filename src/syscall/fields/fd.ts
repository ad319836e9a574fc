// fd.*, fdlist.* and fs.path.* fields (libsinsp `sinsp_filter_check_fd`, `_fdlist` at libs e5c53d64,
// `_fspath` at libs 48dfd53). IP addresses are returned as text, ports as numbers.
import type { Extractor, FieldValue } from "../../fields/types.js";
import { ipv4FromU32, ipv6At } from "../net.js";
import { concatenatePaths, sanitizeString } from "../paths.js";
import { FdType } from "../scap/blocks.js";
import { readI64, readU16 } from "../scap/bytes.js";
import type { ScapEvent } from "../scap/event.js";
import { EventCode as C } from "../scap/event-table.js";
import { EF } from "../scap/event-types.js";
import { EVENT_FLAGS } from "../state/event-flags.js";
import { type FdInfo, ip4, ip6, L4 } from "../state/fdinfo.js";
import type { SyscallEvent } from "./event.js";
import { paramByName } from "./evt.js";

type X = Extractor<SyscallEvent>;

const FD_EVENT = EF.CREATES_FD | EF.USES_FD | EF.DESTROYS_FD;

/** `extract_fd`: the event is about an fd and has a thread; its fd (maybe none) is then `e.fd`. */
function fdEvent(e: SyscallEvent): boolean {
  return ((EVENT_FLAGS[e.raw.type] as number) & FD_EVENT) !== 0 && e.thread !== undefined;
}

const isSock = (f: FdInfo) => f.type === FdType.IPV4_SOCK || f.type === FdType.IPV6_SOCK;

function ipText(v: number | Uint8Array, v6: boolean): string {
  return v6 ? ipv6At(ip6(v)) : ipv4FromU32(ip4(v));
}

/** Is `f`'s source address local (`is_ipv4/6addr_in_local_machine`)? */
function sipLocal(e: SyscallEvent, f: FdInfo, which: "sip" | "dip" = "sip"): boolean {
  const t = e.thread;
  const v = f[which];
  if (f.type === FdType.IPV6_SOCK)
    return t !== undefined && t.containerId === "" && e.state.interfaces.isLocal6(ip6(v));
  return e.state.interfaces.isLocal4(ip4(v));
}

/** fd.name of an fd-less event (`extract_from_null_fd` for names). */
function creatorName(e: SyscallEvent): string | undefined {
  return e.state.fdNameFromCreator(e.raw);
}

function directoryOf(name: string, isFile: boolean): string {
  if (!isFile) return name;
  const pos = name.lastIndexOf("/");
  if (pos > 0) return pos < name.length - 1 ? name.slice(0, pos) : name;
  return "/";
}

const NULL_FD_TYPECHARS: Record<number, string> = {
  [C.PPME_SYSCALL_OPEN_E]: "f",
  [C.PPME_SYSCALL_OPENAT_E]: "f",
  [C.PPME_SYSCALL_OPENAT_2_E]: "f",
  [C.PPME_SYSCALL_OPENAT2_E]: "f",
  [C.PPME_SYSCALL_CREAT_E]: "f",
  [C.PPME_SOCKET_SOCKET_E]: "4",
  [C.PPME_SOCKET_ACCEPT_E]: "4",
  [C.PPME_SOCKET_ACCEPT_5_E]: "4",
  [C.PPME_SOCKET_ACCEPT4_E]: "4",
  [C.PPME_SOCKET_ACCEPT4_5_E]: "4",
  [C.PPME_SYSCALL_PIPE_E]: "p",
  [C.PPME_SYSCALL_EVENTFD_E]: "e",
  [C.PPME_SYSCALL_SIGNALFD_E]: "s",
  [C.PPME_SYSCALL_TIMERFD_CREATE_E]: "t",
  [C.PPME_SYSCALL_INOTIFY_INIT_E]: "i",
};

const OPEN_ENTERS = new Set<number>([
  C.PPME_SYSCALL_OPEN_E,
  C.PPME_SYSCALL_OPENAT_E,
  C.PPME_SYSCALL_OPENAT_2_E,
  C.PPME_SYSCALL_OPENAT2_E,
  C.PPME_SYSCALL_CREAT_E,
]);

function portText(p: number): string {
  return String(p);
}

/** A field of the event's fd; undefined when the event has none. */
function f1(get: (f: FdInfo, e: SyscallEvent) => FieldValue | undefined): X {
  return (e) => {
    if (!fdEvent(e)) return undefined;
    const f = e.fd;
    return f === undefined ? undefined : get(f, e);
  };
}

/** Local/remote side of a connected socket: the local address is the one an interface has. */
function localRemote(e: SyscallEvent, f: FdInfo, local: boolean): "s" | "d" | undefined {
  if (!isSock(f) || f.roleNone) return undefined;
  const srcLocal = sipLocal(e, f);
  return srcLocal === local ? "s" : "d";
}

/** The two ends of a socket for the "either" fields (fd.ip, fd.port, fd.net, fd.proto). */
function bothEnds(f: FdInfo): { ips: string[]; ports: number[] } | undefined {
  switch (f.type) {
    case FdType.IPV4_SOCK:
      return { ips: [ipText(f.sip, false), ipText(f.dip, false)], ports: [f.sport, f.dport] };
    case FdType.IPV6_SOCK:
      return { ips: [ipText(f.sip, true), ipText(f.dip, true)], ports: [f.sport, f.dport] };
    case FdType.IPV4_SERVSOCK:
      return { ips: [ipText(f.sip, false)], ports: [f.sport] };
    case FdType.IPV6_SERVSOCK:
      return { ips: [ipText(f.sip, true)], ports: [f.sport] };
    default:
      return undefined;
  }
}

/** Binds an fd.* field; undefined when the name is not one of them. */
export function bindFd(name: string, arg: string | undefined): X | undefined {
  switch (name) {
    case "fd.num":
      return (e) => (fdEvent(e) ? (e.thread?.lastEventFd ?? -1) : undefined);
    case "fd.name":
      return (e) => {
        if (!fdEvent(e)) return undefined;
        const f = e.fd;
        if (f === undefined || (e.raw.type === C.PPME_SOCKET_CONNECT_X && (e.raw.paramI64(0) ?? 0) < 0))
          return creatorName(e);
        return sanitizeString(f.name);
      };
    case "fd.nameraw":
      return (e) => {
        if (!fdEvent(e)) return undefined;
        const f = e.fd;
        return f === undefined ? creatorName(e) : f.name;
      };
    case "fd.containername":
      return (e) => {
        if (!fdEvent(e)) return undefined;
        const f = e.fd;
        const cid = e.thread?.containerId ?? "";
        if (f === undefined || (e.raw.type === C.PPME_SOCKET_CONNECT_X && (e.raw.paramI64(0) ?? 0) < 0)) {
          const n = creatorName(e);
          return n === undefined ? undefined : `${cid}:${n}`;
        }
        return `${cid}:${sanitizeString(f.name)}`;
      };
    case "fd.type":
      return f1((f) => f.typeName);
    case "fd.typechar":
      return (e) => {
        if (!fdEvent(e)) return undefined;
        const f = e.fd;
        if (f !== undefined) return f.typeChar;
        return NULL_FD_TYPECHARS[e.raw.type & ~1] ?? "o";
      };
    case "fd.directory":
    case "fd.containerdirectory":
      return (e) => {
        if (!fdEvent(e)) return undefined;
        const f = e.fd;
        const prefix = name === "fd.containerdirectory" ? `${e.thread?.containerId ?? ""}:` : "";
        if (f === undefined) {
          const n = creatorName(e);
          if (n === undefined) return undefined;
          const pos = n.lastIndexOf("/");
          const d = pos > 0 ? (pos < n.length - 1 ? n.slice(0, pos) : n) : "/";
          return prefix + d;
        }
        if (!(f.isFile || f.type === FdType.DIRECTORY)) return undefined;
        return prefix + directoryOf(sanitizeString(f.name), f.isFile);
      };
    case "fd.filename":
      return (e) => {
        if (!fdEvent(e)) return undefined;
        const f = e.fd;
        if (f === undefined) {
          if (!OPEN_ENTERS.has(e.raw.type)) return undefined;
          const n = creatorName(e);
          if (n === undefined) return undefined;
          const pos = n.lastIndexOf("/");
          return pos >= 0 && pos < n.length - 1 ? n.slice(pos + 1) : n;
        }
        if (!f.isFile) return undefined;
        const n = sanitizeString(f.name);
        const pos = n.lastIndexOf("/");
        if (pos >= 0) return pos < n.length - 1 ? n.slice(pos + 1) : n;
        return "/";
      };
    case "fd.ip":
      return f1((f) => bothEnds(f)?.ips);
    case "fd.port":
      return f1((f) => bothEnds(f)?.ports);
    case "fd.proto":
      return f1((f) => bothEnds(f)?.ports.map(portText));
    case "fd.net":
      return f1((f) => bothEnds(f)?.ips);
    case "fd.cip":
    case "fd.cnet":
      return f1((f) => (!isSock(f) || f.roleNone ? undefined : ipText(f.sip, f.type === FdType.IPV6_SOCK)));
    case "fd.sip":
    case "fd.snet":
      return f1((f) => {
        if (f.type === FdType.IPV4_SERVSOCK || f.type === FdType.IPV6_SERVSOCK)
          return ipText(f.sip, f.type === FdType.IPV6_SERVSOCK);
        if (!isSock(f) || f.roleNone) return undefined;
        return ipText(f.dip, f.type === FdType.IPV6_SOCK);
      });
    case "fd.lip":
    case "fd.lnet":
    case "fd.rip":
    case "fd.rnet":
      return f1((f, e) => {
        const side = localRemote(e, f, name === "fd.lip" || name === "fd.lnet");
        if (side === undefined) return undefined;
        return ipText(side === "s" ? f.sip : f.dip, f.type === FdType.IPV6_SOCK);
      });
    case "fd.cport":
      // libsinsp falls through to fd.cproto for non-sockets with a role: an empty string read as a port.
      return f1((f) => (f.roleNone ? undefined : isSock(f) ? f.sport : 0));
    case "fd.cproto":
      return f1((f) => (f.roleNone ? undefined : isSock(f) ? portText(f.sport) : ""));
    case "fd.sport":
    case "fd.sproto":
      return f1((f) => {
        let p: number;
        if (f.type === FdType.IPV4_SERVSOCK || f.type === FdType.IPV6_SERVSOCK) p = f.sport;
        else if (isSock(f) && !f.roleNone) p = f.dport;
        else return undefined;
        return name === "fd.sport" ? p : isSock(f) ? portText(p) : "";
      });
    case "fd.lport":
    case "fd.rport":
    case "fd.lproto":
    case "fd.rproto":
      return f1((f, e) => {
        const side = localRemote(e, f, name === "fd.lport" || name === "fd.lproto");
        if (side === undefined) return undefined;
        const p = side === "s" ? f.sport : f.dport;
        return name.endsWith("port") ? p : portText(p);
      });
    case "fd.l4proto":
      return f1((f) => {
        switch (f.effectiveL4) {
          case L4.TCP:
            return "tcp";
          case L4.UDP:
            return "udp";
          case L4.ICMP:
            return "icmp";
          case L4.RAW:
            return "raw";
          default:
            return "<NA>";
        }
      });
    case "fd.is_server":
      return f1((f, e) => {
        if (f.type === FdType.IPV4_SERVSOCK || f.type === FdType.IPV6_SERVSOCK) return true;
        if (f.type === FdType.IPV4_SOCK || f.type === FdType.IPV6_SOCK) return sipLocal(e, f, "dip");
        return false;
      });
    case "fd.sockfamily":
      return f1((f) => {
        if (isSock(f) || f.type === FdType.IPV4_SERVSOCK || f.type === FdType.IPV6_SERVSOCK) return "ip";
        return f.type === FdType.UNIX_SOCK ? "unix" : undefined;
      });
    case "fd.uid":
      return (e) => {
        const t = e.thread;
        if (!fdEvent(e) || t === undefined) return undefined;
        return `${t.tid}${t.lastEventFd}`;
      };
    case "fd.connected":
      return f1((f) => (f.flags & (1 << 13)) !== 0);
    case "fd.name_changed":
      return f1((_f, e) => e.fdNameChanged);
    case "fd.cip.name":
    case "fd.sip.name":
    case "fd.lip.name":
    case "fd.rip.name":
      // Needs DNS resolution, which a capture replay does not do.
      return () => undefined;
    case "fd.dev":
      return f1((f) => (f.dev >>> 0).toString(16).toUpperCase());
    case "fd.dev.major":
      return f1((f) => (f.dev & 0xfff00) >>> 8);
    case "fd.dev.minor":
      return f1((f) => (f.dev & 0xff) | ((f.dev >>> 12) & 0xfff00));
    case "fd.ino":
      return f1((f) => f.ino);
    case "fd.types": {
      const i = arg === undefined ? -1 : Number(arg);
      return (e) => {
        const t = e.thread;
        if (t === undefined) return undefined;
        const tbl = e.state.threads.fdTable(t);
        if (i >= 0) {
          const f = tbl.get(i);
          return f === undefined ? undefined : [f.typeName];
        }
        const seen = new Set<string>();
        for (const f of tbl.values()) seen.add(f.typeName);
        return [...seen];
      };
    }
    case "fd.is_upper_layer":
      return f1((f) => (f.openFlags & (1 << 15)) !== 0);
    case "fd.is_lower_layer":
      return f1((f) => (f.openFlags & (1 << 16)) !== 0);
    default:
      return undefined;
  }
}

/** Binds an fdlist.* field (poll/ppoll fd lists, comma separated). */
export function bindFdlist(name: string): X | undefined {
  if (!name.startsWith("fdlist.")) return undefined;
  return (e) => {
    const raw = e.raw;
    let idx: number;
    if (raw.type === C.PPME_SYSCALL_POLL_E || raw.type === C.PPME_SYSCALL_PPOLL_E) idx = 0;
    else if (raw.type === C.PPME_SYSCALL_POLL_X || raw.type === C.PPME_SYSCALL_PPOLL_X) idx = 1;
    else return undefined;
    if (idx >= raw.nparams || raw.paramLength(idx) < 2) return undefined;
    const t = e.thread;
    const b = raw.buf;
    const o = raw.paramOffset(idx);
    const n = readU16(b, o);
    let out = "";
    for (let j = 0, pos = o + 2; j < n && pos + 10 <= o + raw.paramLength(idx); j++, pos += 10) {
      const fd = readI64(b, pos);
      const f = t ? e.state.threads.fd(t, fd) : undefined;
      let add = true;
      switch (name) {
        case "fdlist.nums":
          out += String(fd);
          break;
        case "fdlist.names":
          out += f !== undefined && f.name !== "" ? f.name : "<NA>";
          break;
        case "fdlist.cips":
          if (f && isSock(f)) out += ipText(f.sip, f.type === FdType.IPV6_SOCK);
          else add = false;
          break;
        case "fdlist.sips":
          if (f && isSock(f)) out += ipText(f.dip, f.type === FdType.IPV6_SOCK);
          else if (f && f.type === FdType.IPV4_SERVSOCK) out += ipText(f.sip, false);
          else add = false;
          break;
        case "fdlist.cports":
          if (f && isSock(f)) out += String(f.sport);
          else add = false;
          break;
        case "fdlist.sports":
          if (f && isSock(f)) out += String(f.dport);
          else add = false;
          break;
        default:
          return undefined;
      }
      if (add && j < n) out += ",";
    }
    if (out.endsWith(",")) out = out.slice(0, -1);
    return out === "" ? undefined : out;
  };
}

/** fs.path.*: which parameter holds the path, source and target of each filesystem syscall. */
const FSPATH: Record<number, { ok: string; path?: string; source?: string; target?: string }> = {
  [C.PPME_SYSCALL_MKDIR_2_X]: { ok: "res", path: "path" },
  [C.PPME_SYSCALL_MKDIRAT_X]: { ok: "res", path: "path" },
  [C.PPME_SYSCALL_RMDIR_2_X]: { ok: "res", path: "path" },
  [C.PPME_SYSCALL_UNLINK_2_X]: { ok: "res", path: "path" },
  [C.PPME_SYSCALL_UNLINKAT_2_X]: { ok: "res", path: "name" },
  [C.PPME_SYSCALL_OPEN_X]: { ok: "fd", path: "name" },
  [C.PPME_SYSCALL_OPENAT_2_X]: { ok: "fd", path: "name" },
  [C.PPME_SYSCALL_OPENAT2_X]: { ok: "fd", path: "name" },
  [C.PPME_SYSCALL_FCHMODAT_X]: { ok: "res", path: "filename" },
  [C.PPME_SYSCALL_CHMOD_X]: { ok: "res", path: "filename" },
  [C.PPME_SYSCALL_FCHMOD_X]: { ok: "res", path: "@fd" },
  [C.PPME_SYSCALL_CHOWN_X]: { ok: "res", path: "path" },
  [C.PPME_SYSCALL_LCHOWN_X]: { ok: "res", path: "path" },
  [C.PPME_SYSCALL_FCHOWN_X]: { ok: "res", path: "@fd" },
  [C.PPME_SYSCALL_FCHOWNAT_X]: { ok: "res", path: "pathname" },
  [C.PPME_SYSCALL_QUOTACTL_X]: { ok: "res", path: "special" },
  [C.PPME_SYSCALL_RENAME_X]: { ok: "res", source: "oldpath", target: "newpath" },
  [C.PPME_SYSCALL_RENAMEAT_X]: { ok: "res", source: "oldpath", target: "newpath" },
  [C.PPME_SYSCALL_RENAMEAT2_X]: { ok: "res", source: "oldpath", target: "newpath" },
  [C.PPME_SYSCALL_LINK_2_X]: { ok: "res", source: "newpath", target: "oldpath" },
  [C.PPME_SYSCALL_LINKAT_2_X]: { ok: "res", source: "newpath", target: "oldpath" },
  [C.PPME_SYSCALL_SYMLINK_X]: { ok: "res", source: "linkpath", target: "target" },
  [C.PPME_SYSCALL_SYMLINKAT_X]: { ok: "res", source: "linkpath", target: "target" },
  [C.PPME_SYSCALL_MOUNT_X]: { ok: "res", source: "dev", target: "dir" },
  [C.PPME_SYSCALL_UMOUNT_1_X]: { ok: "res", path: "name" },
  [C.PPME_SYSCALL_UMOUNT2_X]: { ok: "res", path: "name" },
};

const DIRFD_EXITS = new Set<number>([
  C.PPME_SYSCALL_NEWFSTATAT_X,
  C.PPME_SYSCALL_FCHOWNAT_X,
  C.PPME_SYSCALL_FCHMODAT_X,
  C.PPME_SYSCALL_MKDIRAT_X,
  C.PPME_SYSCALL_UNLINKAT_2_X,
  C.PPME_SYSCALL_MKNODAT_X,
]);

function cstr(raw: ScapEvent, i: number): string {
  const b = raw.param(i);
  const z = b.indexOf(0);
  return b.toString("latin1", 0, z < 0 ? b.length : z);
}

/** Binds an fs.path.* field. */
export function bindFsPath(name: string): X | undefined {
  const m = /^fs\.path\.(name|source|target)(raw)?$/.exec(name);
  if (!m) return undefined;
  const role = m[1] as "name" | "source" | "target";
  const rawOnly = m[2] === "raw";
  return (e) => {
    const raw = e.raw;
    const spec = FSPATH[raw.type];
    if (spec === undefined) return undefined;
    const okIdx = paramByName(raw, spec.ok);
    if (okIdx < 0) return undefined;
    const okVal = raw.paramI64(okIdx);
    if (okVal === undefined || (spec.ok === "res" ? okVal !== 0 : okVal === -1)) return undefined;
    const which = role === "name" ? spec.path : role === "source" ? spec.source : spec.target;
    if (which === undefined) return undefined;
    let p: string | undefined;
    if (which === "@fd") p = e.fdInfo?.name;
    else {
      const i = paramByName(raw, which);
      if (i < 0 || raw.paramLength(i) === 0) return undefined;
      p = cstr(raw, i);
    }
    if (p === undefined) return undefined;
    if (rawOnly) return p;
    const t = e.thread;
    if (t === undefined) return undefined;
    if (p.startsWith("/")) return concatenatePaths("", p).path;
    let sdir: string;
    const type = raw.type;
    if (type === C.PPME_SYSCALL_OPENAT_2_X || type === C.PPME_SYSCALL_OPENAT2_X)
      return e.fdInfo?.name ?? "<UNKNOWN>";
    if (DIRFD_EXITS.has(type) || (type === C.PPME_SYSCALL_SYMLINKAT_X && role === "source")) {
      const f = e.fdInfo;
      sdir =
        f === undefined || f.type !== FdType.DIRECTORY
          ? "<UNKNOWN>"
          : f.name === "" || f.name.endsWith("/")
            ? f.name
            : `${f.name}/`;
    } else if (type === C.PPME_SYSCALL_SYMLINKAT_X) sdir = "<UNKNOWN>";
    else if (type === C.PPME_SYSCALL_RENAMEAT2_X) {
      if (role === "name") sdir = "<UNKNOWN>";
      else {
        const dirfd = raw.paramI64(role === "target" ? 3 : 1) ?? -100;
        if (dirfd === -100) sdir = e.state.threads.cwd(t);
        else {
          const f = e.state.threads.fd(t, dirfd);
          sdir = f === undefined ? "<UNKNOWN>" : `${f.name}/`;
        }
      }
    } else sdir = e.state.threads.cwd(t);
    return concatenatePaths(sdir, p).path;
  };
}
