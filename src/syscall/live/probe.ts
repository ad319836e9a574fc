// The live syscall source: native/lanner-probe (the only privileged piece) loads the BPF programs and
// writes a scap stream on its stdout — /proc snapshot first, then events — which the same reader,
// state engine and fields as captures consume. Its stderr carries JSON lines: "ready" once attached,
// "stats" every second (events and drops per CPU); anything else is a message for the log.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

/** Syscalls the state engine needs whatever the rules ask: processes, fds, sockets, cwd, credentials. */
export const STATE_SYSCALLS: readonly string[] = [
  "open",
  "openat",
  "openat2",
  "creat",
  "close",
  "socket",
  "socketpair",
  "bind",
  "connect",
  "listen",
  "accept",
  "accept4",
  "pipe",
  "pipe2",
  "dup",
  "dup2",
  "dup3",
  "chdir",
  "fchdir",
  "clone",
  "clone3",
  "fork",
  "vfork",
  "execve",
  "execveat",
  "setuid",
  "setgid",
  "setresuid",
  "setresgid",
  "memfd_create",
];

/** Per-CPU counters the probe reports. */
export interface ProbeStats {
  events: number;
  drops: number;
  dropsTooBig: number;
  perCpu: { events: number; drops: number }[];
}

/** Where the helper binary is: $LANNER_PROBE, else native/build/lanner-probe in the package. */
export function probePath(): string {
  if (process.env.LANNER_PROBE) return process.env.LANNER_PROBE;
  // dist/src/syscall/live/probe.js → package root is four levels up.
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
  return join(root, "native", "build", "lanner-probe");
}

/** Whether live capture can run here; when not, the precise reason. */
export type ProbeStatus = { available: true } | { available: false; reason: string };

/** Whether the helper is built (no kernel check: starting it tells the rest). */
export function probeBuilt(path = probePath()): ProbeStatus {
  try {
    accessSync(path, constants.X_OK);
    return { available: true };
  } catch {
    return {
      available: false,
      reason: `the probe is not built (${path} is missing; \`npm install\` builds it when clang, bpftool and libbpf-dev are installed — see native/README.md)`,
    };
  }
}

/** The helper's own explanation of why it cannot run: its `lanner-probe:` lines, prefix removed. */
function helperReason(lines: readonly string[]): string {
  return lines
    .filter((l) => l.startsWith("lanner-probe:"))
    .map((l) => l.replace(/^lanner-probe: /, ""))
    .join("; ");
}

/** Whether live capture can run here (loads and attaches the programs once); when not, the precise reason. */
export function probeStatus(path = probePath()): ProbeStatus {
  const built = probeBuilt(path);
  if (!built.available) return built;
  const r = spawnSync(path, ["--check"], { encoding: "utf8", timeout: 20_000 });
  if (r.status === 0) return { available: true };
  const reason = helperReason((r.stderr || r.stdout || "").split("\n"));
  return { available: false, reason: reason || `probe check failed (exit code ${r.status})` };
}

