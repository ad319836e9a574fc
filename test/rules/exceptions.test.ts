// Rule exceptions: Falco's exception test rules (falco-regression/rules/exceptions), the condition text
// they compile to and the errors they give, plus the single-field form, comps and list references.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { allErrors, allWarnings, conditionOf, errorTexts, loadYaml, SHARED, testSchemas } from "./helpers.js";

const DIR = path.join(SHARED, "conformance/falco-regression/rules/exceptions");
const BASE = "(evt.type=open and proc.name=cat)";

function loadFile(name: string) {
  return loadRules(readRulesFiles([path.join(DIR, name)]), testSchemas());
}

// File -> the compiled condition of "Open From Cat".
const COMPILED: [string, string][] = [
  ["rule_exception_no_values.yaml", BASE],
  ["rule_exception_one_value.yaml", `${BASE} and not (( proc.name = cat))`],
  ["rule_exception_comp.yaml", `${BASE} and not (( proc.name contains cat))`],
  ["rule_exception_append_comp.yaml", `${BASE} and not (( proc.name contains cat))`],
  ["rule_exception_append_one_value.yaml", `${BASE} and not (( proc.name = cat) or ( proc.name = cat))`],
  ["rule_exception_append_multiple.yaml", `${BASE} and not (( proc.name = not-cat) or ( proc.name = cat))`],
  [
    "rule_exception_second_value.yaml",
    `${BASE} and not (( proc.name = not-cat and  proc.cmdline = not-cat) or ( proc.name = cat and  proc.cmdline = "cat /dev/null"))`,
  ],
  [
    "rule_exception_append_second_value.yaml",
    `${BASE} and not (( proc.name = not-cat and  proc.cmdline = not-cat) or ( proc.name = cat and  proc.cmdline = "cat /dev/null"))`,
  ],
  [
    "rule_exception_quoted.yaml",
    `${BASE} and not (( proc.name = not-cat and  proc.cmdline = not-cat) or ( proc.name = cat and  proc.cmdline = "cat /dev/null"))`,
  ],
  [
    "rule_exception_second_item.yaml",
    `${BASE} and not (( proc.name = not-cat)) and not (( proc.name = cat and  proc.cmdline = "cat /dev/null")) and not (( proc.name = not-cat and  proc.cmdline = "cat /dev/null" and  proc.pname = bash))`,
  ],
  [
    "rule_exception_append_second_item.yaml",
    `${BASE} and not (( proc.name = not-cat)) and not (( proc.name = cat and  proc.cmdline = "cat /dev/null")) and not (( proc.name = not-cat and  proc.cmdline = "cat /dev/null" and  proc.pname = bash))`,
  ],
  [
    "rule_exception_third_item.yaml",
    `${BASE} and not (( proc.name = not-cat)) and not (( proc.name = not-cat and  proc.cmdline = "cat /dev/null")) and not (( proc.name = cat and  proc.cmdline = "cat /dev/null" and  proc.pname = bash))`,
  ],
  [
    "rule_exception_append_third_item.yaml",
    `${BASE} and not (( proc.name = not-cat)) and not (( proc.name = not-cat and  proc.cmdline = "cat /dev/null")) and not (( proc.name = cat and  proc.cmdline = "cat /dev/null" and  proc.pname = bash))`,
  ],
  [
    "rule_exception_single_field.yaml",
    `${BASE} and not (proc.cmdline in ("cat /dev/zero", "cat /dev/null"))`,
  ],
  [
    "rule_exception_single_field_append.yaml",
    `${BASE} and not (proc.cmdline in ("cat /dev/zero", "cat /dev/null"))`,
  ],
  ["rule_exception_new_single_field_append.yaml", `${BASE} and not (proc.cmdline in ("cat /dev/null"))`],
  [
    "rule_exception_new_second_field_append.yaml",
    `${BASE} and not (proc.cmdline in ("cat /dev/zero")) and not (proc.cmdline in ("cat /dev/null"))`,
  ],
  [
    "rule_exception_values_list.yaml",
    `${BASE} and not (( proc.name = cat and  proc.cmdline in ("cat /dev/zero", "cat /dev/null")))`,
  ],
  [
    "rule_exception_values_listref.yaml",
    `${BASE} and not (( proc.name = cat and  proc.cmdline in (cat_cmdlines)))`,
  ],
  [
    "rule_exception_values_listref_noparens.yaml",
    `${BASE} and not (( proc.name = cat and  proc.cmdline in (cat_cmdlines)))`,
  ],
];

for (const [file, expected] of COMPILED) {
  test(`exceptions/${file} compiles to Falco's condition`, () => {
    const r = loadFile(file);
    assert.deepEqual(errorTexts(r), []);
    assert.equal(conditionOf(r, "Open From Cat"), expected);
  });
}

