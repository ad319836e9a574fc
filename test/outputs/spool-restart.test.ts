// The disk spool through the pipeline, with a real HTTP receiver on loopback: alerts raised while the
// receiver is down survive a restart of the pipeline (a new one on the same spool directory) and are
// delivered exactly once and in order when it comes back; a restart in the middle of delivering the
// spool re-sends nothing; a receiver that fails mid-stream loses nothing; a full spool drops and counts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatAlertJson } from "../../src/outputs/alert.js";
import type { OutputsOptions } from "../../src/outputs/options.js";
import { OutputPipeline } from "../../src/outputs/pipeline.js";
import { httpReceiver, logSink, makeAlert, type Receiver, scratch, until } from "./receivers.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = scratch("lanner-spool-restart-"));
});
afterEach(() => cleanup());

const fmt = { timeFormatIso8601: true, hostname: "h" };
const json = (n: number) => formatAlertJson(makeAlert(n), fmt);

function options(rx: Receiver, spool: OutputsOptions["spool"] = {}): OutputsOptions {
  return {
    hostname: "h",
    json_output: true,
    time_format_iso_8601: true,
    retry: { initial_delay_ms: 10, max_delay_ms: 50 },
    spool: { directory: join(dir, "spool"), ...spool },
    http_output: { enabled: true, url: rx.url },
  };
}

