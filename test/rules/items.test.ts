// Macros and rules: keys, defaults, visibility, redefinition, append and override with Falco's table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Priority, parsePriority, priorityName } from "../../src/rules/index.js";
import { allErrors, allWarnings, conditionOf, errorTexts, loadYaml, warningCodes } from "./helpers.js";

const rule = (name: string, cond: string, extra = "") =>
  `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: o\n  priority: INFO\n${extra}`;

test("priorities are case-insensitive, accept INFO, and are ordered Emergency..Debug", () => {
  assert.equal(parsePriority("emergency"), Priority.Emergency);
  assert.equal(parsePriority("WARNING"), Priority.Warning);
  assert.equal(parsePriority("Info"), Priority.Informational);
  assert.equal(parsePriority("informational"), Priority.Informational);
  assert.equal(parsePriority("verbose"), undefined);
  assert.equal(priorityName(Priority.Informational), "Informational");
  assert.equal(priorityName(Priority.Informational, true), "Info");
  assert.ok(Priority.Critical < Priority.Debug);
});

test("a rule has Falco's defaults and reads every key", () => {
  const r = loadYaml([
    rule("a", "evt.type=open") +
      rule(
        "b",
        "evt.type=open",
        "  source: syscall\n  enabled: false\n  tags: [z, a, z]\n  capture: true\n  capture_duration: 5000\n  warn_evttypes: false\n  skip-if-unknown-filter: true\n",
      ),
  ]);
  assert.deepEqual(errorTexts(r), []);
  const [a, b] = r.rules;
  assert.deepEqual(
    [a.source, a.enabled, a.tags, a.capture, a.captureDuration, a.warnEvttypes, a.skipIfUnknownFilter],
    ["syscall", true, [], false, 0, true, false],
  );
  assert.deepEqual(
    [b.enabled, b.tags, b.capture, b.captureDuration, b.warnEvttypes, b.skipIfUnknownFilter],
    [false, ["a", "z"], true, 5000, false, true],
  );
  assert.equal(a.priority, Priority.Informational);
  assert.deepEqual([...(a.evttypes ?? [])], ["open"]);
});

test("yaml-cpp booleans: yes/no/on/off are booleans; other words are decode errors", () => {
  const r = loadYaml([rule("a", "evt.type=open", "  enabled: no\n")]);
  assert.equal(r.rules[0].enabled, false);
  assert.deepEqual(errorTexts(loadYaml([rule("a", "evt.type=open", "  enabled: maybe\n")])), [
    "LOAD_ERR_YAML_VALIDATE: Can't decode YAML scalar value",
  ]);
});

test("an invalid priority is an error on the priority value", () => {
  const r = loadYaml(["- rule: a\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: LOUD\n"]);
  const [e] = allErrors(r);
  assert.equal(e.message, "Invalid priority");
  assert.equal(e.code, "LOAD_ERR_YAML_VALIDATE");
  assert.deepEqual(
    e.locations.map((l) => l.itemType),
    ["rules content", "rule", "rule priority"],
  );
  assert.equal(e.line, 5);
});

test("the output is trimmed; a rule without desc is an error", () => {
  const r = loadYaml([
    "- rule: a\n  desc: d\n  condition: evt.type=open\n  output: '  o  '\n  priority: INFO\n",
  ]);
  assert.equal(r.rules[0].output, "o");
  assert.deepEqual(
    errorTexts(loadYaml(["- rule: a\n  condition: evt.type=open\n  output: o\n  priority: INFO\n"])),
    ["LOAD_ERR_YAML_VALIDATE: Item has no mapping for key 'desc'"],
  );
});

test("empty and non-scalar values are errors with Falco's messages", () => {
  assert.deepEqual(errorTexts(loadYaml([rule("a", '""')])), [
    "LOAD_ERR_YAML_VALIDATE: Value must be non-empty",
  ]);
  assert.deepEqual(errorTexts(loadYaml([rule("a", "[x]")])), [
    "LOAD_ERR_YAML_VALIDATE: Value is not a scalar value",
  ]);
  assert.deepEqual(errorTexts(loadYaml([rule("a", "")])), [
    "LOAD_ERR_YAML_VALIDATE: Mapping for key 'condition' is empty",
  ]);
  assert.deepEqual(errorTexts(loadYaml([rule("a", "evt.type=open", "  tags:\n")])), [
    "LOAD_ERR_YAML_VALIDATE: Value is not a sequence",
  ]);
});