// File -> [code, item type, item name, message], from Falco's tests of these files.
const FAILING: [string, string, string, string, string][] = [
  ["item_no_name.yaml", "LOAD_ERR_YAML_VALIDATE", "exception", "", "Item has no mapping for key 'name'"],
  [
    "append_item_no_name.yaml",
    "LOAD_ERR_YAML_VALIDATE",
    "exception",
    "",
    "Item has no mapping for key 'name'",
  ],
  [
    "item_no_fields.yaml",
    "LOAD_ERR_YAML_VALIDATE",
    "exception",
    "ex1",
    "Item has no mapping for key 'fields'",
  ],
  [
    "item_unknown_fields.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "ex1",
    "'not.exist' is not a supported filter field",
  ],
  [
    "item_unknown_comp.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "ex1",
    "'no-comp' is not a supported comparison operator",
  ],
  [
    "item_comps_fields_len_mismatch.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "ex1",
    "Fields and comps lists must have equal length",
  ],
  [
    "item_fields_values_len_mismatch.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "ex1",
    "Fields and values lists must have equal length",
  ],
  [
    "append_item_fields_values_len_mismatch.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "ex1",
    "Fields and values lists must have equal length",
  ],
  [
    "append_item_not_in_rule.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "ex2",
    "Rule exception must have fields property with a list of fields",
  ],
  [
    "rule_exception_new_no_field_append.yaml",
    "LOAD_ERR_VALIDATE",
    "exception",
    "proc_cmdline",
    "Rule exception must have fields property with a list of fields",
  ],
];

for (const [file, code, itemType, itemName, message] of FAILING) {
  test(`exceptions/${file} fails: ${message}`, () => {
    const r = loadFile(file);
    assert.equal(r.ok, false);
    const [e] = allErrors(r);
    assert.deepEqual([e.code, e.itemType, e.itemName, e.message], [code, itemType, itemName, message]);
    const ruleName = file.startsWith("rule_exception") ? "Open From Cat" : "My Rule";
    assert.ok(e.locations.some((l) => l.itemType === "rule" && l.itemName === ruleName));
  });
}

