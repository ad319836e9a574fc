// Printing load results: Falco's -V JSON shape, the text format, snippets, and the CLI commands.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import { registerRules } from "../../src/cli/rules.js";
import { registerValidate, validateRulesFiles } from "../../src/cli/validate.js";
import { makeSnippet } from "../../src/rules/diagnostics.js";
import {
  codeDescription,
  ERROR_CODES,
  formatDiagnostic,
  formatFileResult,
  toFalcoValidateJson,
  WARNING_CODES,
} from "../../src/rules/index.js";
import { loadYaml, SHARED } from "./helpers.js";

const REGRESSION_RULES = path.join(SHARED, "conformance/falco-regression/rules");

test("every Falco load code is known, with Falco's codedesc", () => {
  assert.deepEqual(ERROR_CODES, [
    "LOAD_ERR_FILE_READ",
    "LOAD_ERR_YAML_PARSE",
    "LOAD_ERR_YAML_VALIDATE",
    "LOAD_ERR_COMPILE_CONDITION",
    "LOAD_ERR_COMPILE_OUTPUT",
    "LOAD_ERR_VALIDATE",
    "LOAD_ERR_EXTENSION",
  ]);
  assert.equal(WARNING_CODES.length, 15);
  assert.equal(WARNING_CODES[WARNING_CODES.length - 1], "LOAD_UNKNOWN_KEY");
  // Falco's JSON gives errors their short title and warnings their long description.
  assert.equal(codeDescription("LOAD_ERR_COMPILE_CONDITION"), "Error compiling condition");
  assert.equal(
    codeDescription("LOAD_UNUSED_MACRO"),
    "A macro is defined in the rules content but is not used by any other macro or rule.",
  );
});

test("-V JSON has Falco's shape", () => {
  const r = loadYaml([{ name: "x.yaml", content: "- macro: m\n  condition: evt.type=open\n- list\n" }]);
  const json = toFalcoValidateJson(r.perFile);
  assert.deepEqual(Object.keys(json), ["falco_load_results"]);
  const [file] = json.falco_load_results;
  assert.deepEqual(Object.keys(file), ["name", "successful", "errors", "warnings"]);
  assert.equal(file.name, "x.yaml");
  assert.equal(file.successful, false);
  const [err] = file.errors;
  assert.deepEqual(Object.keys(err), ["code", "codedesc", "message", "context"]);
  assert.deepEqual(Object.keys(err.context), ["locations", "snippet"]);
  assert.deepEqual(err.context.locations[1], {
    item_type: "rules content item",
    item_name: "",
    position: { name: "x.yaml", line: 2, column: 2, offset: 40 },
  });
  assert.equal(err.message, "Unexpected element type. Each element should be a yaml associative array.");
  // Round-trips through JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
});

test("the text format names file, line, column, code, item and shows the snippet", () => {
  const r = loadYaml([{ name: "x.yaml", content: "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n" }]);
  const [e] = r.perFile[0].errors;
  assert.equal(
    formatDiagnostic(e),
    "x.yaml:1:3: error LOAD_ERR_YAML_VALIDATE: Item has no mapping for key 'condition'\n  in rule \"r\"\n    - rule: r\n      ^\n",
  );
  assert.match(formatFileResult(r.perFile[0]), /^x\.yaml: Invalid\n/);
});

test("snippets: the line around the position, a caret, long lines elided", () => {
  assert.equal(makeSnippet("abc\ndef\n", 5), "def\n ^\n");
  assert.equal(makeSnippet("abc\n", 99), "abc\n  ^\n");
  assert.equal(makeSnippet("", 0), "<No context available>\n");
  const long = `${"x".repeat(100)}Y${"z".repeat(100)}`;
  const s = makeSnippet(long, 100).split("\n");
  assert.ok(s[0].startsWith("...") && s[0].endsWith("..."));
  assert.equal(s[0][s[1].indexOf("^")], "Y");
});

