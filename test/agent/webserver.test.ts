import assert from "node:assert/strict";
import { test } from "node:test";
import { AgentMetrics } from "../../src/agent/metrics.js";
import { startWebserver } from "../../src/agent/webserver.js";

async function get(port: number, path: string, method = "GET") {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

/** Parses the Prometheus text format into `name{labels}` → value. */
function parseProm(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

test("healthz, versions, metrics over real HTTP; other paths and methods refused", async () => {
  const metrics = new AgentMetrics();
  metrics.events.inc({ source: "k8s_audit", type: "" }, 3);
  metrics.alerts.inc({ rule: "Exec Or Attach Into Pod", priority: "Notice", source: "k8s_audit" });
  metrics.outputStats = () => ({ stdout: { sent: 4, failed: 0, spooled: 0, dropped: 1 } });
  let healthy = true;
  const ws = await startWebserver({ listenPort: 0, metrics, version: "0.1.0", healthy: () => healthy });
  try {
    const h = await get(ws.port, "/healthz");
    assert.equal(h.status, 200);
    assert.deepEqual(JSON.parse(h.body), { status: "ok" });
    healthy = false;
    assert.equal((await get(ws.port, "/healthz")).status, 503);
    const v = JSON.parse((await get(ws.port, "/versions")).body) as Record<string, unknown>;
    assert.equal(v.lanner_version, "0.1.0");
    assert.equal(v.engine_version_semver, "0.63.0");
    const m = await get(ws.port, "/metrics");
    assert.equal(m.status, 200);
    assert.match(m.type, /^text\/plain/);
    const samples = parseProm(m.body);
    assert.equal(samples.get('lanner_events_total{source="k8s_audit",type=""}'), 3);
    assert.equal(
      samples.get('lanner_alerts_total{rule="Exec Or Attach Into Pod",priority="Notice",source="k8s_audit"}'),
      1,
    );
    assert.equal(samples.get('lanner_output_alerts{output="stdout",outcome="sent"}'), 4);
    assert.equal(samples.get('lanner_output_alerts{output="stdout",outcome="dropped"}'), 1);
    assert.equal(samples.get("lanner_last_reload_success"), 1);
    assert.ok((samples.get("lanner_process_resident_memory_bytes") ?? 0) > 0);
    assert.equal((await get(ws.port, "/nope")).status, 404);
    assert.equal((await get(ws.port, "/healthz", "POST")).status, 405);
  } finally {
    await ws.close();
  }
});
