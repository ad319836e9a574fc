// Shared data, the sysdig oracle, and small synthetic captures for the syscall tests.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { FdEntry, ThreadEntry } from "../../src/syscall/scap/blocks.js";
import { EventCode } from "../../src/syscall/scap/event-table.js";
import * as w from "../../src/syscall/scap/writer.js";

export const SHARED = path.resolve(process.cwd(), "../shared");
export const TRACES = path.join(SHARED, "conformance/falco-regression/trace_files");
export const SAMPLES = [
  "cat_write",
  "connect_localhost",
  "empty",
  "open-multiple-files",
  "ping_sendto",
  "syscall",
];
export const BIG = path.join(SHARED, "bench/cat_write-x20000.scap.gz");

/** Path of a sample capture. */
export function sample(name: string): string {
  return path.join(TRACES, `${name}.scap`);
}

/** A sample's decompressed bytes. */
export function sampleBytes(name: string): Buffer {
  return gunzipSync(readFileSync(sample(name)));
}

/** True if the `sysdig` oracle is installed. */
export const HAVE_SYSDIG: boolean = (() => {
  try {
    return spawnSync("sysdig", ["--version"], { stdio: "ignore" }).status === 0;
  } catch {
    return false;
  }
})();

/** Runs `sysdig -r FILE ARGS…` and returns stdout lines. */
export function sysdig(file: string, args: readonly string[]): string[] {
  const out = execFileSync("sysdig", ["-r", file, ...args], {
    maxBuffer: 1 << 30,
    env: { ...process.env, TZ: "UTC" },
  }).toString("utf8");
  return out.split("\n").filter((l) => l !== "");
}

/** A small well-formed capture: metadata of every kind and a few events (v2 blocks unless `v1`). */
export function smallCapture(options: { v1?: boolean; evf?: boolean } = {}): Buffer {
  const threads: Partial<ThreadEntry>[] = [
    { tid: 100, pid: 100, ptid: 1, comm: "cat", exe: "/bin/cat", args: ["/etc/hosts"], cwd: "/tmp/", uid: 0 },
    { tid: 1, pid: 1, ptid: 0, comm: "init", exe: "/sbin/init", cwd: "/" },
  ];
  const fds: FdEntry[] = [
    { fd: 0, ino: 0, type: 7, name: "pipe:[1]" },
    { fd: 3, ino: 77, type: 16, name: "/etc/hosts", openFlags: 1 },
  ];
  const ev = (ts: number, type: number, params: Uint8Array[]) =>
    w.eventBlock(
      {
        ts: 1_600_000_000_000_000_000n + BigInt(ts),
        tid: 100,
        type,
        params,
        ...(options.evf ? { flags: 0 } : {}),
      },
      { v1: options.v1 === true },
    );
  return w.capture([
    w.sectionHeaderBlock(),
    w.machineInfoBlock({ hostname: "box", numCpus: 2 }),
    w.interfaceListBlock([{ type: 1, name: "lo", addr: 0x0100007f, netmask: 0xff, bcast: 0, linkspeed: 0 }]),
    w.userListBlock(
      [{ uid: 0, gid: 0, name: "root", homedir: "/root", shell: "/bin/sh" }],
      [{ gid: 0, name: "root" }],
    ),
    w.processListBlock(threads, 9),
    w.fdListBlock(100, fds),
    ev(1, EventCode.PPME_SYSCALL_OPEN_E, [w.enc.str("/etc/passwd"), w.enc.u32(1), w.enc.u32(0)]),
    ev(2, EventCode.PPME_SYSCALL_OPEN_X, [
      w.enc.u64(4),
      w.enc.str("/etc/passwd"),
      w.enc.u32(1),
      w.enc.u32(0),
      w.enc.u32(0),
    ]),
    ev(3, EventCode.PPME_SYSCALL_READ_E, [w.enc.u64(4), w.enc.u32(100)]),
    ev(4, EventCode.PPME_SYSCALL_READ_X, [w.enc.u64(5), w.enc.bytes("root:")]),
    ev(5, EventCode.PPME_SYSCALL_CLOSE_E, [w.enc.u64(4)]),
    ev(6, EventCode.PPME_SYSCALL_CLOSE_X, [w.enc.u64(0)]),
  ]);
}
