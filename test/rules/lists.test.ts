// Lists: textual substitution into conditions, quoting, nesting, empty lists, order and visibility.
import assert from "node:assert/strict";
import { test } from "node:test";
import { quoteItem, substituteList } from "../../src/rules/index.js";
import { allWarnings, conditionOf, errorTexts, loadYaml } from "./helpers.js";

test("quoteItem quotes items with spaces unless already quoted", () => {
  assert.equal(quoteItem("cat"), "cat");
  assert.equal(quoteItem("cat /dev/null"), '"cat /dev/null"');
  assert.equal(quoteItem('"cat /dev/null"'), '"cat /dev/null"');
  assert.equal(quoteItem("'cat /dev/null'"), "'cat /dev/null'");
});

test("a list name is replaced at the front, middle and end of a parenthesised list", () => {
  assert.equal(
    substituteList("proc.name in (cat_binaries, ps)", "cat_binaries", ["cat"]).text,
    "proc.name in ( cat , ps)",
  );
  assert.equal(
    substituteList("proc.name in (ls, cat_binaries, ps)", "cat_binaries", ["cat"]).text,
    "proc.name in (ls, cat , ps)",
  );
  assert.equal(
    substituteList("proc.name in (ls, cat_binaries)", "cat_binaries", ["cat"]).text,
    "proc.name in (ls, cat )",
  );
});

test("a bare list name is replaced after = and at the end of the text, blanks folded", () => {
  assert.equal(substituteList("proc.name=cat_binaries", "cat_binaries", ["cat"]).text, "proc.name= cat ");
  assert.equal(
    substituteList("proc.name= cat_binaries or proc.name=nopey", "cat_binaries", ["cat"]).text,
    "proc.name= cat or proc.name=nopey",
  );
  assert.equal(substituteList("cat_binaries", "cat_binaries", ["a", "b"]).text, "a, b ");
});

test("a list name inside a longer word is not replaced", () => {
  const r = substituteList("fd.name in (file_my_list) and my_list_x = 1", "my_list", ["x"]);
  assert.equal(r.used, false);
  assert.equal(r.text, "fd.name in (file_my_list) and my_list_x = 1");
});

test("items with spaces are quoted; quoted items are kept", () => {
  assert.equal(
    substituteList("proc.cmdline in (cmds)", "cmds", ["cat /dev/null", '"ls -l"', "x"]).text,
    'proc.cmdline in ( "cat /dev/null", "ls -l", x )',
  );
});

test("an empty list swallows the comma next to it", () => {
  assert.equal(substituteList("proc.name in (a, empty)", "empty", []).text, "proc.name in (a  )");
  assert.equal(substituteList("proc.name in (empty, a)", "empty", []).text, "proc.name in (   a)");
  assert.equal(substituteList("proc.name in (a, empty, b)", "empty", []).text, "proc.name in (a  , b)");
  assert.equal(substituteList("proc.name in (empty)", "empty", []).text, "proc.name in (  )");
});

test("every occurrence is replaced", () => {
  const r = substituteList("a in (l) or b in (l)", "l", ["x"]);
  assert.equal(r.text, "a in ( x ) or b in ( x )");
  assert.equal(r.used, true);
});

const rule = (cond: string, name = "r") =>
  `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: o\n  priority: INFO\n`;

