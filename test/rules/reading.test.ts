// Reading rules contents: files and directories, several YAML documents, malformed YAML, versions,
// and the positions diagnostics carry.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  ENGINE_VERSION,
  expandRulesPaths,
  formatVersion,
  loadRules,
  readRulesFiles,
} from "../../src/rules/index.js";
import { allErrors, allWarnings, errorTexts, loadYaml, testSchemas } from "./helpers.js";

const rule = (name: string, cond: string) =>
  `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: o\n  priority: INFO\n`;

test("Lanner's engine version is Falco 0.44's, 0.63.0", () => {
  assert.equal(formatVersion(ENGINE_VERSION), "0.63.0");
});

test("a directory stands for its .yaml and .yml files in name order", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lanner-rules-"));
  try {
    writeFileSync(path.join(dir, "b.yml"), rule("from_b", "evt.type=open"));
    writeFileSync(path.join(dir, "a.yaml"), "- macro: m\n  condition: evt.type=close\n");
    writeFileSync(path.join(dir, "c.txt"), "not rules");
    mkdirSync(path.join(dir, "d.yaml"));
    const expanded = expandRulesPaths([dir]);
    assert.deepEqual(
      expanded.map((p) => path.basename(p)),
      ["a.yaml", "b.yml"],
    );
    const r = loadRules(readRulesFiles([dir]), testSchemas());
    assert.deepEqual(
      r.perFile.map((f) => path.basename(f.name)),
      ["a.yaml", "b.yml"],
    );
    assert.equal(r.rules[0].name, "from_b");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file that cannot be read is LOAD_ERR_FILE_READ for that file", () => {
  const r = loadRules(readRulesFiles(["/nonexistent/rules.yaml"]), testSchemas());
  assert.equal(r.ok, false);
  const [e] = allErrors(r);
  assert.equal(e.code, "LOAD_ERR_FILE_READ");
  assert.equal(e.file, "/nonexistent/rules.yaml");
  assert.match(e.message, /^Could not open file \/nonexistent\/rules.yaml for reading/);
});