test("validate: JSON on the first line; not ok when a file has an error", () => {
  const bad = validateRulesFiles([path.join(REGRESSION_RULES, "invalid_not_yaml.yaml")], true);
  assert.equal(bad.ok, false);
  const first = JSON.parse(bad.text.split("\n")[0]);
  assert.equal(first.falco_load_results[0].errors[0].code, "LOAD_ERR_YAML_VALIDATE");
  const good = validateRulesFiles([path.join(REGRESSION_RULES, "empty_rules.yaml")], false);
  assert.equal(good.ok, true);
  assert.match(good.text, /empty_rules\.yaml: Ok\n/);
});

/** Runs a CLI command with stdout and stderr captured; restores the exit code afterwards. */
async function runCli(register: (p: Command) => void, args: string[]) {
  const program = new Command().exitOverride();
  register(program);
  let out = "";
  let err = "";
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const saved = process.exitCode;
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    err += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    process.exitCode = undefined;
    await program.parseAsync(["node", "lanner", ...args]);
    return { out, err, exitCode: process.exitCode };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = saved;
  }
}

test("lanner validate sets exit code 1 on errors and leaves it alone otherwise", async () => {
  const bad = await runCli(registerValidate, [
    "validate",
    "--json",
    path.join(REGRESSION_RULES, "invalid_not_array.yaml"),
  ]);
  assert.equal(bad.exitCode, 1);
  assert.equal(JSON.parse(bad.out.split("\n")[0]).falco_load_results[0].successful, false);
  const good = await runCli(registerValidate, ["validate", path.join(REGRESSION_RULES, "empty_rules.yaml")]);
  assert.notEqual(good.exitCode, 1);
});

test("lanner rules list/describe report load errors and unknown rules", async () => {
  const listed = await runCli(registerRules, [
    "rules",
    "list",
    "-r",
    path.join(REGRESSION_RULES, "empty_rules.yaml"),
  ]);
  assert.notEqual(listed.exitCode, 1);
  const missing = await runCli(registerRules, [
    "rules",
    "describe",
    "nope",
    "-r",
    path.join(REGRESSION_RULES, "empty_rules.yaml"),
  ]);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.err, /no rule named "nope"/);
  const broken = await runCli(registerRules, [
    "rules",
    "list",
    "-r",
    path.join(REGRESSION_RULES, "invalid_not_yaml.yaml"),
  ]);
  assert.equal(broken.exitCode, 1);
  assert.match(broken.err, /LOAD_ERR_YAML_VALIDATE: Rules content is not yaml/);
});

test("lanner rules describe prints the condition after list and macro expansion", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-describe-"));
  try {
    const file = path.join(dir, "r.yaml");
    writeFileSync(
      file,
      "- list: shells\n  items: [sh, bash]\n- macro: spawned\n  condition: evt.type = execve\n" +
        "- rule: Shell\n  desc: a shell\n  condition: spawned and proc.name in (shells)\n  output: shell %proc.name\n" +
        "  priority: NOTICE\n  tags: [shell, process]\n",
    );
    const json = await runCli(registerRules, ["rules", "describe", "Shell", "-r", file, "--json"]);
    assert.notEqual(json.exitCode, 1);
    const d = JSON.parse(json.out);
    assert.deepEqual(
      [d.name, d.priority, d.source, d.tags, d.enabled, d.evttypes, d.condition],
      [
        "Shell",
        "Notice",
        "syscall",
        ["process", "shell"],
        true,
        ["execve"],
        "spawned and proc.name in (shells)",
      ],
    );
    assert.match(d.expandedCondition, /execve/);
    assert.match(d.expandedCondition, /bash/);
    const text = await runCli(registerRules, ["rules", "describe", "Shell", "-r", file]);
    assert.match(text.out, /^Rule: {8}Shell$/m);
    assert.match(text.out, /^Event types: execve$/m);
    const list = await runCli(registerRules, ["rules", "list", "-r", file, "--json"]);
    assert.deepEqual(JSON.parse(list.out), [
      {
        name: "Shell",
        desc: "a shell",
        priority: "Notice",
        source: "syscall",
        tags: ["process", "shell"],
        enabled: true,
      },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
