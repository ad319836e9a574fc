// The disk spool on a real directory: order, acknowledgements that survive reopening, segment rotation
// and deletion, torn tails cut after a crash, the size bound (drop oldest / drop newest, counted), and
// the directory lock.
import assert from "node:assert/strict";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { Spool, type SpoolSettings } from "../../src/outputs/spool.js";
import { logSink, scratch } from "./receivers.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = scratch("lanner-spool-"));
});
afterEach(() => cleanup());

function open(over: Partial<SpoolSettings> = {}) {
  const drops: { n: number; reason: string }[] = [];
  const log = logSink();
  const spool = new Spool({
    directory: dir,
    maxBytes: 1024 * 1024,
    segmentBytes: 64 * 1024,
    whenFull: "drop_oldest",
    onDrop: (n, reason) => drops.push({ n, reason }),
    log: log.onLog,
    label: "test output",
    ...over,
  });
  return { spool, drops, log };
}

const payloads = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `alert ${from + i}`);
const segments = () => readdirSync(dir).filter((f) => f.startsWith("seg-"));

test("records come back in order; acknowledged ones are never read again, even after reopening", () => {
  const a = open();
  a.spool.append(payloads(0, 10));
  assert.equal(a.spool.pendingCount, 10);
  const first = a.spool.peek(4);
  assert.deepEqual(
    first.map((r) => r.payload),
    payloads(0, 4),
  );
  a.spool.ack((first[3] as { seq: number }).seq);
  assert.equal(a.spool.pendingCount, 6);
  a.spool.close();
  assert.equal(readFileSync(join(dir, "ack"), "utf8"), `${"4".padStart(20, "0")}\n`);

  const b = open();
  assert.equal(b.spool.pendingCount, 6);
  assert.deepEqual(
    b.spool.peek(100).map((r) => r.payload),
    payloads(4, 10),
  );
  assert.match(b.log.lines.map((l) => l.message).join("\n"), /resuming spool .*: 6 undelivered alerts/);
  b.spool.append(["alert 10"]);
  const all = b.spool.peek(100);
  assert.deepEqual(
    all.map((r) => r.payload),
    payloads(4, 11),
  );
  assert.deepEqual(
    all.map((r) => r.seq),
    [5, 6, 7, 8, 9, 10, 11],
  );
  b.spool.ack(11);
  assert.equal(b.spool.pendingCount, 0);
  assert.deepEqual(segments(), [], "a delivered spool leaves no segment behind");
  b.spool.close();
});

test("a nack leaves records in place; unicode payloads round-trip", () => {
  const { spool } = open();
  spool.append(["é ✓ 日本", "second"]);
  assert.deepEqual(
    spool.peek(1).map((r) => r.payload),
    ["é ✓ 日本"],
  );
  assert.equal(spool.nack(), 0);
  assert.deepEqual(
    spool.peek(5).map((r) => r.payload),
    ["é ✓ 日本", "second"],
  );
  spool.close();
});

test("segments rotate at segment_bytes and are deleted once delivered", () => {
  const { spool } = open({ segmentBytes: 1000 });
  const big = (i: number) => `${"x".repeat(300)} ${i}`;
  spool.append(Array.from({ length: 10 }, (_, i) => big(i)));
  spool.flushTail();
  assert.ok(segments().length >= 4, `expected several segments, got ${segments().join(",")}`);
  let n = 0;
  while (spool.pendingCount > 0) {
    const recs = spool.peek(3);
    for (const r of recs) assert.equal(r.payload, big(n++));
    spool.ack((recs[recs.length - 1] as { seq: number }).seq);
    assert.ok(segments().length <= Math.ceil((10 - n) / 3) + 1);
  }
  assert.equal(n, 10);
  assert.deepEqual(segments(), []);
  spool.close();
});

test("a torn record at the end of a segment (crash while writing) is cut off on reopen", () => {
  const a = open();
  a.spool.append(payloads(0, 3));
  a.spool.close();
  const seg = join(dir, segments()[0] as string);
  // Half a record: a header claiming 100 bytes, then 5.
  const torn = Buffer.alloc(21);
  torn.writeUInt32BE(100, 0);
  appendFileSync(seg, torn);
  const b = open();
  assert.equal(b.spool.pendingCount, 3);
  assert.match(
    b.log.lines.map((l) => l.message).join("\n"),
    /21 bytes of a torn or corrupt record discarded/,
  );
  b.spool.append(["after"]);
  assert.deepEqual(
    b.spool.peek(10).map((r) => r.payload),
    [...payloads(0, 3), "after"],
  );
  b.spool.close();
});

test("drop_oldest: when full, the oldest records go and are counted", () => {
  // Each record is 16 bytes of header + 8 of payload = 24 bytes; 10 fit in 240.
  const { spool, drops } = open({ maxBytes: 240 });
  spool.append(payloads(0, 10).map((p) => p.padEnd(8, ".")));
  assert.equal(spool.pendingBytes, 240);
  spool.append(payloads(10, 13).map((p) => p.padEnd(8, ".")));
  assert.equal(spool.pendingCount, 10);
  assert.deepEqual(drops, [
    { n: 1, reason: "spool full (drop_oldest)" },
    { n: 1, reason: "spool full (drop_oldest)" },
    { n: 1, reason: "spool full (drop_oldest)" },
  ]);
  assert.deepEqual(
    spool.peek(100).map((r) => r.payload.replace(/\.+$/, "")),
    payloads(3, 13),
  );
  spool.close();
  const again = open({ maxBytes: 240 });
  assert.equal(again.spool.pendingCount, 10, "evictions are recorded in the ack");
  again.spool.close();
});

test("drop_newest: when full, new records are refused and counted", () => {
  const { spool, drops } = open({ maxBytes: 240, whenFull: "drop_newest" });
  spool.append(payloads(0, 13).map((p) => p.padEnd(8, ".")));
  assert.equal(spool.pendingCount, 10);
  assert.deepEqual(drops, [{ n: 3, reason: "spool full (drop_newest)" }]);
  assert.deepEqual(
    spool.peek(100).map((r) => r.payload.replace(/\.+$/, "")),
    payloads(0, 10),
  );
  spool.close();
});

test("records evicted while in flight are reported by nack, not as drops", () => {
  const { spool, drops } = open({ maxBytes: 240 });
  spool.append(payloads(0, 10).map((p) => p.padEnd(8, ".")));
  const inflight = spool.peek(2);
  assert.equal(inflight.length, 2);
  spool.append(payloads(10, 13).map((p) => p.padEnd(8, ".")));
  assert.equal(
    drops.reduce((a, d) => a + d.n, 0),
    1,
    "only the record not in flight is reported at once",
  );
  assert.equal(spool.nack(), 2, "the two in flight were evicted: lost if their delivery failed");
  spool.close();
});

test("the directory is locked while open", () => {
  const a = open();
  assert.throws(() => open(), /already in use/);
  a.spool.close();
  const b = open();
  b.spool.close();
});
