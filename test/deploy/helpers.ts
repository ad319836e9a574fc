// Shared by the deploy/ tests: where the repository is, YAML documents of a file, and the checks
// the agent's DaemonSet must pass whether it comes from deploy/kubernetes or the Helm chart.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse as parseYaml } from "yaml";

/** The repository root (this file runs as dist/test/deploy/helpers.js). */
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const repoPath = (...parts: string[]) => path.join(REPO, ...parts);

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are checked field by field.
export type K8sObject = Record<string, any>;

/** The non-empty YAML documents of a text; fails on any YAML error. */
export function documents(text: string, name: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error(`${name}: not a YAML stream`);
  for (const d of docs)
    assert.deepEqual(d.errors, [], `${name}: ${d.errors.map((e) => e.message).join("; ")}`);
  return docs.map((d) => d.toJSON() as K8sObject).filter((o) => o !== null && o !== undefined);
}

export const fileDocuments = (file: string) => documents(readFileSync(file, "utf8"), path.basename(file));

/**
 * The capabilities docs/deployment.md lists in its table of what the DaemonSet is allowed: rows
 * whose first cell is `CAP_…`, in the section "What the DaemonSet is allowed".
 */
export function documentedCapabilities(): string[] {
  const docs = readFileSync(repoPath("docs/deployment.md"), "utf8");
  const start = docs.indexOf("## What the DaemonSet is allowed");
  assert.ok(start >= 0, "docs/deployment.md has a section 'What the DaemonSet is allowed'");
  const next = docs.indexOf("\n## ", start + 1);
  const section = docs.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^\| `CAP_([A-Z_]+)` +\|/gm)].map((m) => m[1] as string).sort();
}

/** Finds `privileged: true` anywhere in an object. */
export function findPrivileged(o: unknown, at = ""): string[] {
  if (Array.isArray(o)) return o.flatMap((x, i) => findPrivileged(x, `${at}[${i}]`));
  if (typeof o !== "object" || o === null) return [];
  return Object.entries(o).flatMap(([k, v]) =>
    k === "privileged" && v === true ? [`${at}.${k}`] : findPrivileged(v, `${at}.${k}`),
  );
}

/** The expected shape of the agent's pod, whatever produced it. */
export interface AgentExpectations {
  webserverPort: number;
  webhookPort: number;
  /** ConfigMap names that must be mounted (config, rules). */
  configMaps: string[];
}

