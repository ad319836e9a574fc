// The audit webhook endpoint, started for real on loopback: the sample audit events posted as the
// apiserver's webhook backend posts them (EventList batches) go through the upstream k8s audit rules
// and give the alerts the file reader gives; every kind of bad request gets its status and the
// server keeps serving; TLS and client certificates are checked with a PKI made by openssl.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { Engine } from "../../src/engine/engine.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import { type AuditEvent, auditObject, K8S_AUDIT_SOURCE, readAuditFile } from "../../src/k8saudit/index.js";
import { type AuditWebhook, type AuditWebhookOptions, startAuditWebhook } from "../../src/k8saudit/server.js";
import { WebhookConfigError, webhookOptionsFromSettings } from "../../src/k8saudit/webhook-config.js";
import { buildAlert, formatAlertJson } from "../../src/outputs/alert.js";
import { type LoadedRule, loadRules, readRulesFiles } from "../../src/rules/index.js";
import { SHARED, TRACE_DIR, traceFiles } from "./helpers.js";
import {
  eventList,
  keptAliveAfter413,
  makePki,
  type Reply,
  request,
  type TestPki,
} from "./webhook-client.js";

const K8S_RULES = resolve(SHARED, "rules/upstream/k8s_audit_rules.yaml");

let rules: LoadedRule[];
before(() => {
  const loaded = loadRules(readRulesFiles([K8S_RULES]), defaultSchemas());
  assert.ok(loaded.ok, JSON.stringify(loaded.perFile.map((f) => f.errors)));
  rules = loaded.rules;
});

interface Seen {
  auditID: string;
  stage: string;
  /** Rule name and rendered output of each alert. */
  alerts: string[];
}

function auditKey(e: AuditEvent): { auditID: string; stage: string } {
  return { auditID: String(auditObject(e).auditID), stage: String(auditObject(e).stage) };
}

/** A webhook whose events go through the rules; what each event raised is recorded. */
async function ruleWebhook(extra: Partial<AuditWebhookOptions> = {}) {
  const engine = new Engine(rules, { matching: "all" });
  const seen: Seen[] = [];
  const alertsJson: string[] = [];
  const hook = await startAuditWebhook({
    listenPort: 0,
    onEvents: (events) => {
      for (const e of events) {
        const hits = engine.process(K8S_AUDIT_SOURCE, e);
        for (const r of hits)
          alertsJson.push(formatAlertJson(buildAlert(r, e, e.tsNs), { hostname: "test" }));
        seen.push({ ...auditKey(e), alerts: hits.map((r) => `${r.name}: ${r.outputTemplate.render(e)}`) });
      }
    },
    ...extra,
  });
  return { hook, seen, alertsJson, engine };
}

/** The texts of each trace file's events. */
async function traceTexts(): Promise<Map<string, AuditEvent[]>> {
  const m = new Map<string, AuditEvent[]>();
  for (const f of traceFiles()) m.set(f, (await readAuditFile(join(TRACE_DIR, f))).events);
  return m;
}

