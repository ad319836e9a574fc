// simulate: the Falco regression audit events replayed under the Kubernetes docs' example policy
// (expectations worked out by hand from the policy's rules), and the event transformations.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { loadPolicyFile, loadPolicyText } from "../../src/audit/index.js";
import {
  AuditSimulator,
  applyDecision,
  attributesFromEvent,
  stripManagedFields,
} from "../../src/audit/simulate.js";
import { simulateLogs, simulateText } from "../../src/audit/simulate-run.js";
import { runSimulate } from "../../src/cli/audit.js";
import type { JsonObject } from "../../src/k8saudit/index.js";
import { docsPolicyPath, policyYaml, shared } from "./helpers.js";

const traces = path.join(shared, "conformance/falco-regression/trace_files/k8s_audit");

/**
 * Level per trace file under the docs policy, by hand: pods → RequestResponse (rule 0), pods/exec
 * and pods/attach are not "pods" → core at Request (rule 7); secrets and configmaps outside
 * kube-system → Metadata (rule 6); other core and extensions resources → Request (rule 7);
 * rbac.authorization.k8s.io → the catch-all Metadata (rule 8).
 */
const EXPECTED: Record<string, [level: string, rule: number, events?: number]> = {
  "anonymous_creates_namespace_foo.json": ["Request", 7],
  "attach_cluster_admin_role.json": ["Metadata", 8],
  "attach_pod.json": ["Request", 7],
  "create_cluster_role_pod_exec.json": ["Metadata", 8],
  "create_cluster_role_wildcard_resources.json": ["Metadata", 8],
  "create_cluster_role_wildcard_verbs.json": ["Metadata", 8],
  "create_cluster_role_write_privileges.json": ["Metadata", 8],
  "create_clusterrole.json": ["Metadata", 8],
  "create_clusterrolebinding.json": ["Metadata", 8],
  "create_configmap.json": ["Metadata", 6],
  "create_configmap_no_sensitive_values.json": ["Metadata", 6],
  "create_configmap_sensitive_values.json": ["Metadata", 6, 6],
  "create_deployment.json": ["Request", 7],
  "create_kube_system_secret.json": ["Metadata", 6],
  "create_nginx_pod_hostnetwork.json": ["RequestResponse", 0],
  "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json": ["RequestResponse", 0],
  "create_nginx_pod_nohostnetwork.json": ["RequestResponse", 0],
  "create_nginx_pod_privileged.json": ["RequestResponse", 0],
  "create_nginx_pod_privileged_2nd_container.json": ["RequestResponse", 0],
  "create_nginx_pod_sensitive_mount.json": ["RequestResponse", 0],
  "create_nginx_pod_sensitive_mount_2nd_container.json": ["RequestResponse", 0],
  "create_nginx_pod_unprivileged.json": ["RequestResponse", 0],
  "create_nginx_pod_unsensitive_mount.json": ["RequestResponse", 0],
  "create_nginx_service_nodeport.json": ["Request", 7],
  "create_nginx_service_nonodeport.json": ["Request", 7],
  "create_pod_kube_public_namespace.json": ["RequestResponse", 0],
  "create_pod_kube_system_namespace.json": ["RequestResponse", 0],
  "create_secret.json": ["Metadata", 6],
  "create_service.json": ["Request", 7],
  "create_service_account_token_secret.json": ["Metadata", 6],
  "create_serviceaccount.json": ["Request", 7],
  "create_serviceaccount_kube_public_namespace.json": ["Request", 7],
  "create_serviceaccount_kube_system_namespace.json": ["Request", 7],
  "delete_cluster_role_kube_aggregator.json": ["Metadata", 8],
  "delete_clusterrole.json": ["Metadata", 8],
  "delete_clusterrolebinding.json": ["Metadata", 8],
  "delete_configmap.json": ["Metadata", 6],
  "delete_deployment.json": ["Request", 7],
  "delete_namespace_foo.json": ["Request", 7],
  "delete_secret.json": ["Metadata", 6],
  "delete_service.json": ["Request", 7],
  "delete_serviceaccount.json": ["Request", 7],
  "exec_pod.json": ["Request", 7],
  "minikube_creates_namespace_foo.json": ["Request", 7],
  "modify_cluster_role_node_problem_detector.json": ["Metadata", 8],
  "some-user_creates_namespace_foo.json": ["Request", 7],
};

