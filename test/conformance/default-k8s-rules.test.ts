// Lanner's own k8s_audit rules: each fires on a real audit event and stays quiet on a benign one.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { DEFAULT_RULES_DIR } from "../../src/cli/rules.js";
import { Engine } from "../../src/engine/engine.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import { readAuditEvents } from "../../src/k8saudit/index.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";

const dir = path.resolve(process.cwd(), "../shared/conformance/falco-regression/trace_files/k8s_audit");
const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(dir, name), "utf8"));

const loaded = loadRules(readRulesFiles([DEFAULT_RULES_DIR]), defaultSchemas());

/** Names of the default rules that fire on an event, with every rule evaluated. */
function fired(event: unknown): string[] {
  assert.equal(loaded.ok, true, JSON.stringify(loaded.perFile.map((f) => f.errors)));
  const engine = new Engine(loaded.rules, { matching: "all" });
  const { events, diagnostics } = readAuditEvents(JSON.stringify(event));
  assert.deepEqual(diagnostics, []);
  return events.flatMap((e) => engine.process("k8s_audit", e).map((r) => r.name));
}

test("the default rules load without errors and include k8s_audit rules with tags", () => {
  assert.equal(loaded.ok, true);
  const k8s = loaded.rules.filter((r) => r.source === "k8s_audit");
  assert.ok(k8s.length >= 5);
  for (const r of k8s) assert.ok(r.tags.includes("lanner"), r.name);
});

test("Exec Or Attach Into Pod: fires on exec and attach, not on a pod create", () => {
  assert.deepEqual(fired(sample("exec_pod.json")), ["Exec Or Attach Into Pod"]);
  assert.deepEqual(fired(sample("attach_pod.json")), ["Exec Or Attach Into Pod"]);
  assert.deepEqual(fired(sample("create_nginx_pod_unprivileged.json")), []);
});

test("Privileged Pod Created: first or second container privileged; not an unprivileged pod", () => {
  assert.deepEqual(fired(sample("create_nginx_pod_privileged.json")), ["Privileged Pod Created"]);
  assert.deepEqual(fired(sample("create_nginx_pod_privileged_2nd_container.json")), [
    "Privileged Pod Created",
  ]);
  assert.deepEqual(fired(sample("create_nginx_pod_unprivileged.json")), []);
});

test("hostPath rules: sensitive (/etc) warns, other paths notice, no hostPath nothing", () => {
  const sensitive = sample("create_nginx_pod_sensitive_mount.json");
  assert.deepEqual(fired(sensitive), ["Pod With Sensitive HostPath Created"]);
  const data = structuredClone(sensitive) as {
    requestObject: { spec: { volumes: { hostPath?: { path: string } }[] } };
  };
  for (const v of data.requestObject.spec.volumes) if (v.hostPath) v.hostPath.path = "/data/app";
  assert.deepEqual(fired(data), ["Pod With HostPath Created"]);
  assert.deepEqual(fired(sample("create_nginx_pod_hostnetwork.json")), []);
});

test("Secret Read By Non-System User: a person's get fires; a controller's get and a create do not", () => {
  const created = sample("create_secret.json");
  assert.deepEqual(fired(created), []);
  const get = { ...created, verb: "get", requestURI: "/api/v1/namespaces/default/secrets/example-secret" };
  assert.deepEqual(fired(get), ["Secret Read By Non-System User"]);
  const controller = {
    ...get,
    user: { username: "system:serviceaccount:kube-system:generic-garbage-collector" },
  };
  assert.deepEqual(fired(controller), []);
  const denied = { ...get, annotations: { "authorization.k8s.io/decision": "forbid" } };
  assert.deepEqual(fired(denied), []);
});