describe("webhook: the sample events through the upstream k8s audit rules", () => {
  test("every sample file posted as an EventList gives the alerts the file reader gives", async () => {
    const { hook, seen, alertsJson } = await ruleWebhook({ dedup: false });
    try {
      const offline = new Engine(rules, { matching: "all" });
      const expected: Seen[] = [];
      const traces = await traceTexts();
      for (const [file, events] of traces) {
        if (events.length === 0) {
          // fal_01_003.json holds `{"kind": 0}`: nothing in it is an audit event.
          const r = await request(hook, { body: readFileSync(join(TRACE_DIR, file)) });
          assert.equal(r.status, 400, `${file}: ${r.body}`);
          assert.match(JSON.parse(r.body).error, /data not recognized as a k8s audit event/);
          continue;
        }
        const r = await request(hook, { body: eventList(events.map((e) => e.text)) });
        assert.equal(r.status, 200, `${file}: ${r.body}`);
        assert.deepEqual(JSON.parse(r.body), { accepted: events.length, duplicates: 0 });
        for (const e of events) {
          const hits = offline.process(K8S_AUDIT_SOURCE, e);
          expected.push({
            ...auditKey(e),
            alerts: hits.map((h) => `${h.name}: ${h.outputTemplate.render(e)}`),
          });
        }
      }
      await hook.flushed();
      assert.deepEqual(seen, expected);
      const byId = (file: string) => {
        const first = traces.get(file)?.[0];
        const id = String(first && auditObject(first).auditID);
        return seen.filter((s) => s.auditID === id).flatMap((s) => s.alerts.map((a) => a.split(":")[0]));
      };
      assert.ok(byId("exec_pod.json").includes("Attach/Exec Pod"));
      assert.ok(byId("attach_pod.json").includes("Attach/Exec Pod"));
      assert.ok(byId("create_nginx_pod_privileged.json").includes("Create Privileged Pod"));
      assert.ok(byId("create_nginx_pod_sensitive_mount.json").includes("Create Sensitive Mount Pod"));
      assert.ok(
        byId("create_cluster_role_wildcard_verbs.json").includes("ClusterRole With Wildcard Created"),
      );
      assert.ok(byId("anonymous_creates_namespace_foo.json").includes("Anonymous Request Allowed"));
      assert.deepEqual(byId("create_nginx_pod_unprivileged.json"), []);
      // Alerts leave in Falco's JSON shape with the k8s_audit source.
      const exec = alertsJson.map((a) => JSON.parse(a)).find((a) => a.rule === "Attach/Exec Pod");
      assert.equal(exec.source, "k8s_audit");
      assert.equal(exec.priority, "Notice");
      assert.equal(exec.output_fields["ka.target.name"], "nginx-deployment-7998647bdf-phvq7");
      // evt.num runs across batches in the order events were queued.
      const st = hook.stats;
      assert.equal(st.accepted, expected.length);
      assert.equal(st.processed, expected.length);
      assert.equal(st.queueDepth, 0);
      assert.equal(st.rejected["400"], 1);
    } finally {
      await hook.close();
    }
  });

  test("all sample events in batches of 7 across 3 keep-alive connections", async () => {
    const { hook, seen } = await ruleWebhook({ dedup: false });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 3 });
    try {
      const all = [...(await traceTexts()).values()].flat();
      const batches: string[][] = [];
      for (let i = 0; i < all.length; i += 7) batches.push(all.slice(i, i + 7).map((e) => e.text));
      const replies = await Promise.all(batches.map((b) => request(hook, { body: eventList(b), agent })));
      assert.deepEqual(
        replies.map((r) => r.status),
        batches.map(() => 200),
      );
      await hook.flushed();
      assert.equal(seen.length, all.length);
      assert.equal(
        seen.flatMap((s) => s.alerts).filter((a) => a.startsWith("Create Privileged Pod")).length,
        3,
      );
    } finally {
      agent.destroy();
      await hook.close();
    }
  });
});

test("a batch of 400 sample events (over 500 KB, read item by item) gives what the file reader gives", async () => {
  const { hook, seen } = await ruleWebhook({ dedup: false });
  try {
    const all = [...(await traceTexts()).values()].flat();
    const batch = Array.from({ length: 400 }, (_, i) => all[i % all.length] as AuditEvent);
    const body = eventList(batch.map((e) => e.text));
    assert.ok(body.length > 500_000);
    const r = await request(hook, { body });
    assert.equal(r.status, 200, r.body);
    await hook.flushed();
    assert.deepEqual(
      seen.map((x) => x.auditID),
      batch.map((e) => auditKey(e).auditID),
    );
    // The rules saw the events as the file reader gives them: same alerts and outputs, event by event.
    const engine = new Engine(rules, { matching: "all" });
    assert.deepEqual(
      seen.map((x) => x.alerts),
      batch.map((e) =>
        engine.process(K8S_AUDIT_SOURCE, e).map((r) => `${r.name}: ${r.outputTemplate.render(e)}`),
      ),
    );
    assert.ok(seen.some((x) => x.alerts.length > 0));
  } finally {
    await hook.close();
  }
});

