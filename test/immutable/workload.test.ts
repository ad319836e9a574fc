// The workload model and inputs: every pod-spec kind, CRDs with a pod template, Lists, all container kinds,
// files, directories, stdin, multi-document YAML, JSON, and input errors.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expandManifestPaths, readManifestSources } from "../../src/immutable/input.js";
import { scanSources } from "../../src/immutable/scan.js";
import { scanText } from "./helpers.js";

const podSpec = (indent: string) =>
  ["containers:", "- name: app", "  image: nginx:1.27"].map((l) => `${indent}${l}`).join("\n");

const KIND_CASES: [string, string, string][] = [
  ["Pod", `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n${podSpec("  ")}\n`, "spec"],
  [
    "PodTemplate",
    `apiVersion: v1\nkind: PodTemplate\nmetadata: {name: x}\ntemplate:\n  spec:\n${podSpec("    ")}\n`,
    "template.spec",
  ],
  ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"].map(
    (k): [string, string, string] => [
      k,
      `apiVersion: apps/v1\nkind: ${k}\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n${podSpec("      ")}\n`,
      "spec.template.spec",
    ],
  ),
  [
    "CronJob",
    `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec("          ")}\n`,
    "spec.jobTemplate.spec.template.spec",
  ],
  [
    "Rollout",
    `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n${podSpec("      ")}\n`,
    "spec.template.spec",
  ],
];

for (const [kind, yaml, specPath] of KIND_CASES) {
  test(`${kind}: the pod spec at ${specPath} is checked`, () => {
    const r = scanText(yaml);
    assert.equal(r.objects.length, 1);
    const o = r.objects[0];
    assert.equal(o?.workload, true);
    const ro = o?.findings.find((f) => f.checkId === "read-only-root-fs");
    assert.equal(ro?.path, `${specPath}.containers[0].securityContext`);
    assert.equal(ro?.container?.name, "app");
  });
}

test("objects without a pod spec are listed, not checked; a CRD template without containers is not a pod", () => {
  const r = scanText(
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\napiVersion: x/v1\nkind: Thing\nmetadata: {name: t}\nspec:\n  template:\n    spec:\n      foo: bar\n",
  );
  assert.deepEqual(
    r.objects.map((o) => [o.kind, o.workload, o.findings.length]),
    [
      ["Service", false, 0],
      ["Thing", false, 0],
    ],
  );
});

test("init, regular and ephemeral containers are all checked, each named with its kind", () => {
  const r = scanText(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: init, image: busybox:1.36}
  - {name: sidecar, image: envoy:1.30, restartPolicy: Always}
  containers:
  - {name: app, image: nginx:1.27}
  ephemeralContainers:
  - {name: debug, image: busybox:1.36}
`);
  const ro = r.objects[0]?.findings.filter((f) => f.checkId === "read-only-root-fs") ?? [];
  assert.deepEqual(
    ro.map((f) => `${f.container?.kind}/${f.container?.name} ${f.path}`),
    [
      "initContainer/init spec.initContainers[0].securityContext",
      "initContainer/sidecar spec.initContainers[1].securityContext",
      "container/app spec.containers[0].securityContext",
      "ephemeralContainer/debug spec.ephemeralContainers[0].securityContext",
    ],
  );
});

test("List kinds expand to their items, with item paths and lines", () => {
  const r = scanText(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec:
    containers: [{name: app, image: nginx:1.27}]
- apiVersion: apps/v1
  kind: DeploymentList
  items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: b, namespace: prod}
    spec:
      template:
        spec:
          containers: [{name: app, image: nginx:1.27}]
`);
  assert.deepEqual(
    r.objects.map((o) => [o.kind, o.namespace, o.name, o.path, o.position?.line]),
    [
      ["Pod", undefined, "a", "items[0]", 4],
      ["Deployment", "prod", "b", "items[1].items[0]", 12],
    ],
  );
  const f = r.objects[1]?.findings.find((x) => x.checkId === "image-not-pinned");
  assert.equal(f?.path, "items[1].items[0].spec.template.spec.containers[0].image");
  assert.equal(f?.position?.line, 18);
});