test("every trace file replayed alone under the docs policy: level, rule and bodies as worked out by hand", async () => {
  const docs = loadPolicyFile(docsPolicyPath).policy;
  assert.ok(docs);
  const files = readdirSync(traces).filter((f) => f.endsWith(".json"));
  assert.deepEqual(
    files.filter((f) => f !== "fal_01_003.json").sort(),
    Object.keys(EXPECTED).sort(),
    "the expectation table covers every trace file",
  );
  for (const [file, [level, rule, count]] of Object.entries(EXPECTED)) {
    const lines: string[] = [];
    const { report, diagnostics } = await simulateLogs(docs, [path.join(traces, file)], {
      write: (l) => {
        lines.push(...l.split("\n").filter((x) => x !== ""));
      },
    });
    assert.deepEqual(diagnostics, [], file);
    assert.equal(report.input.events, count ?? 1, file);
    assert.equal(lines.length, count ?? 1, `${file}: every event is written (none is RequestReceived)`);
    for (const line of lines) {
      const ev = JSON.parse(line) as Record<string, unknown>;
      assert.equal(ev.level, level, file);
      if (level === "Metadata") {
        assert.ok(!("requestObject" in ev) && !("responseObject" in ev), `${file}: no bodies at Metadata`);
      }
      if (level === "Request") assert.ok(!("responseObject" in ev), `${file}: no response at Request`);
    }
    assert.equal(report.rules[rule]?.matched, count ?? 1, file);
  }
});

