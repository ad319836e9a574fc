// Reading audit events: log lines, documents, webhook bodies, streams, and what is not an event.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import {
  type AuditDiagnostic,
  AuditEventReader,
  AuditEventSequence,
  auditObject,
  NOT_AN_EVENT,
  parseRfc3339Nano,
  type ReadResult,
  readAuditEvents,
  readAuditFile,
  readAuditStream,
  timestampNs,
} from "../../src/k8saudit/index.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import { field, TRACE_DIR, traceFiles } from "./helpers.js";

const EXEC_LINE = readFileSync(resolve(TRACE_DIR, "exec_pod.json"), "utf8").trim();
const SECRET_LINE = readFileSync(resolve(TRACE_DIR, "create_secret.json"), "utf8").trim();
const SERVICE_LINE = readFileSync(resolve(TRACE_DIR, "create_service.json"), "utf8").trim();

function lines(r: ReadResult): { events: Array<number | undefined>; diags: number[] } {
  return { events: r.events.map((e) => e.line), diags: r.diagnostics.map((d) => d.line) };
}

test("every regression trace file reads; fal_01_003 is reported as not an audit event", async () => {
  const files = traceFiles();
  assert.equal(files.length, 47);
  let total = 0;
  for (const f of files) {
    const r = await readAuditFile(resolve(TRACE_DIR, f));
    total += r.events.length;
    if (f === "fal_01_003.json") {
      assert.equal(r.events.length, 0);
      assert.equal(r.diagnostics.length, 1);
      const d = r.diagnostics[0] as AuditDiagnostic;
      assert.equal(d.message, "data not recognized as a k8s audit event");
      assert.equal(d.message, NOT_AN_EVENT);
      assert.equal(d.file, resolve(TRACE_DIR, f));
      assert.equal(d.line, 1);
      continue;
    }
    assert.deepEqual(r.diagnostics, [], f);
    assert.equal(r.events.length, f === "create_configmap_sensitive_values.json" ? 6 : 1, f);
    r.events.forEach((e, i) => {
      assert.equal(e.num, i + 1, f);
      assert.equal(e.file, resolve(TRACE_DIR, f));
      assert.equal(e.line, i + 1, f);
      assert.equal(typeof auditObject(e).auditID, "string");
    });
  }
  assert.equal(total, 51);
});

