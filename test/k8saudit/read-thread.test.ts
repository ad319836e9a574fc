// The audit log read in a worker thread gives what the reader gives in the main thread.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { Engine } from "../../src/engine/engine.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import {
  type AuditEvent,
  AuditEventSequence,
  K8S_AUDIT_SOURCE,
  type ReadResult,
  readAuditStream,
} from "../../src/k8saudit/index.js";
import { readAuditFileThreaded } from "../../src/k8saudit/read-thread.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { field, TRACE_DIR, traceLines } from "./helpers.js";

async function collect(results: AsyncIterable<ReadResult>) {
  const events: AuditEvent[] = [];
  const diagnostics: ReadResult["diagnostics"] = [];
  for await (const r of results) {
    events.push(...r.events);
    diagnostics.push(...r.diagnostics);
  }
  return { events, diagnostics };
}

const BIN = resolve(process.cwd(), "dist/src/cli/index.js");

const view = (e: AuditEvent) => ({
  text: e.text,
  num: e.num,
  line: e.line,
  file: e.file,
  ts: e.tsNs,
  first: e.firstTsNs,
  user: field(e, "ka.user.name"),
  images: field(e, "ka.req.pod.containers.image"),
});

test("a log read in a worker thread: same events, numbers, lines and diagnostics, in order", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lanner-read-thread-"));
  try {
    const lines = traceLines();
    const pretty = JSON.stringify(JSON.parse(lines[0] as string), null, 2);
    const parts: string[] = [];
    // Enough events for many batches and for the worker to wait on the reader of its messages.
    for (let i = 0; i < 12_000; i++) {
      parts.push((lines[i % lines.length] as string).replace('"auditID":"', `"auditID":"t${i}-`));
      if (i % 997 === 0) parts.push("not json");
      if (i % 1999 === 0) parts.push(pretty);
      if (i % 3001 === 0) parts.push((lines[0] as string).replace('"minikube-user"', '"utilisateur-é-日本"'));
    }
    const path = join(dir, "audit.log");
    writeFileSync(path, `${parts.join("\r\n")}\n`);

    const seqA = new AuditEventSequence();
    seqA.nextNum = 5;
    const direct = await collect(readAuditStream(createReadStream(path), { file: path, sequence: seqA }));
    const seqB = new AuditEventSequence();
    seqB.nextNum = 5;
    const threaded = await collect(readAuditFileThreaded(path, { sequence: seqB }));

    assert.ok(direct.events.length > 10_000, `${direct.events.length} events`);
    assert.equal(threaded.events.length, direct.events.length);
    for (let i = 0; i < direct.events.length; i++) {
      assert.deepEqual(
        view(threaded.events[i] as AuditEvent),
        view(direct.events[i] as AuditEvent),
        `event ${i}`,
      );
    }
    assert.deepEqual(threaded.diagnostics, direct.diagnostics);
    assert.ok(direct.diagnostics.length >= 12);
    assert.equal(seqB.nextNum, seqA.nextNum);
    assert.equal(seqB.firstTsNs, seqA.firstTsNs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("lanner run -e on a log large enough to be read in a thread: the alerts and summary of the rules", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lanner-read-thread-"));
  try {
    const lines = traceLines();
    const parts: string[] = [];
    for (let i = 0; i < 6000; i++)
      parts.push((lines[i % lines.length] as string).replace('"auditID":"', `"auditID":"cli${i}-`));
    const text = `${parts.join("\n")}\n`;
    assert.ok(text.length >= 8 * 1024 * 1024, `${text.length} bytes: too small to take the threaded path`);
    const path = join(dir, "audit.log");
    writeFileSync(path, text);
    const rules = resolve(TRACE_DIR, "../../../../rules/upstream/k8s_audit_rules.yaml");
    // What the rules give over the same events read in this thread.
    const loaded = loadRules(readRulesFiles([rules]), defaultSchemas());
    assert.ok(loaded.ok);
    const engine = new Engine(loaded.rules);
    for (const e of (await collect(readAuditStream(createReadStream(path), { file: path }))).events)
      engine.process(K8S_AUDIT_SOURCE, e);
    const run = spawnSync(
      process.execPath,
      [BIN, "run", "-r", rules, "-e", path, "--json", "-o", "log_level=debug"],
      {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /audit\.log: read in a worker thread/);
    const alerts = run.stdout.split("\n").filter((l) => l.startsWith("{"));
    assert.equal(alerts.length, engine.stats.detections);
    assert.ok(engine.stats.detections > 1000);
    assert.ok(run.stdout.endsWith(engine.summary()), run.stdout.slice(-2000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file that cannot be read fails the threaded reader with the system's reason", async () => {
  await assert.rejects(collect(readAuditFileThreaded("/nonexistent/audit.log")), /ENOENT/);
});