test("appending exceptions without values warns LOAD_APPEND_NO_VALUES", () => {
  const r = loadYaml([
    "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n" +
      "  exceptions:\n    - name: e\n      fields: [proc.name]\n" +
      "- rule: r\n  exceptions:\n    - name: e\n  append: true\n",
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.ok(allWarnings(r).some((w) => w.code === "LOAD_APPEND_NO_VALUES" && w.itemName === "e"));
});

test("two exceptions with one name warn LOAD_EXCEPTION_NAME_NOT_UNIQUE", () => {
  const r = loadYaml([
    "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n" +
      "  exceptions:\n    - name: e\n      fields: proc.name\n      values: [a]\n    - name: e\n      fields: proc.name\n      values: [b]\n",
  ]);
  assert.deepEqual(
    allWarnings(r).map((w) => [w.code, w.message]),
    [["LOAD_EXCEPTION_NAME_NOT_UNIQUE", "Multiple definitions of exception 'e' in the same rule"]],
  );
  assert.equal(conditionOf(r, "r"), "(evt.type=open) and not (proc.name in (a)) and not (proc.name in (b))");
});

const ruleWith = (exceptions: string) =>
  `- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n  exceptions:\n${exceptions}`;

test("single-field exceptions: implicit in, pmatch, intersects and modifier operators", () => {
  const r = loadYaml([
    ruleWith(
      "    - name: a\n      fields: fd.name\n      comps: pmatch\n      values: [/tmp, /var/tmp]\n" +
        "    - name: b\n      fields: proc.name\n      comps: startswith oneof\n      values: [ba, zs]\n" +
        "    - name: c\n      fields: proc.name\n      values: [a b]\n",
    ),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(
    conditionOf(r, "r"),
    '(evt.type=open) and not (fd.name pmatch (/tmp, /var/tmp)) and not (proc.name startswith oneof (ba, zs)) and not (proc.name in ("a b"))',
  );
});

test("single-field exceptions reject other comps and list comps", () => {
  assert.deepEqual(
    errorTexts(
      loadYaml([ruleWith("    - name: a\n      fields: proc.name\n      comps: =\n      values: [x]\n")]),
    ),
    [
      "LOAD_ERR_VALIDATE: When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)",
    ],
  );
  assert.deepEqual(
    errorTexts(
      loadYaml([ruleWith("    - name: a\n      fields: proc.name\n      comps: [in]\n      values: [x]\n")]),
    ),
    ["LOAD_ERR_VALIDATE: Fields and comps must both be strings"],
  );
  assert.deepEqual(
    errorTexts(loadYaml([ruleWith("    - name: a\n      fields: proc.name\n      values: [[x]]\n")])),
    ["LOAD_ERR_VALIDATE: Expected values array to contain a list of strings"],
  );
});

test("tuple exceptions: list operators get parentheses, other values are quoted; modifiers take lists", () => {
  const r = loadYaml([
    ruleWith(
      "    - name: t\n      fields: [proc.name, fd.name, fd.directory]\n      comps: [in, startswith anyof, =]\n" +
        "      values:\n        - [sh, [/etc, /usr/bin], /a b]\n",
    ),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(
    conditionOf(r, "r"),
    '(evt.type=open) and not (( proc.name in (sh) and  fd.name startswith anyof (/etc, /usr/bin) and  fd.directory = "/a b"))',
  );
});

test("exception comps are trimmed and checked; fields may be transformer expressions", () => {
  const r = loadYaml([
    ruleWith(
      "    - name: t\n      fields: [tolower(proc.name)]\n      comps: [' = ']\n      values: [[cat]]\n",
    ),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(conditionOf(r, "r"), "(evt.type=open) and not (( tolower(proc.name) = cat))");
  assert.deepEqual(
    errorTexts(loadYaml([ruleWith("    - name: t\n      fields: [proc.name]\n      comps: [in oneof]\n")])),
    ["LOAD_ERR_VALIDATE: 'in oneof' is not a supported comparison operator"],
  );
});

test("an exception value naming a list is substituted like any list", () => {
  const r = loadYaml([
    "- list: shells\n  items: [sh, bash]\n" +
      ruleWith("    - name: t\n      fields: proc.name\n      values: [shells]\n"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(conditionOf(r, "r"), "(evt.type=open) and not (proc.name in (shells))");
  assert.equal(r.lists[0].used, true);
});

test("appending to an existing exception may not change fields or comps", () => {
  const base = ruleWith("    - name: e\n      fields: [proc.name]\n");
  assert.deepEqual(
    errorTexts(
      loadYaml([
        `${base}- rule: r\n  exceptions:\n    - name: e\n      fields: [fd.name]\n      values: [[x]]\n  append: true\n`,
      ]),
    ),
    ["LOAD_ERR_VALIDATE: Can not append exception fields to existing exception, only values"],
  );
  assert.deepEqual(
    errorTexts(
      loadYaml([
        `${base}- rule: r\n  exceptions:\n    - name: e\n      comps: [=]\n      values: [[x]]\n  append: true\n`,
      ]),
    ),
    ["LOAD_ERR_VALIDATE: Can not append exception comps to existing exception, only values"],
  );
});

test("exceptions must be a sequence of mappings", () => {
  assert.deepEqual(errorTexts(loadYaml([ruleWith("    name: x\n")])), [
    "LOAD_ERR_YAML_VALIDATE: Rule exceptions must be a sequence",
  ]);
  assert.deepEqual(errorTexts(loadYaml([ruleWith("    - x\n")])), [
    "LOAD_ERR_YAML_VALIDATE: Rule exception must be a mapping",
  ]);
  assert.deepEqual(
    errorTexts(loadYaml([ruleWith("    - name: e\n      fields: proc.name\n      values: x\n")])),
    ["LOAD_ERR_YAML_VALIDATE: Rule exception values must be a sequence"],
  );
});

test("loaded rules expose their exceptions", () => {
  const r = loadFile("rule_exception_values_list.yaml");
  assert.deepEqual(r.rules[0].exceptions, [
    {
      name: "proc_name_cmdline",
      fields: ["proc.name", "proc.cmdline"],
      comps: ["=", "in"],
      values: [["cat", ["cat /dev/zero", "cat /dev/null"]]],
    },
  ]);
  assert.deepEqual(r.rules[0].exceptionFields, ["proc.name", "proc.cmdline"]);
});

test("override: {exceptions: replace} swaps the exceptions, checked like new ones", () => {
  const base = ruleWith("    - name: e\n      fields: [proc.name]\n      values: [[a]]\n");
  const r = loadYaml([
    `${base}- rule: r\n  exceptions:\n    - name: f\n      fields: fd.name\n      values: [/tmp]\n  override:\n    exceptions: replace\n`,
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(conditionOf(r, "r"), "(evt.type=open) and not (fd.name in (/tmp))");
  assert.deepEqual(
    errorTexts(
      loadYaml([
        `${base}- rule: r\n  exceptions:\n    - name: f\n      fields: [fd.name]\n      comps: [like]\n  override:\n    exceptions: replace\n`,
      ]),
    ),
    ["LOAD_ERR_VALIDATE: 'like' is not a supported comparison operator"],
  );
});

test("override: {exceptions: append} adds values to an existing exception", () => {
  const base = ruleWith("    - name: e\n      fields: [proc.name]\n      values: [[a]]\n");
  const r = loadYaml([
    `${base}- rule: r\n  exceptions:\n    - name: e\n      values: [[b]]\n  override:\n    exceptions: append\n`,
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(conditionOf(r, "r"), "(evt.type=open) and not (( proc.name = a) or ( proc.name = b))");
});