test("malformed lines are reported with their line and the following events are still read", () => {
  const truncatedInString = EXEC_LINE.slice(0, 200);
  assert.ok(truncatedInString.endsWith('"creationTimesta'));
  const text = [
    EXEC_LINE, // 1
    "this is not json", // 2
    '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"}}', // 3
    truncatedInString, // 4: cut inside a string
    SECRET_LINE, // 5
    "", // 6
    '{"kind":"Event","auditID":"no-time"}', // 7: no stageTimestamp
    "[1, 2]", // 8: JSON, not events
    '{"kind":"Event","auditID":"a","stageTimestamp":"yesterday"}', // 9
    '{"kind":"Event","auditID":"b",', // 10: cut after a comma (still inside the object)
    SERVICE_LINE, // 11
    '"just a string"', // 12
    EXEC_LINE.slice(0, 120), // 13: last line, truncated, no newline
  ].join("\n");
  const r = readAuditEvents(text, { file: "audit.log" });
  assert.deepEqual(lines(r), { events: [1, 5, 11], diags: [2, 3, 4, 7, 8, 8, 9, 10, 12, 13] });
  assert.deepEqual(
    r.events.map((e) => e.num),
    [1, 2, 3],
  );
  assert.deepEqual(
    r.events.map((e) => field(e, "ka.target.resource")),
    ["pods", "secrets", "services"],
  );
  for (const d of r.diagnostics) {
    assert.equal(d.message, NOT_AN_EVENT);
    assert.equal(d.code, "K8S_AUDIT_NOT_AN_EVENT");
    assert.equal(d.file, "audit.log");
  }
  const reasons = r.diagnostics.map((d) => d.reason);
  assert.match(reasons[0] as string, /^invalid JSON/);
  assert.match(reasons[1] as string, /kind is "Pod"/);
  assert.match(reasons[3] as string, /can't read stageTimestamp/);
  assert.match(reasons[4] as string, /not a JSON object/);
  assert.match(reasons[6] as string, /stageTimestamp "yesterday"/);
  assert.match(reasons[7] as string, /unterminated line/);
});

test("a pretty-printed Event document is one event at the line where it starts", () => {
  const obj = JSON.parse(EXEC_LINE) as Record<string, unknown>;
  const text = `\n${JSON.stringify(obj, null, 2)}\n`;
  const r = readAuditEvents(text);
  assert.deepEqual(lines(r), { events: [2], diags: [] });
  const e = r.events[0];
  assert.ok(e);
  assert.equal(field(e, "ka.uri.param[command]"), "bash");
  // The event data is the compact JSON, whatever the layout of the input.
  assert.equal(field(e, "evt.plugininfo"), JSON.stringify(obj));
});

test("a pretty-printed EventList (webhook body) gives its items, each at its own line", () => {
  const items = [EXEC_LINE, SECRET_LINE, SERVICE_LINE].map((l) => JSON.parse(l) as Record<string, unknown>);
  const bad = { kind: "Event", auditID: "no-time" };
  const list = {
    kind: "EventList",
    apiVersion: "audit.k8s.io/v1",
    metadata: {},
    items: [items[0], bad, items[1], items[2]],
  };
  const text = JSON.stringify(list, null, 2);
  // Items start with "{" indented by four spaces.
  const itemLines = text
    .split("\n")
    .map((l, i) => (l === "    {" ? i + 1 : 0))
    .filter((n) => n > 0);
  assert.equal(itemLines.length, 4);
  const r = readAuditEvents(text);
  assert.deepEqual(lines(r), {
    events: [itemLines[0], itemLines[2], itemLines[3]],
    diags: [itemLines[1] as number],
  });
  assert.deepEqual(
    r.events.map((e) => e.num),
    [1, 2, 3],
  );
  // Items of an EventList are read whatever their kind, like the plugin does.
  const loose = readAuditEvents(
    JSON.stringify({ kind: "EventList", items: [{ auditID: "x", stageTimestamp: "2020-01-01T00:00:00Z" }] }),
  );
  assert.equal(loose.events.length, 1);
  // A compact EventList on one line: every item is on line 1.
  const compact = readAuditEvents(`${JSON.stringify(list)}\n`);
  assert.deepEqual(lines(compact), { events: [1, 1, 1], diags: [1] });
  // An EventList needs items.
  const empty = readAuditEvents('{"kind":"EventList","metadata":{}}');
  assert.deepEqual(lines(empty), { events: [], diags: [1] });
});

test("arrays of events and webhook payloads", () => {
  const arr = `[${EXEC_LINE},\n${SECRET_LINE}]`;
  const r = readAuditEvents(arr);
  assert.deepEqual(lines(r), { events: [1, 2], diags: [] });

  const reader = new AuditEventReader();
  const body = JSON.stringify({ kind: "EventList", items: [JSON.parse(EXEC_LINE), JSON.parse(SECRET_LINE)] });
  const first = reader.readPayload(body);
  const second = reader.readPayload(SERVICE_LINE);
  assert.deepEqual(
    [...first.events, ...second.events].map((e) => e.num),
    [1, 2, 3],
  );
  const broken = reader.readPayload('{"kind":"EventList",\n"items": [ oops ]}');
  assert.deepEqual(lines(broken), { events: [], diags: [2] });
});

test("a stream split anywhere (even inside UTF-8 characters) reads like the whole text", async () => {
  const withUtf8 = EXEC_LINE.replace('"minikube-user"', '"utilisateur-é-日本"');
  const pretty = JSON.stringify(JSON.parse(SECRET_LINE), null, 1);
  const text = [withUtf8, "garbage", pretty, SERVICE_LINE, ""].join("\r\n");
  const whole = readAuditEvents(text);
  assert.deepEqual(lines(whole), { events: [1, 3, 3 + pretty.split("\n").length], diags: [2] });
  assert.equal(field(whole.events[0] as never, "ka.user.name"), "utilisateur-é-日本");
  const bytes = Buffer.from(text, "utf8");
  for (const size of [1, 2, 3, 7, 64, 1000]) {
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    const events = [];
    const diags = [];
    for await (const r of readAuditStream(chunks())) {
      events.push(...r.events);
      diags.push(...r.diagnostics);
    }
    assert.deepEqual(
      events.map((e) => [e.line, e.num, e.text]),
      whole.events.map((e) => [e.line, e.num, e.text]),
      `chunk size ${size}`,
    );
    assert.deepEqual(diags, whole.diagnostics, `chunk size ${size}`);
  }
});

test("bytes: a BOM split over chunks, a read buffer reused for every chunk, an over-long line", () => {
  const text = `\uFEFF${EXEC_LINE}\n${"x".repeat(3000)}\n${SECRET_LINE}\r\n${SERVICE_LINE}`;
  const bytes = Buffer.from(text, "utf8");
  const reader = new AuditEventReader({ maxDocumentSize: 2500 });
  // One buffer, overwritten for each chunk as a file reader reusing its buffer would.
  const buf = Buffer.alloc(2);
  const out: ReadResult[] = [];
  for (let i = 0; i < bytes.length; i += buf.length) {
    const n = bytes.copy(buf, 0, i, i + buf.length);
    out.push(reader.push(buf.subarray(0, n)));
  }
  out.push(reader.end());
  const events = out.flatMap((r) => r.events);
  assert.deepEqual(
    events.map((e) => [e.line, e.text]),
    [
      [1, EXEC_LINE],
      [3, SECRET_LINE],
      [4, SERVICE_LINE],
    ],
  );
  assert.deepEqual(
    out.flatMap((r) => r.diagnostics.map((d) => [d.line, d.reason])),
    [[2, "line longer than 2500 bytes"]],
  );
});

test("text and bytes pushed in turn continue each other's unfinished lines", () => {
  const reader = new AuditEventReader();
  const out: ReadResult[] = [];
  out.push(reader.push(EXEC_LINE.slice(0, 40)));
  out.push(reader.push(Buffer.from(`${EXEC_LINE.slice(40)}\n${SECRET_LINE.slice(0, 30)}`)));
  out.push(reader.push(`${SECRET_LINE.slice(30)}\n`));
  out.push(reader.end());
  assert.deepEqual(
    out.flatMap((r) => r.events.map((e) => [e.line, e.text])),
    [
      [1, EXEC_LINE],
      [2, SECRET_LINE],
    ],
  );
  assert.deepEqual(
    out.flatMap((r) => r.diagnostics),
    [],
  );
});

test("the incremental reader returns events as soon as their line is complete", () => {
  const reader = new AuditEventReader();
  assert.deepEqual(lines(reader.push(EXEC_LINE.slice(0, 100))), { events: [], diags: [] });
  assert.deepEqual(lines(reader.push(`${EXEC_LINE.slice(100)}\n{`)), { events: [1], diags: [] });
  assert.deepEqual(lines(reader.push('\n  "kind": "Event",\n')), { events: [], diags: [] });
  assert.deepEqual(lines(reader.push('  "stageTimestamp": "2020-01-01T00:00:00Z"\n')), {
    events: [],
    diags: [],
  });
  assert.deepEqual(lines(reader.push("}\n")), { events: [2], diags: [] });
  assert.deepEqual(lines(reader.push(SECRET_LINE.slice(0, 50))), { events: [], diags: [] });
  assert.deepEqual(lines(reader.end()), { events: [], diags: [6] });
});

test("files: BOM and CRLF are accepted", async () => {
  const dir = makeTempDir("lanner-k8saudit");
  const path = join(dir, "audit.log");
  writeFileSync(path, `\uFEFF${EXEC_LINE}\r\n${SECRET_LINE}\r\n`);
  const r = await readAuditFile(path);
  assert.deepEqual(lines(r), { events: [1, 2], diags: [] });
  assert.equal(r.events[0]?.file, path);
});

test("events are timed by their stageTimestamp", () => {
  const r = readAuditEvents(EXEC_LINE);
  const e = r.events[0];
  assert.ok(e);
  // "stageTimestamp":"2018-10-26T13:38:34.902914Z"
  assert.equal(timestampNs(e), 1540561114902914000n);
  assert.equal(timestampNs(e), BigInt(Date.parse("2018-10-26T13:38:34.902Z")) * 1_000_000n + 914000n);
});

test("stageTimestamp is parsed like Go's time.Parse(time.RFC3339Nano)", () => {
  const base = 1577836800n * 1_000_000_000n; // 2020-01-01T00:00:00Z
  const cases: Array<[string, bigint | undefined]> = [
    ["2020-01-01T00:00:00Z", base],
    ["2020-01-01T00:00:00.5Z", base + 500_000_000n],
    ["2020-01-01T00:00:00.123456789Z", base + 123_456_789n],
    ["2020-01-01T00:00:00.1234567891234Z", base + 123_456_789n],
    ["2020-01-01T00:00:00,25Z", base + 250_000_000n],
    ["2020-01-01T01:30:00+01:30", base],
    ["2019-12-31T23:00:00-01:00", base],
    ["2020-01-01T1:00:00+01:00", base],
    ["2020-02-29T00:00:00Z", base + 59n * 86400n * 1_000_000_000n],
    ["2019-02-29T00:00:00Z", undefined],
    ["2020-01-01T24:00:00Z", undefined],
    ["2020-01-01T00:60:00Z", undefined],
    ["2020-01-01T00:00:60Z", undefined],
    ["2020-13-01T00:00:00Z", undefined],
    ["2020-01-01 00:00:00Z", undefined],
    ["2020-01-01T00:00:00", undefined],
    ["2020-01-01T00:00:00z", undefined],
    ["2020-01-01T00:00:00.Z", undefined],
    ["2020-01-01T00:00:00+0100", undefined],
    ["20-01-01T00:00:00Z", undefined],
  ];
  for (const [s, want] of cases) assert.equal(parseRfc3339Nano(s), want, s);
  // Times before the epoch wrap like the plugin's uint64 timestamp.
  assert.equal(parseRfc3339Nano("1969-12-31T23:59:59Z"), 2n ** 64n - 1_000_000_000n);
  // More spellings of the layout kube-apiserver writes, read without the regex.
  for (const bad of [
    "2020-01-01T00:00:0xZ",
    "2020-01-01T00:00:00.1x3Z",
    "2020-01-01T00:00:00.1234567891x3Z",
    "202a-01-01T00:00:00Z",
  ])
    assert.equal(parseRfc3339Nano(bad), undefined, bad);
});

test("timestamps kube-apiserver writes read like the same instants written another way", () => {
  // `Z` with a fraction takes the fast path; `+00:00` the general one: they must agree.
  let seed = 11;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pad = (v: number, w: number) => String(v).padStart(w, "0");
  for (let i = 0; i < 2000; i++) {
    const date = `${pad(1960 + next(100), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(31), 2)}`;
    const time = `${pad(next(25), 2)}:${pad(next(61), 2)}:${pad(next(61), 2)}`;
    const frac = next(3) === 0 ? "" : `.${pad(next(1_000_000_000), 1 + next(12)).slice(0, 1 + next(12))}`;
    const fast = `${date}T${time}${frac}Z`;
    assert.equal(parseRfc3339Nano(fast), parseRfc3339Nano(`${date}T${time}${frac}+00:00`), fast);
  }
});

test("maxEventSize drops larger events with the plugin's message", () => {
  const size = Buffer.byteLength(EXEC_LINE);
  const r = readAuditEvents(`${EXEC_LINE}\n${SECRET_LINE}\n`, { maxEventSize: size - 1 });
  assert.deepEqual(lines(r), { events: [2], diags: [1] });
  assert.equal(r.diagnostics[0]?.code, "K8S_AUDIT_EVENT_TOO_LARGE");
  assert.equal(r.diagnostics[0]?.message, `event larger than maxEventSize: size=${size}`);
  assert.equal(readAuditEvents(EXEC_LINE, { maxEventSize: size }).events.length, 1);
});

test("readers of one source share numbering and capture start", () => {
  const sequence = new AuditEventSequence();
  const a = readAuditEvents(`${EXEC_LINE}\n`, { sequence });
  const b = readAuditEvents(`${SECRET_LINE}\n${SERVICE_LINE}\n`, { sequence });
  const all = [...a.events, ...b.events];
  assert.deepEqual(
    all.map((e) => e.num),
    [1, 2, 3],
  );
  for (const e of all) assert.equal(e.firstTsNs, a.events[0]?.tsNs);
  assert.equal(sequence.nextNum, 4);
});

test("an unfinished multi-line document is reported at its first line", () => {
  const r = readAuditEvents(`${SECRET_LINE}\n{\n  "kind": "Event",\n  "auditID": "x"\n`);
  assert.deepEqual(lines(r), { events: [1], diags: [2] });
  assert.match(r.diagnostics[0]?.reason as string, /incomplete JSON document/);
  // A document that closes but is not JSON: one diagnostic, at the line of the error.
  const bad = readAuditEvents('{\n  "kind": "Event",\n  "auditID": x\n}\n');
  assert.deepEqual(lines(bad), { events: [], diags: [3] });
});

test("over-long lines and documents are dropped with a diagnostic, reading goes on", () => {
  const reader = new AuditEventReader({ maxDocumentSize: 1000 });
  const out: ReadResult[] = [];
  out.push(reader.push(`${"x".repeat(600)}`));
  out.push(reader.push(`${"x".repeat(600)}`));
  out.push(reader.push(`${"x".repeat(600)}\n${SECRET_LINE.slice(0, 10)}`));
  out.push(reader.push(`${SECRET_LINE.slice(10)}\n{\n`));
  for (let i = 0; i < 30; i++) out.push(reader.push(`  "k${i}": "${"y".repeat(50)}",\n`));
  out.push(reader.push(`  "end": 1\n}\n${SERVICE_LINE}\n`));
  out.push(reader.end());
  const events = out.flatMap((r) => r.events.map((e) => e.line));
  const diags = out.flatMap((r) => r.diagnostics.map((d) => [d.line, d.reason]));
  assert.deepEqual(events, [2, 36]);
  assert.deepEqual(diags, [
    [1, "line longer than 1000 characters"],
    [3, "JSON document larger than 1000 characters"],
  ]);
});