describe("webhook: bad requests get their status and the server keeps serving", () => {
  let hook: AuditWebhook;
  let seen: Seen[];
  let good: string;
  let n = 0;
  /** A fresh valid batch each time (a new auditID), so deduplication does not interfere. */
  const fresh = () => good.replace(/"auditID":"[^"]*"/, `"auditID":"fresh-${++n}"`);
  const ok = async () => {
    const r = await request(hook, { body: fresh() });
    assert.equal(r.status, 200, r.body);
  };
  const errorOf = (r: Reply) => JSON.parse(r.body).error as string;

  before(async () => {
    ({ hook, seen } = await ruleWebhook({ maxBodyBytes: 1024 * 1024 }));
    const events = (await readAuditFile(join(TRACE_DIR, "exec_pod.json"))).events;
    good = eventList(events.map((e) => e.text));
  });
  after(() => hook.close());

  test("malformed JSON: 400 with a short JSON error", async () => {
    const r = await request(hook, { body: '{"kind":"EventList","items":[{"kind":"Event",' });
    assert.equal(r.status, 400);
    assert.equal(r.headers["content-type"], "application/json");
    assert.match(errorOf(r), /^malformed JSON/);
    assert.ok(r.body.length < 300);
    await ok();
  });

  test("JSON that is not an audit event: 400", async () => {
    for (const body of [
      '{"kind":"Pod"}',
      "[1,2]",
      '"text"',
      '{"kind":"EventList","items":[{"kind":"Event"}]}',
    ]) {
      const r = await request(hook, { body });
      assert.equal(r.status, 400, body);
      assert.match(errorOf(r), /data not recognized as a k8s audit event/);
    }
    const empty = await request(hook, { body: "" });
    assert.equal(empty.status, 400);
    await ok();
  });

  test("a 50 MB body: 413 without buffering it, then the next request is served", async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const declared = await request(hook, { body: big });
    assert.equal(declared.status, 413);
    assert.match(errorOf(declared), /larger than 1048576 bytes/);
    await ok();
    // Without Content-Length the limit is found while reading.
    const chunked = await request(hook, { body: big, chunked: true });
    assert.equal(chunked.status, 413);
    await ok();
    // With Expect: 100-continue the body is refused before it is sent.
    const refused = await request(hook, { body: big, expectContinue: true });
    assert.equal(refused.status, 413);
    await ok();
    // A client that streams its body to the end whatever the early reply (as Go's transport does)
    // reads its 413 and sends its next request on the same connection.
    const replies = await keptAliveAfter413(hook.port, big, fresh());
    assert.deepEqual(
      replies.map((r) => r.status),
      [413, 200],
    );
    assert.equal(hook.stats.rejected["413"], 4);
  });

  test("wrong content type: 415; application/json with a UTF-8 charset is fine", async () => {
    for (const ct of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=latin1",
    ]) {
      const r = await request(hook, { body: fresh(), headers: { "Content-Type": ct } });
      assert.equal(r.status, 415, ct);
    }
    const r = await request(hook, {
      body: fresh(),
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
    assert.equal(r.status, 200);
    await ok();
  });

  test("GET and other methods: 405 with Allow: POST; other paths: 404", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const r = await request(hook, { method });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, "POST");
    }
    for (const path of ["/", "/k8s-audit/x", "/k8s_audit", "/metrics"]) {
      const r = await request(hook, { path, body: fresh() });
      assert.equal(r.status, 404, path);
    }
    // A query string does not change the path.
    assert.equal((await request(hook, { path: "/k8s-audit?timeout=30s", body: fresh() })).status, 200);
    await ok();
  });

  test("a request that is not HTTP gets 400 and does not stop the server", async () => {
    const reply = await new Promise<string>((resolveReply) => {
      const s = net.connect(hook.port, "127.0.0.1", () => s.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      s.on("data", (d) => {
        text += d.toString();
      });
      s.on("close", () => resolveReply(text));
      s.on("error", () => resolveReply(text));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    await ok();
  });

  test("events are handed to the rules: every accepted batch was processed", async () => {
    await hook.flushed();
    const st = hook.stats;
    assert.equal(st.processed, st.accepted);
    assert.equal(seen.length, st.accepted);
    assert.ok(seen.every((s) => s.alerts.some((a) => a.startsWith("Attach/Exec Pod"))));
  });
});

describe("webhook: bearer token", () => {
  test("missing or wrong token: 401; the right one: 200", async () => {
    const { hook } = await ruleWebhook({ bearerToken: "s3cret-token\n" });
    try {
      const events = (await readAuditFile(join(TRACE_DIR, "create_secret.json"))).events;
      const body = eventList(events.map((e) => e.text));
      const none = await request(hook, { body });
      assert.equal(none.status, 401);
      assert.equal(none.headers["www-authenticate"], "Bearer");
      for (const auth of [
        "Bearer wrong",
        "Bearer s3cret-token-longer",
        "Basic czNjcmV0LXRva2Vu",
        "s3cret-token",
      ]) {
        const r = await request(hook, { body, headers: { Authorization: auth } });
        assert.equal(r.status, 401, auth);
      }
      const r = await request(hook, { body, headers: { Authorization: "Bearer s3cret-token" } });
      assert.equal(r.status, 200);
      assert.equal(hook.stats.rejected["401"], 5);
      assert.equal(hook.stats.accepted, 1);
    } finally {
      await hook.close();
    }
  });
});

describe("webhook: deduplication on auditID + stage", () => {
  test("the same batch posted twice is processed once", async () => {
    const { hook, seen } = await ruleWebhook();
    try {
      const events = (await readAuditFile(join(TRACE_DIR, "create_configmap_sensitive_values.json"))).events;
      const body = eventList(events.map((e) => e.text));
      const first = await request(hook, { body });
      assert.deepEqual(JSON.parse(first.body), { accepted: 6, duplicates: 0 });
      const again = await request(hook, { body });
      assert.equal(again.status, 200, "a retried batch is acknowledged");
      assert.deepEqual(JSON.parse(again.body), { accepted: 0, duplicates: 6 });
      await hook.flushed();
      assert.equal(seen.length, 6);
      // Another stage of the same request is a different event.
      const other = eventList([events[0]?.text.replace('"ResponseComplete"', '"RequestReceived"') ?? ""]);
      assert.deepEqual(JSON.parse((await request(hook, { body: other })).body), {
        accepted: 1,
        duplicates: 0,
      });
      const st = hook.stats;
      assert.equal(st.received, 13);
      assert.equal(st.accepted, 7);
      assert.equal(st.duplicates, 6);
    } finally {
      await hook.close();
    }
  });

  test("copies inside one batch and across the sample files are dropped", async () => {
    const { hook, seen } = await ruleWebhook();
    try {
      const all = [...(await traceTexts()).values()].flat();
      const r = await request(hook, { body: eventList([...all, ...all].map((e) => e.text)) });
      // Two pairs of sample files share auditID and stage (anonymous/some-user namespace creation,
      // two privileged-2nd-container pods).
      assert.deepEqual(JSON.parse(r.body), { accepted: all.length - 2, duplicates: all.length + 2 });
      await hook.flushed();
      assert.equal(seen.length, all.length - 2);
      assert.equal(new Set(seen.map((s) => `${s.auditID}/${s.stage}`)).size, seen.length);
    } finally {
      await hook.close();
    }
  });
});

describe("webhook: a full queue answers 503 with Retry-After", () => {
  test("batches beyond the queue bound are refused, not dropped, and accepted when retried", async () => {
    // Bodies read in the serving thread: bodies read in the reading thread come back one message
    // each, and the rules may run between two of them, so a full queue could not be staged there.
    // The bound is checked where both kinds of read meet (queueBody).
    const { hook, seen } = await ruleWebhook({
      maxQueuedEvents: 1,
      retryAfterSeconds: 2,
      threadedReading: false,
    });
    try {
      const events = (await readAuditFile(join(TRACE_DIR, "create_configmap_sensitive_values.json"))).events;
      const bodies = events.slice(0, 3).map((e) => eventList([e.text]));
      // Pipelined on one connection: the three bodies are read in the same turn of the event loop,
      // before the rules had a chance to run, so the second and third find the queue full.
      const raw = bodies
        .map(
          (b) =>
            `POST /k8s-audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`,
        )
        .join("");
      const text = await new Promise<string>((resolveText) => {
        const s = net.connect(hook.port, "127.0.0.1", () => s.write(raw));
        let got = "";
        s.on("data", (d) => {
          got += d.toString();
          if ((got.match(/HTTP\/1\.1 /g) ?? []).length === 3) s.end();
        });
        s.on("close", () => resolveText(got));
      });
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => Number(m[1]));
      assert.deepEqual(statuses, [200, 503, 503]);
      assert.match(text, /Retry-After: 2/);
      assert.equal(hook.stats.refusedQueueFull, 2);
      assert.equal(hook.stats.rejected["503"], 2);
      await hook.flushed();
      // The apiserver retries: the refused events were not marked as seen.
      for (const b of bodies.slice(1)) assert.equal((await request(hook, { body: b })).status, 200);
      await hook.flushed();
      assert.equal(seen.length, 3);
      assert.equal(hook.stats.duplicates, 0);
    } finally {
      await hook.close();
    }
  });
});

