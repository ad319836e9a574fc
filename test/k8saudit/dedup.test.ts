// The window of recently seen auditID + stage keys: bounded in size and in age.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { auditEventKey, DedupWindow } from "../../src/k8saudit/dedup.js";
import { eventOf } from "./helpers.js";

test("keys are remembered for the window, then forgotten", () => {
  let now = 1000;
  const w = new DedupWindow({ windowMs: 100, now: () => now });
  w.add("a");
  assert.equal(w.has("a"), true);
  assert.equal(w.has("b"), false);
  now += 99;
  assert.equal(w.has("a"), true);
  now += 1;
  assert.equal(w.has("a"), false);
  w.add("b"); // adding expires what is too old
  assert.equal(w.size, 1);
});

test("over capacity the oldest keys are forgotten first", () => {
  const w = new DedupWindow({ capacity: 3 });
  for (const k of ["a", "b", "c", "d"]) w.add(k);
  assert.deepEqual(
    ["a", "b", "c", "d"].map((k) => w.has(k)),
    [false, true, true, true],
  );
  w.add("b"); // re-adding refreshes
  w.add("e");
  assert.deepEqual(
    ["b", "c", "d", "e"].map((k) => w.has(k)),
    [true, false, true, true],
  );
  assert.equal(w.size, 3);
  w.clear();
  assert.equal(w.size, 0);
});

test("the key is auditID and stage; events without an auditID have none", () => {
  const a = eventOf({ auditID: "x", stage: "ResponseComplete" });
  const b = eventOf({ auditID: "x", stage: "RequestReceived" });
  assert.notEqual(auditEventKey(a), auditEventKey(b));
  assert.equal(
    auditEventKey(a),
    auditEventKey(eventOf({ auditID: "x", stage: "ResponseComplete", verb: "get" })),
  );
  assert.equal(auditEventKey(eventOf({ stage: "ResponseComplete" })), undefined);
  assert.equal(auditEventKey(eventOf({ auditID: 12, stage: "ResponseComplete" })), undefined);
});

test("a remembered key does not keep its event's text alive", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const keys = new DedupWindow();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    // A 1 MB body the key's values are slices of.
    const e = eventOf({
      auditID: `id-${i}-0123456789abcdef0123456789`,
      stage: "ResponseComplete",
      pad: "x".repeat(1 << 20),
    });
    keys.add(auditEventKey(e) as string);
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(keys.size, 40);
  assert.ok(grown < 8 << 20, `heap grew by ${(grown / 2 ** 20).toFixed(1)} MiB for 40 keys`);
});
