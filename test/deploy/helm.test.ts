// deploy/helm/lanner: Chart.yaml and values.yaml are well formed and current; the templates,
// rendered by test/deploy/gotemplate.ts (Helm is not needed), parse as YAML and give the objects
// of deploy/kubernetes with the same privileges; values change what they say. With `helm` on PATH,
// `helm lint` and `helm template` run too.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { helmValues, K8S_NAMES, kubernetesConfig } from "../../src/install/kubernetes.js";
import { readPackageFiles } from "../../src/install/systemd.js";
import { renderChart } from "./gotemplate.js";
import {
  checkAgentDaemonSet,
  checkConfigMatchesPod,
  configOf,
  documents,
  fileDocuments,
  type K8sObject,
  REPO,
  repoPath,
} from "./helpers.js";

const chartDir = repoPath("deploy/helm/lanner");

function render(
  values: Record<string, unknown> = {},
  options: { releaseName?: string; lookup?: () => unknown } = {},
) {
  const r = renderChart(chartDir, { values, ...options });
  const objects: K8sObject[] = [];
  for (const [name, text] of r.outputs) if (name.endsWith(".yaml")) objects.push(...documents(text, name));
  const find = (kind: string, name?: string) =>
    objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  return { objects, find, outputs: r.outputs };
}

const plain = () =>
  ["00-namespace.yaml", "10-rbac.yaml", "20-configmaps.yaml", "30-daemonset.yaml", "40-service.yaml"].flatMap(
    (f) => fileDocuments(repoPath("deploy/kubernetes", f)),
  );

