import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/engine.js";
import { applySelection, Ruleset } from "../../src/engine/ruleset.js";
import type { EventSchema } from "../../src/fields/types.js";
import { loadRules } from "../../src/rules/index.js";
import { type TestEvent, testSchema } from "../helpers/schema.js";

const RULES = `
- macro: opened
  condition: evt.type in (open, openat)
- rule: cat opens
  desc: d
  condition: opened and proc.name = cat
  output: "cat opened %fd.name"
  priority: WARNING
  tags: [filesystem, cat]
- rule: anything opens etc
  desc: d
  condition: opened and fd.name startswith /etc
  output: "%proc.name opened %fd.name"
  priority: NOTICE
  tags: [filesystem]
- rule: exec of cat
  desc: d
  condition: evt.type = execve and proc.name = cat
  output: "exec %proc.name"
  priority: DEBUG
  tags: [process]
- rule: any type
  desc: d
  condition: proc.name = cat
  output: "cat did %evt.type"
  priority: INFO
  warn_evttypes: false
- rule: off by default
  desc: d
  condition: evt.type = open
  output: "x"
  priority: CRITICAL
  enabled: false
`;

function load() {
  const res = loadRules(
    [{ name: "t.yaml", content: RULES }],
    new Map([["syscall", testSchema as EventSchema<unknown>]]),
  );
  assert.equal(res.ok, true, JSON.stringify(res.perFile));
  return res.rules;
}

const catOpen: TestEvent = { "evt.type": "open", "proc.name": "cat", "fd.name": "/etc/passwd" };

test("per event only rules indexed under its type run, in definition order", () => {
  const rs = new Ruleset(load());
  assert.deepEqual(
    rs.candidates("open").map((r) => r.name),
    ["cat opens", "anything opens etc", "any type"],
  );
  assert.deepEqual(
    rs.candidates("execve").map((r) => r.name),
    ["exec of cat", "any type"],
  );
  assert.deepEqual(
    rs.candidates("close").map((r) => r.name),
    ["any type"],
  );
});

test("rule_matching first stops at the first match; all returns every match", () => {
  const first = new Ruleset(load()).evaluate(catOpen, "open");
  assert.deepEqual(
    first.map((r) => r.name),
    ["cat opens"],
  );
  const all = new Ruleset(load(), { matching: "all" }).evaluate(catOpen, "open");
  assert.deepEqual(
    all.map((r) => r.name),
    ["cat opens", "anything opens etc", "any type"],
  );
});

test("the priority threshold leaves less severe rules out", () => {
  const rs = new Ruleset(load(), { minPriority: 5 /* Notice */ });
  assert.deepEqual(
    rs.rules.map((r) => r.name),
    ["cat opens", "anything opens etc"],
  );
});

test("selection: disable by tag, enable by name glob, only-tags; later entries win", () => {
  const rules = load();
  const names = (on: boolean[]) => rules.filter((_, i) => on[i]).map((r) => r.name);
  assert.deepEqual(names(applySelection(rules, [{ disable: { tag: "filesystem" } }])), [
    "exec of cat",
    "any type",
  ]);
  assert.deepEqual(names(applySelection(rules, [{ enable: { rule: "off*" } }])), [
    "cat opens",
    "anything opens etc",
    "exec of cat",
    "any type",
    "off by default",
  ]);
  assert.deepEqual(names(applySelection(rules, [{ disable: { rule: "*" } }, { enable: { tag: "cat" } }])), [
    "cat opens",
  ]);
  assert.deepEqual(names(applySelection(rules, [{ only: { tags: ["process"] } }])), ["exec of cat"]);
  assert.deepEqual(names(applySelection(rules, [{ disable: { rule: "cat?opens" } }])), [
    "anything opens etc",
    "exec of cat",
    "any type",
  ]);
});

test("the engine keeps one ruleset per source and counts detections for Falco's summary", () => {
  const engine = new Engine(load(), { matching: "all" });
  assert.equal(engine.process("syscall", catOpen, "open").length, 3);
  assert.equal(engine.process("syscall", { "evt.type": "close", "proc.name": "ls" }, "close").length, 0);
  assert.equal(engine.process("k8s_audit", {}, undefined).length, 0);
  assert.equal(engine.stats.events, 3);
  assert.equal(engine.stats.detections, 3);
  assert.match(engine.summary(), /^Events detected: 3\nRule counts by severity:\n {3}WARNING: 1\n/);
  assert.match(engine.summary(), /Triggered rules by rule name:\n {3}cat opens: 1\n/);
});

test("k8s audit rules indexed by verb and resource: each sample event matches exactly what every rule tried gives", async () => {
  const { readdirSync } = await import("node:fs");
  const path = await import("node:path");
  const { K8S_AUDIT_SOURCE, k8sAuditSchema, readAuditFile } = await import("../../src/k8saudit/index.js");
  const { readRulesFiles } = await import("../../src/rules/index.js");
  const shared = path.resolve(process.cwd(), "../shared");
  const loaded = loadRules(
    readRulesFiles([path.join(shared, "rules/upstream/k8s_audit_rules.yaml")]),
    new Map([[K8S_AUDIT_SOURCE, k8sAuditSchema as EventSchema<unknown>]]),
  );
  assert.equal(loaded.ok, true);
  const rules = loaded.rules.filter((r) => r.source === K8S_AUDIT_SOURCE);
  const restricted = rules.filter((r) => r.filter.index.some((k) => k.values !== undefined));
  assert.ok(restricted.length > rules.length / 2, `${restricted.length} of ${rules.length} rules restricted`);
  const indexed = new Ruleset(rules, { matching: "all" });
  const dir = path.join(shared, "conformance/falco-regression/trace_files/k8s_audit");
  let events = 0;
  let hits = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    for (const e of (await readAuditFile(path.join(dir, f))).events) {
      events++;
      const expected = indexed.rules.filter((r) => r.enabled && r.filter.match(e)).map((r) => r.name);
      const got = indexed.evaluate(e, undefined).map((r) => r.name);
      assert.deepEqual(got, expected, `${f}: ${e.doc.text.slice(0, 80)}`);
      hits += got.length;
    }
  }
  assert.ok(events > 40 && hits > events / 2, `${events} events, ${hits} matches`);
});