describe("webhook: other body shapes", () => {
  test("a single Event and JSON lines are accepted; a partly bad batch keeps its good events", async () => {
    const diagnostics: string[] = [];
    const { hook, seen } = await ruleWebhook({
      onDiagnostic: (d, remote) => diagnostics.push(`${remote} ${d.message}: ${d.reason}`),
    });
    try {
      const events = (await readAuditFile(join(TRACE_DIR, "create_configmap_sensitive_values.json"))).events;
      const texts = events.map((e) => e.text);
      assert.equal((await request(hook, { body: texts[0] })).status, 200);
      const lines = await request(hook, { body: `${texts[1]}\n${texts[2]}\n` });
      assert.deepEqual(JSON.parse(lines.body), { accepted: 2, duplicates: 0 });
      const mixed = await request(hook, {
        body: eventList([texts[3] ?? "", '{"kind":"Event"}', texts[4] ?? ""]),
      });
      assert.deepEqual(JSON.parse(mixed.body), { accepted: 2, duplicates: 0 });
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0] ?? "", /^127\.0\.0\.1:\d+ data not recognized as a k8s audit event/);
      await hook.flushed();
      assert.equal(seen.length, 5);
      // evt.num counts the accepted events in order, across requests.
      assert.equal(hook.stats.notEvents, 1);
    } finally {
      await hook.close();
    }
  });

  test("close() hands queued events to the rules before it resolves", async () => {
    const got: number[] = [];
    const hook = await startAuditWebhook({
      listenPort: 0,
      onEvents: (ev) => got.push(...ev.map((e) => e.num)),
    });
    const events = (await readAuditFile(join(TRACE_DIR, "create_configmap_sensitive_values.json"))).events;
    await request(hook, { body: eventList(events.map((e) => e.text)) });
    await hook.close();
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6]);
    await assert.rejects(request(hook, { body: "{}" }));
  });

  test("an exception in onEvents is reported and serving goes on", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const hook = await startAuditWebhook({
      listenPort: 0,
      onEvents: () => {
        calls++;
        throw new Error("boom");
      },
      onError: (e) => errors.push(e),
    });
    try {
      const events = (await readAuditFile(join(TRACE_DIR, "create_configmap_sensitive_values.json"))).events;
      for (const e of events.slice(0, 2))
        assert.equal((await request(hook, { body: eventList([e.text]) })).status, 200);
      await hook.flushed();
      assert.equal(calls, 2);
      assert.equal(errors.length, 2);
      assert.equal(hook.stats.callbackErrors, 2);
    } finally {
      await hook.close();
    }
  });

  test("a port in use is an error from startAuditWebhook", async () => {
    const a = await startAuditWebhook({ listenPort: 0, onEvents: () => undefined });
    try {
      await assert.rejects(
        startAuditWebhook({ listenPort: a.port, onEvents: () => undefined }),
        /EADDRINUSE/,
      );
    } finally {
      await a.close();
    }
  });
});