test("Chart.yaml: apiVersion v2, appVersion is Lanner's version", () => {
  const chart = parseYaml(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as K8sObject;
  const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { version: string };
  assert.equal(chart.apiVersion, "v2");
  assert.equal(chart.name, "lanner");
  assert.equal(chart.type, "application");
  assert.match(chart.version, /^\d+\.\d+\.\d+$/);
  assert.equal(chart.appVersion, pkg.version);
});

test("values.yaml: its config block is config/lanner.yaml as the DaemonSet runs it (node deploy/generate.mjs)", () => {
  const current = readFileSync(path.join(chartDir, "values.yaml"), "utf8");
  const pkg = readPackageFiles(REPO);
  const k8s = kubernetesConfig(pkg.config as string);
  assert.equal(
    current,
    helmValues(current, k8s),
    "out of date: run `npx tsc -p . && node deploy/generate.mjs`",
  );
  const values = parseYaml(current) as K8sObject;
  assert.deepEqual(values.config, parseYaml(k8s));
  for (const key of ["image", "resources", "customRules", "webhook", "spool", "capabilities"])
    assert.ok(key in values, `values.${key}`);
});

test("files/rules holds exactly the repository's rules/", () => {
  const pkg = readPackageFiles(REPO);
  const dir = path.join(chartDir, "files/rules");
  assert.deepEqual(readdirSync(dir).sort(), pkg.rules.map((r) => r.name).sort());
  for (const r of pkg.rules) assert.equal(readFileSync(path.join(dir, r.name), "utf8"), r.content, r.name);
});

test("default values render the objects of deploy/kubernetes, plus the token Secret", () => {
  const { objects, find, outputs } = render();
  const kinds = (list: K8sObject[]) => list.map((o) => `${o.kind}/${o.metadata.name}`).sort();
  const expected = plain().filter((o) => o.kind !== "Namespace");
  assert.deepEqual(
    kinds(objects),
    kinds([...expected, { kind: "Secret", metadata: { name: K8S_NAMES.tokenSecret } }]),
  );
  for (const o of objects)
    if (!["ClusterRole", "ClusterRoleBinding"].includes(o.kind)) assert.equal(o.metadata.namespace, "lanner");
  assert.match(outputs.get("templates/NOTES.txt") ?? "", /127\.0\.0\.1:9765\/k8s-audit/);

  const ds = find("DaemonSet") as K8sObject;
  checkAgentDaemonSet(ds, {
    webserverPort: 8765,
    webhookPort: 9765,
    configMaps: [K8S_NAMES.configMap, K8S_NAMES.rulesConfigMap],
  });
  const plainDs = plain().find((o) => o.kind === "DaemonSet") as K8sObject;
  const podOf = (d: K8sObject) => {
    const spec = structuredClone(d.spec.template.spec);
    spec.containers[0].image = "IMAGE";
    return spec;
  };
  assert.deepEqual(podOf(ds), podOf(plainDs), "the same pod as deploy/kubernetes/30-daemonset.yaml");
  assert.equal(ds.spec.template.spec.containers[0].image, "ghcr.io/lanner/lanner:0.1.0");

  const cm = find("ConfigMap", K8S_NAMES.configMap) as K8sObject;
  const plainCm = plain().find((o) => o.metadata.name === K8S_NAMES.configMap) as K8sObject;
  assert.deepEqual(configOf(cm), configOf(plainCm), "the same configuration");
  checkConfigMatchesPod(ds, configOf(cm), { config: K8S_NAMES.configMap, rules: K8S_NAMES.rulesConfigMap });
  const rules = find("ConfigMap", K8S_NAMES.rulesConfigMap) as K8sObject;
  const plainRules = plain().find((o) => o.metadata.name === K8S_NAMES.rulesConfigMap) as K8sObject;
  assert.deepEqual(rules.data, plainRules.data, "the same rules");

  const svc = find("Service") as K8sObject;
  assert.equal(svc.spec.type, "ClusterIP");
  assert.equal(svc.spec.ports[0].targetPort, 9765);
  const secret = find("Secret") as K8sObject;
  assert.match(Buffer.from(secret.data.token, "base64").toString(), /^[A-Za-z0-9]{48}$/);
});

test("values: config overrides merge key by key and move ports, probes and the Service", () => {
  const { find } = render({
    config: { json_output: true, webserver: { listen_port: 9876 }, k8s_audit: { listen_port: 9988 } },
  });
  const ds = find("DaemonSet") as K8sObject;
  const config = configOf(find("ConfigMap", K8S_NAMES.configMap) as K8sObject);
  assert.equal(config.json_output, true);
  assert.equal(config.webserver.listen_address, "0.0.0.0", "other keys of the section kept");
  checkAgentDaemonSet(ds, { webserverPort: 9876, webhookPort: 9988, configMaps: [K8S_NAMES.configMap] });
  checkConfigMatchesPod(ds, config, { config: K8S_NAMES.configMap, rules: K8S_NAMES.rulesConfigMap });
  assert.equal((find("Service") as K8sObject).spec.ports[0].targetPort, 9988);
  // false overrides true (Helm's value merge, unlike Sprig's mergeOverwrite).
  const off = render({ config: { watch_config_files: false } });
  assert.equal(configOf(off.find("ConfigMap", K8S_NAMES.configMap) as K8sObject).watch_config_files, false);
});

test("values: image, resources, extra rules, spool on the host", () => {
  const { find } = render({
    image: { tag: "1.2.3" },
    resources: { limits: { memory: "2Gi" } },
    customRules: {
      "my_rules.yaml": "- list: lanner_shells\n  items: [fish]\n  override:\n    items: append\n",
    },
    spool: { hostPath: "/var/lib/lanner" },
  });
  const ds = find("DaemonSet") as K8sObject;
  const c = ds.spec.template.spec.containers[0];
  assert.equal(c.image, "ghcr.io/lanner/lanner:1.2.3");
  assert.equal(c.resources.limits.memory, "2Gi");
  assert.equal(c.resources.requests.cpu, "100m", "other resources kept");
  const custom = find("ConfigMap", K8S_NAMES.customRulesConfigMap) as K8sObject;
  assert.match(custom.data["my_rules.yaml"], /items: \[fish\]/);
  const spool = ds.spec.template.spec.volumes.find((v: K8sObject) => v.name === "spool");
  assert.deepEqual(spool.hostPath, { path: "/var/lib/lanner", type: "DirectoryOrCreate" });
  const digest = render({ image: { digest: "sha256:abc" } }).find("DaemonSet") as K8sObject;
  assert.equal(digest.spec.template.spec.containers[0].image, "ghcr.io/lanner/lanner@sha256:abc");
});

test("values: webhook exposure (NodePort, fixed clusterIP, no Service) and token (off, existing, kept)", () => {
  const np = render({ webhook: { service: { type: "NodePort", nodePort: 30765 } } }).find(
    "Service",
  ) as K8sObject;
  assert.equal(np.spec.type, "NodePort");
  assert.equal(np.spec.ports[0].nodePort, 30765);
  const fixed = render({ webhook: { service: { clusterIP: "10.96.0.97" } } }).find("Service") as K8sObject;
  assert.equal(fixed.spec.clusterIP, "10.96.0.97");
  assert.equal(render({ webhook: { service: { enabled: false } } }).find("Service"), undefined);

  const off = render({ webhook: { token: { enabled: false } } });
  assert.equal(off.find("Secret"), undefined);
  assert.equal(
    configOf(off.find("ConfigMap", K8S_NAMES.configMap) as K8sObject).k8s_audit.bearer_token_file,
    "",
  );
  const offDs = off.find("DaemonSet") as K8sObject;
  assert.ok(!offDs.spec.template.spec.volumes.some((v: K8sObject) => v.secret));

  const existing = render({ webhook: { token: { existingSecret: "my-token" } } });
  assert.equal(existing.find("Secret"), undefined);
  const vol = (existing.find("DaemonSet") as K8sObject).spec.template.spec.volumes.find(
    (v: K8sObject) => v.secret,
  );
  assert.equal(vol.secret.secretName, "my-token");

  const given = render({ webhook: { token: { value: "s3cret" } } }).find("Secret") as K8sObject;
  assert.equal(Buffer.from(given.data.token, "base64").toString(), "s3cret");
  // An upgrade keeps the token already in the cluster (lookup finds the Secret).
  const kept = render(
    {},
    { lookup: () => ({ data: { token: Buffer.from("from-cluster").toString("base64") } }) },
  );
  assert.equal(
    Buffer.from((kept.find("Secret") as K8sObject).data.token, "base64").toString(),
    "from-cluster",
  );
});

test("values: another release name prefixes every object; the quota follows the priority class", () => {
  const { objects, find } = render({}, { releaseName: "prod" });
  for (const o of objects) assert.match(o.metadata.name, /^prod-lanner/, `${o.kind} ${o.metadata.name}`);
  const ds = find("DaemonSet") as K8sObject;
  const cms = ds.spec.template.spec.volumes
    .filter((v: K8sObject) => v.configMap)
    .map((v: K8sObject) => v.configMap.name);
  assert.deepEqual(cms, ["prod-lanner-config", "prod-lanner-rules", "prod-lanner-custom-rules"]);
  assert.equal(render({ priorityClassName: "" }).find("ResourceQuota"), undefined);
});

test("helm lint and helm template (skipped without helm)", (t) => {
  const probe = spawnSync("helm", ["version", "--short"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    t.skip("helm is not installed; the templates were rendered by test/deploy/gotemplate.ts instead");
    return;
  }
  const lint = spawnSync("helm", ["lint", chartDir], { encoding: "utf8" });
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  const tpl = spawnSync("helm", ["template", "lanner", chartDir, "--namespace", "lanner"], {
    encoding: "utf8",
  });
  assert.equal(tpl.status, 0, tpl.stderr);
  const objects = documents(tpl.stdout, "helm template");
  const ds = objects.find((o) => o.kind === "DaemonSet") as K8sObject;
  checkAgentDaemonSet(ds, {
    webserverPort: 8765,
    webhookPort: 9765,
    configMaps: [K8S_NAMES.configMap, K8S_NAMES.rulesConfigMap],
  });
  const ours = render()
    .objects.map((o) => `${o.kind}/${o.metadata.name}`)
    .sort();
  assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), ours);
});
