// Loss accounting under load: a load generator makes ~10 s of openat calls as fast as one core allows
// (the target is ≥ 300,000/s; the rate reached is printed, not asserted: timing is the benchmark's job)
// while the probe streams into Lanner's scap reader. Every event the kernel side wrote reaches the
// reader, and every event of the generator that did not arrive is counted as a drop.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { probeStatus, startProbe } from "../../src/syscall/live/probe.js";
import { readScap } from "../../src/syscall/scap/reader.js";
import { LiveAgent } from "../helpers/live-agent.js";

const loadgen = path.resolve(process.cwd(), "native/build/loadgen");
const status = probeStatus();
const skip = !status.available
  ? `the live probe cannot run here: ${status.reason}`
  : !existsSync(loadgen)
    ? `${loadgen} is not built (make -C native)`
    : false;

// Asynchronous: the reader runs in this process and must keep reading while the generator runs.
const run = async (...args: string[]) =>
  (await promisify(execFile)(loadgen, args)).stdout.trim().split(" ").map(Number);
const OPENAT_X = 307;

test("every event written is received, and the generator's shortfall is the drop count", {
  skip,
}, async () => {
  const probe = startProbe({ syscalls: ["openat"], ringbufMiB: 64 });
  let total = 0;
  const perTid = new Map<number, number>();
  const reading = readScap(probe.stream, {
    onEvent(evt) {
      total++;
      // The generator's calls are the failed ones (ENOENT); its loader's openat calls succeed.
      if (evt.type === OPENAT_X && evt.paramI64(0) === -2)
        perTid.set(evt.tid, (perTid.get(evt.tid) ?? 0) + 1);
      return undefined;
    },
  });
  await probe.ready;
  // Calibrate to ~10 s of calls on this machine, then run them.
  const [nsPerCall] = await run("enoent", "200000");
  const calls = Math.max(3_000_000, Math.round(10e9 / (nsPerCall as number)));
  const [ns, made, pid] = await run("enoent", String(calls));
  probe.stop();
  const result = await reading;
  await probe.exited;
  assert.equal(result.error, undefined);
  const stats = probe.lastStats();
  assert.ok(stats, "the probe reported its counters");
  const rate = 1e9 / (ns as number);
  const got = perTid.get(pid as number) ?? 0;
  const want = made as number;
  console.log(
    `loss test: ${made} openat calls at ${Math.round(rate).toLocaleString("en-US")}/s; ` +
      `${got}/${want} generator exit events received, ${stats.drops} dropped in all, ${stats.events} written`,
  );
  // Nothing is lost between the ring buffer and the reader.
  assert.equal(total, stats.events);
  // The generator's events: none invented, and every missing one counted as a drop.
  assert.ok(got <= want);
  assert.ok(got + stats.drops >= want, `${want - got} missing but only ${stats.drops} drops counted`);
  if (stats.drops === 0) assert.equal(got, want);
});

test("drops raise Falco's 'syscall event drop' alert through lanner run, rate-limited by the token bucket", {
  skip,
}, async () => {
  // A 1 MiB ring (buf_size_preset 1) and a generator far faster than it drains.
  const agent = new LiveAgent(
    [path.resolve("rules/lanner_rules.yaml")],
    [
      "engine.modern_ebpf.buf_size_preset=1",
      "syscall_event_drops.actions[]=alert",
      "syscall_event_drops.threshold=0",
      "syscall_event_drops.max_burst=1",
      // One token per 1000 s: however long a loaded machine takes, the bucket allows one alert.
      "syscall_event_drops.rate=0.001",
    ],
  );
  await agent.ready();
  await Promise.all([run("open", "2000000"), run("open", "2000000")]);
  await new Promise((r) => setTimeout(r, 1500));
  await agent.stop();
  const { err } = agent;
  const drops = agent.alerts().filter((a) => a.rule === "Falco internal: syscall event drop");
  const occurrences = Number(/event drop detected: (\d+) occurrences/.exec(err)?.[1] ?? "0");
  const taken = Number(/num times actions taken: (\d+)/.exec(err)?.[1] ?? "-1");
  assert.ok(occurrences >= 1, `no drop was detected:\n${err}`);
  // max_burst 1 and a rate of one per 1000 s: one alert however many seconds had drops.
  assert.equal(drops.length, 1);
  assert.equal(taken, 1);
  const a = drops[0];
  assert.equal(a?.priority, "Critical");
  assert.match(
    a?.output ?? "",
    /Falco internal: syscall event drop\. \d+ system calls dropped in last second\.$/,
  );
  assert.ok(Number(a?.output_fields.n_drops) > 0);
});