/** The checks every rendering of the agent's DaemonSet must pass. */
export function checkAgentDaemonSet(ds: K8sObject, expect: AgentExpectations): void {
  assert.equal(ds.kind, "DaemonSet");
  assert.deepEqual(findPrivileged(ds), [], "no privileged: true anywhere");
  const pod = ds.spec.template.spec;
  // Selector matches the pod's labels.
  for (const [k, v] of Object.entries(ds.spec.selector.matchLabels))
    assert.equal(ds.spec.template.metadata.labels[k], v, `pod label ${k}`);
  assert.notEqual(pod.hostPID, true, "no hostPID: the probe reads the host's /proc through /host/proc");
  assert.notEqual(pod.hostIPC, true);
  assert.equal(pod.hostNetwork, true);
  assert.equal(pod.dnsPolicy, "ClusterFirstWithHostNet");
  assert.equal(pod.priorityClassName, "system-node-critical");
  assert.ok(
    (pod.tolerations as K8sObject[]).some(
      (t) => t.operator === "Exists" && t.key === undefined && t.effect === undefined,
    ),
    "tolerates every taint",
  );
  assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");

  assert.equal(pod.containers.length, 1);
  const c = pod.containers[0];
  const sc = c.securityContext;
  assert.equal(sc.privileged, false);
  assert.equal(sc.allowPrivilegeEscalation, false);
  assert.equal(sc.readOnlyRootFilesystem, true);
  assert.deepEqual(sc.capabilities.drop, ["ALL"]);
  assert.deepEqual(
    [...sc.capabilities.add].sort(),
    documentedCapabilities(),
    "exactly the documented capabilities",
  );
  assert.match(String(c.image), /^ghcr\.io\/lanner\/lanner[:@]/);

  for (const probe of [c.livenessProbe, c.readinessProbe]) {
    assert.equal(probe.httpGet.path, "/healthz");
    assert.equal(probe.httpGet.port, expect.webserverPort);
  }
  const ports = Object.fromEntries((c.ports as K8sObject[]).map((p) => [p.name, p.containerPort]));
  assert.deepEqual(ports, { webserver: expect.webserverPort, "k8s-audit": expect.webhookPort });
  for (const kind of ["requests", "limits"]) {
    assert.ok(c.resources[kind]?.cpu, `resources.${kind}.cpu`);
    assert.ok(c.resources[kind]?.memory, `resources.${kind}.memory`);
  }

  // Volumes: host paths exactly /proc and /etc, read-only; every writable mount an emptyDir or
  // the spool; every ConfigMap the agent needs mounted.
  const volumes = new Map((pod.volumes as K8sObject[]).map((v) => [v.name as string, v]));
  const mounts = c.volumeMounts as K8sObject[];
  for (const m of mounts) assert.ok(volumes.has(m.name), `volume ${m.name} exists`);
  const hostPaths = mounts
    .filter((m) => volumes.get(m.name)?.hostPath !== undefined && m.name !== "spool")
    .map((m) => ({ host: volumes.get(m.name)?.hostPath.path, at: m.mountPath, ro: m.readOnly === true }));
  assert.deepEqual(hostPaths, [
    { host: "/proc", at: "/host/proc", ro: true },
    { host: "/etc", at: "/host/etc", ro: true },
  ]);
  for (const m of mounts.filter((m) => m.readOnly !== true)) {
    const v = volumes.get(m.name);
    assert.ok(
      v?.emptyDir !== undefined || m.name === "spool",
      `writable mount ${m.mountPath} is an emptyDir`,
    );
  }
  const spool = mounts.find((m) => m.name === "spool");
  assert.equal(spool?.mountPath, "/var/lib/lanner");
  const mountedConfigMaps = [...volumes.values()].filter((v) => v.configMap).map((v) => v.configMap.name);
  for (const name of expect.configMaps)
    assert.ok(mountedConfigMaps.includes(name), `ConfigMap ${name} mounted`);
}

/** The configuration text a ConfigMap holds, parsed. */
export function configOf(cm: K8sObject): K8sObject {
  return parseYaml(cm.data["lanner.yaml"] as string) as K8sObject;
}

/**
 * The agent's container must agree with the configuration it runs: the -c path is the config
 * ConfigMap's mount, rules_files are the rules mounts, the token file is the Secret's mount, the
 * ports are the configuration's.
 */
export function checkConfigMatchesPod(
  ds: K8sObject,
  config: K8sObject,
  names: { config: string; rules: string },
) {
  const pod = ds.spec.template.spec;
  const c = pod.containers[0];
  const volumes = new Map((pod.volumes as K8sObject[]).map((v) => [v.name as string, v]));
  const mountOf = (pred: (v: K8sObject) => boolean) =>
    (c.volumeMounts as K8sObject[]).find((m) => pred(volumes.get(m.name) as K8sObject))?.mountPath;
  const configMount = mountOf((v) => v.configMap?.name === names.config);
  assert.deepEqual(c.command.slice(0, 4), ["lanner", "run", "-c", `${configMount}/lanner.yaml`]);
  const rulesMount = mountOf((v) => v.configMap?.name === names.rules);
  const customMount = mountOf((v) => v.configMap?.optional === true);
  assert.deepEqual(config.rules_files, [rulesMount, customMount]);
  if (config.k8s_audit.bearer_token_file) {
    const tokenMount = mountOf((v) => v.secret !== undefined);
    assert.equal(config.k8s_audit.bearer_token_file, `${tokenMount}/token`);
  }
  assert.equal(config.k8s_audit.listen_address, "0.0.0.0");
  assert.equal(config.webserver.listen_address, "0.0.0.0");
  assert.equal(config.webserver.k8s_healthz_endpoint, "/healthz");
  const ports = Object.fromEntries((c.ports as K8sObject[]).map((p) => [p.name, p.containerPort]));
  assert.equal(ports.webserver, config.webserver.listen_port);
  assert.equal(ports["k8s-audit"], config.k8s_audit.listen_port);
}
