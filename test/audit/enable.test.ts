// `lanner audit enable` on kubeadm-style kube-apiserver manifests with comments: the result equals a
// hand-written expected file byte for byte, a second run changes nothing, --dry-run writes nothing,
// a missing or invalid policy (or webhook kubeconfig) is refused, backups stay out of the manifests
// directory, and layouts that cannot be edited safely are refused rather than mangled.
import assert from "node:assert/strict";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { parse } from "yaml";
import {
  enableAudit,
  POLICY_CHECKSUM_ANNOTATION,
  patchApiserverManifest,
  webhookConfigFiles,
} from "../../src/audit/enable.js";
import { renderScalar } from "../../src/audit/yaml-splice.js";
import { runAuditEnable } from "../../src/cli/audit.js";

const fixtures = path.resolve(process.cwd(), "test/fixtures/audit");
const fixture = (name: string) => readFileSync(path.join(fixtures, name), "utf8");

/** A node's filesystem in a temporary directory: /etc/kubernetes/{manifests,pki,lanner}. */
let root: string;
let manifest: string;
const POLICY = "/etc/kubernetes/audit-policy.yaml";
const WEBHOOK = "/etc/kubernetes/lanner/audit-webhook.kubeconfig";
const host = (p: string) => path.join(root, p);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "lanner-enable-"));
  for (const d of ["etc/kubernetes/manifests", "etc/kubernetes/pki", "etc/kubernetes/lanner"])
    mkdirSync(path.join(root, d), { recursive: true });
  manifest = host("/etc/kubernetes/manifests/kube-apiserver.yaml");
  copyFileSync(path.join(fixtures, "kube-apiserver.yaml"), manifest);
  chmodSync(manifest, 0o600);
  copyFileSync(path.join(fixtures, "audit-policy.yaml"), host(POLICY));
  copyFileSync(path.join(fixtures, "audit-webhook.kubeconfig"), host(WEBHOOK));
  writeFileSync(host("/etc/kubernetes/lanner/ca.crt"), "-----BEGIN CERTIFICATE-----\n");
  writeFileSync(host("/etc/kubernetes/pki/lanner-receive.token"), "secret\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fixedNow = () => new Date("2026-07-23T18:32:12.345Z");
const backups = () => {
  const dir = host("/etc/kubernetes/lanner-backups");
  return existsSync(dir) ? readdirSync(dir) : [];
};

test("kubeadm manifest: the result equals the hand-written expected file, byte for byte", () => {
  const r = enableAudit({ manifest, policy: POLICY, hostRoot: root, now: fixedNow });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  assert.equal(r.value.changed, true);
  assert.equal(r.value.written, true);
  assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver.expected.yaml"));
  // The manifest keeps its mode, and nothing else is left in the manifests directory.
  assert.equal(statSync(manifest).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(host("/etc/kubernetes/manifests")), ["kube-apiserver.yaml"]);
});

test("backup: outside the manifests directory, named with the time, holding the old manifest", () => {
  const r = enableAudit({ manifest, policy: POLICY, hostRoot: root, now: fixedNow });
  assert.ok(r.ok);
  const expected = host("/etc/kubernetes/lanner-backups/kube-apiserver.yaml.2026-07-23T18-32-12.345Z.bak");
  assert.equal(r.value.backup, expected);
  assert.equal(readFileSync(expected, "utf8"), fixture("kube-apiserver.yaml"));
  assert.equal(statSync(expected).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(expected)).mode & 0o777, 0o700);
});

test("--backup-dir: used when given; refused inside the manifests directory (the kubelet would run the backup)", () => {
  const mine = path.join(root, "srv/backups");
  const r = enableAudit({ manifest, policy: POLICY, hostRoot: root, backupDir: mine, now: fixedNow });
  assert.ok(r.ok);
  assert.deepEqual(readdirSync(mine), ["kube-apiserver.yaml.2026-07-23T18-32-12.345Z.bak"]);

  copyFileSync(path.join(fixtures, "kube-apiserver.yaml"), manifest);
  for (const inside of ["/etc/kubernetes/manifests", "/etc/kubernetes/manifests/old"]) {
    const bad = enableAudit({ manifest, policy: POLICY, hostRoot: root, backupDir: host(inside) });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, "BACKUP_IN_MANIFEST_DIR");
    assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver.yaml"));
  }
  assert.deepEqual(readdirSync(host("/etc/kubernetes/manifests")), ["kube-apiserver.yaml"]);
});