test("a rule of an unknown source warns and is skipped", () => {
  const r = loadYaml([rule("a", "ct.name=x", "  source: aws_cloudtrail\n")]);
  assert.equal(r.ok, true);
  assert.equal(r.rules.length, 0);
  const [w] = allWarnings(r);
  assert.deepEqual(
    [w.code, w.message, w.itemName],
    ["LOAD_UNKNOWN_SOURCE", "Unknown source aws_cloudtrail, skipping", "a"],
  );
});

test("redefining a rule with another source is an error", () => {
  const r = loadYaml([rule("a", "evt.type=open") + rule("a", "ka.verb=get", "  source: k8s_audit\n")]);
  assert.deepEqual(errorTexts(r), ["LOAD_ERR_VALIDATE: Rule has been re-defined with a different source"]);
});

test("redefining a rule replaces it in place", () => {
  const r = loadYaml([
    rule("a", "evt.type=open") + rule("b", "evt.type=close") + rule("a", "evt.type=execve"),
  ]);
  assert.deepEqual(
    r.rules.map((x) => [x.name, x.condition]),
    [
      ["a", "evt.type=execve"],
      ["b", "evt.type=close"],
    ],
  );
});

test("the legacy enabled-only item toggles a rule and warns", () => {
  const r = loadYaml([`${rule("a", "evt.type=open")}- rule: a\n  enabled: false\n`]);
  assert.equal(r.rules[0].enabled, false);
  assert.deepEqual(
    allWarnings(r).map((w) => w.message),
    [
      "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').",
    ],
  );
  assert.deepEqual(errorTexts(loadYaml(["- rule: nope\n  enabled: true\n"])), [
    "LOAD_ERR_VALIDATE: Rule has 'enabled' key but no rule by that name already exists",
  ]);
});

test("legacy append concatenates condition with one space; exceptions or condition required", () => {
  const r = loadYaml([
    `${rule("a", "evt.type=open")}- rule: a\n  append: true\n  condition: and proc.name=cat\n`,
  ]);
  assert.equal(conditionOf(r, "a"), "evt.type=open and proc.name=cat");
  assert.ok(warningCodes(r).includes("LOAD_DEPRECATED_ITEM"));
  assert.deepEqual(errorTexts(loadYaml([`${rule("a", "evt.type=open")}- rule: a\n  append: true\n`])), [
    "LOAD_ERR_VALIDATE: Appended rule must have exceptions or condition property",
  ]);
});

test("override append: condition, output, desc concatenate; tags are united", () => {
  const r = loadYaml([
    rule("a", "evt.type=open", "  tags: [x]\n") +
      "- rule: a\n  condition: and proc.name=cat\n  output: more\n  desc: also\n  tags: [y, x]\n" +
      "  override:\n    condition: append\n    output: append\n    desc: append\n    tags: append\n",
  ]);
  assert.deepEqual(errorTexts(r), []);
  const a = r.rules[0];
  assert.deepEqual(
    [a.condition, a.output, a.desc, a.tags],
    ["evt.type=open and proc.name=cat", "o more", "d also", ["x", "y"]],
  );
});

test("override replace swaps every replaceable key", () => {
  const r = loadYaml([
    rule("a", "evt.type=open", "  tags: [x]\n") +
      "- rule: a\n  condition: evt.type=close\n  output: new\n  desc: nd\n  priority: ERROR\n  tags: [y]\n" +
      "  enabled: false\n  capture: true\n  capture_duration: 7\n  warn_evttypes: false\n  skip-if-unknown-filter: true\n" +
      "  override:\n    condition: replace\n    output: replace\n    desc: replace\n    priority: replace\n    tags: replace\n" +
      "    enabled: replace\n    capture: replace\n    capture_duration: replace\n    warn_evttypes: replace\n" +
      "    skip-if-unknown-filter: replace\n",
  ]);
  assert.deepEqual(errorTexts(r), []);
  const a = r.rules[0];
  assert.deepEqual(
    [
      a.condition,
      a.output,
      a.desc,
      a.priority,
      a.tags,
      a.enabled,
      a.capture,
      a.captureDuration,
      a.warnEvttypes,
    ],
    ["evt.type=close", "new", "nd", Priority.Error, ["y"], false, true, 7, false],
  );
  assert.equal(a.skipIfUnknownFilter, true);
});