/** The syscalls the probe knows (`lanner-probe --list`). */
export function probeSyscalls(path = probePath()): string[] {
  const r = spawnSync(path, ["--list"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n").filter(Boolean) : [];
}

/**
 * The syscalls to trace for a set of rule event types (undefined: every type): the state syscalls plus
 * those the rules name that the probe knows. Sent to the kernel so the rest cost only the hook.
 */
export function syscallsFor(eventTypes: ReadonlySet<string> | undefined, known: readonly string[]): string[] {
  if (eventTypes === undefined) return [...known];
  const want = new Set(STATE_SYSCALLS);
  for (const t of eventTypes) want.add(t);
  if (want.has("umount")) want.add("umount2");
  return known.filter((s) => want.has(s));
}

export interface ProbeOptions {
  /** Trace only these syscalls (kernel-side filter); all the probe knows when absent. */
  syscalls?: readonly string[];
  /** Write the capture to this file instead of the stdout stream. */
  output?: string;
  /** Stop after this many seconds. */
  durationSec?: number;
  /** Ring buffer size in MiB (a power of two). */
  ringbufMiB?: number;
  /** Keep a command channel open (stdin), for `setSyscalls` while running. */
  control?: boolean;
  /** Attach empty sys_enter/sys_exit programs only: what the hooks cost by themselves (benchmarks). */
  hooksOnly?: boolean;
  onStats?(stats: ProbeStats): void;
  onMessage?(line: string): void;
}

/** A running probe: its scap stream (when not writing a file), readiness, and how to stop it. */
export interface RunningProbe {
  readonly child: ChildProcess;
  /** The scap stream (stdout); empty when writing to a file. */
  readonly stream: Readable;
  /** Resolves once the programs are attached and the snapshot is written. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code when the helper ends. */
  readonly exited: Promise<number>;
  /** The last stats line. */
  lastStats(): ProbeStats | undefined;
  /**
   * Replaces the kernel-side syscall filter (needs `control`); resolves with how many syscalls are
   * traced once the helper has applied it.
   */
  setSyscalls(syscalls: readonly string[]): Promise<number>;
  stop(): void;
}

/** Starts the helper. */
export function startProbe(options: ProbeOptions = {}, path = probePath()): RunningProbe {
  const args: string[] = [];
  if (options.output) args.push("-o", options.output);
  if (options.durationSec !== undefined) args.push("-d", String(options.durationSec));
  if (options.syscalls) args.push("-s", options.syscalls.join(","));
  if (options.ringbufMiB) args.push("-b", String(options.ringbufMiB));
  if (options.control) args.push("--control");
  if (options.hooksOnly) args.push("--hooks-only");
  const child = spawn(path, args, { stdio: [options.control ? "pipe" : "ignore", "pipe", "pipe"] });
  child.stdin?.on("error", () => {});
  // Filter changes are acknowledged in order.
  const acks: ((traced: number) => void)[] = [];
  let stats: ProbeStats | undefined;
  let markReady: () => void = () => {};
  let failReady: (e: Error) => void = () => {};
  let isReady = false;
  /** The helper's messages before it is ready: why it did not start, if it does not. */
  const early: string[] = [];
  const ready = new Promise<void>((res, rej) => {
    markReady = res;
    failReady = rej;
  });
  const stderr = createInterface({ input: child.stderr as Readable });
  stderr.on("line", (line) => {
    if (line.startsWith("{")) {
      try {
        const j = JSON.parse(line) as {
          type?: string;
          events?: number;
          drops?: number;
          drops_too_big?: number;
          per_cpu?: { events: number; drops: number }[];
          traced?: number;
        };
        if (j.type === "ready") {
          isReady = true;
          markReady();
        } else if (j.type === "syscalls") acks.shift()?.(j.traced ?? 0);
        else if (j.type === "stats") {
          stats = {
            events: j.events ?? 0,
            drops: j.drops ?? 0,
            dropsTooBig: j.drops_too_big ?? 0,
            perCpu: j.per_cpu ?? [],
          };
          options.onStats?.(stats);
        }
        return;
      } catch {
        // not a stats line: a message
      }
    }
    if (!isReady && line.startsWith("lanner-probe:")) early.push(line);
    else options.onMessage?.(line);
  });
  const exited = new Promise<number>((res) => {
    child.on("error", (err) => {
      failReady(err);
      res(127);
    });
    child.on("close", (code, signal) => {
      failReady(
        new Error(helperReason(early) || `lanner-probe exited (${signal ?? code}) before it was ready`),
      );
      res(code ?? 128);
    });
  });
  ready.catch(() => {});
  return {
    child,
    stream: child.stdout as Readable,
    ready,
    exited,
    lastStats: () => stats,
    setSyscalls(syscalls) {
      const stdin = child.stdin;
      if (stdin === null || !stdin.writable)
        return Promise.reject(new Error("the probe was started without its control channel"));
      return new Promise<number>((res, rej) => {
        acks.push(res);
        stdin.write(`syscalls ${syscalls.join(",")}\n`, (err) => {
          if (err) rej(err);
        });
        exited.then(() => rej(new Error("lanner-probe exited"))).catch(() => {});
      });
    },
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