test("a second run changes nothing: no write, no backup, 'already enabled'", () => {
  assert.ok(enableAudit({ manifest, policy: POLICY, hostRoot: root, now: fixedNow }).ok);
  const before = statSync(manifest);
  const again = enableAudit({ manifest, policy: POLICY, hostRoot: root });
  assert.ok(again.ok);
  assert.equal(again.value.changed, false);
  assert.equal(again.value.written, false);
  assert.deepEqual(again.value.changes, []);
  assert.equal(statSync(manifest).mtimeMs, before.mtimeMs);
  assert.equal(backups().length, 1);
  const cli = runAuditEnable({ policy: POLICY, hostRoot: root });
  assert.ok(cli.ok);
  assert.match(cli.stdout, /audit already enabled with these settings; nothing to change/);
});

test("--dry-run writes nothing and prints the diff", () => {
  const r = enableAudit({ manifest, policy: POLICY, hostRoot: root, dryRun: true });
  assert.ok(r.ok);
  assert.equal(r.value.written, false);
  assert.equal(r.value.after, fixture("kube-apiserver.expected.yaml"));
  assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver.yaml"));
  assert.equal(existsSync(host("/etc/kubernetes/lanner-backups")), false);

  const cli = runAuditEnable({ policy: POLICY, hostRoot: root, dryRun: true });
  assert.ok(cli.ok);
  assert.match(cli.stdout, /^--- \/.*\/kube-apiserver\.yaml\n\+\+\+ \/.*\/kube-apiserver\.yaml\n@@ /);
  assert.match(cli.stdout, /\n\+ {4}- --audit-policy-file=\/etc\/kubernetes\/audit-policy\.yaml\n/);
  assert.match(cli.stdout, /\n\+ {6}type: DirectoryOrCreate\n/);
  assert.match(cli.stderr, /dry run: nothing written/);
  assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver.yaml"));
  assert.equal(existsSync(host("/etc/kubernetes/lanner-backups")), false);
});

test("half-done setup from an old guide, with a webhook: fixed to the expected file byte for byte, then stable", () => {
  copyFileSync(path.join(fixtures, "kube-apiserver-partial.yaml"), manifest);
  const opts = { manifest, policy: POLICY, webhookConfig: WEBHOOK, hostRoot: root, now: fixedNow };
  const r = enableAudit(opts);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver-partial.expected.yaml"));
  assert.ok(
    r.value.changes.includes(
      "command: removed the repeated --audit-log-maxage=14 (the last one wins: a trap)",
    ),
  );
  assert.ok(r.value.changes.includes("volumes: audit-log type DirectoryOrCreate (was FileOrCreate)"));
  const again = enableAudit(opts);
  assert.ok(again.ok);
  assert.equal(again.value.changed, false);
});

test("the result means what it should: each flag once, the log directory (never the file) mounted writable", () => {
  copyFileSync(path.join(fixtures, "kube-apiserver-partial.yaml"), manifest);
  assert.ok(enableAudit({ manifest, policy: POLICY, webhookConfig: WEBHOOK, hostRoot: root }).ok);
  const pod = parse(readFileSync(manifest, "utf8"));
  const c = pod.spec.containers[0];
  const audit = (c.command as string[]).filter((f) => f.startsWith("--audit-"));
  const names = audit.map((f) => f.split("=")[0]);
  assert.equal(new Set(names).size, names.length);
  assert.ok(audit.includes("--audit-log-maxage=30"));
  const mountAt = (p: string) => c.volumeMounts.find((m: { mountPath: string }) => m.mountPath === p);
  const volume = (n: string) => pod.spec.volumes.find((v: { name: string }) => v.name === n);
  assert.equal(mountAt("/var/log/kubernetes/audit/audit.log"), undefined);
  const log = mountAt("/var/log/kubernetes/audit");
  assert.notEqual(log.readOnly, true);
  assert.deepEqual(volume(log.name).hostPath, {
    path: "/var/log/kubernetes/audit",
    type: "DirectoryOrCreate",
  });
  for (const p of [POLICY, WEBHOOK, "/etc/kubernetes/lanner/ca.crt"]) {
    assert.equal(mountAt(p).readOnly, true, p);
    assert.deepEqual(volume(mountAt(p).name).hostPath, { path: p, type: "File" });
  }
  // The token file is under /etc/kubernetes/pki, which k8s-certs already mounts from the same path.
  assert.equal(mountAt("/etc/kubernetes/pki/lanner-receive.token"), undefined);
});

