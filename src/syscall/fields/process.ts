// proc.*, thread.*, user.* and group.* fields (libsinsp `sinsp_filter_check_thread/user/group`): the
// fields sysdig 0.29.3 has follow libs e5c53d64, the newer ones libs 48dfd53.
import type { Extractor, FieldValue } from "../../fields/types.js";
import { EventCode as C } from "../scap/event-table.js";
import { tsDelta } from "../state/engine.js";
import type { ThreadInfo, ThreadTable } from "../state/threads.js";
import type { SyscallEvent } from "./event.js";
import { fixed1 } from "./format.js";

type X = Extractor<SyscallEvent>;

const CAPABILITIES = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
];

const capsCache = new Map<bigint, string>();

/** `caps_to_string`: capability names of the set bits, space separated (memoized: few sets recur). */
export function capsToString(caps: bigint): string {
  let s = capsCache.get(caps);
  if (s !== undefined) return s;
  const out: string[] = [];
  for (let i = 0; i < CAPABILITIES.length; i++)
    if ((caps >> BigInt(i)) & 1n) out.push(CAPABILITIES[i] as string);
  s = out.join(" ");
  if (capsCache.size >= 1024) capsCache.clear();
  capsCache.set(caps, s);
  return s;
}

/** `populate_cmdline`: comm then the arguments, space separated. */
function cmdline(t: ThreadInfo): string {
  let s = t.comm;
  for (const a of t.args) s += ` ${a}`;
  return s;
}

/** The thread's main thread (`get_main_thread`; a placeholder when the process is unknown). */
function main(e: SyscallEvent, t: ThreadInfo): ThreadInfo {
  return e.state.threads.mainThread(t);
}

/** `get_ancestor_process` (newer libs): the main thread `n` processes up. */
function ancestorProcess(threads: ThreadTable, t: ThreadInfo, n: number): ThreadInfo | undefined {
  let mt: ThreadInfo | undefined = threads.mainThread(t);
  for (let i = 0; i < n; i++) {
    const p: ThreadInfo | undefined = threads.get((mt as ThreadInfo).ptid);
    if (p === undefined) return undefined;
    mt = threads.mainThread(p);
  }
  return mt;
}

/** Ancestors from the parent up (`traverse_parent_state` on the main thread). */
function ancestors(e: SyscallEvent, t: ThreadInfo): ThreadInfo[] {
  return e.state.threads.ancestors(main(e, t));
}

/** `proc.aname[n]` & co (libs e5c53d64): walk n parents (by ptid) from the main thread. */
function ancestorN(e: SyscallEvent, t: ThreadInfo, n: number): ThreadInfo | undefined {
  let mt: ThreadInfo | undefined = main(e, t);
  for (let j = 0; j < n && mt !== undefined; j++) mt = e.state.threads.parent(mt);
  return mt;
}

/** The oldest ancestor sharing an id with `t`, when no thread has that id (`get_oldest_matching_ancestor`). */
function idLeader(e: SyscallEvent, t: ThreadInfo, id: (x: ThreadInfo) => number): ThreadInfo | undefined {
  const want = id(t);
  if (want === -1) return undefined;
  const direct = e.state.threads.get(want);
  if (direct !== undefined) return direct;
  let leader: ThreadInfo | undefined;
  e.state.threads.forEachAncestor(t, (a) => {
    if (id(a) !== want) return false;
    leader = a;
    return true;
  });
  return leader;
}

/** A thread field that needs the thread: undefined without one. */
function t1(f: (t: ThreadInfo, e: SyscallEvent) => FieldValue | undefined): X {
  return (e) => {
    const t = e.thread;
    return t === undefined ? undefined : f(t, e);
  };
}

function envValue(env: readonly string[], name: string): string {
  const n = name.length;
  for (const v of env) {
    if (v.length > n + 1 && v[n] === "=" && v.startsWith(name)) {
      const rest = v.slice(n + 1);
      return rest.trim();
    }
  }
  return "";
}

function envOf(e: SyscallEvent, t: ThreadInfo): readonly string[] {
  return t.isMainThread ? t.env : main(e, t).env;
}

function index(arg: string | undefined): number {
  return arg === undefined ? -1 : Number(arg);
}