test("override: {enabled: replace} is the modern toggle", () => {
  const r = loadYaml([
    `${rule("a", "evt.type=open")}- rule: a\n  enabled: false\n  override:\n    enabled: replace\n`,
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(r.rules[0].enabled, false);
  assert.deepEqual(warningCodes(r), []);
});

const base = rule("a", "evt.type=open");
const overrideCases: [string, string, string][] = [
  [
    "a key that cannot be appended",
    "- rule: a\n  priority: ERROR\n  override:\n    priority: append\n",
    "LOAD_ERR_YAML_VALIDATE: Key 'priority' cannot be appended to, use 'replace' instead",
  ],
  [
    "a key that cannot be replaced",
    "- rule: a\n  source: syscall\n  override:\n    source: replace\n",
    "LOAD_ERR_YAML_VALIDATE: Key 'source' cannot be replaced",
  ],
  [
    "an unknown operation",
    "- rule: a\n  condition: x\n  override:\n    condition: merge\n",
    "LOAD_ERR_YAML_VALIDATE: Invalid override operation for key 'condition': 'merge'. Allowed values are: append replace ",
  ],
  [
    "an override of a key the item does not define",
    "- rule: a\n  override:\n    output: replace\n",
    "LOAD_ERR_YAML_VALIDATE: An replace override for 'output' was specified but 'output' is not defined",
  ],
  [
    "an overridable key without an override entry",
    "- rule: a\n  condition: and x\n  output: o2\n  override:\n    condition: append\n",
    "LOAD_ERR_YAML_VALIDATE: Unexpected key 'output': no corresponding entry under 'override' is defined.",
  ],
  [
    "override together with append: true",
    "- rule: a\n  condition: and x\n  append: true\n  override:\n    condition: append\n",
    "LOAD_ERR_YAML_VALIDATE: Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.",
  ],
];

for (const [what, item, expected] of overrideCases) {
  test(`override errors: ${what}`, () => {
    assert.deepEqual(errorTexts(loadYaml([base + item])), [expected]);
  });
}

test("override of a rule that does not exist", () => {
  assert.deepEqual(
    errorTexts(loadYaml(["- rule: zz\n  condition: and x\n  override:\n    condition: append\n"])),
    [
      "LOAD_ERR_VALIDATE: Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
    ],
  );
  assert.deepEqual(
    errorTexts(loadYaml(["- rule: zz\n  condition: x\n  override:\n    condition: replace\n"])),
    [
      "LOAD_ERR_VALIDATE: An 'override.<key>: replace' to a rule was requested but no rule by that name already exists",
    ],
  );
});

test("macro and list override keys follow their own table", () => {
  assert.deepEqual(
    errorTexts(
      loadYaml(["- macro: m\n  condition: x\n- macro: m\n  condition: y\n  override:\n    items: append\n"]),
    ),
    ["LOAD_ERR_YAML_VALIDATE: Key 'items' cannot be appended to, use 'replace' instead"],
  );
  const r = loadYaml([
    "- macro: m\n  condition: evt.type=open\n- macro: m\n  condition: or evt.type=close\n  override:\n    condition: append\n" +
      rule("a", "m"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(r.macros[0].condition, "evt.type=open or evt.type=close");
  assert.deepEqual([...(r.rules[0].evttypes ?? [])].sort(), ["close", "open"]);
});

test("macros see only macros defined before their last definition; rules see every macro", () => {
  const early = loadYaml([
    `- macro: a\n  condition: b\n- macro: b\n  condition: evt.type=open\n${rule("r", "a")}`,
  ]);
  assert.deepEqual(errorTexts(early), ["LOAD_ERR_VALIDATE: Undefined macro 'b' used in filter."]);
  assert.equal(allErrors(early)[0].itemName, "a");

  const ruleFirst = loadYaml([`${rule("r", "m")}- macro: m\n  condition: evt.type=open\n`]);
  assert.deepEqual(errorTexts(ruleFirst), []);

  // Redefining `a` after `b` makes `b` visible to it.
  const redefined = loadYaml([
    "- macro: a\n  condition: evt.type=close\n- macro: b\n  condition: evt.type=open\n- macro: a\n  condition: b\n" +
      rule("r", "a"),
  ]);
  assert.deepEqual(errorTexts(redefined), []);
  assert.deepEqual([...(redefined.rules[0].evttypes ?? [])], ["open"]);
});

test("macro reference loops are errors", () => {
  const r = loadYaml([
    "- macro: macro_a\n  condition: evt.type=open\n- macro: macro_b\n  condition: macro_a\n- macro: macro_a\n  condition: macro_b\n",
  ]);
  const [e] = allErrors(r);
  assert.equal(e.code, "LOAD_ERR_VALIDATE");
  assert.match(e.message, /^reference loop in macro '/);
  assert.equal(e.itemName, "macro_a");
});

test("unused macros warn; macros used only by other macros count as used", () => {
  const r = loadYaml([
    "- macro: inner\n  condition: evt.type=open\n- macro: outer\n  condition: inner\n- macro: alone\n  condition: evt.type=close\n",
  ]);
  assert.deepEqual(
    allWarnings(r).map((w) => [w.code, w.itemName]),
    [
      ["LOAD_UNUSED_MACRO", "outer"],
      ["LOAD_UNUSED_MACRO", "alone"],
    ],
  );
});

test("a macro name that is not an identifier warns", () => {
  const r = loadYaml([`- macro: some macro\n  condition: evt.type=open\n${rule("r", "evt.type=open")}`]);
  assert.ok(allWarnings(r).some((w) => w.code === "LOAD_INVALID_MACRO_NAME" && w.itemName === "some macro"));
});

test("unknown keys and unknown items warn", () => {
  const r = loadYaml([`${rule("a", "evt.type=open", "  colour: red\n")}- thing: x\n`]);
  assert.deepEqual(
    allWarnings(r).map((w) => [w.code, w.message]),
    [
      ["LOAD_UNKNOWN_KEY", "Unknown key 'colour'. The key will be ignored."],
      ["LOAD_UNKNOWN_ITEM", "Unknown top level item"],
    ],
  );
});

test("rules matching every event type warn LOAD_NO_EVTTYPE unless warn_evttypes is false", () => {
  const r = loadYaml([
    rule("all", "proc.name=cat") + rule("quiet", "proc.name=cat", "  warn_evttypes: false\n"),
  ]);
  assert.deepEqual(
    allWarnings(r).map((w) => [w.code, w.itemName, w.message]),
    [
      [
        "LOAD_NO_EVTTYPE",
        "all",
        "Rule matches too many evt.type values. This has a significant performance penalty.",
      ],
    ],
  );
  const all = r.rules[0].evttypes;
  assert.ok(all === undefined || all.size > 100, "a rule without evt.type matches every type");
});

test("k8s audit rules do not get LOAD_NO_EVTTYPE", () => {
  const r = loadYaml([rule("k", "ka.verb=get", "  source: k8s_audit\n")]);
  assert.deepEqual(warningCodes(r), []);
});

test("comparing ka./jevt. fields with <NA> warns LOAD_UNSAFE_NA_CHECK", () => {
  const r = loadYaml([rule("k", "ka.user.name = <NA>", "  source: k8s_audit\n")]);
  assert.deepEqual(warningCodes(r), ["LOAD_UNSAFE_NA_CHECK"]);
  assert.deepEqual(warningCodes(loadYaml([rule("s", "evt.type=open and proc.name = <NA>")])), []);
});

test("deprecated fields warn LOAD_DEPRECATED_ITEM with the field", () => {
  const r = loadYaml([rule("d", "evt.type=open and evt.dir = <")]);
  const [w] = allWarnings(r);
  assert.equal(w.code, "LOAD_DEPRECATED_ITEM");
  assert.equal(w.deprecatedField, "evt.dir");
});

test("skip-if-unknown-filter turns unknown fields into LOAD_UNKNOWN_FILTER and skips the rule", () => {
  const skipped = loadYaml([
    rule("s", "evt.type=open and proc.nobody=cat", "  skip-if-unknown-filter: true\n"),
  ]);
  assert.equal(skipped.ok, true);
  assert.equal(skipped.rules.length, 0);
  assert.deepEqual(
    allWarnings(skipped).map((w) => [w.code, w.message]),
    [["LOAD_UNKNOWN_FILTER", "filter_check called with nonexistent field proc.nobody"]],
  );
  const failed = loadYaml([rule("s", "evt.type=open and proc.nobody=cat")]);
  assert.deepEqual(errorTexts(failed), [
    "LOAD_ERR_COMPILE_CONDITION: filter_check called with nonexistent field proc.nobody",
  ]);
});

test("unknown output fields are LOAD_ERR_COMPILE_OUTPUT on the output", () => {
  const r = loadYaml([
    "- rule: a\n  desc: d\n  condition: evt.type=open\n  output: x %not_a_real_field\n  priority: INFO\n",
  ]);
  const [e] = allErrors(r);
  assert.equal(e.code, "LOAD_ERR_COMPILE_OUTPUT");
  assert.equal(e.message, "invalid formatting token not_a_real_field");
  assert.equal(e.locations[e.locations.length - 1].itemType, "rule output");
});

test("the whole load stops at the first compile error of a content", () => {
  const r = loadYaml([rule("a", "evt.type=open and") + rule("b", "evt.type=open and also")]);
  assert.equal(allErrors(r).length, 1);
  assert.equal(allErrors(r)[0].itemName, "a");
});

test("libsinsp's hints about constant values are LOAD_COMPILE_CONDITION warnings", () => {
  const r = loadYaml([
    rule("a", "evt.type=open and proc.name regex '.*sh'") +
      rule("b", "evt.type=open and proc.name = proc.pname") +
      rule("c", "evt.type=open and proc.name = 'tolower(proc.pname)'") +
      rule("d", "evt.type=open and proc.name regex 'ba(sh|zsh)'"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.deepEqual(
    allWarnings(r).map((w) => [w.code, w.itemName, w.message]),
    [
      [
        "LOAD_COMPILE_CONDITION",
        "a",
        "regex check with '.*sh' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'",
      ],
      ["LOAD_COMPILE_CONDITION", "b", "'proc.pname' may be a valid field misused as a const string value"],
      [
        "LOAD_COMPILE_CONDITION",
        "c",
        "'tolower(proc.pname)' may be a valid field transformer misused as a const string value",
      ],
    ],
  );
  assert.match(allWarnings(r)[1].snippet, /^evt\.type=open and proc\.name = proc\.pname\n {30}\^\n$/);
});

test("appending to a rule of an unknown source is fine (falcosecurity/testing AppendUnknownSource)", () => {
  const r = loadYaml([
    "- rule: Rule1\n  desc: NoDesc\n  condition: evt.type=open\n  priority: INFO\n  output: Never\n  source: mysource\n" +
      "- rule: Rule1\n  append: true\n  condition: or evt.type=openat\n",
  ]);
  assert.equal(r.ok, true);
  assert.ok(
    allWarnings(r).some(
      (w) =>
        w.code === "LOAD_UNKNOWN_SOURCE" &&
        w.itemName === "Rule1" &&
        w.message === "Unknown source mysource, skipping",
    ),
  );
});

test("exceptions of a rule of an unknown source are not checked against fields", () => {
  const r = loadYaml([
    rule(
      "ct",
      'evt.num > 0 and ct.name="StartInstances"',
      "  source: aws_cloudtrail\n  exceptions:\n  - name: user_secreid\n    fields: [aws.user, aws.region]\n",
    ),
  ]);
  assert.equal(r.ok, true);
  assert.deepEqual(warningCodes(r), ["LOAD_UNKNOWN_SOURCE"]);
});
