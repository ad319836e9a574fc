// The upstream rules files and the versions Falco's regression suite pinned load without errors, alone
// and in Falco's order, with the number of rules, macros and lists the files define.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { type LoadResult, loadRules, Priority, readRulesFiles } from "../../src/rules/index.js";
import { SHARED, testSchemas } from "../rules/helpers.js";

const RULES = path.join(SHARED, "rules");
const STABLE = path.join(RULES, "upstream/falco_rules.yaml");
const INCUBATING = path.join(RULES, "upstream/falco-incubating_rules.yaml");
const SANDBOX = path.join(RULES, "upstream/falco-sandbox_rules.yaml");
const K8S_AUDIT = path.join(RULES, "upstream/k8s_audit_rules.yaml");
const PINNED_STABLE = path.join(RULES, "pinned/falco_rules-1.0.1.yaml");
const PINNED_K8S_AUDIT = path.join(RULES, "pinned/k8s_audit_rules-0.6.0.yaml");

function load(...files: string[]): LoadResult {
  return loadRules(readRulesFiles(files), testSchemas());
}

function assertNoErrors(r: LoadResult): void {
  const errors = r.perFile.flatMap((f) =>
    f.errors.map((e) => `${e.file}:${e.line}: ${e.code}: ${e.message}`),
  );
  assert.deepEqual(errors, []);
  assert.equal(r.ok, true);
}

// Counted independently: distinct `rule:`, `macro:` and `list:` names in each file (or set of files).
const SINGLE: [string, string, number, number, number][] = [
  ["upstream falco_rules.yaml", STABLE, 25, 87, 49],
  ["upstream falco-incubating_rules.yaml", INCUBATING, 31, 82, 54],
  ["upstream falco-sandbox_rules.yaml", SANDBOX, 37, 183, 60],
  ["upstream k8s_audit_rules.yaml", K8S_AUDIT, 48, 45, 18],
  ["pinned falco_rules-1.0.1.yaml", PINNED_STABLE, 80, 297, 117],
  ["pinned k8s_audit_rules-0.6.0.yaml", PINNED_K8S_AUDIT, 43, 42, 16],
];

for (const [label, file, rules, macros, lists] of SINGLE) {
  test(`${label} loads alone: ${rules} rules, ${macros} macros, ${lists} lists`, () => {
    const r = load(file);
    assertNoErrors(r);
    assert.equal(r.rules.length, rules);
    assert.equal(r.macros.length, macros);
    assert.equal(r.lists.length, lists);
  });
}

test("stable, incubating and sandbox load together in Falco's order", () => {
  const r = load(STABLE, INCUBATING, SANDBOX);
  assertNoErrors(r);
  assert.equal(r.rules.length, 25 + 31 + 37);
  assert.equal(r.macros.length, 315);
  assert.equal(r.lists.length, 118);
  // Definition order is kept across files: the first rule of each file comes after the previous file's.
  const names = r.rules.map((x) => x.name);
  assert.equal(names.indexOf(load(STABLE).rules[0].name), 0);
  assert.equal(names.indexOf(load(INCUBATING).rules[0].name), 25);
  assert.equal(r.rules.filter((x) => !x.enabled).length, 12, "sandbox disables 12 rules");
});

test("upstream k8s audit rules load after upstream falco_rules", () => {
  const r = load(STABLE, K8S_AUDIT);
  assertNoErrors(r);
  assert.equal(r.rules.length, 25 + 48);
  assert.equal(r.macros.length, 132);
  assert.equal(r.lists.length, 67);
  assert.equal(r.rules.filter((x) => x.source === "k8s_audit").length, 48);
});

test("pinned k8s audit rules load after the pinned falco_rules", () => {
  const r = load(PINNED_STABLE, PINNED_K8S_AUDIT);
  assertNoErrors(r);
  assert.equal(r.rules.length, 80 + 43);
  assert.equal(r.macros.length, 339);
  assert.equal(r.lists.length, 133);
});

test("upstream syscall rules all restrict evt.type (no LOAD_NO_EVTTYPE)", () => {
  const r = load(STABLE, INCUBATING, SANDBOX);
  const noEvttype = r.perFile.flatMap((f) => f.warnings).filter((w) => w.code === "LOAD_NO_EVTTYPE");
  assert.deepEqual(
    noEvttype.map((w) => w.itemName),
    [],
  );
  for (const rule of r.rules) assert.ok(rule.evttypes !== undefined, `${rule.name} matches every event type`);
});

test("upstream files record their engine and plugin requirements", () => {
  const r = load(STABLE, K8S_AUDIT);
  assert.equal(r.requiredEngineVersion, "0.57.0");
  const names = r.requiredPluginVersions.map((alts) => alts.map((a) => a.name).join("|"));
  assert.deepEqual(names, [
    "container",
    "k8saudit|k8saudit-aks|k8saudit-eks|k8saudit-gke|k8saudit-ovh",
    "json",
  ]);
});

test("a well-known upstream rule keeps its attributes", () => {
  const r = load(STABLE);
  const rule = r.rules.find((x) => x.name === "Terminal shell in container");
  assert.ok(rule);
  assert.equal(rule.priority, Priority.Notice);
  assert.equal(rule.source, "syscall");
  assert.equal(rule.enabled, true);
  assert.ok(rule.tags.includes("container"));
  assert.ok(rule.evttypes?.has("execve"));
});