test("lists referring to earlier lists are inlined; the inner list counts as used", () => {
  const r = loadYaml([
    `- list: a\n  items: [cat]\n- list: b\n  items: [a, ls]\n${rule("evt.type=open and proc.name in (b)")}`,
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.deepEqual(r.lists.find((l) => l.name === "b")?.items, ["cat", "ls"]);
  assert.equal(
    allWarnings(r).some((w) => w.code === "LOAD_UNUSED_LIST"),
    false,
  );
});

test("a list naming a list defined later keeps the name as a plain item", () => {
  const r = loadYaml([
    `- list: b\n  items: [a]\n- list: a\n  items: [cat]\n${rule("evt.type=open and proc.name in (b)")}`,
  ]);
  assert.deepEqual(r.lists.find((l) => l.name === "b")?.items, ["a"]);
});

test("nesting is resolved one level per list, as in Falco: a list of a list of a list keeps the innermost name", () => {
  const r = loadYaml([
    "- list: a\n  items: [x]\n- list: b\n  items: [a]\n- list: c\n  items: [b]\n" +
      rule("evt.type=open and proc.name in (c)"),
  ]);
  assert.deepEqual(r.lists.find((l) => l.name === "b")?.items, ["x"]);
  assert.deepEqual(r.lists.find((l) => l.name === "c")?.items, ["a"]);
});

test("conditions see every list, wherever it is defined", () => {
  const r = loadYaml([`${rule("evt.type=open and proc.name in (later)")}- list: later\n  items: [cat]\n`]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(r.lists[0].used, true);
});

test("redefining a list replaces it in place; append: true adds items", () => {
  const r = loadYaml([
    "- list: l\n  items: [a]\n- list: other\n  items: [z]\n- list: l\n  items: [b]\n- list: l\n  items: [c]\n  append: true\n" +
      rule("evt.type=open and proc.name in (l, other)"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.deepEqual(
    r.lists.map((l) => [l.name, l.items]),
    [
      ["l", ["b", "c"]],
      ["other", ["z"]],
    ],
  );
  assert.ok(allWarnings(r).some((w) => w.code === "LOAD_DEPRECATED_ITEM"));
});

test("override: {items: append} and {items: replace}", () => {
  const r = loadYaml([
    "- list: l\n  items: [a]\n- list: l\n  items: [b]\n  override:\n    items: append\n" +
      "- list: m\n  items: [a]\n- list: m\n  items: [b]\n  override:\n    items: replace\n" +
      rule("evt.type=open and proc.name in (l, m)"),
  ]);
  assert.deepEqual(errorTexts(r), []);
  assert.deepEqual(r.lists.find((l) => l.name === "l")?.items, ["a", "b"]);
  assert.deepEqual(r.lists.find((l) => l.name === "m")?.items, ["b"]);
});

test("appending to a list that does not exist is an error", () => {
  const r = loadYaml(["- list: l\n  items: [b]\n  override:\n    items: append\n"]);
  assert.deepEqual(errorTexts(r), [
    "LOAD_ERR_VALIDATE: List uses 'append' or 'override.items: append' but no list by that name already exists",
  ]);
});

test("list items must be scalars and items a sequence", () => {
  assert.deepEqual(errorTexts(loadYaml(["- list: l\n  items: [[a]]\n"])), [
    "LOAD_ERR_YAML_VALIDATE: sequence value is not scalar",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- list: l\n  items: a\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Value is not a sequence",
  ]);
  assert.deepEqual(errorTexts(loadYaml(["- list: l\n  items:\n"])), [
    "LOAD_ERR_YAML_VALIDATE: Value is not a sequence",
  ]);
});

test("numbers and other plain scalars keep their text as list items", () => {
  const r = loadYaml(["- list: ports\n  items: [80, 0x1F, 8.0, true]\n"]);
  assert.deepEqual(r.lists[0].items, ["80", "0x1F", "8.0", "true"]);
});

test("unused lists warn; a list with an invalid name warns", () => {
  const r = loadYaml(['- list: "bad name"\n  items: [a]\n']);
  assert.deepEqual(
    allWarnings(r).map((w) => [w.code, w.message]),
    [
      [
        "LOAD_INVALID_LIST_NAME",
        "List has an invalid name. List names should match a regular expression: ([^()\"'[:space:]=,]+)",
      ],
      ["LOAD_UNUSED_LIST", "List not referred to by any other rule/macro"],
    ],
  );
});

test("empty lists in a rule condition compile", () => {
  const r = loadYaml([`- list: empty\n  items: []\n${rule("evt.type=open and proc.name in (cat, empty)")}`]);
  assert.deepEqual(errorTexts(r), []);
  assert.equal(conditionOf(r, "r"), "evt.type=open and proc.name in (cat, empty)");
});
