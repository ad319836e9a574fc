// Values read in place are slices of the event text: what outlives an event (alerts waiting in an
// output queue) must not keep the request body it came in alive.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Engine } from "../../src/engine/engine.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import { K8S_AUDIT_SOURCE, readAuditEvents } from "../../src/k8saudit/index.js";
import { type Alert, buildAlert, detachAlert } from "../../src/outputs/alert.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { SHARED, TRACE_DIR } from "./helpers.js";

test("alerts from events of a large webhook body keep none of it once detached", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const loaded = loadRules(
    readRulesFiles([resolve(SHARED, "rules/upstream/k8s_audit_rules.yaml")]),
    defaultSchemas(),
  );
  assert.ok(loaded.ok);
  const engine = new Engine(loaded.rules);
  const exec = readFileSync(resolve(TRACE_DIR, "exec_pod.json"), "utf8").trim();
  const keep = (detach: boolean): { alerts: Alert[]; grown: number } => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const alerts: Alert[] = [];
    for (let b = 0; b < 20; b++) {
      // One body of 1 MB: an event that raises an alert, and padding the apiserver could have sent.
      const pad = JSON.stringify({
        kind: "Event",
        stageTimestamp: "2024-01-02T03:04:05Z",
        x: "p".repeat(1 << 20),
      });
      const body = `{"kind":"EventList","items":[${exec.replace('"auditID":"', `"auditID":"r${b}-`)},${pad}]}`;
      for (const e of readAuditEvents(body).events)
        for (const rule of engine.process(K8S_AUDIT_SOURCE, e)) {
          const alert = buildAlert(rule, e, e.tsNs);
          alerts.push(detach ? detachAlert(alert) : alert);
        }
    }
    gc();
    return { alerts, grown: process.memoryUsage().heapUsed - before };
  };
  const kept = keep(false);
  const detached = keep(true);
  assert.equal(detached.alerts.length, 20);
  assert.deepEqual(detached.alerts, kept.alerts);
  // Without the copy every alert holds its 1 MB body (the test would see it); with it, nothing.
  assert.ok(kept.grown > 15 << 20, `undetached alerts held only ${(kept.grown / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(detached.grown < 4 << 20, `detached alerts held ${(detached.grown / 2 ** 20).toFixed(1)} MiB`);
});