describe("webhook: TLS and client certificates", () => {
  let dir: string;
  let pki: TestPki;
  let body: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "lanner-pki-"));
    pki = makePki(dir);
    const events = (await readAuditFile(join(TRACE_DIR, "exec_pod.json"))).events;
    body = eventList(events.map((e) => e.text));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("HTTPS with a certificate and key given as files", async () => {
    const { hook, seen } = await ruleWebhook({
      tls: { cert: join(dir, "server.crt"), key: join(dir, "server.key") },
    });
    try {
      assert.equal(hook.protocol, "https");
      const r = await request(hook, { body, tls: { ca: pki.caCert } });
      assert.equal(r.status, 200);
      await hook.flushed();
      assert.ok(seen[0]?.alerts.some((a) => a.startsWith("Attach/Exec Pod")));
      // Plain HTTP to the TLS port gets nowhere, and the server goes on.
      const plain = await new Promise<string>((resolveText) => {
        const s = net.connect(hook.port, "127.0.0.1", () =>
          s.write("POST /k8s-audit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
        );
        let t = "";
        s.on("data", (d) => {
          t += d.toString("latin1");
        });
        s.on("close", () => resolveText(t));
        s.on("error", () => resolveText(t));
      });
      assert.doesNotMatch(plain, /HTTP\/1\.1 200/);
      assert.equal(
        (await request(hook, { body: body.replace("ca1ed9f4", "ca1ed9f5"), tls: { ca: pki.caCert } })).status,
        200,
      );
    } finally {
      await hook.close();
    }
  });

  test("mTLS: a client without a certificate, or with one from another CA, is refused", async () => {
    const { hook, seen } = await ruleWebhook({
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: join(dir, "test-ca.crt") },
    });
    try {
      const noCert = await request(hook, { body, tls: { ca: pki.caCert } }).then(
        (r) => r.status,
        (e: NodeJS.ErrnoException) => e.code ?? "error",
      );
      assert.notEqual(noCert, 200);
      const rogue = await request(hook, {
        body,
        tls: { ca: pki.caCert, cert: pki.rogueCert, key: pki.rogueKey },
      }).then(
        (r) => r.status,
        (e: NodeJS.ErrnoException) => e.code ?? "error",
      );
      assert.notEqual(rogue, 200);
      const r = await request(hook, {
        body,
        tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
      });
      assert.equal(r.status, 200);
      await hook.flushed();
      assert.equal(seen.length, 1);
      assert.ok(hook.stats.tlsErrors >= 2, JSON.stringify(hook.stats));
    } finally {
      await hook.close();
    }
  });

  test("from k8s_audit settings: one PEM holding certificate and key, client CA, token file", async () => {
    writeFileSync(join(dir, "combined.pem"), pki.serverCert + pki.serverKey);
    writeFileSync(join(dir, "token"), "from-a-file\n");
    const settings = {
      listen_address: "127.0.0.1",
      listen_port: 0,
      path: "/audit",
      ssl_certificate: join(dir, "combined.pem"),
      ssl_key: "",
      ca_cert: join(dir, "test-ca.crt"),
      bearer_token_file: join(dir, "token"),
      max_body_bytes: 512,
    };
    const got: AuditEvent[] = [];
    const hook = await startAuditWebhook(
      webhookOptionsFromSettings(settings, { onEvents: (e) => got.push(...e) }),
    );
    try {
      const tls = { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey };
      const auth = { Authorization: "Bearer from-a-file" };
      assert.equal((await request(hook, { path: "/audit", body, tls })).status, 401);
      assert.equal((await request(hook, { path: "/audit", body, tls, headers: auth })).status, 413);
      const small = eventList([
        JSON.stringify({
          kind: "Event",
          auditID: "a",
          stage: "ResponseComplete",
          stageTimestamp: "2024-01-02T03:04:05Z",
        }),
      ]);
      assert.equal((await request(hook, { path: "/audit", body: small, tls, headers: auth })).status, 200);
      await hook.flushed();
      assert.equal(got.length, 1);
    } finally {
      await hook.close();
    }
    const bad = (over: Partial<typeof settings>) => () =>
      webhookOptionsFromSettings({ ...settings, ...over }, { onEvents: () => undefined });
    assert.throws(bad({ bearer_token_file: join(dir, "missing") }), (e: unknown) => {
      assert.ok(e instanceof WebhookConfigError);
      assert.equal(e.key, "bearer_token_file");
      assert.match(e.message, /^k8s_audit\.bearer_token_file: cannot read .*missing/);
      return true;
    });
    assert.throws(
      bad({ ssl_certificate: join(dir, "server.crt") }),
      /k8s_audit\.ssl_certificate: no PEM private key/,
    );
    assert.throws(bad({ ssl_certificate: "" }), /k8s_audit\.ca_cert: client certificates need TLS/);
    writeFileSync(join(dir, "empty-token"), "\n");
    assert.throws(bad({ bearer_token_file: join(dir, "empty-token") }), /is empty/);
  });
});
