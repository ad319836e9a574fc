// `lanner immutable scan` as a command: formats, --fail-on and exit codes, stdin, bad arguments, and the
// commander wiring (writing to a file so the test's own stdout stays clean).
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import { formatChecks, registerImmutable, runScan } from "../../src/cli/immutable.js";
import { makeTempDir } from "../helpers/temp-dirs.js";

const POD =
  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: app, image: nginx:1.27}\n";
const env = (stdin = POD) => ({ stdin: () => stdin, isTTY: false, cwd: process.cwd() });

test("--fail-on sets exit code 1 only when an unsuppressed finding reaches the threshold", () => {
  assert.equal(runScan(["-"], {}, env()).exitCode, 0);
  assert.equal(runScan(["-"], { failOn: "high" }, env()).exitCode, 1);
  assert.equal(runScan(["-"], { failOn: "critical" }, env()).exitCode, 0);
  assert.equal(runScan(["-"], { failOn: "none" }, env()).exitCode, 0);
  const suppressed = POD.replace(
    "metadata: {name: p}",
    'metadata:\n  name: p\n  annotations: {ignore.lanner.dev/read-only-root-fs: "ok"}',
  );
  assert.equal(runScan(["-"], { failOn: "high" }, env(suppressed)).exitCode, 0);
});

test("input errors give exit code 2 and are reported", () => {
  const r = runScan(["-"], { failOn: "critical" }, env("a: [b\n"));
  assert.equal(r.exitCode, 2);
  assert.match(r.text, /YAML_PARSE/);
  assert.equal(runScan([path.join(tmpdir(), "lanner-does-not-exist.yaml")], {}, env()).exitCode, 2);
});

test("every format renders from stdin; text has no colours without a TTY", () => {
  assert.match(runScan(["-"], { format: "text" }, env()).text, /^Pod p {2}-:1$/m);
  assert.ok(!runScan(["-"], {}, env()).text.includes("\x1b["));
  assert.ok(runScan(["-"], {}, { ...env(), isTTY: true }).text.includes("\x1b["));
  assert.ok(!runScan(["-"], {}, { ...env(), isTTY: true, noColor: true }).text.includes("\x1b["));
  assert.ok(runScan(["-"], { color: "always" }, env()).text.includes("\x1b["));
  assert.equal(
    (JSON.parse(runScan(["-"], { format: "json" }, env()).text) as { schema: string }).schema,
    "lanner.immutable.scan/v1",
  );
  assert.equal(
    (JSON.parse(runScan(["-"], { format: "sarif" }, env()).text) as { version: string }).version,
    "2.1.0",
  );
  assert.match(runScan(["-"], { format: "junit" }, env()).text, /<testsuites /);
});

test("bad arguments are errors with the allowed values", () => {
  assert.throws(
    () => runScan(["-"], { format: "xml" }, env()),
    /unknown format 'xml' \(expected text, json, sarif, junit\)/,
  );
  assert.throws(() => runScan(["-"], { failOn: "severe" }, env()), /unknown severity 'severe'/);
  assert.throws(() => runScan(["-"], { suppressions: "some" }, env()), /unknown suppression mode/);
  assert.throws(() => runScan([], {}, env()), /no input/);
});

test("immutable checks lists the catalog", () => {
  assert.match(formatChecks(false), /^read-only-root-fs +high +Root filesystem is writable/m);
  const json = JSON.parse(formatChecks(true)) as { id: string }[];
  assert.ok(json.some((c) => c.id === "host-path-writable"));
});

test("commander wiring: immutable scan -f json -o FILE --fail-on high", async () => {
  const dir = makeTempDir("lanner-cli");
  const saved = process.exitCode;
  try {
    const input = path.join(dir, "pod.yaml");
    const output = path.join(dir, "out.json");
    writeFileSync(input, POD);
    const program = new Command().exitOverride();
    registerImmutable(program);
    await program.parseAsync([
      "node",
      "lanner",
      "immutable",
      "scan",
      input,
      "-f",
      "json",
      "-o",
      output,
      "--fail-on",
      "high",
    ]);
    assert.equal(process.exitCode, 1);
    const report = JSON.parse(readFileSync(output, "utf8")) as { summary: { workloads: number } };
    assert.equal(report.summary.workloads, 1);
  } finally {
    process.exitCode = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
