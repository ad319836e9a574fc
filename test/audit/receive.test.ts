// `lanner audit receive` in-process, on loopback: the answer is 200 only once the batch is written and
// fsync'ed (a gated log proves the order); each event becomes one compact JSON line; retried batches
// are written once; a failed write is answered 500 and its retry is written in full; refusals are
// those of the detection webhook and the server keeps serving; TLS with client certificates and a
// bearer token.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import {
  type AuditReceiver,
  type AuditReceiverOptions,
  startAuditReceiver,
} from "../../src/audit/receive.js";
import { RotatingLog } from "../../src/audit/rotating-log.js";
import { auditObject, readAuditEvents } from "../../src/k8saudit/index.js";
import type { AuditWebhook } from "../../src/k8saudit/server.js";
import { TRACE_DIR, traceFiles } from "../k8saudit/helpers.js";
import { eventList, makePki, type PostOptions, request } from "../k8saudit/webhook-client.js";

let dir: string;
let logFile: string;
const open: { receiver: AuditReceiver; log: RotatingLog }[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lanner-receive-"));
  logFile = path.join(dir, "audit", "audit.log");
});
afterEach(async () => {
  for (const { receiver, log } of open.splice(0)) {
    await receiver.close();
    await log.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A log whose writes wait for `release()`, and can be told to fail. */
class GatedLog extends RotatingLog {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};
  failures = 0;
  writesStarted = 0;
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.open();
  }
  override async write(records: readonly string[]): Promise<void> {
    this.writesStarted++;
    await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw new Error("disk on fire");
    }
    return super.write(records);
  }
}

async function start(
  o: Partial<AuditReceiverOptions> = {},
  log: RotatingLog = new RotatingLog({ filename: logFile }),
): Promise<AuditReceiver> {
  const receiver = await startAuditReceiver({ log, listenPort: 0, ...o });
  open.push({ receiver, log });
  return receiver;
}

const event = (id: string, stage = "ResponseComplete") =>
  `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"${id}","stage":"${stage}","requestURI":"/api/v1/pods","verb":"list","user":{"username":"alice"},"requestReceivedTimestamp":"2026-07-23T10:00:00.000000Z","stageTimestamp":"2026-07-23T10:00:00.001000Z"}`;
/** The webhook test client only reads `port` and `protocol`, which the receiver has too. */
const post = (r: AuditReceiver, body: string | Buffer, o: PostOptions = {}) =>
  request(r as unknown as AuditWebhook, { path: "/audit", body, ...o });
const lines = () =>
  readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l !== "");
const idsOnDisk = () => lines().map((l) => (JSON.parse(l) as { auditID: string }).auditID);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("200 only once the batch is written and fsync'ed", async () => {
  const log = new GatedLog({ filename: logFile });
  const r = await start({}, log);
  log.hold();
  let answered = false;
  const reply = post(r, eventList([event("a"), event("b")])).then((x) => {
    answered = true;
    return x;
  });
  await tick(150);
  assert.equal(log.writesStarted, 1);
  assert.equal(answered, false, "answered before the write finished");
  log.release();
  const res = await reply;
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.body), { accepted: 2, duplicates: 0 });
  // On disk by the time the answer arrives, and one fsync per batch.
  assert.deepEqual(idsOnDisk(), ["a", "b"]);
  assert.equal(log.stats.syncs, 1);
  await post(r, eventList([event("c")]));
  assert.equal(log.stats.syncs, 2);
});

