// deploy/kubernetes: every manifest parses with the expected kinds; the DaemonSet has only the
// privileges docs/deployment.md lists; the configuration it mounts loads in Lanner and agrees with
// the pod; the generated ConfigMaps are current; the apiserver files are valid.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { loadPolicyFile } from "../../src/audit/index.js";
import { lintPolicy } from "../../src/audit/lint.js";
import { loadConfig } from "../../src/config/load.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import { configMapsYaml, K8S_NAMES, kubernetesConfig } from "../../src/install/kubernetes.js";
import { readPackageFiles } from "../../src/install/systemd.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import {
  checkAgentDaemonSet,
  checkConfigMatchesPod,
  configOf,
  fileDocuments,
  type K8sObject,
  REPO,
  repoPath,
} from "./helpers.js";

const dir = repoPath("deploy/kubernetes");
const kinds = (file: string) => fileDocuments(path.join(dir, file)).map((o) => o.kind);

const OBJECT_FILES: Record<string, string[]> = {
  "00-namespace.yaml": ["Namespace", "ResourceQuota"],
  "10-rbac.yaml": ["ServiceAccount", "ClusterRole", "ClusterRoleBinding"],
  "20-configmaps.yaml": ["ConfigMap", "ConfigMap"],
  "30-daemonset.yaml": ["DaemonSet"],
  "40-service.yaml": ["Service"],
};

function allObjects(): K8sObject[] {
  return Object.keys(OBJECT_FILES).flatMap((f) => fileDocuments(path.join(dir, f)));
}
const byKind = (kind: string, name?: string) => {
  const o = allObjects().find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  assert.ok(o, `${kind} ${name ?? ""} exists`);
  return o;
};

