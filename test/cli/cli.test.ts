// End-to-end: the built `lanner` command run as a real process on real rules and audit events.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { selectSources } from "../../src/cli/run.js";
import { makeTempDir } from "../helpers/temp-dirs.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const shared = path.resolve(process.cwd(), "../shared");
const k8sEvents = path.join(shared, "conformance/falco-regression/trace_files/k8s_audit");
const pinned = (f: string) => path.join(shared, "rules/pinned", f);
const upstream = (f: string) => path.join(shared, "rules/upstream", f);

function lanner(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    input,
    env: { ...process.env, LANNER_HOSTNAME: "test-host" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("validate: upstream files are Ok, exit 0; --json has Falco's shape on the first line", () => {
  const ok = lanner(["validate", upstream("falco_rules.yaml"), upstream("k8s_audit_rules.yaml")]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /falco_rules\.yaml: Ok/);
  const js = lanner(["validate", "--json", upstream("falco_rules.yaml")]);
  const doc = JSON.parse(js.stdout.split("\n")[0] as string) as {
    falco_load_results: { successful: boolean }[];
  };
  assert.equal(doc.falco_load_results[0]?.successful, true);
});

test("validate: a broken file names file, line and problem and exits 1", () => {
  const dir = makeTempDir("lanner-cli");
  const bad = path.join(dir, "bad.yaml");
  writeFileSync(
    bad,
    "- rule: r\n  desc: d\n  condition: evt.type = open and proc.nobody = x\n  output: o\n  priority: WARNING\n",
  );
  const r = lanner(["validate", bad]);
  assert.equal(r.code, 1);
  assert.match(r.stdout + r.stderr, /bad\.yaml:\d+:\d+/);
  assert.match(r.stdout + r.stderr, /LOAD_ERR_COMPILE_CONDITION/);
  assert.match(r.stdout + r.stderr, /nonexistent field proc\.nobody/);
  const js = JSON.parse(lanner(["validate", "--json", bad]).stdout.split("\n")[0] as string) as {
    falco_load_results: { errors: { code: string; context: { locations: { item_name: string }[] } }[] }[];
  };
  const err = js.falco_load_results[0]?.errors[0];
  assert.equal(err?.code, "LOAD_ERR_COMPILE_CONDITION");
  assert.ok(err?.context.locations.some((l) => l.item_name === "r"));
});

test("rules list / describe show rules with expanded conditions", () => {
  const list = lanner(["rules", "list", "-r", upstream("falco_rules.yaml")]);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stdout.trim().split("\n").length, 25);
  const d = lanner([
    "rules",
    "describe",
    "Terminal shell in container",
    "-r",
    upstream("falco_rules.yaml"),
    "--json",
  ]);
  assert.equal(d.code, 0, d.stderr);
  const rule = JSON.parse(d.stdout) as { evttypes: string[]; expandedCondition: string };
  assert.ok(rule.evttypes.includes("execve"));
  assert.match(rule.expandedCondition, /evt\.type in \(execve, execveat\)/);
});

test("fields lists both sources", () => {
  const r = lanner(["fields", "-N"]);
  assert.equal(r.code, 0);
  const names = new Set(r.stdout.split("\n"));
  for (const f of ["proc.name", "fd.name", "evt.type", "ka.verb", "jevt.value"]) assert.ok(names.has(f), f);
});

test("run -e replays a real audit log with the pinned rules: Falco's text alert and summary", () => {
  const r = lanner([
    "run",
    "-r",
    pinned("falco_rules-1.0.1.yaml"),
    "-r",
    pinned("k8s_audit_rules-0.6.0.yaml"),
    "-e",
    path.join(k8sEvents, "create_nginx_pod_privileged.json"),
    "-o",
    "time_format_iso_8601=true",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^2018-10-25T\d\d:\d\d:\d\d\.\d{9}\+0000: Warning Pod started with privileged container \(user=system:serviceaccount:kube-system:replicaset-controller pod=nginx-deployment-5cdcc99dbf-rgw6z resource=pods ns=default images=\(nginx\)\)$/m,
  );
  assert.match(
    r.stdout,
    /Events detected: 1\nRule counts by severity:\n {3}WARNING: 1\nTriggered rules by rule name:\n {3}Create Privileged Pod: 1\n/,
  );
});

test("run -e --json writes Falco's JSON alert with source k8s_audit", () => {
  const r = lanner([
    "run",
    "--json",
    "-r",
    pinned("k8s_audit_rules-0.6.0.yaml"),
    "-e",
    path.join(k8sEvents, "exec_pod.json"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const alert = JSON.parse(r.stdout.split("\n")[0] as string) as Record<string, unknown>;
  assert.equal(alert.rule, "Attach/Exec Pod");
  assert.equal(alert.source, "k8s_audit");
  assert.equal(alert.hostname, "test-host");
  assert.equal(alert.priority, "Notice");
  assert.equal((alert.output_fields as Record<string, unknown>)["ka.uri.param[command]"], "bash");
  assert.deepEqual(Object.keys(alert), [
    "hostname",
    "output",
    "output_fields",
    "priority",
    "rule",
    "source",
    "tags",
    "time",
  ]);
});

test("run -e - reads stdin; input that is not an audit event is reported with its line and skipped", () => {
  const good = JSON.stringify(JSON.parse(readFileSync(path.join(k8sEvents, "exec_pod.json"), "utf8")));
  const r = lanner(
    ["run", "-r", pinned("k8s_audit_rules-0.6.0.yaml"), "-e", "-"],
    `not json\n${good}\n{"kind":"Pod"}\n`,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /<stdin>:1: data not recognized as a k8s audit event/);
  assert.match(r.stderr, /<stdin>:3: data not recognized as a k8s audit event/);
  assert.match(r.stdout, /Attach\/Exec Pod: 1/);
});

test("run with rules that do not load exits 1 and loads nothing", () => {
  const dir = makeTempDir("lanner-cli");
  const bad = path.join(dir, "bad.yaml");
  writeFileSync(bad, "- macro: m\n  condition: (evt.type = open\n");
  const r = lanner(["run", "-r", bad]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /rules did not load/);
});

test("run --dry-run loads the configuration and Lanner's default rules, then exits", () => {
  const r = lanner(["run", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /dry run: configuration and \d+ rules loaded/);
});

test("--enable-source/--disable-source pick the pipelines; unknown sources are errors", () => {
  assert.deepEqual(selectSources(["syscall", "k8s_audit"], [], ["syscall"]), ["k8s_audit"]);
  assert.deepEqual(selectSources(["syscall", "k8s_audit"], ["syscall"], []), ["syscall"]);
  assert.throws(() => selectSources(["syscall"], ["nope"], []), /unknown event source 'nope'/);
  assert.throws(() => selectSources(["syscall"], [], ["syscall"]), /every event source is disabled/);
  const r = lanner(["run", "--disable-source", "k8s_audit", "-e", path.join(k8sEvents, "exec_pod.json")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /k8s_audit source is disabled/);
});