test("JSON input, including a JSON List, is read with positions", () => {
  const json = JSON.stringify(
    {
      apiVersion: "v1",
      kind: "PodList",
      items: [
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "j" },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      ],
    },
    null,
    2,
  );
  const r = scanSources([{ name: "pods.json", content: json }]);
  assert.deepEqual(r.errors, []);
  assert.equal(r.objects[0]?.name, "j");
  const f = r.objects[0]?.findings.find((x) => x.checkId === "image-no-tag");
  assert.ok((f?.position?.line ?? 0) > 1);
});

test("parse errors are values with a code and a position; other documents still scan", () => {
  const r = scanText(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec: {containers: [{name: a, image: x:1}]}\n---\nkey: [unclosed\n",
  );
  assert.equal(r.objects.length, 1);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]?.code, "YAML_PARSE");
  assert.equal(r.errors[0]?.file, "test.yaml");
  assert.ok((r.errors[0]?.position?.line ?? 0) >= 6);
  const j = scanSources([{ name: "bad.json", content: '{"kind": "Pod", ' }]);
  assert.equal(j.errors[0]?.code, "JSON_PARSE");
});

test("wrongly shaped values never crash a scan", () => {
  const shapes = [
    "kind: Pod\nspec: 3\n",
    "kind: Pod\nspec: {containers: 5, volumes: [1, null, {name: v}]}\n",
    "kind: Pod\nspec: {containers: [null, 7, {name: 3, image: 4, securityContext: [], ports: [{hostPort: '80'}], volumeMounts: [{}]}]}\n",
    "kind: Deployment\nspec: {template: {spec: {containers: [{securityContext: {capabilities: {add: [1, null], drop: 'ALL'}}}]}}}\n",
    "kind: List\nitems: [1, [2], {kind: Pod, spec: {initContainers: [{}]}}]\n",
    "- 1\n- 2\n",
    "just a string\n",
    "kind: CronJob\nspec: {jobTemplate: {spec: null}}\n",
  ];
  for (const s of shapes) assert.doesNotThrow(() => scanText(s), s);
});

test("files, directories (recursive, .yaml/.yml/.json only) and stdin", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-imm-"));
  try {
    mkdirSync(path.join(dir, "sub"));
    mkdirSync(path.join(dir, "node_modules"));
    writeFileSync(
      path.join(dir, "b.yml"),
      "kind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: x:1}]}\n",
    );
    writeFileSync(path.join(dir, "sub", "a.json"), '{"kind": "Pod", "metadata": {"name": "a"}}');
    writeFileSync(path.join(dir, "sub", "c.yaml"), "kind: Service\nmetadata: {name: c}\n");
    writeFileSync(path.join(dir, "notes.txt"), "not yaml");
    writeFileSync(path.join(dir, "node_modules", "x.yaml"), "kind: Pod\n");
    assert.deepEqual(
      expandManifestPaths([dir]).map((p) => path.relative(dir, p)),
      ["b.yml", path.join("sub", "a.json"), path.join("sub", "c.yaml")],
    );
    const sources = readManifestSources(
      [dir, "-", path.join(dir, "missing.yaml")],
      () => "kind: Pod\nmetadata: {name: s}\n",
    );
    assert.deepEqual(
      sources.map((s) => [path.basename(s.name), s.readError !== undefined]),
      [
        ["b.yml", false],
        ["a.json", false],
        ["c.yaml", false],
        ["-", false],
        ["missing.yaml", true],
      ],
    );
    const r = scanSources(sources);
    assert.deepEqual(
      r.objects.map((o) => o.name),
      ["b", "a", "c", "s"],
    );
    assert.deepEqual(
      r.errors.map((e) => e.code),
      ["FILE_READ"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
