// syscall_event_drops: occurrences, the threshold on the drop ratio, the token bucket, the actions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DropMonitor } from "../../src/engine/drop-monitor.js";

test("a second without drops is not an occurrence; one with drops is, with Falco's message", () => {
  const m = new DropMonitor({ threshold: 0, actions: ["log", "alert"], rate: 1, maxBurst: 1 });
  assert.deepEqual(m.observe(1000, 0, 0).actions, []);
  const d = m.observe(1900, 100, 1000);
  assert.equal(d.drops, 100);
  assert.equal(d.events, 1000); // 900 written + 100 dropped
  assert.deepEqual(d.actions, ["log", "alert"]);
  assert.equal(d.message, "Falco internal: syscall event drop. 100 system calls dropped in last second.");
  assert.deepEqual(m.summary(), ["event drop detected: 1 occurrences", "num times actions taken: 1"]);
});

test("below the threshold a second is neither an occurrence nor an action", () => {
  const m = new DropMonitor({ threshold: 0.1, actions: ["alert"], rate: 1, maxBurst: 1 });
  assert.deepEqual(m.observe(950, 50, 0).actions, []); // 5 %
  assert.deepEqual(m.observe(1750, 250, 1000).actions, ["alert"]); // 200 / 1000 = 20 %
  assert.deepEqual(m.summary(), ["event drop detected: 1 occurrences", "num times actions taken: 1"]);
});

test("the token bucket limits actions to max_burst, then rate per second", () => {
  const m = new DropMonitor({ threshold: 0, actions: ["alert"], rate: 0.5, maxBurst: 2 });
  const taken = [0, 1, 2, 3, 4, 5].map((s) => m.observe(0, (s + 1) * 10, s * 1000).actions.length);
  // the burst of 2 plus half a token a second: tokens 2, 1.5, 1, 0.5, 1, 0.5 before each claim
  assert.deepEqual(taken, [1, 1, 1, 0, 1, 0]);
  assert.equal(m.occurrences, 6);
  assert.equal(m.actionsTaken, 4);
});

test("ignore runs nothing, but the occurrence and the claimed action count, as Falco counts them", () => {
  const m = new DropMonitor({ threshold: 0, actions: ["ignore"], rate: 1, maxBurst: 1 });
  assert.deepEqual(m.observe(0, 5, 0).actions, []);
  assert.deepEqual(m.summary(), ["event drop detected: 1 occurrences", "num times actions taken: 1"]);
});