test("several YAML documents in one file; empty documents and null items are skipped", () => {
  const r = loadYaml([
    `---\n- list: l\n  items: [cat]\n---\n# nothing\n---\n-\n${rule("r", "evt.type=open and proc.name in (l)")}`,
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(r.rules.length, 1);
  assert.equal(r.lists[0].used, true);
});

test("an empty file loads", () => {
  const r = loadYaml(["", "# only a comment\n"]);
  assert.equal(r.ok, true);
  assert.deepEqual(
    r.perFile.map((f) => f.successful),
    [true, true],
  );
});

test("items and lists are visible across files in load order", () => {
  const r = loadYaml([
    "- list: l\n  items: [cat]\n- macro: m\n  condition: proc.name in (l)\n",
    rule("r", "evt.type=open and m"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  // The first file alone leaves its macro unused; the second uses it.
  assert.deepEqual(
    r.perFile.map((f) => f.warnings.map((w) => w.code)),
    [["LOAD_UNUSED_MACRO"], []],
  );
});

test("malformed YAML is LOAD_ERR_YAML_PARSE with line and column", () => {
  const r = loadYaml(["- rule: a\n  desc: [unclosed\n"]);
  const [e] = allErrors(r);
  assert.equal(e.code, "LOAD_ERR_YAML_PARSE");
  assert.match(e.message, /^error at line \d+, column \d+: /);
  assert.equal(e.itemType, "rules content");
  assert.ok(e.line >= 2);
});

test("content that is not a sequence of maps", () => {
  assert.deepEqual(errorTexts(loadYaml(["just text\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Rules content is not yaml",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["a: b\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Rules content is not yaml array of objects",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- 1\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Unexpected element type. Each element should be a yaml associative array.",
  ]);
});

test("reading stops at the first error of a file, keeping what came before", () => {
  const r = loadYaml([
    "- list: kept\n  items: [cat]\n- list:\n  items: [x]\n- list: never\n  items: [y]\n",
    rule("r", "evt.type=open and proc.name in (kept)"),
  ]);
  assert.deepEqual(
    r.perFile.map((f) => f.successful),
    [false, true],
  );
  assert.deepEqual(
    r.lists.map((l) => l.name),
    ["kept"],
  );
});

test("required_engine_version: an integer N means 0.N.0, a string must be semver", () => {
  assert.deepEqual(errorTexts(loadYaml(["- required_engine_version: 15\n"])), []);
  assert.equal(loadYaml(["- required_engine_version: 15\n"]).requiredEngineVersion, "0.15.0");
  assert.equal(loadYaml(["- required_engine_version: 0.57.0\n"]).requiredEngineVersion, "0.57.0");
  assert.deepEqual(errorTexts(loadYaml(["- required_engine_version: 0.64.0\n"])), [
    "LOAD_ERR_VALIDATE: Rules require engine version 0.64.0, but engine version is 0.63.0",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- required_engine_version: 1.0.0\n"])), [
    "LOAD_ERR_VALIDATE: Rules require engine version 1.0.0, but engine version is 0.63.0",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- required_engine_version: soon\n"])), [
    `LOAD_ERR_YAML_VALIDATE: Unable to parse engine version 'soon' as a semver string. Expected "x.y.z" semver format.`,
  ]);
});

test("required_plugin_versions: built-in plugins satisfy upstream requirements", () => {
  const ok = loadYaml([
    "- required_plugin_versions:\n  - name: k8saudit\n    version: 0.6.0\n    alternatives:\n      - name: k8saudit-eks\n        version: 0.2.0\n  - name: json\n    version: 0.7.0\n  - name: container\n    version: 0.4.0\n",
  ]);
  assert.deepEqual(errorTexts(ok), []);
  assert.deepEqual(
    ok.requiredPluginVersions.map((alts) => alts.map((a) => `${a.name}@${a.version}`)),
    [["k8saudit@0.6.0", "k8saudit-eks@0.2.0"], ["json@0.7.0"], ["container@0.4.0"]],
  );
});

test("required_plugin_versions: incompatible and unknown plugins are errors with Falco's messages", () => {
  assert.deepEqual(
    errorTexts(loadYaml(["- required_plugin_versions:\n  - name: json\n    version: 0.8.0\n"])),
    [
      "LOAD_ERR_VALIDATE: Plugin 'json' version '0.7.0' is not compatible with required plugin version '0.8.0'",
    ],
  );
  assert.deepEqual(
    errorTexts(loadYaml(["- required_plugin_versions:\n  - name: container\n    version: 1.0.0\n"])),
    [
      "LOAD_ERR_VALIDATE: Plugin 'container' version '0.4.0' is not compatible with required plugin version '1.0.0'",
    ],
  );
  assert.deepEqual(
    errorTexts(
      loadYaml([
        "- required_plugin_versions:\n  - name: cloudtrail\n    version: 0.1.0\n    alternatives:\n      - name: ct2\n        version: 0.2.0\n",
      ]),
    ),
    [
      "LOAD_ERR_VALIDATE: Plugin requirement not satisfied, must load one of: cloudtrail (>= 0.1.0), ct2 (>= 0.2.0)",
    ],
  );
  assert.deepEqual(
    errorTexts(
      loadYaml(["- required_plugin_versions:\n  - name: json\n    version: 0.1.0\n"], { plugins: [] }),
    ),
    ["LOAD_ERR_VALIDATE: Plugin requirement not satisfied, must load one of: json (>= 0.1.0)"],
  );
});

test("required_plugin_versions: malformed entries", () => {
  assert.deepEqual(errorTexts(loadYaml(["- required_plugin_versions: json\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Value of required_plugin_versions must be a sequence",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- required_plugin_versions:\n  - name: json\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Item has no mapping for key 'version'",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- required_plugin_versions:\n  - name: json\n    version: x\n"])), [
    "LOAD_ERR_VALIDATE: Invalid required version 'x' for plugin 'json'",
  ]);
  assert.deepEqual(
    errorTexts(
      loadYaml([
        "- required_plugin_versions:\n  - name: json\n    version: 0.1.0\n    alternatives:\n      - name: json\n        version: 0.2.0\n",
      ]),
    ),
    ["LOAD_ERR_VALIDATE: Defined multiple alternative version requirements for plugin 'json'"],
  );
});

test("diagnostics carry the file, 1-based line and column, the item and a snippet", () => {
  const r = loadYaml([
    {
      name: "my.yaml",
      content: `# header\n${rule("good", "evt.type=open")}\n- rule: bad\n  desc: d\n  output: o\n  priority: INFO\n`,
    },
  ]);
  const [e] = allErrors(r);
  assert.deepEqual(
    [e.file, e.line, e.column, e.itemType, e.itemName, e.message],
    ["my.yaml", 8, 3, "rule", "bad", "Item has no mapping for key 'condition'"],
  );
  assert.equal(e.snippet, "- rule: bad\n  ^\n");
  // Falco's context chain uses 0-based lines and columns.
  assert.deepEqual(
    e.locations.map((l) => [l.itemType, l.itemName, l.position.line, l.position.column]),
    [
      ["rules content", "", 0, 0],
      ["rule", "bad", 7, 2],
    ],
  );
});

test("condition errors point into the condition", () => {
  const r = loadYaml([rule("bad", "evt.type=open and (proc.name=cat")]);
  const [e] = allErrors(r);
  assert.equal(e.code, "LOAD_ERR_COMPILE_CONDITION");
  assert.deepEqual([e.line, e.column], [3, 14]);
  const last = e.locations[e.locations.length - 1];
  assert.equal(last.itemType, "condition expression");
  assert.equal(last.position.name, '"evt.type=open and..."');
  assert.equal(e.message, "expected a ')' token");
  assert.match(e.snippet, /^evt\.type=open and \(proc\.name=cat\n {20,}\^\n$/);
});

test("warnings for an item point at the item", () => {
  const r = loadYaml(["- list: unused\n  items: [a]\n"]);
  const [w] = allWarnings(r);
  assert.deepEqual(
    [w.code, w.line, w.column, w.itemType, w.itemName],
    ["LOAD_UNUSED_LIST", 1, 3, "list", "unused"],
  );
  assert.equal(
    w.codedesc,
    "A list is defined in the rules content but is not used by any other list, macro, or rule.",
  );
});

test("YAML anchors and aliases are resolved", () => {
  const r = loadYaml([
    "- list: l\n  items: &names [cat, dog]\n- list: m\n  items: *names\n" +
      rule("r", "evt.type=open and proc.name in (l, m)"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.deepEqual(r.lists[1].items, ["cat", "dog"]);
});
