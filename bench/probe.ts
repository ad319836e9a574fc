// The live probe's costs, measured as differences against baselines run in the same process, interleaved:
// - added ns per traced syscall (openat+close of a file, through the probe writing to /dev/null),
// - added ns per untraced syscall (getppid: only the sys_enter/sys_exit hooks run),
// - the same traced cost with the whole of `lanner run` and Falco's stable rules consuming the stream,
// - Lanner's CPU (node + probe) per 100,000 events/s, and the slowdown of a file-heavy workload (tar).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { probeStatus, startProbe } from "../src/syscall/live/probe.js";
import type { BenchResult } from "./rules-engine.js";

const loadgen = path.resolve("native/build/loadgen");
const bin = path.resolve("dist/src/cli/index.js");
const stable = path.resolve("../shared/rules/upstream/falco_rules.yaml");

function gen(kind: string, n: number): number {
  return Number(
    execFileSync(loadgen, [kind, String(n)])
      .toString()
      .split(" ")[0],
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

type Setup = () => Promise<() => Promise<void>>;

/** Baseline and loaded medians of `kind`, interleaved `rounds` times, loaded with `under` running. */
async function delta(kind: string, n: number, rounds: number, under: Setup) {
  const r = await compare(kind, n, rounds, [under]);
  return { base: r.base, loaded: r.loaded[0] as number };
}

/** Medians of `kind` with nothing running and under each setup, interleaved round by round. */
async function compare(kind: string, n: number, rounds: number, setups: readonly Setup[]) {
  const base: number[] = [];
  const loaded: number[][] = setups.map(() => []);
  for (let i = 0; i < rounds; i++) {
    base.push(gen(kind, n));
    for (const [j, under] of setups.entries()) {
      const stop = await under();
      loaded[j]?.push(gen(kind, n));
      await stop();
    }
  }
  return { base: median(base), loaded: loaded.map(median) };
}

/** The probe writing to /dev/null; with `hooksOnly`, empty programs on the same tracepoints. */
async function probeToDevNull(hooksOnly = false): Promise<() => Promise<void>> {
  const p = startProbe({ output: "/dev/null", hooksOnly });
  await p.ready;
  return async () => {
    p.stop();
    await p.exited;
  };
}

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]); // utime + stime
}

/** `lanner run` with the stable rules on the live probe; resolves once attached. */
async function startAgent(): Promise<{
  child: ChildProcess;
  stop: () => Promise<void>;
  pids: () => number[];
}> {
  const args = [bin, "run", "-r", stable, "-o", "webserver.enabled=false", "-o", "k8s_audit.enabled=false"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const end = Date.now() + 30_000;
  while (!/probe attached/.test(err)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`lanner run did not attach: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pids = () => {
    const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/);
    return [child.pid as number, ...kids.filter(Boolean).map(Number)];
  };
  return {
    child,
    pids,
    stop: async () => {
      const done = new Promise((r) => child.on("close", r));
      child.kill("SIGTERM");
      await done;
    },
  };
}

function timeTar(): number {
  const t0 = process.hrtime.bigint();
  execFileSync("tar", ["cf", "/dev/null", "/usr/share"], { stdio: "ignore" });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The probe's figures; none when it cannot run here (the reason is printed). */
export async function benchProbe(): Promise<BenchResult[]> {
  const status = probeStatus();
  if (!status.available || !existsSync(loadgen)) {
    console.log(`(skipped: ${status.available ? `${loadgen} is not built` : status.reason})`);
    return [];
  }
  const out: BenchResult[] = [];
  // Each cost beside the reference of empty programs on the same two tracepoints: what attaching costs
  // on this kernel by itself (the syscall slow path), so Lanner's own share can be read off.
  const setups = [() => probeToDevNull(false), () => probeToDevNull(true)];
  const open = await compare("open", 300_000, 3, setups);
  const [openProbe, openHooks] = open.loaded as [number, number];
  out.push({ name: "openat+close baseline", value: open.base, unit: "ns per pair" });
  out.push({
    name: "added cost per traced syscall (probe → file)",
    value: (openProbe - open.base) / 2,
    unit: "ns",
    target: "≤ 400 ns",
  });
  out.push({ name: "  of which empty hooks (reference)", value: (openHooks - open.base) / 2, unit: "ns" });
  out.push({
    name: "  of which Lanner's programs and writer",
    value: (openProbe - openHooks) / 2,
    unit: "ns",
  });
  const un = await compare("getppid", 3_000_000, 3, setups);
  const [unProbe, unHooks] = un.loaded as [number, number];
  out.push({ name: "getppid baseline", value: un.base, unit: "ns" });
  out.push({
    name: "added cost per untraced syscall",
    value: unProbe - un.base,
    unit: "ns",
    target: "≤ 60 ns",
  });
  out.push({ name: "  of which empty hooks (reference)", value: unHooks - un.base, unit: "ns" });
  out.push({ name: "  of which Lanner's filter", value: unProbe - unHooks, unit: "ns" });

  let agent: Awaited<ReturnType<typeof startAgent>> | undefined;
  const viaAgent = await delta("open", 300_000, 3, async () => {
    agent = await startAgent();
    return async () => agent?.stop();
  });
  out.push({
    name: "added cost per traced syscall (lanner run, stable rules)",
    value: (viaAgent.loaded - viaAgent.base) / 2,
    unit: "ns",
    target: "≤ 400 ns",
  });

  // CPU per 100,000 events/s: 3 events per openat+close pair (openat's exit, close's enter and exit).
  agent = await startAgent();
  const pids = agent.pids();
  const before = pids.map(cpuTicks);
  const pairs = 1_000_000;
  const t0 = process.hrtime.bigint();
  gen("open", pairs);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await new Promise((r) => setTimeout(r, 300)); // let the pipeline finish the backlog
  const cpu = pids.map(cpuTicks).reduce((a, b, i) => a + b - (before[i] as number), 0) / 100; // CLK_TCK 100
  const rate = (3 * pairs) / secs;
  await agent.stop();
  out.push({ name: "events/s offered", value: rate, unit: "events/s" });
  out.push({
    name: "Lanner CPU (node + probe) per 100,000 events/s",
    value: cpu / (secs + 0.3) / (rate / 100_000),
    unit: "cores",
  });

  const tar: number[] = [];
  const tarLoaded: number[] = [];
  for (let i = 0; i < 3; i++) {
    tar.push(timeTar());
    agent = await startAgent();
    tarLoaded.push(timeTar());
    await agent.stop();
  }
  out.push({ name: "tar cf /dev/null /usr/share baseline", value: median(tar), unit: "ms" });
  out.push({
    name: "slowdown of tar with lanner run (stable rules)",
    value: (100 * (median(tarLoaded) - median(tar))) / median(tar),
    unit: "%",
    target: "≤ 10 %",
  });
  return out;
}
