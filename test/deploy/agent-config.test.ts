// The configurations the deployments ship, run by the real `lanner run`: the DaemonSet's (from the
// ConfigMap, with its mount paths moved into a temporary directory) answers /healthz, refuses audit
// events without the webhook token and raises the exec alert with it; the host install's
// configuration (from `lanner install --systemd --root`) starts with the installed rules.
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { runInstall } from "../../src/cli/install.js";
import { K8S_NAMES, POD_PATHS } from "../../src/install/kubernetes.js";
import { freePorts } from "../helpers/processes.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import { fileDocuments, type K8sObject, REPO, repoPath } from "./helpers.js";

const bin = repoPath("dist/src/cli/index.js");
const execEvent = path.join(
  REPO,
  "../shared/conformance/falco-regression/trace_files/k8s_audit/exec_pod.json",
);

/** Starts `lanner run` with a configuration; resolves once both listeners are up. */
async function startAgent(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, "run", ...args], {
    env: { ...process.env, LANNER_HOSTNAME: "node-1" },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const waitFor = async (what: () => string, re: RegExp, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!re.test(what())) {
      if (Date.now() > end || child.exitCode !== null)
        throw new Error(`waiting for ${re}: exit ${child.exitCode}\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const stop = async () => {
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGTERM");
    return exited;
  };
  try {
    await waitFor(() => err, /k8s audit webhook listening/);
    await waitFor(() => err, /webserver listening/);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return { out: () => out, err: () => err, waitFor, stop };
}

test("the DaemonSet's configuration runs: /healthz, the webhook token, an exec alert", async () => {
  const cm = fileDocuments(repoPath("deploy/kubernetes/20-configmaps.yaml")) as K8sObject[];
  const configMap = cm.find((o) => o.metadata.name === K8S_NAMES.configMap) as K8sObject;
  const rulesMap = cm.find((o) => o.metadata.name === K8S_NAMES.rulesConfigMap) as K8sObject;
  // The pod's mounts, in a temporary directory.
  const root = makeTempDir("lanner-pod");
  const at = (p: string) => path.join(root, p);
  for (const d of [POD_PATHS.rules, POD_PATHS.customRules, path.dirname(POD_PATHS.webhookToken)])
    mkdirSync(at(d), { recursive: true });
  for (const [name, content] of Object.entries(rulesMap.data as Record<string, string>))
    writeFileSync(path.join(at(POD_PATHS.rules), name), content);
  writeFileSync(at(POD_PATHS.webhookToken), "s3cret-token\n");
  let config = configMap.data["lanner.yaml"] as string;
  for (const p of [POD_PATHS.customRules, POD_PATHS.rules, POD_PATHS.webhookToken])
    config = config.replaceAll(`${p}\n`, `${at(p)}\n`);
  const configFile = at(POD_PATHS.config);
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(configFile, config);

  const [hookPort, webPort] = await freePorts(2);
  const agent = await startAgent([
    "-c",
    configFile,
    "-o",
    `k8s_audit.listen_port=${hookPort}`,
    "-o",
    `webserver.listen_port=${webPort}`,
  ]);
  try {
    assert.match(agent.err(), /webhook listening on http:\/\/0\.0\.0\.0:/, "all addresses, as in the pod");
    const health = await fetch(`http://127.0.0.1:${webPort}/healthz`);
    assert.equal(health.status, 200);
    await health.text();
    const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${readFileSync(execEvent, "utf8").trim()}]}`;
    const post = async (headers: Record<string, string>) => {
      const r = await fetch(`http://127.0.0.1:${hookPort}/k8s-audit`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body,
      });
      await r.text();
      return r.status;
    };
    assert.equal(await post({}), 401, "no token: refused");
    assert.equal(await post({ Authorization: "Bearer wrong" }), 401);
    assert.equal(await post({ Authorization: "Bearer s3cret-token" }), 200);
    await agent.waitFor(agent.out, /Exec or attach into a pod/);
  } finally {
    assert.equal(await agent.stop(), 0);
  }
});

test("the host install's configuration starts with the installed rules", async () => {
  const root = makeTempDir("lanner-host");
  const r = runInstall({ systemd: true, root });
  assert.equal(r.code, 0, r.stderr);
  // Reroot the absolute paths the installed configuration names.
  const installed = readFileSync(path.join(root, "etc/lanner/lanner.yaml"), "utf8");
  const config = path.join(root, "lanner.yaml");
  writeFileSync(config, installed.replaceAll(" /etc/lanner/", ` ${root}/etc/lanner/`));
  const [hookPort, webPort] = await freePorts(2);
  const pidfile = path.join(root, "lanner.pid");
  const agent = await startAgent([
    "-c",
    config,
    "-P",
    pidfile,
    "-o",
    `k8s_audit.listen_port=${hookPort}`,
    "-o",
    `webserver.listen_port=${webPort}`,
  ]);
  try {
    // Both rules files load: lanner_rules.yaml (syscall) and, from rules.d, the k8s_audit rules.
    assert.match(
      agent.err(),
      /rules loaded from \S+lanner_rules\.yaml, .*rules\.d \(enabled: [1-9]\d* syscall, [1-9]\d* k8s_audit\)/,
    );
    assert.match(agent.err(), /webhook listening on http:\/\/127\.0\.0\.1:/, "loopback on a host");
    assert.match(readFileSync(pidfile, "utf8"), /^\d+\n$/);
  } finally {
    assert.equal(await agent.stop(), 0);
  }
});