test("changed settings are replaced in place, never appended", () => {
  assert.ok(enableAudit({ manifest, policy: POLICY, hostRoot: root }).ok);
  const r = enableAudit({
    manifest,
    policy: POLICY,
    hostRoot: root,
    logPath: "/var/log/apiserver/audit.json",
    logMaxAge: 7,
  });
  assert.ok(r.ok);
  const pod = parse(readFileSync(manifest, "utf8"));
  const c = pod.spec.containers[0];
  const audit = (c.command as string[]).filter((f) => f.startsWith("--audit-"));
  assert.deepEqual(audit, [
    "--audit-log-maxage=7",
    "--audit-log-maxbackup=10",
    "--audit-log-maxsize=100",
    "--audit-log-path=/var/log/apiserver/audit.json",
    "--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
  ]);
  const logMounts = c.volumeMounts.filter((m: { name: string }) => m.name === "audit-log");
  assert.deepEqual(logMounts, [{ mountPath: "/var/log/apiserver", name: "audit-log" }]);
  assert.equal(pod.spec.volumes.filter((v: { name: string }) => v.name === "audit-log").length, 1);
});

test("an edited policy changes only its checksum annotation, so the kubelet restarts the apiserver", () => {
  assert.ok(enableAudit({ manifest, policy: POLICY, hostRoot: root }).ok);
  const before = readFileSync(manifest, "utf8");
  writeFileSync(host(POLICY), `${readFileSync(host(POLICY), "utf8")}\n# tightened\n`);
  const r = enableAudit({ manifest, policy: POLICY, hostRoot: root });
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.changes.map((c) => c.split(":")[0]),
    ["metadata.annotations"],
  );
  const changed = readFileSync(manifest, "utf8")
    .split("\n")
    .filter((l, i) => l !== before.split("\n")[i]);
  assert.equal(changed.length, 1);
  assert.match(changed[0] as string, new RegExp(`^ {4}${POLICY_CHECKSUM_ANNOTATION}: [0-9a-f]{64}$`));
});

test("refused: missing policy, invalid policy (the apiserver's own error), nothing written", () => {
  rmSync(host(POLICY));
  const missing = enableAudit({ manifest, policy: POLICY, hostRoot: root });
  assert.ok(!missing.ok);
  assert.equal(missing.error.code, "POLICY_MISSING");
  assert.match(missing.error.message, /kube-apiserver would not start/);

  writeFileSync(host(POLICY), "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: FooBar\n");
  const invalid = enableAudit({ manifest, policy: POLICY, hostRoot: root });
  assert.ok(!invalid.ok);
  assert.equal(invalid.error.code, "POLICY_INVALID");
  assert.match(invalid.error.message, /rules\[0\]\.level: Unsupported value: "FooBar"/);
  assert.equal(invalid.error.diagnostics?.[0]?.line, 4);

  writeFileSync(host(POLICY), "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n");
  const empty = enableAudit({ manifest, policy: POLICY, hostRoot: root });
  assert.ok(!empty.ok);
  assert.match(empty.error.message, /loaded illegal policy with 0 rules/);

  const cli = runAuditEnable({ policy: POLICY, hostRoot: root });
  assert.equal(cli.ok, false);
  assert.match(
    cli.stderr,
    /refused: .*invalid policy: kube-apiserver would exit with: .*\[POLICY_INVALID\]\n {2}.*:3:8: error: loaded illegal policy with 0 rules.*\nnothing was written\n$/,
  );
  assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver.yaml"));
  assert.equal(existsSync(host("/etc/kubernetes/lanner-backups")), false);
});