test("every manifest parses as YAML with the expected kinds; kustomization lists exactly them", () => {
  for (const [file, expected] of Object.entries(OBJECT_FILES)) assert.deepEqual(kinds(file), expected, file);
  const k = fileDocuments(path.join(dir, "kustomization.yaml"))[0] as K8sObject;
  assert.equal(k.kind, "Kustomization");
  assert.deepEqual(k.resources, Object.keys(OBJECT_FILES));
  for (const o of allObjects()) {
    assert.ok(o.apiVersion && o.metadata?.name, `${o.kind} has apiVersion and a name`);
    if (!["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.kind))
      assert.equal(o.metadata.namespace, K8S_NAMES.namespace, `${o.kind} ${o.metadata.name} namespace`);
  }
  const ns = byKind("Namespace");
  assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "privileged");
});

test("RBAC: the agent only reads pods, namespaces and nodes", () => {
  const role = byKind("ClusterRole");
  assert.deepEqual(role.rules, [
    { apiGroups: [""], resources: ["pods", "namespaces", "nodes"], verbs: ["get", "list", "watch"] },
  ]);
  const binding = byKind("ClusterRoleBinding");
  assert.equal(binding.roleRef.name, role.metadata.name);
  const sa = byKind("ServiceAccount");
  assert.deepEqual(binding.subjects, [
    { kind: "ServiceAccount", name: sa.metadata.name, namespace: "lanner" },
  ]);
  assert.equal(byKind("DaemonSet").spec.template.spec.serviceAccountName, sa.metadata.name);
});

test("the DaemonSet: not privileged, exactly the documented capabilities, read-only root, /healthz probes", () => {
  const ds = byKind("DaemonSet");
  checkAgentDaemonSet(ds, {
    webserverPort: 8765,
    webhookPort: 9765,
    configMaps: [K8S_NAMES.configMap, K8S_NAMES.rulesConfigMap],
  });
  const c = ds.spec.template.spec.containers[0];
  assert.equal(c.image, "ghcr.io/lanner/lanner:VERSION", "the documented image placeholder");
  assert.equal(c.livenessProbe.httpGet.port, 8765);
  assert.equal(c.livenessProbe.httpGet.path, "/healthz");
  const token = ds.spec.template.spec.volumes.find((v: K8sObject) => v.secret);
  assert.equal(token.secret.secretName, K8S_NAMES.tokenSecret);
  // Kubernetes reads manifests as YAML 1.1, where 0400 is octal: owner-read only.
  const yaml11 = parseYaml(readFileSync(path.join(dir, "30-daemonset.yaml"), "utf8"), {
    version: "1.1",
  }) as K8sObject;
  const token11 = yaml11.spec.template.spec.volumes.find((v: K8sObject) => v.secret);
  assert.equal(token11.secret.defaultMode, 0o400);
  assert.equal(
    ds.spec.template.spec.priorityClassName,
    byKind("ResourceQuota").spec.scopeSelector.matchExpressions[0].values[0],
  );
});

test("the configuration in the ConfigMap agrees with the pod and loads in Lanner without warnings", () => {
  const ds = byKind("DaemonSet");
  const config = configOf(byKind("ConfigMap", K8S_NAMES.configMap));
  checkConfigMatchesPod(ds, config, { config: K8S_NAMES.configMap, rules: K8S_NAMES.rulesConfigMap });
  const tmp = makeTempDir("lanner-k8s-config");
  const file = path.join(tmp, "lanner.yaml");
  writeFileSync(file, byKind("ConfigMap", K8S_NAMES.configMap).data["lanner.yaml"]);
  const loaded = loadConfig({ file, env: {} });
  assert.ok(loaded.ok, loaded.ok ? "" : JSON.stringify(loaded.errors));
  assert.deepEqual(loaded.warnings, []);
  assert.equal(loaded.config.log_syslog, false);
});

test("the rules in the ConfigMap load without errors, in the order the pod reads them", () => {
  const cm = byKind("ConfigMap", K8S_NAMES.rulesConfigMap);
  const tmp = makeTempDir("lanner-k8s-rules");
  for (const [name, content] of Object.entries(cm.data as Record<string, string>))
    writeFileSync(path.join(tmp, name), content);
  const result = loadRules(readRulesFiles([tmp]), defaultSchemas());
  assert.ok(result.ok, JSON.stringify(result.perFile.flatMap((f) => f.errors)));
  const sources = new Set(result.rules.map((r) => r.source));
  assert.ok(sources.has("syscall") && sources.has("k8s_audit"), "syscall and k8s_audit rules");
});

test("20-configmaps.yaml is generated from config/lanner.yaml and rules/ (node deploy/generate.mjs)", () => {
  const pkg = readPackageFiles(REPO);
  const expected = configMapsYaml({ config: kubernetesConfig(pkg.config as string), rules: pkg.rules });
  assert.equal(
    readFileSync(path.join(dir, "20-configmaps.yaml"), "utf8"),
    expected,
    "out of date: run `npx tsc -p . && node deploy/generate.mjs`",
  );
  const rules = byKind("ConfigMap", K8S_NAMES.rulesConfigMap);
  assert.deepEqual(Object.keys(rules.data).sort(), pkg.rules.map((r) => r.name).sort());
});

test("the Service is a ClusterIP on 9765 that reaches the agent's k8s-audit port", () => {
  const svc = byKind("Service");
  const ds = byKind("DaemonSet");
  assert.equal(svc.spec.type, "ClusterIP");
  assert.equal(svc.spec.internalTrafficPolicy, "Local");
  assert.equal(svc.spec.ports.length, 1);
  assert.equal(svc.spec.ports[0].port, 9765);
  assert.equal(svc.spec.ports[0].targetPort, 9765);
  const podLabels = ds.spec.template.metadata.labels;
  for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(podLabels[k], v, `selector ${k}`);
  const ports = ds.spec.template.spec.containers[0].ports as K8sObject[];
  assert.equal(ports.find((p) => p.containerPort === svc.spec.ports[0].targetPort)?.name, "k8s-audit");
});

test("the apiserver's webhook kubeconfig is a valid kubeconfig pointing at the agent's webhook", () => {
  const kc = parseYaml(readFileSync(path.join(dir, "audit-webhook-kubeconfig.yaml"), "utf8")) as K8sObject;
  assert.equal(kc.apiVersion, "v1");
  assert.equal(kc.kind, "Config");
  const ctx = (kc.contexts as K8sObject[]).find((c) => c.name === kc["current-context"]);
  assert.ok(ctx, "current-context names a context");
  const cluster = (kc.clusters as K8sObject[]).find((c) => c.name === ctx.context.cluster);
  const user = (kc.users as K8sObject[]).find((u) => u.name === ctx.context.user);
  assert.ok(cluster && user, "the context's cluster and user exist");
  const url = new URL(cluster.cluster.server);
  const config = configOf(byKind("ConfigMap", K8S_NAMES.configMap));
  assert.equal(url.protocol, "http:");
  assert.equal(url.hostname, "127.0.0.1", "the agent on the apiserver's own node (host network)");
  assert.equal(Number(url.port), config.k8s_audit.listen_port);
  assert.equal(url.pathname, config.k8s_audit.path);
  assert.equal(typeof user.user.token, "string", "sends the bearer token the webhook requires");
});

test("the example audit policy is valid for kube-apiserver and lint-clean", () => {
  const r = loadPolicyFile(path.join(dir, "audit-policy.yaml"));
  assert.ok(r.valid, JSON.stringify(r.errors));
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(lintPolicy(r.policy as NonNullable<typeof r.policy>), []);
});

test("kubectl kustomize builds deploy/kubernetes (skipped without kubectl)", (t) => {
  const probe = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    t.skip("kubectl is not installed");
    return;
  }
  const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const built = r.stdout
    .split(/^---$/m)
    .map((d) => parseYaml(d) as K8sObject)
    .filter(Boolean);
  assert.deepEqual(
    built.map((o) => o.kind).sort(),
    allObjects()
      .map((o) => o.kind)
      .sort(),
  );
});

test("deploy/kubernetes holds the object files and the two apiserver host files, nothing else", () => {
  const hostFiles = ["audit-policy.yaml", "audit-webhook-kubeconfig.yaml", "kustomization.yaml"];
  assert.deepEqual(readdirSync(dir).sort(), [...Object.keys(OBJECT_FILES), ...hostFiles].sort());
});
