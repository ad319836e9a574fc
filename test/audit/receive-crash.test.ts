// `lanner audit receive` as a real process, killed with SIGKILL in the middle of a stream: several
// clients post batches of events of varied sizes (with a tiny rotation size, so batches straddle
// rotations), the receiver is killed while requests are in flight, and then every event of every
// batch that got a 200 must be in the files. Backups are whole JSON lines; only the current file may
// end with a torn line, and it may hold no acknowledged event. Restarted on the same log, the
// receiver cuts the torn line off and goes on appending.
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");

function startReceiver(
  logPath: string,
  extra: string[],
): { child: ChildProcessWithoutNullStreams; port: Promise<number>; err: () => string } {
  const child = spawn(
    process.execPath,
    [bin, "audit", "receive", "--listen", "127.0.0.1:0", "--log-path", logPath, ...extra],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let err = "";
  const port = new Promise<number>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`receiver exited (${code}) before listening: ${err}`)));
    setTimeout(() => reject(new Error(`receiver did not start: ${err}`)), 15_000).unref();
  });
  return { child, port, err: () => err };
}

const event = (id: string, pad: number) =>
  JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Request",
    auditID: id,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/default/configmaps",
    verb: "create",
    user: { username: "system:serviceaccount:default:writer", groups: ["system:serviceaccounts"] },
    requestObject: { kind: "ConfigMap", data: { v: "é✓".repeat(pad / 2) } },
    requestReceivedTimestamp: "2026-07-23T10:00:00.000000Z",
    stageTimestamp: "2026-07-23T10:00:00.002000Z",
  });

/** POSTs a body on a keep-alive agent, as the apiserver's webhook client does; resolves with the status. */
function postBatch(agent: http.Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/audit",
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface StreamResult {
  acked: Set<string>;
  sent: Set<string>;
  batchesAcked: number;
  inFlightAtKill: number;
}

/** Streams batches from several clients until the receiver dies; kills it once `killAfter` batches got 200. */
async function streamAndKill(
  child: ChildProcessWithoutNullStreams,
  port: number,
  killAfter: number,
): Promise<StreamResult> {
  const acked = new Set<string>();
  const sent = new Set<string>();
  let batchesAcked = 0;
  let inFlight = 0;
  let inFlightAtKill = -1;
  let seed = 11;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const client = async (c: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let b = 0; ; b++) {
        const n = 1 + rnd(30);
        const ids = Array.from({ length: n }, (_, i) => `c${c}-b${b}-e${i}`);
        const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${ids.map((id) => event(id, 100 + rnd(1800))).join(",")}]}`;
        for (const id of ids) sent.add(id);
        inFlight++;
        let status: number;
        try {
          status = await postBatch(agent, port, body);
        } catch {
          return; // the receiver is gone
        } finally {
          inFlight--;
        }
        assert.equal(status, 200);
        for (const id of ids) acked.add(id);
        if (++batchesAcked === killAfter) {
          inFlightAtKill = inFlight;
          child.kill("SIGKILL");
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all([0, 1, 2, 3, 4, 5].map(client));
  await exited;
  return { acked, sent, batchesAcked, inFlightAtKill };
}

interface OnDisk {
  ids: Set<string>;
  lines: number;
  /** The current file's torn last line, if any. */
  torn?: string;
}

/** Reads the log and its backups (plain and gzipped) as JSON lines; fails on anything but a torn tail of the current file. */
function readLogs(dir: string): OnDisk {
  const names = readdirSync(dir);
  const out: OnDisk = { ids: new Set(), lines: 0 };
  for (const name of names) {
    if (name.endsWith(".gz.tmp")) continue; // a compression cut short: its source is still there
    if (name.endsWith(".gz") && names.includes(name.slice(0, -3))) continue; // a pair: read the .log
    const raw = readFileSync(path.join(dir, name));
    const text = (name.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
    const parts = text.split("\n");
    const tail = parts.pop() as string;
    if (tail !== "") {
      assert.equal(name, "audit.log", `${name}: a backup ends with a torn line`);
      out.torn = tail;
    }
    for (const line of parts) {
      const e = JSON.parse(line) as { auditID: string };
      assert.ok(!out.ids.has(e.auditID), `${e.auditID} twice`);
      out.ids.add(e.auditID);
      out.lines++;
    }
  }
  return out;
}

for (const compress of [false, true]) {
  test(`SIGKILL mid-stream${compress ? " (gzipped backups)" : ""}: every batch that got a 200 is in the files`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lanner-crash-"));
    try {
      const logPath = path.join(dir, "logs", "audit.log");
      const args = ["--log-maxsize-bytes", "16384", "--log-maxbackup", "0", "--log-maxage", "0"];
      if (compress) args.push("--log-compress");
      const r = startReceiver(logPath, args);
      const s = await streamAndKill(r.child, await r.port, 150);
      assert.ok(s.batchesAcked >= 150);
      assert.ok(s.inFlightAtKill > 0, "the kill should land with batches in flight");
      const disk = readLogs(path.dirname(logPath));
      const missing = [...s.acked].filter((id) => !disk.ids.has(id));
      assert.deepEqual(missing, [], `${missing.length} acknowledged events lost`);
      // Anything beyond the acknowledged events belongs to batches that were being written.
      for (const id of disk.ids) assert.ok(s.sent.has(id));
      if (disk.torn !== undefined)
        for (const m of disk.torn.matchAll(/"auditID":"([^"]+)"/g))
          assert.ok(!s.acked.has(m[1] as string), `torn line holds acknowledged ${m[1]}`);
      assert.ok(readdirSync(path.dirname(logPath)).length > 10, "expected many rotations");

      // Restarted on the same files: the torn tail goes, appending goes on, SIGTERM stops cleanly.
      const again = startReceiver(logPath, args);
      const port = await again.port;
      const agent = new http.Agent({ keepAlive: false });
      const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${event("after-restart", 10)}]}`;
      assert.equal(await postBatch(agent, port, body), 200);
      const exit = new Promise<number | null>((resolve) => again.child.once("exit", (code) => resolve(code)));
      again.child.kill("SIGTERM");
      assert.equal(await exit, 0);
      assert.match(again.err(), /stopped: 1 event written in 1 batch, 0 duplicates dropped/);
      if (disk.torn !== undefined) assert.match(again.err(), /removed a torn last line/);
      const after = readLogs(path.dirname(logPath));
      assert.equal(after.torn, undefined);
      assert.ok(after.ids.has("after-restart"));
      for (const id of s.acked) assert.ok(after.ids.has(id));
      assert.ok(existsSync(logPath));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
