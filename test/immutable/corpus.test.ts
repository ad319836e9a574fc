// Real manifests: a fixed sample of the kubernetes-examples corpus against hand-written expectation files
// (every finding, its severity, container, line and path), and the whole corpus in every output format.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { readManifestSources } from "../../src/immutable/input.js";
import { formatJsonReport } from "../../src/immutable/report/json.js";
import { formatJunitReport } from "../../src/immutable/report/junit.js";
import { toSarif } from "../../src/immutable/report/sarif.js";
import { formatTextReport } from "../../src/immutable/report/text.js";
import { scanSources } from "../../src/immutable/scan.js";
import { CORPUS, FIXTURES } from "./helpers.js";
import { validateJsonSchema } from "./json-schema.js";

interface Expectation {
  source: string;
  objects: { object: string; line: number; findings: string[] }[];
}

const expectedDir = path.join(FIXTURES, "expected");
const expectationFiles = readdirSync(expectedDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

test("the corpus sample has hand-written expectations", () => {
  assert.ok(expectationFiles.length >= 12, `only ${expectationFiles.length} expectation files`);
});

for (const file of expectationFiles) {
  const exp = parse(readFileSync(path.join(expectedDir, file), "utf8")) as Expectation;
  test(`corpus sample: ${exp.source} matches ${file}`, () => {
    const report = scanSources(readManifestSources([path.join(CORPUS, exp.source)]));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.objects.map((o) => `${o.kind} ${o.name}`),
      exp.objects.map((o) => o.object),
    );
    report.objects.forEach((o, i) => {
      const want = exp.objects[i];
      assert.ok(want !== undefined);
      assert.equal(o.position?.line, want.line, `${want.object}: line`);
      const got = o.findings
        .map((f) => `${f.checkId} ${f.severity} ${f.container?.name ?? "-"} L${f.position?.line} ${f.path}`)
        .sort();
      assert.deepEqual(got, [...want.findings].sort(), `${want.object}: findings`);
      for (const f of o.findings) {
        assert.equal(f.suppressed, undefined);
        assert.ok(f.message.length > 0);
      }
    });
  });
}

test("the whole corpus scans without a crash and renders in every format", () => {
  const sources = readManifestSources([CORPUS]);
  assert.ok(sources.length >= 260, `${sources.length} files`);
  const report = scanSources(sources);
  assert.ok(report.objects.length >= 280);
  const workloads = report.objects.filter((o) => o.workload);
  assert.ok(workloads.length >= 120, `${workloads.length} workloads`);
  // Every workload container gets the read-only root check one way or the other.
  for (const o of workloads) assert.ok(o.findings.length > 0, `${o.file}: ${o.kind} ${o.name}`);
  for (const o of report.objects) {
    for (const f of o.findings) {
      assert.ok(f.position !== undefined, `${o.file}: ${f.checkId} has no position`);
    }
  }
  assert.ok(formatTextReport(report, { color: false }).includes("objects"));
  const json = JSON.parse(formatJsonReport(report, "0.0.0")) as { summary: { objects: number } };
  assert.equal(json.summary.objects, report.objects.length);
  assert.ok(formatJunitReport(report).startsWith("<?xml"));
  const schema: unknown = JSON.parse(readFileSync(path.join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8"));
  const errors = validateJsonSchema(schema, toSarif(report, "0.0.0", CORPUS));
  assert.deepEqual(errors.slice(0, 5), []);
});
