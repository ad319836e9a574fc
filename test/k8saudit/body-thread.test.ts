// Webhook bodies read in the reading thread give what reading them in the calling thread gives
// (events, their documents, times, deduplication keys and diagnostics), in the order given; once
// the thread is gone, the bodies it held and every later one are still read.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { type BodyRead, BodyReader } from "../../src/k8saudit/body-thread.js";
import { readAuditFile } from "../../src/k8saudit/index.js";
import { TRACE_DIR, traceFiles } from "./helpers.js";
import { eventList } from "./webhook-client.js";

async function sampleTexts(): Promise<string[]> {
  const texts: string[] = [];
  for (const f of traceFiles())
    for (const e of (await readAuditFile(resolve(TRACE_DIR, f))).events) texts.push(e.text);
  return texts;
}

/** The events of a read, numbered from 1. */
function eventsOf(r: BodyRead) {
  return Array.from({ length: r.count }, (_, i) => r.event(i, i + 1, 0n));
}

/** What a read gives, in comparable form: what the rules and the receiver use of each event. */
function summary(r: BodyRead) {
  return {
    events: eventsOf(r).map((e) => ({
      text: e.text,
      tsNs: e.tsNs,
      root: e.doc.root,
      index: e.doc.rootIndex(),
      stage: e.doc.asString(e.doc.member(e.doc.root, "stage") as number),
    })),
    keys: r.keys,
    diagnostics: r.diagnostics,
  };
}

test("bodies read in the thread give what reading them here gives, in order", async () => {
  const texts = await sampleTexts();
  const big: string[] = [];
  for (let i = 0; i < 400; i++) big.push(texts[i % texts.length] as string);
  const bodies = [
    Buffer.from(eventList(big)), // over 500 KB: cut into items on its bytes
    Buffer.from(eventList(texts.slice(0, 3))),
    Buffer.from('{"kind":"EventList","items":[{"kind":"Event"'), // malformed JSON
    Buffer.from(eventList([texts[0] as string, '{"not":"an event"}'])), // a partly bad batch
    Buffer.from(texts.slice(0, 4).join("\n")), // JSON lines
  ];
  // Cut into items too, with characters outside ASCII in some (bytes and text offsets differ).
  const accented = big.map((t, i) => (i % 3 === 0 ? t.replace('"auditID":"', '"auditID":"é-') : t));
  bodies.push(Buffer.from(eventList(accented)));
  // A body that is a view into a larger buffer (as socket chunks are) is read as its own bytes.
  const pool = Buffer.from(`xxxx${eventList(texts.slice(2, 5))}yyyy`);
  bodies.push(pool.subarray(4, pool.length - 4));

  const threaded = new BodyReader({ keys: true });
  const here = new BodyReader({ keys: true, threaded: false });
  try {
    assert.equal(threaded.threaded, true);
    const got = await Promise.all(bodies.map((b) => threaded.read(b)));
    assert.equal(threaded.threaded, true, "the thread kept working");
    for (const [i, b] of bodies.entries()) {
      const want = await here.read(b);
      assert.deepEqual(summary(got[i] as BodyRead), summary(want), `body ${i}`);
    }
    assert.equal(got[0]?.count, 400);
    assert.equal(got[2]?.count, 0);
    assert.match(got[2]?.diagnostics[0]?.reason ?? "", /^invalid JSON/);
    assert.equal(got[3]?.count, 1);
    assert.equal(got[3]?.diagnostics.length, 1);
    assert.equal(got[5]?.count, 400);
    assert.ok(eventsOf(got[5] as BodyRead)[3]?.text.includes('"auditID":"é-'));
    assert.equal(got[6]?.count, 3);
    assert.ok(got[0]?.keys.every((k) => typeof k === "string" && k.includes("\u0000")));
  } finally {
    await threaded.close();
  }
});

test("close() with bodies in the thread: they are read here, in order, and so is every later body", async () => {
  const texts = await sampleTexts();
  const failures: Error[] = [];
  const reader = new BodyReader({ keys: false, onThreadFailure: (e) => failures.push(e) });
  const pending = texts.slice(0, 6).map((t) => reader.read(Buffer.from(eventList([t]))));
  await reader.close();
  assert.equal(reader.threaded, false);
  const got = await Promise.all(pending);
  assert.deepEqual(
    got.map((r) => eventsOf(r).map((e) => e.text)),
    texts.slice(0, 6).map((t) => [t]),
  );
  assert.deepEqual(got[0]?.keys, [], "no keys asked for");
  const later = await reader.read(Buffer.from(eventList(texts.slice(0, 2))));
  assert.equal(later.count, 2);
  assert.deepEqual(failures, [], "closing is not a failure");
});