test("each event is one compact JSON line, as the apiserver's log backend writes it (real audit events)", async () => {
  // Several trace files hold the same event: keep every copy here.
  const r = await start({ dedup: false });
  const expected: unknown[] = [];
  for (const f of traceFiles()) {
    const text = readFileSync(path.join(TRACE_DIR, f), "utf8");
    const events = readAuditEvents(text).events;
    if (events.length === 0) continue;
    // Pretty-printed, as a client might send it: stored compact all the same.
    const body = eventList(events.map((e) => JSON.stringify(auditObject(e), null, 2)));
    const res = await post(r, body);
    assert.equal(res.status, 200, `${f}: ${res.body}`);
    expected.push(...events.map((e) => auditObject(e)));
  }
  const stored = lines();
  assert.ok(stored.length > 40);
  assert.deepEqual(
    stored.map((l) => JSON.parse(l)),
    expected,
  );
  for (const l of stored) assert.ok(!/\n|": /.test(l), "not compact");
  // What lanner reads back is what was sent.
  assert.equal(readAuditEvents(readFileSync(logFile, "utf8")).diagnostics.length, 0);
});

test("a retried batch is written once (auditID + stage), copies inside a batch too", async () => {
  const r = await start();
  const body = eventList([event("a"), event("a", "ResponseStarted"), event("b")]);
  assert.deepEqual(JSON.parse((await post(r, body)).body), { accepted: 3, duplicates: 0 });
  assert.deepEqual(JSON.parse((await post(r, body)).body), { accepted: 0, duplicates: 3 });
  assert.deepEqual(JSON.parse((await post(r, eventList([event("c"), event("c")]))).body), {
    accepted: 1,
    duplicates: 1,
  });
  assert.deepEqual(idsOnDisk(), ["a", "a", "b", "c"]);
  assert.equal(r.stats.duplicates, 4);
});

test("a batch that cannot be written gets 500, and its retry is written in full", async () => {
  const log = new GatedLog({ filename: logFile });
  const errors: unknown[] = [];
  const r = await start({ onWriteError: (e) => errors.push(e) }, log);
  log.failures = 1;
  const body = eventList([event("a"), event("b")]);
  const first = await post(r, body);
  assert.equal(first.status, 500);
  assert.match(JSON.parse(first.body).error, /could not store the batch: disk on fire/);
  assert.equal(errors.length, 1);
  const retry = await post(r, body);
  assert.equal(retry.status, 200);
  assert.deepEqual(JSON.parse(retry.body), { accepted: 2, duplicates: 0 });
  assert.deepEqual(idsOnDisk(), ["a", "b"]);
});

test("refusals as the detection webhook's, and the server keeps serving", async () => {
  const r = await start({ bearerToken: "s3cret", maxBodyBytes: 4096 });
  const auth = { Authorization: "Bearer s3cret" };
  const good = eventList([event("x")]);
  const cases: [PostOptions, number, RegExp][] = [
    [{ path: "/other", body: good, headers: auth }, 404, /not found/],
    [{ method: "GET", headers: auth }, 405, /method GET/],
    [{ body: good }, 401, /bearer token/],
    [{ body: good, headers: { Authorization: "Bearer wrong" } }, 401, /bearer token/],
    [{ body: good, headers: { ...auth, "Content-Type": "text/plain" } }, 415, /application\/json/],
    [{ body: "x".repeat(5000), headers: auth }, 413, /larger than 4096/],
    [{ body: "x".repeat(5000), headers: auth, chunked: true }, 413, /larger than 4096/],
    [{ body: "", headers: auth }, 400, /empty body/],
    [{ body: "{not json", headers: auth }, 400, /malformed JSON/],
    [{ body: '{"kind":"Pod"}', headers: auth }, 400, /kind is "Pod"/],
    [{ body: eventList(['{"kind":"Event","auditID":"n"}']), headers: auth }, 400, /stageTimestamp/],
  ];
  let n = 0;
  for (const [o, status, why] of cases) {
    const res = await post(r, o.body ?? "", o);
    assert.equal(res.status, status, `${JSON.stringify(o).slice(0, 80)}: ${res.body}`);
    assert.match(JSON.parse(res.body).error, why);
    const ok = await post(r, eventList([event(`after-${++n}`)]), { headers: auth });
    assert.equal(ok.status, 200);
  }
  assert.equal(idsOnDisk().length, cases.length);
  assert.equal(r.stats.rejected["401"], 2);
  // An empty EventList is fine: nothing to store, nothing to retry.
  const empty = await post(r, eventList([]), { headers: auth });
  assert.equal(empty.status, 200);
});

test("503 with Retry-After while too many bytes wait to be written; the waiting batch still gets its 200", async () => {
  const log = new GatedLog({ filename: logFile });
  const r = await start({ maxPendingBytes: 100 }, log);
  log.hold();
  const first = post(r, eventList([event("a")]));
  await tick(100);
  const second = await post(r, eventList([event("b")]));
  assert.equal(second.status, 503);
  assert.equal(second.headers["retry-after"], "1");
  log.release();
  assert.equal((await first).status, 200);
  assert.equal((await post(r, eventList([event("b")]))).status, 200);
  assert.deepEqual(idsOnDisk(), ["a", "b"]);
});

test("close() waits for the batch being written", async () => {
  const log = new GatedLog({ filename: logFile });
  const r = await startAuditReceiver({ log, listenPort: 0 });
  log.hold();
  const reply = post(r, eventList([event("a")]));
  await tick(100);
  let closed = false;
  const closing = r.close().then(() => {
    closed = true;
  });
  await tick(100);
  assert.equal(closed, false);
  log.release();
  await closing;
  assert.equal((await reply).status, 200);
  await log.close();
  assert.deepEqual(idsOnDisk(), ["a"]);
});

test("TLS with client certificates and a token", async () => {
  const pki = makePki(dir);
  const r = await start({
    tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert },
    bearerToken: "t",
  });
  assert.equal(r.protocol, "https");
  const tls = { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey };
  const ok = await post(r, eventList([event("a")]), { tls, headers: { Authorization: "Bearer t" } });
  assert.equal(ok.status, 200);
  await assert.rejects(
    post(r, eventList([event("b")]), { tls: { ca: pki.caCert }, headers: { Authorization: "Bearer t" } }),
  );
  await assert.rejects(
    post(r, eventList([event("c")]), {
      tls: { ca: pki.caCert, cert: pki.rogueCert, key: pki.rogueKey },
      headers: { Authorization: "Bearer t" },
    }),
  );
  assert.deepEqual(idsOnDisk(), ["a"]);
});
