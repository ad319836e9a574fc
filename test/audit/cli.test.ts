// `lanner audit policy validate|explain|lint`: outputs for people and for programs, exit status,
// attributes from flags and from JSON, and the commander wiring.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import {
  explainAttributes,
  registerAudit,
  runPolicyExplain,
  runPolicyLint,
  runPolicyValidate,
} from "../../src/cli/audit.js";
import { docsPolicyPath, gcePolicyPath, policyYaml } from "./helpers.js";

function withTempFile(name: string, content: string, f: (file: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-audit-"));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    f(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withTempFileAsync(
  name: string,
  content: string,
  f: (file: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-audit-"));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    await f(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `lanner <args>` through commander, capturing stdout and the exit code. */
async function runCli(args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const program = new Command();
  program.exitOverride();
  registerAudit(program);
  let stdout = "";
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const saved = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await program.parseAsync(["node", "lanner", ...args]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = saved;
  return { stdout, exitCode };
}

test("validate --json: the documented shape, valid policies", () => {
  for (const f of [gcePolicyPath, docsPolicyPath]) {
    const out = runPolicyValidate(f, true);
    assert.ok(out.ok);
    const j = JSON.parse(out.stdout);
    assert.deepEqual(
      { valid: j.valid, errors: j.errors, warnings: j.warnings },
      { valid: true, errors: [], warnings: [] },
    );
  }
});

test("validate: errors with file:line:col and the apiserver's text; exit 1", async () => {
  withTempFile("p.yaml", policyYaml("rules:\n- level: FooBar\n  verb: [get]\n"), (file) => {
    const out = runPolicyValidate(file, true);
    assert.equal(out.ok, false);
    const j = JSON.parse(out.stdout);
    assert.equal(j.valid, false);
    assert.deepEqual(j.errors, [
      `${file}:4:10: rules[0].level: Unsupported value: "FooBar": supported values: "None", "Metadata", "Request", "RequestResponse"`,
    ]);
    assert.deepEqual(j.warnings, [`${file}:5:3: unknown field "rules[0].verb" (did you mean "verbs"?)`]);
    assert.equal(j.diagnostics[0].message.startsWith("rules[0].level: Unsupported value"), true);
    const text = runPolicyValidate(file, false).stdout;
    assert.match(text, /:4:10: error: rules\[0\]\.level: Unsupported value/);
    assert.match(
      text,
      /invalid; kube-apiserver would exit with: loading audit policy file: rules\[0\]\.level/,
    );
  });
  await withTempFileAsync("p.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\n", async (file) => {
    const r = await runCli(["audit", "policy", "validate", "--json", file]);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(JSON.parse(r.stdout).errors, [
      `${file}:1:1: loaded illegal policy with 0 rules (add at least one rule, e.g. \`- level: Metadata\`)`,
    ]);
  });
});

test("explain --json: level, stages, managed fields and rule", () => {
  const out = runPolicyExplain(gcePolicyPath, {
    user: "system:kube-proxy",
    verb: "watch",
    resource: "endpoints",
    json: true,
  });
  assert.ok(out.ok);
  assert.deepEqual(JSON.parse(out.stdout), {
    level: "None",
    omitStages: [],
    omitManagedFields: false,
    rule: 0,
  });
  const none = runPolicyExplain(docsPolicyPath, {
    user: "a",
    group: ["system:authenticated"],
    verb: "get",
    path: "/apis",
    json: true,
  });
  assert.deepEqual(JSON.parse(none.stdout), {
    level: "None",
    omitStages: ["RequestReceived"],
    omitManagedFields: false,
    rule: 4,
  });
});

test("explain: the matching rule's line, and why each earlier rule did not match", () => {
  const out = runPolicyExplain(docsPolicyPath, {
    user: "alice",
    verb: "get",
    resource: "pods/exec",
    namespace: "default",
  });
  const lines = out.stdout.split("\n");
  assert.equal(
    lines[0],
    'request: user="alice" verb="get" apiGroup="" resource="pods/exec" namespace="default"',
  );
  assert.equal(lines[1], "level: Request");
  assert.equal(lines[2], "omitStages: RequestReceived");
  assert.equal(lines[4], `rule: 7 (${docsPolicyPath}:60)`);
  assert.equal(
    lines[6],
    `  rule 0 (${docsPolicyPath}:10): resources: group "": "pods/exec" is not matched by resources ["pods"] ("pods" does not cover its subresources: add "pods/exec" or "pods/*")`,
  );
  assert.match(
    lines[9] ?? "",
    /rule 3 .*user "alice" is not in users \["system:kube-proxy"\]; verb "get" is not in verbs \["watch"\]/,
  );
  assert.match(lines[10] ?? "", /rule 4 .*none of the groups \[\] is in userGroups/);
  const nothing = runPolicyExplain(gcePolicyPath, { verb: "get", path: "/x" });
  assert.match(nothing.stdout, /level: Metadata/);
});

test("explain: no rule matched", () => {
  withTempFile("p.yaml", policyYaml("rules:\n- level: Metadata\n  verbs: [create]\n"), (file) => {
    const out = runPolicyExplain(file, { verb: "get", path: "/x" });
    assert.match(out.stdout, /level: None\n/);
    assert.match(out.stdout, /rule: none matched/);
    assert.match(
      out.stdout,
      /why no rule matched:\n {2}rule 0 \(.*:4\): verb "get" is not in verbs \["create"\]/,
    );
  });
});

test("explain attributes: JSON with the authorizer keys, flags override, resource/subresource shorthand", () => {
  const json = JSON.stringify({
    user: "bob",
    groups: ["g"],
    verb: "get",
    namespace: "ns",
    resource: "pods",
    subresource: "log",
    apiGroup: "",
    apiVersion: "v1",
    name: "p",
    path: "/api/v1/namespaces/ns/pods/p/log",
    isResourceRequest: true,
  });
  const a = explainAttributes({ attributes: "-", verb: "list" }, () => json);
  assert.ok(a.ok);
  assert.deepEqual(a.input, { ...JSON.parse(json), verb: "list" });
  const b = explainAttributes({ resource: "deployments/scale" });
  assert.ok(b.ok);
  assert.deepEqual(b.input, { resource: "deployments", subresource: "scale" });
  const bad = explainAttributes({ attributes: "x.json" }, () => '{"usr": "a", "verb": 1}');
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.errors.length === 2 && /unknown attribute key "usr"/.test(bad.errors[0] ?? ""));
  const broken = explainAttributes({ attributes: "x.json" }, () => "{");
  assert.equal(broken.ok, false);
});

test("explain on an invalid policy fails with its errors", () => {
  withTempFile("p.yaml", policyYaml("rules:\n- level: Foo\n"), (file) => {
    const out = runPolicyExplain(file, { verb: "get" });
    assert.equal(out.ok, false);
    assert.match(out.stderr, /rules\[0\]\.level: Unsupported value/);
  });
});

test("commander wiring: repeatable --group, --api-group, --attributes FILE", async () => {
  const r = await runCli([
    "audit",
    "policy",
    "explain",
    gcePolicyPath,
    "--user",
    "system:node:n1",
    "--group",
    "x",
    "--group",
    "system:nodes",
    "--verb",
    "get",
    "--resource",
    "nodes",
    "--api-group",
    "",
    "--json",
  ]);
  assert.equal(r.exitCode, 0);
  assert.equal(JSON.parse(r.stdout).rule, 3);
  await withTempFileAsync(
    "a.json",
    JSON.stringify({ user: "kubelet", verb: "get", resource: "nodes" }),
    async (file) => {
      const s = await runCli(["audit", "policy", "explain", gcePolicyPath, "--attributes", file, "--json"]);
      assert.equal(JSON.parse(s.stdout).rule, 2);
    },
  );
  const n = await runCli([
    "audit",
    "policy",
    "explain",
    gcePolicyPath,
    "--verb",
    "get",
    "--path",
    "/version",
    "--json",
  ]);
  assert.equal(JSON.parse(n.stdout).rule, 8);
});

test("lint: text findings with file:line, rule and fix; --json", () => {
  const text = runPolicyLint(docsPolicyPath, false);
  assert.ok(text.ok);
  assert.match(
    text.stdout,
    new RegExp(
      `${docsPolicyPath.replace(/[.]/g, "\\.")}:41: warning: rule 4: "/api\\*" in rule 4 is a string prefix`,
    ),
  );
  assert.match(text.stdout, /\n {4}fix: write "\/api" and "\/api\/\*"/);
  const json = JSON.parse(runPolicyLint(gcePolicyPath, true).stdout);
  assert.equal(json.findings[0].code, "url-prefix-not-segment");
  assert.equal(json.findings[0].rule, 8);
  assert.equal(json.findings[0].line, 74);
});