test("all trace files together: volumes per level, rules, the skipped non-event, and the written log", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-sim-"));
  try {
    const files = readdirSync(traces)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => path.join(traces, f));
    const outFile = path.join(dir, "out.jsonl");
    const out = await runSimulate(docsPolicyPath, files, { output: outFile, json: true });
    assert.ok(out.ok);
    assert.match(out.stderr, /fal_01_003\.json:1: skipped: data not recognized as a k8s audit event/);
    const r = JSON.parse(out.stdout);
    assert.equal(r.input.events, 51);
    assert.equal(r.output.events, 51);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(r.decidedByLevel).map(([l, v]) => [l, (v as { events: number }).events]),
      ),
      { None: 0, Metadata: 24, Request: 16, RequestResponse: 11 },
    );
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(r.recordedByLevel).map(([l, v]) => [l, (v as { events: number }).events]),
      ),
      { None: 0, Metadata: 4, Request: 16, RequestResponse: 31 },
    );
    assert.ok(r.output.bytes < r.input.bytes, "Metadata events lost their bodies");
    assert.equal(r.underRecorded, 0);
    assert.deepEqual(r.neverMatched, [1, 2, 3, 4, 5]);
    assert.deepEqual(
      r.rules.map((u: { matched: number }) => u.matched),
      [11, 0, 0, 0, 0, 0, 13, 16, 11],
    );
    assert.equal(r.topUsers[0].key, "system:serviceaccount:kube-system:replicaset-controller");
    assert.equal(r.topResources[0].key, "pods");
    assert.equal(r.topVerbs[0].key, "create");
    assert.equal(r.skipped.length, 1);
    const written = readFileSync(outFile, "utf8").trim().split("\n");
    assert.equal(written.length, 51);
    assert.equal(
      written.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0),
      r.output.bytes,
    );
    const text = await runSimulate(docsPolicyPath, files, {});
    assert.match(text.stdout, /events: 51 read, 51 written \(100\.0%\)/);
    assert.match(text.stdout, /rules that never matched first: 1, 2, 3, 4, 5/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const event = (over: Record<string, unknown>): JsonObject =>
  ({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "RequestResponse",
    auditID: "a",
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/kube-system/configmaps?fieldManager=x",
    verb: "create",
    user: { username: "alice", groups: ["system:authenticated"] },
    objectRef: {
      resource: "configmaps",
      namespace: "kube-system",
      name: "controller-leader",
      apiVersion: "v1",
    },
    requestObject: {
      kind: "ConfigMap",
      metadata: { name: "controller-leader", managedFields: [{ manager: "m" }] },
    },
    responseObject: {
      kind: "ConfigMap",
      metadata: { name: "controller-leader", managedFields: [{ manager: "m" }] },
    },
    ...over,
  }) as JsonObject;

test("attributes from an event: no user on 401s, the query cut from the path, a create's name cleared", () => {
  const a = attributesFromEvent(event({}));
  assert.equal(a.name, "", "the name of a create comes from the body, after the policy ran");
  assert.equal(a.namespace, "kube-system");
  assert.equal(a.path, "/api/v1/namespaces/kube-system/configmaps");
  assert.deepEqual(a.user, { name: "alice", groups: ["system:authenticated"] });
  const exec = attributesFromEvent(
    event({ objectRef: { resource: "pods", subresource: "exec", name: "web", namespace: "d" } }),
  );
  assert.equal(exec.name, "web", "a create on a subresource has its name in the URL");
  assert.equal(attributesFromEvent(event({ verb: "update" })).name, "controller-leader");
  const anon = attributesFromEvent(event({ user: {}, objectRef: undefined, requestURI: "/healthz?verbose" }));
  assert.equal(anon.user, undefined);
  assert.equal(anon.isResourceRequest, false);
  assert.equal(anon.path, "/healthz");
});

test("the docs policy drops an update of controller-leader, but not its create (no name at evaluation)", () => {
  const docs = loadPolicyFile(docsPolicyPath).policy;
  assert.ok(docs);
  const sim = new AuditSimulator(docs);
  assert.equal(sim.decide(event({ verb: "update" })).level, "None");
  assert.deepEqual([sim.decide(event({})).level, sim.decide(event({})).rule], ["Request", 5]);
});

test("bodies by level, omitted stages, managed fields stripped (also in list items and table rows)", () => {
  const base = { omitStages: [], omitManagedFields: false, rule: 0 } as const;
  const ev = event({});
  assert.equal(applyDecision(ev, { ...base, level: "None" }), undefined);
  const meta = applyDecision(ev, { ...base, level: "Metadata" });
  assert.ok(meta && !("requestObject" in meta) && !("responseObject" in meta) && meta.level === "Metadata");
  const req = applyDecision(ev, { ...base, level: "Request" });
  assert.ok(req && "requestObject" in req && !("responseObject" in req));
  assert.equal(applyDecision(ev, { ...base, level: "Request", omitStages: ["ResponseComplete"] }), undefined);
  const stripped = applyDecision(ev, { ...base, level: "RequestResponse", omitManagedFields: true });
  assert.deepEqual(stripped?.requestObject, { kind: "ConfigMap", metadata: { name: "controller-leader" } });
  assert.deepEqual(stripped?.responseObject, { kind: "ConfigMap", metadata: { name: "controller-leader" } });
  assert.ok(JSON.stringify(ev).includes("managedFields"), "the input event is not modified");
  const list: JsonObject = {
    kind: "PodList",
    items: [{ metadata: { name: "a", managedFields: [] } }, { metadata: { name: "b" } }],
  };
  assert.deepEqual(stripManagedFields(list), {
    kind: "PodList",
    items: [{ metadata: { name: "a" } }, { metadata: { name: "b" } }],
  });
  const table: JsonObject = {
    kind: "Table",
    rows: [{ cells: [], object: { metadata: { name: "a", managedFields: [] } } }],
  };
  assert.deepEqual(stripManagedFields(table), {
    kind: "Table",
    rows: [{ cells: [], object: { metadata: { name: "a" } } }],
  });
});

test("rules shadowed in the log and statically, events under-recorded, stages dropped", () => {
  const p = loadPolicyText(
    policyYaml(`omitStages: [RequestReceived]
rules:
- level: Metadata
  resources: [{group: "", resources: ["configmaps"]}]
- level: RequestResponse
  namespaces: [kube-system]
  resources: [{group: "", resources: ["configmaps"]}]
- level: None
  resources: [{group: "", resources: ["configmaps"]}]
  verbs: [get]
- level: RequestResponse
`),
    "p.yaml",
  ).policy;
  assert.ok(p);
  const sim = new AuditSimulator(p);
  for (const e of [
    event({}),
    event({ stage: "RequestReceived" }),
    event({ objectRef: { resource: "pods", namespace: "d" }, level: "Metadata" }),
  ]) {
    const out = sim.process(e, 100);
    if (out !== undefined) sim.wrote(sim.lastLevel, 50);
  }
  const r = sim.report();
  assert.equal(r.output.events, 2);
  assert.deepEqual(r.droppedByStage, { RequestReceived: 1 });
  assert.equal(r.underRecorded, 1, "a pod event recorded at Metadata is decided RequestResponse");
  assert.deepEqual(r.neverMatched, [1, 2]);
  assert.deepEqual(r.shadowedInLog, [{ rule: 1, events: 2, by: [{ rule: 0, events: 2 }] }]);
  assert.deepEqual(r.shadowedStatically, [
    { rule: 1, by: 0 },
    { rule: 2, by: 0 },
  ]);
});

test("the text path (members located, bodies copied) writes what the parsed-object path writes", () => {
  const strict = loadPolicyText(
    policyYaml(`omitStages: [RequestReceived]
omitManagedFields: true
rules:
- level: None
  users: [system:kube-proxy]
- level: RequestResponse
  resources: [{group: "", resources: ["pods"]}]
  omitStages: [ResponseStarted]
- level: Request
  verbs: [create, update]
  omitManagedFields: false
- level: Metadata
`),
    "p.yaml",
  ).policy;
  const docs = loadPolicyFile(docsPolicyPath).policy;
  assert.ok(strict && docs);
  let seed = 3;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
  const body = () => ({
    kind: "Pod",
    metadata: { name: "p", ...(rnd(2) === 0 ? { managedFields: [{ manager: "m" }] } : {}) },
    items: rnd(3) === 0 ? [{ metadata: { name: "i", managedFields: [] } }] : undefined,
  });
  for (const policy of [strict, docs]) {
    const a = new AuditSimulator(policy);
    const b = new AuditSimulator(policy);
    for (let i = 0; i < 3000; i++) {
      const members: [string, unknown][] = [
        ["kind", "Event"],
        ["apiVersion", "audit.k8s.io/v1"],
        ["level", pick(["RequestResponse", "Request", "Metadata"])],
        ["auditID", `id-${i}`],
        ["stage", pick(["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"])],
        ["requestURI", pick(["/api/v1/namespaces/d/pods", "/healthz?x=1", "/apis/apps/v1/deployments"])],
        ["verb", pick(["get", "create", "update", "watch"])],
        ["user", rnd(10) === 0 ? {} : { username: pick(["alice", "system:kube-proxy"]), groups: ["g"] }],
        [
          "objectRef",
          rnd(4) === 0 ? undefined : { resource: pick(["pods", "configmaps"]), namespace: "d", name: "n" },
        ],
        ["requestObject", rnd(3) === 0 ? undefined : body()],
        ["responseObject", rnd(3) === 0 ? undefined : body()],
        ["stageTimestamp", "2026-01-01T00:00:00.000000Z"],
        ["annotations", { "a/b": 'x "quoted" \\ value' }],
      ];
      // Some events put the bodies first, or have no level.
      if (rnd(5) === 0) members.unshift(...members.splice(9, 2));
      const ev = Object.fromEntries(
        members.filter(([k, v]) => v !== undefined && !(k === "level" && rnd(20) === 0)),
      );
      const line = JSON.stringify(ev);
      const fromText = a.processText(line, line.length + 1);
      assert.notEqual(fromText, null, line);
      const fromObject = b.process(JSON.parse(line) as JsonObject, line.length + 1);
      assert.equal(fromText, fromObject === undefined ? undefined : JSON.stringify(fromObject), line);
      if (fromText !== undefined && fromText !== null) {
        a.wrote(a.lastLevel, fromText.length + 1);
        b.wrote(b.lastLevel, fromText.length + 1);
      }
    }
    assert.deepEqual(a.report(), b.report());
  }
  const sim = new AuditSimulator(docs);
  assert.equal(
    sim.processText('{"kind":"EventList","items":[]}', 10),
    null,
    "not an Event: the full reader reads it",
  );
  assert.equal(sim.processText('{"kind":"Event","level":"Metadata","user":{', 10), null, "truncated");
  assert.equal(sim.eventsRead, 0);
});

test("log formats: JSON lines with a bad line and a one-line EventList; a pretty-printed EventList", () => {
  const docs = loadPolicyFile(docsPolicyPath).policy;
  assert.ok(docs);
  const ev = (i: number) => ({
    ...event({ auditID: `e${i}`, verb: "update" }),
    stageTimestamp: "2026-01-01T00:00:00Z",
  });
  const podEv = {
    ...event({ objectRef: { resource: "pods", namespace: "d", name: "p" } }),
    stageTimestamp: "2026-01-01T00:00:00Z",
  };
  const jsonl = [
    JSON.stringify(podEv),
    "not json",
    JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items: [podEv, podEv] }),
    "",
    JSON.stringify(ev(1)),
  ].join("\n");
  const a = simulateText(docs, jsonl, "a.log");
  assert.equal(a.report.input.events, 4);
  assert.equal(
    a.output.trim().split("\n").length,
    3,
    "3 pod events written, the controller-leader update dropped",
  );
  assert.deepEqual(
    a.diagnostics.map((d) => [d.file, d.line]),
    [["a.log", 2]],
  );
  const pretty = JSON.stringify(
    { kind: "EventList", apiVersion: "audit.k8s.io/v1", items: [podEv, ev(2)] },
    null,
    2,
  );
  const b = simulateText(docs, pretty, "b.json");
  assert.equal(b.report.input.events, 2);
  assert.deepEqual(b.diagnostics, []);
  assert.equal(JSON.parse(b.output).level, "RequestResponse");
});