/** The alert numbers the receiver got, in arrival order. */
const numbers = (rx: Receiver) => rx.received.map((r) => Number(/\(n=(\d+) /.exec(r.body)?.[1]));
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const segments = () => readdirSync(join(dir, "spool", "http")).filter((f) => f.startsWith("seg-"));

test("1,000 alerts raised while the receiver is down survive a restart and are delivered exactly once, in order", async () => {
  const rx = await httpReceiver({ listen: false });
  const log1 = logSink();
  const first = new OutputPipeline(options(rx), { onLog: log1.onLog });
  for (let i = 0; i < 1000; i++) first.emit(makeAlert(i));
  await first.close(300);
  const s1 = first.stats().channels.http;
  assert.equal(s1?.sent, 0);
  assert.equal(s1?.spooled, 1000);
  assert.equal(s1?.dropped, 0);
  assert.equal(s1?.spoolPending, 1000);
  const text1 = log1.lines.map((l) => l.message).join("\n");
  assert.match(
    text1,
    /http output: delivery failed \(ECONNREFUSED: .*\); spooling; 1000 alerts in the spool; retry 1 in \d+ ms/,
  );
  assert.match(text1, /1000 undelivered alerts kept in the spool; they are sent when Lanner starts again/);

  // The restart: a new pipeline on the same spool directory, the receiver still down.
  const log2 = logSink();
  const second = new OutputPipeline(options(rx), { onLog: log2.onLog });
  assert.equal(second.stats().channels.http?.spoolPending, 1000);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(rx.received.length, 0);
  // New alerts raised meanwhile queue up behind the spooled ones.
  for (let i = 1000; i < 1010; i++) second.emit(makeAlert(i));

  await rx.start();
  await until(() => rx.received.length >= 1010, 20_000, "1,010 deliveries");
  await second.close();
  assert.deepEqual(numbers(rx), range(0, 1010), "each alert once, in order");
  for (const [i, r] of rx.received.entries()) assert.equal(r.raw.toString("utf8"), json(i));
  const s2 = second.stats().channels.http;
  assert.equal(s2?.sent, 1010);
  assert.equal(s2?.spoolPending, 0);
  assert.deepEqual(segments(), [], "a delivered spool leaves no segment behind");
  const text2 = log2.lines.map((l) => l.message).join("\n");
  assert.match(text2, /resuming spool .*: 1000 undelivered alerts/);
  assert.match(text2, /http output: receiver is back after \d+ failed attempts/);

  // A third start re-sends nothing: the acknowledgements were recorded.
  const third = new OutputPipeline(options(rx), { onLog: logSink().onLog });
  assert.equal(third.stats().channels.http?.spoolPending, 0);
  await third.flush(200);
  await third.close();
  assert.equal(rx.received.length, 1010);
  await rx.stop();
});

test("a restart in the middle of delivering the spool neither loses nor repeats an alert", async () => {
  const rx = await httpReceiver({ listen: false, delayMs: 1 });
  const first = new OutputPipeline(options(rx), { onLog: logSink().onLog });
  for (let i = 0; i < 1000; i++) first.emit(makeAlert(i));
  await first.close(100);
  assert.equal(first.stats().channels.http?.spoolPending, 1000);

  await rx.start();
  const second = new OutputPipeline(options(rx), { onLog: logSink().onLog });
  await until(() => rx.received.length >= 300, 20_000, "300 deliveries");
  // Stop at once (SIGTERM with no grace): the delivery in flight completes, the rest stays spooled.
  await second.close(0);
  const delivered = rx.received.length;
  assert.ok(delivered < 1000, `stopped mid-way (${delivered} delivered)`);
  assert.equal(second.stats().channels.http?.spoolPending, 1000 - delivered);

  const third = new OutputPipeline(options(rx), { onLog: logSink().onLog });
  await until(() => rx.received.length >= 1000, 20_000, "1,000 deliveries");
  await third.close();
  await rx.stop();
  assert.deepEqual(numbers(rx), range(0, 1000));
});

test("a receiver failing mid-stream: alerts go to the spool and follow in order once it answers again", async () => {
  let down = false;
  const rx = await httpReceiver({ status: () => (down ? 503 : 200) });
  const log = logSink();
  const p = new OutputPipeline(options(rx), { onLog: log.onLog });
  for (let i = 0; i < 300; i++) p.emit(makeAlert(i));
  await until(() => rx.received.length >= 100, 20_000, "100 deliveries");
  down = true;
  for (let i = 300; i < 600; i++) p.emit(makeAlert(i));
  await until(() => (p.stats().channels.http?.spooled ?? 0) > 0, 5000, "spooling");
  await new Promise((r) => setTimeout(r, 100));
  down = false;
  for (let i = 600; i < 700; i++) p.emit(makeAlert(i));
  await p.flush(20_000);
  await p.close();
  await rx.stop();
  assert.deepEqual(numbers(rx), range(0, 700));
  const s = p.stats().channels.http;
  assert.equal(s?.sent, 700);
  assert.equal(s?.dropped, 0);
  assert.ok((s?.failed ?? 0) > 0);
});

test("a full spool drops the oldest alerts, counts and logs them; the newest are delivered", async () => {
  const rx = await httpReceiver({ listen: false });
  const log = logSink();
  const record = 16 + Buffer.byteLength(json(0));
  const p = new OutputPipeline(options(rx, { max_bytes: record * 100 }), { onLog: log.onLog });
  for (let i = 0; i < 1000; i++) p.emit(makeAlert(i));
  await new Promise((r) => setTimeout(r, 100));
  await rx.start();
  await p.flush(20_000);
  await p.close();
  await rx.stop();
  const got = numbers(rx);
  const s = p.stats().channels.http;
  assert.equal(
    (s?.sent ?? 0) + (s?.dropped ?? 0),
    1000,
    "every alert is either delivered or counted as dropped",
  );
  assert.ok((s?.dropped ?? 0) >= 890, `dropped ${s?.dropped}`);
  assert.deepEqual(got, range(1000 - got.length, 1000), "the newest survive, in order");
  const reported = log.lines
    .filter((l) => /dropped \d+ alert/.test(l.message))
    .reduce((a, l) => a + Number(/dropped (\d+) alert/.exec(l.message)?.[1]), 0);
  assert.equal(reported, s?.dropped, "every drop is logged");
  assert.match(log.lines.map((l) => l.message).join("\n"), /spool full \(drop_oldest\)/);
});

test("drop_newest keeps the oldest alerts instead", async () => {
  const rx = await httpReceiver({ listen: false });
  const record = 16 + Buffer.byteLength(json(0));
  const p = new OutputPipeline(options(rx, { max_bytes: record * 100, when_full: "drop_newest" }), {
    onLog: logSink().onLog,
  });
  for (let i = 0; i < 1000; i++) p.emit(makeAlert(i));
  await new Promise((r) => setTimeout(r, 100));
  await rx.start();
  await p.flush(20_000);
  await p.close();
  await rx.stop();
  const got = numbers(rx);
  // About 100 fit: later alerts are a few bytes longer than alert 0 (more digits).
  assert.ok(got.length >= 95 && got.length <= 100, `${got.length} delivered`);
  assert.deepEqual(got, range(0, got.length));
  assert.equal(p.stats().channels.http?.dropped, 1000 - got.length);
});

test("write_ahead: alerts survive a crash (SIGKILL) of the process that raised them", async () => {
  const rx = await httpReceiver({ listen: false });
  const here = fileURLToPath(new URL(".", import.meta.url));
  const script = join(dir, "crash.mjs");
  const opts = { ...options(rx, { write_ahead: true }) };
  writeFileSync(
    script,
    `import { OutputPipeline } from ${JSON.stringify(pathToFileURL(resolve(here, "../../src/outputs/pipeline.js")).href)};
import { makeAlert } from ${JSON.stringify(pathToFileURL(resolve(here, "receivers.js")).href)};
const p = new OutputPipeline(${JSON.stringify(opts)}, { onLog: () => {} });
for (let i = 0; i < 100; i++) p.emit(makeAlert(i));
setImmediate(() => process.kill(process.pid, "SIGKILL"));
`,
  );
  const crashed = spawnSync(process.execPath, [script]);
  assert.equal(crashed.signal, "SIGKILL");
  await rx.start();
  const p = new OutputPipeline(opts, { onLog: logSink().onLog });
  await until(() => rx.received.length >= 100, 20_000, "100 deliveries");
  // Alerts raised now also go through the spool first.
  p.emit(makeAlert(100));
  await p.close();
  await rx.stop();
  assert.deepEqual(numbers(rx), range(0, 101));
  assert.equal(p.stats().channels.http?.spooled, 1);
});

test("with a spool, a full memory queue moves to disk instead of dropping; order is kept", async () => {
  const rx = await httpReceiver({ delayMs: 5 });
  const log = logSink();
  const p = new OutputPipeline({ ...options(rx), outputs_queue: { capacity: 5 } }, { onLog: log.onLog });
  // The first alert goes out at once; while it is in flight, the queue fills and spills to the spool
  // (the alert in flight first, as it is the oldest).
  for (let i = 0; i < 200; i++) p.emit(makeAlert(i));
  await p.flush(20_000);
  await p.close();
  await rx.stop();
  assert.deepEqual(numbers(rx), range(0, 200));
  const s = p.stats().channels.http;
  assert.equal(s?.dropped, 0);
  assert.equal(s?.sent, 200);
  assert.ok((s?.spooled ?? 0) >= 195, `spooled ${s?.spooled}`);
  assert.equal(s?.failed, 0);
});
