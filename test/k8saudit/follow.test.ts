// Following an audit log like `tail -F`, on real files in a temporary directory: appended lines,
// lines split across writes, rename + new file (lumberjack's rotation), writers that keep writing to
// the renamed file for a moment, copy + truncate, starting at the end, a file that appears later.
// Every event must be read exactly once, in order.
import assert from "node:assert/strict";
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { appendFile, open, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type AuditLogFollower,
  type FollowNotice,
  type FollowOptions,
  followAuditLog,
} from "../../src/k8saudit/follow.js";
import { AuditEventSequence, auditObject, readAuditFile } from "../../src/k8saudit/index.js";
import { TRACE_DIR } from "./helpers.js";

let template: [string, string];
let dir: string;
let fileNo = 0;

before(async () => {
  const e = (await readAuditFile(join(TRACE_DIR, "exec_pod.json"))).events[0];
  assert.ok(e);
  const parts = e.text.split(/"auditID":"[^"]*"/);
  assert.equal(parts.length, 2);
  template = [`${parts[0]}"auditID":"`, `"${parts[1]}`];
  dir = mkdtempSync(join(tmpdir(), "lanner-follow-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The log line of event `i` (its auditID says which). */
const line = (i: number) => `${template[0]}ev-${i}${template[1]}\n`;
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => line(from + k)).join("");
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `ev-${from + k}`);
const newPath = () => join(dir, `audit-${++fileNo}.log`);

/** Follows `path` in the background, gathering auditIDs, diagnostics and notices. */
function collect(path: string, options: FollowOptions = {}) {
  const ids: string[] = [];
  const nums: number[] = [];
  const diagnostics: string[] = [];
  const notices: FollowNotice[] = [];
  const follower: AuditLogFollower = followAuditLog(path, {
    pollIntervalMs: 30,
    rotateGraceMs: 200,
    ...options,
    onNotice: (n) => notices.push(n),
  });
  const done = (async () => {
    for await (const r of follower) {
      for (const e of r.events) {
        ids.push(String(auditObject(e).auditID));
        nums.push(e.num);
      }
      for (const d of r.diagnostics) diagnostics.push(`${d.line}: ${d.reason}`);
    }
  })();
  /** Waits until `n` events were read (and a little longer, to catch extra ones). */
  const until = async (n: number, timeoutMs = 5000) => {
    const end = Date.now() + timeoutMs;
    while (ids.length < n && Date.now() < end) await sleep(10);
    await sleep(100);
  };
  return { follower, ids, nums, diagnostics, notices, done, until };
}

describe("followAuditLog", () => {
  test("reads what is there, then appended lines, joining lines split across writes", async () => {
    const path = newPath();
    writeFileSync(path, lines(0, 5));
    const c = collect(path);
    await c.until(5);
    assert.deepEqual(c.ids, range(0, 5));
    // One line written in three pieces, with pauses longer than the poll interval.
    const l = line(5);
    for (const piece of [l.slice(0, 10), l.slice(10, 300), l.slice(300)]) {
      appendFileSync(path, piece);
      await sleep(60);
    }
    appendFileSync(path, lines(6, 20));
    await c.until(20);
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(0, 20));
    assert.deepEqual(
      c.nums,
      range(0, 20).map((_, i) => i + 1),
    );
    assert.deepEqual(c.diagnostics, []);
  });

  test("rename + new file: the old file is drained, the new one read from its start", async () => {
    const path = newPath();
    writeFileSync(path, lines(0, 10));
    const c = collect(path);
    await c.until(10);
    // Written just before the rotation, possibly not seen yet when the path changes.
    appendFileSync(path, lines(10, 15));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(15, 20));
    await c.until(20);
    appendFileSync(path, lines(20, 30));
    await c.until(30);
    // And a second rotation.
    renameSync(path, `${path}.2`);
    await sleep(80); // the path is missing for a while
    writeFileSync(path, lines(30, 35));
    await c.until(35);
    await sleep(250); // past the grace time of the second rotated file
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(0, 35));
    assert.deepEqual(c.diagnostics, []);
    assert.equal(c.follower.stats.rotations, 2);
    assert.deepEqual(
      c.notices.map((n) => n.kind),
      ["opened", "rotated", "opened", "released", "rotated", "opened", "released"],
    );
  });

  test("a writer that keeps writing to the renamed file for a moment (logrotate create mode)", async () => {
    const path = newPath();
    const fh = await open(path, "a");
    await fh.write(lines(0, 5));
    const c = collect(path, { rotateGraceMs: 500 });
    await c.until(5);
    await rename(path, `${path}.1`);
    await fh.write(lines(5, 8)); // still the old descriptor
    await sleep(100);
    await fh.write(lines(8, 10));
    await fh.close();
    await appendFile(path, lines(10, 15)); // the writer reopened the path
    await c.until(15);
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(0, 15));
  });

  test("copy + truncate: the lines written after the truncation are read", async () => {
    const path = newPath();
    writeFileSync(path, lines(0, 10));
    const c = collect(path);
    await c.until(10);
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    await sleep(80);
    appendFileSync(path, lines(10, 13));
    await c.until(13);
    assert.equal(c.follower.stats.truncations, 1);
    // Truncated and refilled at once: the file shrank below what was read, so it is noticed.
    truncateSync(path, 0);
    appendFileSync(path, lines(13, 15));
    await c.until(15);
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(0, 15));
    assert.deepEqual(c.diagnostics, []);
  });

  test("fromEnd skips what is there but reads a line being written at the end", async () => {
    const path = newPath();
    const half = line(5).slice(0, 100);
    writeFileSync(path, lines(0, 5) + half);
    const c = collect(path, { fromEnd: true });
    await sleep(100);
    assert.deepEqual(c.ids, []);
    appendFileSync(path, line(5).slice(100) + lines(6, 9));
    await c.until(4);
    // After a rotation the new file is read whole.
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(9, 12));
    await c.until(7);
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(5, 12));
    assert.equal(c.notices[0]?.offset, Buffer.byteLength(lines(0, 5)));
    // A file that was not there at start is new: read whole even with fromEnd.
    const later = newPath();
    const d = collect(later, { fromEnd: true });
    await sleep(80);
    writeFileSync(later, lines(0, 3));
    await d.until(3);
    await d.follower.close();
    await d.done;
    assert.deepEqual(d.ids, range(0, 3));
  });

  test("a file that does not exist yet is read once it appears; polling alone works too", async () => {
    const path = newPath();
    const c = collect(path, { watch: false });
    await sleep(80);
    writeFileSync(path, lines(0, 3));
    await c.until(3);
    appendFileSync(path, lines(3, 6));
    await c.until(6);
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(0, 6));
  });

  test("bad lines are reported with their line number and reading goes on", async () => {
    const path = newPath();
    writeFileSync(path, `${line(0)}not json\n{"kind":"Pod"}\n${line(1)}`);
    const c = collect(path);
    await c.until(2);
    await c.follower.close();
    await c.done;
    assert.deepEqual(c.ids, range(0, 2));
    assert.equal(c.diagnostics.length, 2);
    assert.match(c.diagnostics[0] ?? "", /^2: invalid JSON/);
    assert.match(c.diagnostics[1] ?? "", /^3: /);
  });

  test("a busy writer rotating every 200 lines: 3000 events, each read once, in order", async () => {
    const path = newPath();
    const sequence = new AuditEventSequence();
    const c = collect(path, { sequence, rotateGraceMs: 100 });
    let fh = await open(path, "a");
    let inFile = 0;
    let rotation = 0;
    for (let i = 0; i < 3000; i++) {
      const l = line(i);
      // Some lines in two writes, the way a buffered writer may flush them.
      if (i % 7 === 0) {
        await fh.write(l.slice(0, 50));
        await fh.write(l.slice(50));
      } else await fh.write(l);
      if (++inFile === 200) {
        // lumberjack: close, rename to a timestamped name, open a new file at the path.
        await fh.close();
        await rename(path, `${path}.${++rotation}`);
        fh = await open(path, "a");
        inFile = 0;
      }
      if (i % 50 === 0) await sleep(1);
    }
    await fh.close();
    await c.until(3000, 20000);
    await c.follower.close();
    await c.done;
    assert.equal(c.ids.length, 3000);
    assert.deepEqual(c.ids, range(0, 3000));
    assert.equal(sequence.nextNum, 3001);
    assert.deepEqual(c.diagnostics, []);
  });

  test("close() ends the iteration while it waits, and from inside the loop", async () => {
    const path = newPath();
    writeFileSync(path, lines(0, 3));
    const c = collect(path);
    await c.until(3);
    await c.follower.close();
    await c.done;
    // Closing from the loop body, at the first result.
    const f = followAuditLog(path, { pollIntervalMs: 30 });
    let results = 0;
    for await (const _ of f) {
      results++;
      await f.close();
    }
    assert.equal(results, 1);
    // A follower never iterated closes too; one already closed cannot be iterated.
    const g = followAuditLog(path);
    await g.close();
    assert.throws(() => g[Symbol.asyncIterator]());
    // An aborted signal stops it.
    const ac = new AbortController();
    const h = collect(path, { signal: ac.signal });
    await h.until(3);
    ac.abort();
    await h.done;
    assert.deepEqual(h.ids, range(0, 3));
  });
});