/** Binds a proc.*, thread.*, user.* or group.* field; undefined when the name is not one of them. */
export function bindProcess(name: string, arg: string | undefined): X | undefined {
  switch (name) {
    case "thread.tid":
      return (e) => e.raw.tid;
    case "proc.pid":
      return t1((t) => t.pid);
    case "proc.sid":
      return t1((t) => t.sid);
    case "proc.vpgid":
      return t1((t) => t.vpgid);
    case "proc.pgid":
      return t1((t) => t.pgid);
    case "proc.sname":
      return t1((t, e) => {
        const s = e.state.threads.get(t.sid);
        if (s !== undefined) return s.comm;
        let mt = main(e, t);
        const sid = mt.sid;
        e.state.threads.forEachAncestor(mt, (a) => {
          if (a.sid !== sid) return false;
          mt = a;
          return true;
        });
        return mt.comm;
      });
    case "proc.sid.exe":
      return t1((t, e) => idLeader(e, t, (x) => x.sid)?.exe ?? "");
    case "proc.sid.exepath":
      return t1((t, e) => idLeader(e, t, (x) => x.sid)?.exepath ?? "");
    case "proc.vpgid.name":
      return t1((t, e) => idLeader(e, t, (x) => x.vpgid)?.comm ?? "");
    case "proc.vpgid.exe":
      return t1((t, e) => idLeader(e, t, (x) => x.vpgid)?.exe ?? "");
    case "proc.vpgid.exepath":
      return t1((t, e) => idLeader(e, t, (x) => x.vpgid)?.exepath ?? "");
    case "proc.pgid.name":
      return t1((t, e) => idLeader(e, t, (x) => x.pgid)?.comm ?? "");
    case "proc.pgid.exe":
      return t1((t, e) => idLeader(e, t, (x) => x.pgid)?.exe ?? "");
    case "proc.pgid.exepath":
      return t1((t, e) => idLeader(e, t, (x) => x.pgid)?.exepath ?? "");
    case "proc.is_sid_leader":
      return t1((t) => t.sid === t.vpid);
    case "proc.is_vpgid_leader":
      return t1((t) => t.vpgid === t.vpid);
    case "proc.is_pgid_leader":
      return t1((t) => t.pgid === t.pid);
    case "proc.tty":
      return t1((t) => t.tty | 0);
    case "proc.name":
      return t1((t) => t.comm);
    case "proc.exe":
      return t1((t) => t.exe);
    case "proc.exepath":
      return t1((t) => t.exepath);
    case "proc.args": {
      const i = index(arg);
      return t1((t) => (i < 0 ? t.args.join(" ") : (t.args[i] ?? "")));
    }
    case "proc.aargs": {
      const i = index(arg);
      return t1((t, e) => {
        if (i < 0) return ancestors(e, t).map((a) => a.args.join(" "));
        return ancestorProcess(e.state.threads, t, i)?.args.join(" ");
      });
    }
    case "proc.env":
      return t1((t, e) => (arg === undefined ? envOf(e, t).join(" ") : envValue(envOf(e, t), arg)));
    case "proc.aenv":
      return t1((t, e) => {
        const byIndex = arg !== undefined && /^[0-9]+$/.test(arg);
        if (arg === undefined || (byIndex && Number(arg) < 1)) return envOf(e, t).join(" ");
        let mt: ThreadInfo | undefined = main(e, t);
        if (!byIndex) {
          for (let j = 0; j < 20 && mt !== undefined; j++) {
            mt = e.state.threads.get(mt.ptid);
            if (mt === undefined) break;
            const v = envValue(envOf(e, mt), arg);
            if (v !== "") return v;
          }
          return "";
        }
        for (let j = 0; j < Number(arg); j++) {
          mt = e.state.threads.get((mt as ThreadInfo).ptid);
          if (mt === undefined) return undefined;
        }
        return envOf(e, mt as ThreadInfo).join(" ");
      });
    case "proc.cmdline":
      return t1(cmdline);
    case "proc.cmdnargs":
      return t1((t) => t.args.length);
    case "proc.cmdlenargs":
      return t1((t) => t.args.reduce((n, a) => n + a.length, 0));
    case "proc.exeline":
      return t1((t) => `${t.exe} ${t.args.join(" ")}`);
    case "proc.cwd":
      return t1((t, e) => e.state.threads.cwd(t));
    case "proc.nthreads":
      return t1((t, e) => main(e, t).nchilds + 1);
    case "proc.nchilds":
      return t1((t) => t.nchilds);
    case "thread.ismain":
      return t1((t) => t.isMainThread);
    case "thread.exectime":
    case "thread.totexectime":
      // Only switch events carry CPU time; captures of syscalls do not.
      return (e) => (e.raw.type === C.PPME_SCHEDSWITCH_6_E || e.raw.type === C.PPME_SCHEDSWITCH_1_E ? 0 : 0);
    case "proc.ppid":
      return t1((t, e) => (t.isMainThread ? t.ptid : main(e, t).ptid));
    case "proc.pname":
      return t1((t, e) => e.state.threads.get(t.ptid)?.comm);
    case "proc.pcmdline":
      return t1((t, e) => {
        const p = e.state.threads.get(t.ptid);
        return p === undefined ? undefined : cmdline(p);
      });
    case "proc.pexe":
      return t1((t, e) => ancestorProcess(e.state.threads, t, 1)?.exe);
    case "proc.pexepath":
      return t1((t, e) => ancestorProcess(e.state.threads, t, 1)?.exepath);
    case "proc.pvpid":
      return t1((t, e) => e.state.threads.get(t.ptid)?.vpid);
    case "proc.apid": {
      const i = index(arg);
      return t1((t, e) => (i < 0 ? ancestors(e, t).map((a) => a.pid) : ancestorN(e, t, i)?.pid));
    }
    case "proc.aname": {
      const i = index(arg);
      return t1((t, e) => (i < 0 ? ancestors(e, t).map((a) => a.comm) : ancestorN(e, t, i)?.comm));
    }
    case "proc.aexe": {
      const i = index(arg);
      return t1((t, e) =>
        i < 0 ? ancestors(e, t).map((a) => a.exe) : ancestorProcess(e.state.threads, t, i)?.exe,
      );
    }
    case "proc.aexepath": {
      const i = index(arg);
      return t1((t, e) =>
        i < 0 ? ancestors(e, t).map((a) => a.exepath) : ancestorProcess(e.state.threads, t, i)?.exepath,
      );
    }
    case "proc.acmdline": {
      const i = index(arg);
      return t1((t, e) => {
        if (i < 0) return ancestors(e, t).map(cmdline);
        const a = ancestorProcess(e.state.threads, t, i);
        return a === undefined ? undefined : cmdline(a);
      });
    }
    case "proc.loginshellid":
      return t1((t, e) => {
        const mt = main(e, t);
        let res: number | undefined;
        const check = (a: ThreadInfo) => {
          if (a.comm.length >= 2 && a.comm.endsWith("sh")) res = a.pid;
          return true;
        };
        check(mt);
        e.state.threads.forEachAncestor(mt, check);
        return res;
      });
    case "proc.duration":
      return t1((t, e) =>
        t.hasCloneTs ? tsDelta(e.raw.tsHi, e.raw.tsLo, t.cloneTsHi, t.cloneTsLo) : undefined,
      );
    case "proc.ppid.duration":
      return t1((t, e) => {
        const p = ancestorProcess(e.state.threads, t, 1);
        if (p === undefined || !p.hasCloneTs) return undefined;
        return tsDelta(e.raw.tsHi, e.raw.tsLo, p.cloneTsHi, p.cloneTsLo);
      });
    case "proc.pid.ts":
      return t1((t) => (t.hasCloneTs ? (BigInt(t.cloneTsHi) << 32n) | BigInt(t.cloneTsLo) : undefined));
    case "proc.ppid.ts":
      return t1((t, e) => {
        const p = e.state.threads.get(t.ptid);
        return p === undefined ? undefined : (BigInt(p.cloneTsHi) << 32n) | BigInt(p.cloneTsLo);
      });
    case "proc.fdopencount":
      return t1((t, e) => main(e, t).fds.size);
    case "proc.fdlimit":
      return t1((t, e) => main(e, t).fdlimit);
    case "proc.fdusage":
      return t1((t, e) => {
        const m = main(e, t);
        if (m.fdlimit <= 0) return fixed1(0);
        const n = m.fds.size;
        return fixed1(n <= m.fdlimit ? (n * 100) / m.fdlimit : 100);
      });
    case "proc.vmsize":
      return t1((t) => t.vmsizeKb);
    case "proc.vmrss":
      return t1((t) => t.vmrssKb);
    case "proc.vmswap":
      return t1((t) => t.vmswapKb);
    case "thread.vmsize":
      return t1((t) => (t.isMainThread ? t.vmsizeKb : 0));
    case "thread.vmrss":
      return t1((t) => (t.isMainThread ? t.vmrssKb : 0));
    case "thread.vmsize.b":
      return t1((t) => (t.isMainThread ? t.vmsizeKb * 1024 : 0));
    case "thread.vmrss.b":
      return t1((t) => (t.isMainThread ? t.vmrssKb * 1024 : 0));
    case "thread.pfmajor":
      return t1((t) => t.pfmajor);
    case "thread.pfminor":
      return t1((t) => t.pfminor);
    case "thread.cgroups":
      return t1((t) =>
        t.cgroups.length === 0 ? undefined : t.cgroups.map(([s, p]) => `${s}=${p}`).join(" "),
      );
    case "thread.cgroup":
      return t1((t) => {
        if (t.cgroups.length === 0) return undefined;
        for (const [s, p] of t.cgroups) if (s === arg) return p;
        return undefined;
      });
    case "thread.vtid":
      return t1((t) => (t.vtid === -1 ? undefined : t.vtid));
    case "proc.vpid":
      return t1((t) => (t.vpid === -1 ? undefined : t.vpid));
    case "thread.cpu":
    case "thread.cpu.user":
    case "thread.cpu.system":
      // Needs the previous procinfo event of the thread; captures show it only with -D.
      return () => undefined;
    case "thread.nametid":
      return t1((t, e) => `${t.comm}${e.raw.tid}`);
    case "proc.is_exe_writable":
      return t1((t) => t.exeWritable);
    case "proc.is_exe_upper_layer":
      return t1((t) => t.exeUpperLayer);
    case "proc.is_exe_lower_layer":
      return t1((t) => t.exeLowerLayer);
    case "proc.is_exe_from_memfd":
      return t1((t) => t.exeFromMemfd);
    case "proc.is_container_healthcheck":
    case "proc.is_container_liveness_probe":
    case "proc.is_container_readiness_probe":
      return t1(() => false);
    case "thread.cap_permitted":
      return t1((t) => capsToString(t.capPermitted));
    case "thread.cap_inheritable":
      return t1((t) => capsToString(t.capInheritable));
    case "thread.cap_effective":
      return t1((t) => capsToString(t.capEffective));
    case "proc.exe_ino":
      return t1((t) => (t.exeIno === 0 ? undefined : t.exeIno));
    case "proc.exe_ino.ctime":
      return t1((t) => (t.exeInoCtime === 0n ? undefined : t.exeInoCtime));
    case "proc.exe_ino.mtime":
      return t1((t) => (t.exeInoMtime === 0n ? undefined : t.exeInoMtime));
    case "proc.exe_ino.ctime_duration_proc_start":
      return t1((t) => {
        if (t.exeInoCtime === 0n || !t.hasCloneTs) return undefined;
        const clone = (BigInt(t.cloneTsHi) << 32n) | BigInt(t.cloneTsLo);
        return clone > t.exeInoCtime ? clone - t.exeInoCtime : undefined;
      });
    case "proc.exe_ino.ctime_duration_pidns_start":
      return t1((t) => {
        if (t.exeInoCtime === 0n || t.pidnsInitStartTs === 0n) return undefined;
        return t.pidnsInitStartTs > t.exeInoCtime ? t.pidnsInitStartTs - t.exeInoCtime : undefined;
      });
    case "proc.pidns_init_start_ts":
      return t1((t) => (t.pidnsInitStartTs === 0n ? undefined : t.pidnsInitStartTs));
    case "proc.stdin.type":
    case "proc.stdout.type":
    case "proc.stderr.type":
    case "proc.stdin.name":
    case "proc.stdout.name":
    case "proc.stderr.name": {
      const fd = name.startsWith("proc.stdin") ? 0 : name.startsWith("proc.stdout") ? 1 : 2;
      const wantType = name.endsWith(".type");
      return t1((t, e) => {
        const f = e.state.threads.fdTable(t).get(fd);
        if (f === undefined) return undefined;
        return wantType ? f.typeName : f.name;
      });
    }
    // ---- user / group ----
    case "user.uid":
      return t1((t) => t.uid);
    case "user.name":
      return t1((t, e) => e.state.users.get(t.uid)?.name);
    case "user.homedir":
      return t1((t, e) => e.state.users.get(t.uid)?.homedir);
    case "user.shell":
      return t1((t, e) => e.state.users.get(t.uid)?.shell);
    case "user.loginuid":
      return t1((t) => t.loginuid | 0);
    case "user.loginname":
      return t1((t, e) => e.state.users.get(t.loginuid)?.name);
    case "group.gid":
      return t1((t) => t.gid);
    case "group.name":
      return t1((t, e) => e.state.groups.get(t.gid)?.name);
    default:
      return undefined;
  }
}