test("refused: webhook kubeconfig missing, unusable, or naming a missing file", () => {
  const other = "/etc/kubernetes/lanner/nope.kubeconfig";
  const missing = enableAudit({ manifest, policy: POLICY, webhookConfig: other, hostRoot: root });
  assert.ok(!missing.ok);
  assert.equal(missing.error.code, "WEBHOOK_CONFIG_MISSING");

  rmSync(host("/etc/kubernetes/lanner/ca.crt"));
  const noCa = enableAudit({ manifest, policy: POLICY, webhookConfig: WEBHOOK, hostRoot: root });
  assert.ok(!noCa.ok);
  assert.equal(noCa.error.code, "WEBHOOK_CONFIG_INVALID");
  assert.match(noCa.error.message, /certificate-authority .*ca\.crt does not exist/);

  const noContext = webhookConfigFiles("apiVersion: v1\nkind: Config\ncurrent-context: x\n", WEBHOOK);
  assert.ok(!noContext.ok);
  assert.match(noContext.error.message, /current-context "x" is not among the contexts/);
  assert.equal(readFileSync(manifest, "utf8"), fixture("kube-apiserver.yaml"));
});

test("refused: not a kube-apiserver static pod", () => {
  const settings = {
    policyPath: POLICY,
    logPath: "/var/log/a/audit.log",
    logMaxAge: 1,
    logMaxBackup: 1,
    logMaxSize: 1,
  };
  const scheduler = fixture("kube-apiserver.yaml")
    .replaceAll("kube-apiserver", "kube-scheduler")
    .replace("registry.k8s.io/kube-scheduler", "registry.k8s.io/kube-scheduler");
  const cases: [string, RegExp][] = [
    [scheduler, /no container named kube-apiserver/],
    ["apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n", /not a static pod/],
    ["- just\n- a list\n", /not a Kubernetes object/],
    [
      "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command: [sh, -c, sleep]\n",
      /command does not start with kube-apiserver/,
    ],
  ];
  for (const [text, why] of cases) {
    const r = patchApiserverManifest(text, settings);
    assert.ok(!r.ok, text);
    assert.equal(r.error.code, "MANIFEST_NOT_APISERVER");
    assert.match(r.error.message, why);
  }
  const broken = patchApiserverManifest("apiVersion: v1\nkind: Pod\nspec: [\n", settings);
  assert.ok(!broken.ok);
  assert.equal(broken.error.code, "MANIFEST_PARSE");
});

test("layouts that cannot be edited without disturbing them are refused, not mangled", () => {
  const settings = {
    policyPath: POLICY,
    logPath: "/var/log/a/audit.log",
    logMaxAge: 1,
    logMaxBackup: 1,
    logMaxSize: 1,
  };
  const flow =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n  - name: kube-apiserver\n    command: [kube-apiserver, --secure-port=6443]\n";
  const r = patchApiserverManifest(flow, settings);
  assert.ok(!r.ok);
  assert.equal(r.error.code, "MANIFEST_LAYOUT");
  const emptyDir = fixture("kube-apiserver-partial.yaml").replace(
    "    - name: audit-log\n      hostPath:\n        path: /var/log/kubernetes/audit/audit.log\n        type: FileOrCreate\n",
    "    - name: audit-log\n      emptyDir: {}\n",
  );
  const e = patchApiserverManifest(emptyDir, settings);
  assert.ok(!e.ok);
  assert.match(e.error.message, /volume audit-log .* is not a hostPath volume/);
});

test("a minimal manifest: flags in args, no volumes, no annotations yet", () => {
  const text = [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  name: kube-apiserver",
    "  namespace: kube-system",
    "spec:",
    "  containers:",
    "    - name: kube-apiserver",
    "      image: registry.k8s.io/kube-apiserver:v1.31.0",
    "      command:",
    "        - /usr/local/bin/kube-apiserver",
    "      args:",
    "        - --secure-port=6443",
    "        - --etcd-servers=https://127.0.0.1:2379",
    "",
  ].join("\n");
  const settings = {
    policyPath: POLICY,
    logPath: "/var/log/kubernetes/audit/audit.log",
    logMaxAge: 30,
    logMaxBackup: 10,
    logMaxSize: 100,
    annotations: { [POLICY_CHECKSUM_ANNOTATION]: "0123" },
  };
  const r = patchApiserverManifest(text, settings);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  const pod = parse(r.value.text);
  const c = pod.spec.containers[0];
  assert.deepEqual(c.command, ["/usr/local/bin/kube-apiserver"]);
  assert.equal(c.args.length, 7);
  assert.ok(c.args.includes("--audit-policy-file=/etc/kubernetes/audit-policy.yaml"));
  assert.deepEqual(c.volumeMounts, [
    { mountPath: POLICY, name: "audit-policy", readOnly: true },
    { mountPath: "/var/log/kubernetes/audit", name: "audit-log" },
  ]);
  assert.equal(pod.spec.volumes.length, 2);
  // "0123" would be an octal number to the kubelet's YAML 1.1 reader: it has to be quoted.
  assert.equal(pod.metadata.annotations[POLICY_CHECKSUM_ANNOTATION], "0123");
  assert.match(r.value.text, /audit\.lanner\.dev\/policy-sha256: "0123"/);
  // The original lines are all still there, in order.
  const out = r.value.text.split("\n");
  let at = 0;
  for (const line of text.split("\n")) {
    at = out.indexOf(line, at);
    assert.ok(at >= 0, line);
  }
  const again = patchApiserverManifest(r.value.text, settings);
  assert.ok(again.ok);
  assert.equal(again.value.changed, false);
});

