// The agent as a real process: audit events posted to its webhook raise alerts on stdout; SIGHUP
// onto a broken rules file keeps the old ruleset; onto a good one swaps in the new rule; SIGTERM drains.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { EXEC_RULE, SECRET_RULE } from "../helpers/audit-rules.js";
import { freePorts, Watcher } from "../helpers/processes.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import { streamListener } from "../outputs/receivers.js";

const bin = path.resolve(process.cwd(), "dist/src/cli/index.js");
const events = path.resolve(process.cwd(), "../shared/conformance/falco-regression/trace_files/k8s_audit");

let posted = 0;
/** Posts a sample as the apiserver would, with a fresh auditID (the webhook drops retried duplicates). */
async function post(port: number, file: string): Promise<number> {
  const body = readFileSync(path.join(events, file), "utf8").replace(
    /"auditID":\s*"[^"]*"/g,
    () => `"auditID":"test-${++posted}"`,
  );
  const res = await fetch(`http://127.0.0.1:${port}/k8s-audit`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });
  await res.text();
  return res.status;
}

/** `lanner ARGS…` to completion. */
const lanner = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

test("webhook → rules → stdout; SIGHUP reloads atomically; SIGTERM stops and removes the pidfile", async () => {
  const dir = makeTempDir("lanner-agent");
  const rules = path.join(dir, "rules.yaml");
  writeFileSync(rules, EXEC_RULE);
  const pidfile = path.join(dir, "lanner.pid");
  const [hookPort, webPort] = await freePorts(2);
  const child = spawn(process.execPath, [
    bin,
    "run",
    "-r",
    rules,
    "-P",
    pidfile,
    "-o",
    `k8s_audit.listen_port=${hookPort}`,
    "-o",
    `webserver.listen_port=${webPort}`,
    "-o",
    "webserver.prometheus_metrics_enabled=true",
    "-o",
    "metrics.enabled=true",
    "-o",
    "watch_config_files=false",
  ]);
  const w = new Watcher(child);
  try {
    await w.waitFor("err", /k8s audit webhook listening/);
    assert.equal(readFileSync(pidfile, "utf8").trim(), String(child.pid));

    assert.equal(await post(hookPort, "exec_pod.json"), 200);
    await w.waitFor("out", /Notice exec by minikube-user/);

    // A broken file: the reload fails, the old rule keeps firing.
    writeFileSync(
      rules,
      `${EXEC_RULE}\n- rule: broken\n  desc: d\n  condition: ka.nope = 1\n  output: o\n  priority: INFO\n  source: k8s_audit\n`,
    );
    child.kill("SIGHUP");
    await w.waitFor("err", /reload failed: the previous rules keep running/);
    assert.equal(await post(hookPort, "exec_pod.json"), 200);
    await w.waitFor("out", /(Notice exec by minikube-user[\s\S]*){2}/);

    // A good file with a new rule: it fires after the reload.
    writeFileSync(rules, SECRET_RULE);
    child.kill("SIGHUP");
    await w.waitFor("err", /reloaded .* in \d+ ms/);
    assert.equal(await post(hookPort, "create_secret.json"), 200);
    await w.waitFor("out", /Warning secret example-secret created/);
    assert.equal(await post(hookPort, "exec_pod.json"), 200);

    const metrics = await (await fetch(`http://127.0.0.1:${webPort}/metrics`)).text();
    assert.match(metrics, /lanner_reloads_total\{result="failed"\} 1/);
    assert.match(metrics, /lanner_reloads_total\{result="ok"\} 1/);
    assert.match(metrics, /lanner_alerts_total\{rule="exec seen",priority="Notice",source="k8s_audit"\} 2/);

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    assert.equal(code, 0, w.err);
    assert.equal(w.count(/exec by minikube-user/), 2, "the exec rule is gone after the good reload");
    assert.equal(existsSync(pidfile), false);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

test("a replay with the same rules file as a config's rules_files", () => {
  const dir = makeTempDir("lanner-agent");
  copyFileSync(path.join(events, "exec_pod.json"), path.join(dir, "audit.json"));
  writeFileSync(path.join(dir, "rules.yaml"), EXEC_RULE);
  writeFileSync(
    path.join(dir, "lanner.yaml"),
    `rules_files:\n  - ${path.join(dir, "rules.yaml")}\njson_output: true\n`,
  );
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [
      bin,
      "run",
      "-c",
      path.join(dir, "lanner.yaml"),
      "-e",
      path.join(dir, "audit.json"),
    ]);
    const w = new Watcher(child);
    child.on("exit", (code) => {
      try {
        assert.equal(code, 0, w.err);
        const alert = JSON.parse(w.out.split("\n")[0] as string) as { rule: string; output: string };
        assert.equal(alert.rule, "exec seen");
        assert.match(w.out, /Events detected: 1/);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
});

test("watch_config_files: editing the rules file reloads without a signal", async () => {
  const dir = makeTempDir("lanner-agent");
  const rules = path.join(dir, "rules.yaml");
  writeFileSync(rules, EXEC_RULE);
  const [hookPort, webPort] = await freePorts(2);
  const child = spawn(process.execPath, [
    bin,
    "run",
    "-r",
    rules,
    "-o",
    `k8s_audit.listen_port=${hookPort}`,
    "-o",
    `webserver.listen_port=${webPort}`,
  ]);
  const w = new Watcher(child);
  try {
    await w.waitFor("err", /k8s audit webhook listening/);
    writeFileSync(rules, SECRET_RULE);
    await w.waitFor("err", /configuration or rules changed on disk[\s\S]*reloaded .* in \d+ ms/);
    assert.equal(await post(hookPort, "create_secret.json"), 200);
    await w.waitFor("out", /Warning secret example-secret created/);
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.on("exit", resolve));
  }
});

test("outputs from the configuration: JSON alerts to a file, none on stdout", () => {
  const dir = makeTempDir("lanner-agent");
  writeFileSync(path.join(dir, "rules.yaml"), EXEC_RULE);
  const out = path.join(dir, "alerts.jsonl");
  const args = [bin, "run", "-r", path.join(dir, "rules.yaml"), "-e", path.join(events, "exec_pod.json")];
  for (const o of [
    "json_output=true",
    "stdout_output.enabled=false",
    "file_output.enabled=true",
    `file_output.filename=${out}`,
  ]) {
    args.push("-o", o);
  }
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args);
    const w = new Watcher(child);
    child.on("exit", (code) => {
      try {
        assert.equal(code, 0, w.err);
        assert.doesNotMatch(w.out, /exec by/);
        const lines = readFileSync(out, "utf8").trim().split("\n");
        assert.equal(lines.length, 1);
        const alert = JSON.parse(lines[0] as string) as { rule: string; source: string };
        assert.equal(alert.rule, "exec seen");
        assert.equal(alert.source, "k8s_audit");
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
});

test("log_level and log_stderr: Lanner's own messages below the level, or all of them, are not written", () => {
  const dir = makeTempDir("lanner-agent");
  writeFileSync(path.join(dir, "rules.yaml"), EXEC_RULE);
  const run = (...overrides: string[]) =>
    lanner(
      "run",
      "-r",
      path.join(dir, "rules.yaml"),
      "-e",
      path.join(events, "exec_pod.json"),
      ...overrides.flatMap((o) => (o.startsWith("-") ? [o] : ["-o", o])),
    );
  const info = run("--dry-run");
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stderr, /dry run: configuration and 1 rules loaded/);
  const quiet = run("--dry-run", "log_level=warning");
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, "");
  const silent = run("--dry-run", "log_stderr=false");
  assert.equal(silent.status, 0);
  assert.equal(silent.stderr, "");
});

test("-U and --json override the file: --support shows buffered_outputs false and json_output true", () => {
  const dir = makeTempDir("lanner-agent");
  writeFileSync(path.join(dir, "lanner.yaml"), "buffered_outputs: true\njson_output: false\n");
  const config = (...flags: string[]) => {
    const r = lanner("run", "-c", path.join(dir, "lanner.yaml"), ...flags, "--support");
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse((JSON.parse(r.stdout) as { config: string }).config) as Record<string, unknown>;
  };
  assert.equal(config().buffered_outputs, true);
  assert.equal(config("-U").buffered_outputs, false);
  assert.equal(config("--json").json_output, true);
  assert.equal(config().json_output, false);
});

test("log_syslog: Lanner's own messages to the local syslog socket, RFC 3164 as syslog(3), filtered by log_level", async () => {
  const dir = makeTempDir("lanner-agent");
  writeFileSync(path.join(dir, "rules.yaml"), EXEC_RULE);
  // An audit log with a line that is not an audit event: the agent warns about it and goes on.
  writeFileSync(
    path.join(dir, "audit.log"),
    `{"kind":"Pod"}\n${readFileSync(path.join(events, "exec_pod.json"), "utf8")}`,
  );
  const socket = path.join(dir, "log.sock");
  const rx = await streamListener(socket);
  const run = (...overrides: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const args = [bin, "run", "-r", path.join(dir, "rules.yaml"), "-e", path.join(dir, "audit.log")];
      for (const o of [
        "log_syslog=true",
        `syslog_output.socket=${socket}`,
        "syslog_output.enabled=false",
        ...overrides,
      ])
        args.push("-o", o);
      const child = spawn(process.execPath, args);
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      child.on("exit", (code) => resolve({ code, stderr }));
    });
  try {
    const r = await run("log_stderr=false");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "log_stderr=false: nothing on stderr");
    // <12>: facility user (1) × 8 + warning (4); the TAG and the message as glibc's syslog(3) writes them.
    const text = rx.data().toString("utf8");
    assert.match(
      text,
      /^<12>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d lanner: .*audit\.log:1: data not recognized as a k8s audit event .*\0$/,
    );
    assert.equal(text.split("\0").length - 1, 1, "one message, NUL-terminated");
    const quiet = await run("log_level=error");
    assert.equal(quiet.code, 0);
    assert.equal(rx.data().toString("utf8"), text, "a warning below log_level=error is not sent");
  } finally {
    await rx.close();
  }
});

test("static_fields in conditions and outputs; append_output by source, tags and rule, with extra fields", () => {
  const dir = makeTempDir("lanner-agent");
  writeFileSync(
    path.join(dir, "rules.yaml"),
    `${EXEC_RULE.replace("priority: NOTICE", "priority: NOTICE\n  tags: [k8s, exec]")}
- rule: exec in prod
  desc: d
  condition: ka.target.subresource = exec and static.env = prod
  output: "prod exec by %ka.user.name"
  priority: WARNING
  source: k8s_audit
- rule: exec in staging
  desc: d
  condition: ka.target.subresource = exec and static.env = staging
  output: "staging exec"
  priority: WARNING
  source: k8s_audit
`,
  );
  const entries = [
    { match: { source: "k8s_audit", tags: ["exec"] }, extra_output: "ns=%ka.target.namespace" },
    {
      match: { rule: "exec in prod" },
      extra_fields: ["ka.verb", { where: "%static.cluster/%ka.target.name" }],
    },
    { match: { source: "syscall" }, extra_output: "never=%proc.name" },
    { suggested_output: true },
  ];
  writeFileSync(
    path.join(dir, "lanner.yaml"),
    `json_output: true\nrule_matching: all\nstatic_fields:\n  env: prod\n  cluster: eu-1\nappend_output: ${JSON.stringify(entries)}\n`,
  );
  const r = lanner(
    "run",
    "-c",
    path.join(dir, "lanner.yaml"),
    "-r",
    path.join(dir, "rules.yaml"),
    "-e",
    path.join(events, "exec_pod.json"),
  );
  assert.equal(r.status, 0, r.stderr);
  const alerts = r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { rule: string; output: string; output_fields: Record<string, unknown> });
  assert.deepEqual(
    alerts.map((a) => a.rule),
    ["exec seen", "exec in prod"],
  );
  const [seen, prod] = alerts;
  assert.match(seen?.output ?? "", /exec by \S+ ns=\S+ static_env=prod static_cluster=eu-1$/);
  assert.equal(seen?.output_fields["static.env"], "prod");
  assert.match(prod?.output ?? "", /prod exec by \S+ static_env=prod static_cluster=eu-1$/);
  assert.equal(prod?.output_fields["ka.verb"], "create");
  assert.match(String(prod?.output_fields.where), /^eu-1\/\S+$/);
  assert.equal(seen?.output_fields.where, undefined, "extra fields only where the entry matches");
});

test("append_output that does not compile: the rules do not load, with the entry named", () => {
  const dir = makeTempDir("lanner-agent");
  writeFileSync(path.join(dir, "rules.yaml"), EXEC_RULE);
  const r = lanner(
    "run",
    "-r",
    path.join(dir, "rules.yaml"),
    "-o",
    'append_output[]={"extra_output": "x=%no.such.field"}',
    "--dry-run",
  );
  assert.equal(r.status, 1);
  assert.match(r.stderr, /append_output for rule 'exec seen': .*no\.such\.field/);
});
