// Output formats: SARIF validated against the official 2.1.0 schema (shipped as a fixture), the JSON
// report's stable keys, JUnit structure, and text (grouped by object; colours only when asked).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { formatJsonReport, JSON_SCHEMA_ID } from "../../src/immutable/report/json.js";
import { formatJunitReport } from "../../src/immutable/report/junit.js";
import { artifactUri, toSarif } from "../../src/immutable/report/sarif.js";
import { formatTextReport } from "../../src/immutable/report/text.js";
import { scanSources } from "../../src/immutable/scan.js";
import { FIXTURES } from "./helpers.js";
import { validateJsonSchema } from "./json-schema.js";

const schema: unknown = JSON.parse(readFileSync(path.join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8"));

const SAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  annotations:
    ignore.lanner.dev/seccomp: "profile comes from the node"
    ignore.lanner.dev/nope: "x"
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
---
apiVersion: v1
kind: Service
metadata: {name: web}
---
key: [broken
`;

const report = () =>
  scanSources([{ name: "dir/web app.yaml", content: SAMPLE }], { now: new Date("2025-01-01") });

test("the SARIF schema fixture is the official OASIS 2.1.0 schema", () => {
  const s = schema as { id: string; title: string };
  assert.equal(
    s.id,
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
  );
  assert.match(s.title, /SARIF\) Version 2\.1\.0/);
});

test("SARIF output validates against the 2.1.0 schema", () => {
  const sarif = toSarif(report(), "1.2.3", "/work");
  assert.deepEqual(validateJsonSchema(schema, sarif), []);
  const run = (
    sarif.runs as { results: { ruleId: string; suppressions?: unknown[]; locations: unknown[] }[] }[]
  )[0];
  assert.ok(run !== undefined);
  const seccomp = run.results.find((r) => r.ruleId === "seccomp");
  assert.deepEqual(seccomp?.suppressions, [
    {
      kind: "inSource",
      justification: "profile comes from the node",
      properties: { source: "lanner", annotation: "ignore.lanner.dev/seccomp", scope: "object" },
    },
  ]);
  const priv = run.results.find((r) => r.ruleId === "privileged");
  assert.deepEqual(priv?.locations, [
    {
      physicalLocation: {
        artifactLocation: { uri: "dir/web%20app.yaml" },
        region: { startLine: 16, startColumn: 11 },
      },
      logicalLocations: [{ fullyQualifiedName: "Deployment/prod/web/app", kind: "object" }],
    },
  ]);
});

test("the schema validator catches what it must (it is not vacuous)", () => {
  const good = toSarif(report(), "1.2.3", "/work");
  const broken: [string, (s: Record<string, unknown>) => void, RegExp][] = [
    ["no version", (s) => delete s.version, /missing required property 'version'/],
    ["bad version", (s) => (s.version = "2.0.0"), /is not one of/],
    ["unknown top-level key", (s) => (s.extra = 1), /unexpected property 'extra'/],
    [
      "bad level",
      (s) => {
        const runs = s.runs as { results: { level: string }[] }[];
        const r = runs[0]?.results[0];
        if (r !== undefined) r.level = "fatal";
      },
      /is not one of/,
    ],
    [
      "startLine 0",
      (s) => {
        const runs = s.runs as {
          results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[];
        }[];
        const loc = runs[0]?.results[0]?.locations[0];
        if (loc !== undefined) loc.physicalLocation.region.startLine = 0;
      },
      /0 < 1/,
    ],
    [
      "tool without driver",
      (s) => {
        const runs = s.runs as { tool: Record<string, unknown> }[];
        if (runs[0] !== undefined) runs[0].tool = {};
      },
      /missing required property 'driver'/,
    ],
  ];
  for (const [what, mutate, expected] of broken) {
    const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    mutate(copy);
    const errors = validateJsonSchema(schema, copy);
    assert.ok(
      errors.some((e) => expected.test(e)),
      `${what}: ${errors.join("; ")}`,
    );
  }
});

test("SARIF artifact URIs: relative inside the working directory, file:// outside, stdin for -", () => {
  assert.equal(artifactUri("k8s/a b.yaml", "/repo"), "k8s/a%20b.yaml");
  assert.equal(artifactUri("/repo/k8s/x#1.yaml", "/repo"), "k8s/x%231.yaml");
  assert.equal(artifactUri("/elsewhere/x.yaml", "/repo"), "file:///elsewhere/x.yaml");
  assert.equal(artifactUri("-", "/repo"), "stdin");
});

test("JSON report: schema id, summary, every key present with null for absent values", () => {
  const j = JSON.parse(formatJsonReport(report(), "1.2.3")) as Record<string, unknown> & {
    objects: Record<string, unknown>[];
    errors: Record<string, unknown>[];
    summary: Record<string, unknown>;
  };
  assert.equal(j.schema, JSON_SCHEMA_ID);
  assert.deepEqual(j.tool, { name: "lanner", version: "1.2.3" });
  assert.deepEqual(Object.keys(j), ["schema", "tool", "summary", "errors", "objects"]);
  assert.deepEqual(j.summary, {
    files: 1,
    objects: 2,
    workloads: 1,
    findings: 6,
    suppressed: 1,
    errors: 1,
    bySeverity: { critical: 2, high: 0, medium: 2, low: 1, info: 1 },
  });
  assert.deepEqual(Object.keys(j.errors[0] ?? {}), ["code", "message", "file", "line", "column"]);
  const dep = j.objects[0] as { findings: Record<string, unknown>[]; suppressionNotes: unknown[] };
  assert.deepEqual(Object.keys(j.objects[0] ?? {}), [
    "file",
    "documentIndex",
    "path",
    "line",
    "apiVersion",
    "kind",
    "namespace",
    "name",
    "workload",
    "findings",
    "suppressionNotes",
  ]);
  for (const f of dep.findings) {
    assert.deepEqual(Object.keys(f), [
      "checkId",
      "title",
      "severity",
      "message",
      "container",
      "path",
      "line",
      "column",
      "pss",
      "cis",
      "fix",
      "suppressed",
    ]);
  }
  const pod = dep.findings.find((f) => f.checkId === "automount-service-account-token");
  assert.equal(pod?.container, null);
  assert.equal(pod?.pss, null);
  assert.equal(pod?.cis, "5.1.6");
  const priv = dep.findings.find((f) => f.checkId === "privileged");
  assert.deepEqual(priv?.container, { name: "app", kind: "container" });
  assert.equal(priv?.pss, "baseline");
  assert.deepEqual(dep.suppressionNotes, [
    { annotation: "ignore.lanner.dev/nope", message: "not honoured: no check 'nope'" },
  ]);
  assert.equal((j.objects[1] as { namespace: unknown }).namespace, null);
});

test("JUnit: a suite per file, a case per workload and check; failures, skipped (suppressed) and errors", () => {
  const xml = formatJunitReport(report());
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  assert.match(xml, /<testsuite name="dir\/web app.yaml" tests="\d+" failures="6" errors="1" skipped="1">/);
  assert.match(xml, /<testcase name="privileged" classname="Deployment.prod\/web"><failure type="critical"/);
  assert.match(
    xml,
    /<testcase name="seccomp" classname="Deployment.prod\/web"><skipped message="suppressed \(ignore.lanner.dev\/seccomp: profile comes from the node\)"\/><\/testcase>/,
  );
  assert.match(xml, /<testcase name="host-pid" classname="Deployment.prod\/web"\/>/);
  assert.match(xml, /<testcase name="YAML_PARSE" classname="dir\/web app.yaml"><error type="YAML_PARSE"/);
  assert.ok(!xml.includes('classname="Service.web"'), "non-workloads have no test cases");
});

test("text: grouped by object, suppressed findings and notes shown, colours only when asked", () => {
  const plain = formatTextReport(report(), { color: false });
  assert.ok(!plain.includes("\x1b["));
  assert.match(plain, /^error dir\/web app.yaml:\d+:\d+: YAML_PARSE: /m);
  assert.match(plain, /^Deployment prod\/web {2}dir\/web app.yaml:1$/m);
  assert.match(plain, /^ {2}CRITICAL privileged +\[app\] privileged: true/m);
  assert.match(
    plain,
    /^ {2}ignored {2}seccomp +\[app\] .* \[ignore.lanner.dev\/seccomp: profile comes from the node\]$/m,
  );
  assert.match(plain, /^ {2}note {5}ignore.lanner.dev\/nope: not honoured/m);
  assert.match(plain, /^How to fix$/m);
  assert.match(
    plain,
    /2 objects \(1 with a pod spec\) in 1 files: 6 findings \(2 critical, 2 medium, 1 low, 1 info\), 1 suppressed, 1 input errors\n$/,
  );
  // Critical findings come first within an object.
  assert.ok(plain.indexOf("CRITICAL") < plain.indexOf("MEDIUM"));
  const colored = formatTextReport(report(), { color: true });
  assert.ok(colored.includes("\x1b[1;31mCRITICAL"));
  assert.ok(!formatTextReport(report(), { color: false, fixes: false }).includes("How to fix"));
});