test("bad options are refused before anything is read", () => {
  const cases: [Parameters<typeof enableAudit>[0], RegExp][] = [
    [{ manifest, policy: POLICY, hostRoot: root, logPath: "-" }, /mixed into the container's output/],
    [{ manifest, policy: POLICY, hostRoot: root, logPath: "audit.log" }, /absolute path/],
    [{ manifest, policy: POLICY, hostRoot: root, logPath: "/audit.log" }, /its own directory/],
    [{ manifest, policy: "audit-policy.yaml", hostRoot: root }, /absolute path on the node/],
    [{ manifest, policy: POLICY, hostRoot: root, webhookBatchMaxWait: "5 seconds" }, /Go duration/],
  ];
  for (const [o, why] of cases) {
    const r = enableAudit(o);
    assert.ok(!r.ok);
    assert.match(r.error.message, why);
  }
  const cli = runAuditEnable({ policy: POLICY, hostRoot: root, logMaxage: "thirty" });
  assert.equal(cli.ok, false);
  assert.match(cli.stderr, /--log-maxage thirty: expected a whole number/);
});

test("scalars the kubelet would read as something else are quoted", () => {
  for (const [v, out] of [
    ["/var/log/audit", "/var/log/audit"],
    ["--audit-log-maxage=30", "--audit-log-maxage=30"],
    ["yes", '"yes"'],
    ["on", '"on"'],
    ["0755", '"0755"'],
    ["1e3", '"1e3"'],
    ["12:30", '"12:30"'],
    ["2024-01-01", '"2024-01-01"'],
    ["/path with space", '"/path with space"'],
    ["#x", '"#x"'],
    ["a: b", '"a: b"'],
  ] as const)
    assert.equal(renderScalar(v), out, v);
});

test("wrong readOnly flags are corrected; an empty flow `annotations: {}` becomes a block", () => {
  const text = fixture("kube-apiserver-partial.yaml")
    .replace(
      "  name: kube-apiserver\n  namespace: kube-system\n",
      "  name: kube-apiserver\n  annotations: {}\n  namespace: kube-system\n",
    )
    .replace(
      "        - mountPath: /etc/kubernetes/audit-policy.yaml\n          name: audit\n          readOnly: true\n",
      "        - mountPath: /etc/kubernetes/audit-policy.yaml\n          name: audit\n",
    )
    .replace(
      "          name: audit-log\n          readOnly: false\n",
      "          name: audit-log\n          readOnly: true\n",
    );
  const settings = {
    policyPath: POLICY,
    logPath: "/var/log/kubernetes/audit/audit.log",
    logMaxAge: 30,
    logMaxBackup: 10,
    logMaxSize: 100,
    annotations: { [POLICY_CHECKSUM_ANNOTATION]: "abc" },
  };
  const r = patchApiserverManifest(text, settings);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  assert.match(
    r.value.text,
    /\n {2}annotations:\n {4}audit\.lanner\.dev\/policy-sha256: abc\n {2}namespace: kube-system\n/,
  );
  assert.match(
    r.value.text,
    /\n {8}- mountPath: \/etc\/kubernetes\/audit-policy\.yaml\n {10}name: audit\n {10}readOnly: true\n {8}# ops: audit log/,
  );
  assert.match(
    r.value.text,
    /\n {8}- mountPath: \/var\/log\/kubernetes\/audit\n {10}name: audit-log\n {10}readOnly: false\n/,
  );
  const again = patchApiserverManifest(r.value.text, settings);
  assert.ok(again.ok);
  assert.equal(again.value.changed, false);
});
