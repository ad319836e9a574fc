// JSON-as-text helpers: compact and indented renderings, error offsets.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compactJson, indentJson, jsonErrorOffset } from "../../src/k8saudit/json-text.js";

test("compactJson drops whitespace outside strings only", () => {
  assert.equal(
    compactJson('{ "a" : [ 1 , "x y" ,\n\t{ } ] , "b\\" c" : "\\\\" }'),
    '{"a":[1,"x y",{}],"b\\" c":"\\\\"}',
  );
  assert.equal(compactJson("[1,2]"), "[1,2]");
  assert.equal(compactJson("xx[ 1 ]yy", 2, 7), "[1]");
});

test("indentJson matches Go's json.Indent(prefix '', indent '  ')", () => {
  assert.equal(indentJson("{}"), "{}");
  assert.equal(indentJson("[]"), "[]");
  assert.equal(
    indentJson('{"a":[],"b":{"c":"[{,:}]"},"d":[true,null,-1.5e3]}'),
    [
      "{",
      '  "a": [],',
      '  "b": {',
      '    "c": "[{,:}]"',
      "  },",
      '  "d": [',
      "    true,",
      "    null,",
      "    -1.5e3",
      "  ]",
      "}",
    ].join("\n"),
  );
  assert.equal(indentJson('"s"'), '"s"');
});

test("jsonErrorOffset points at the first syntax error", () => {
  assert.equal(jsonErrorOffset('{"a": [1, 2]}'), -1);
  assert.equal(jsonErrorOffset('{"a": x}'), 6);
  assert.equal(jsonErrorOffset('{"a": [1, 2}'), 11);
  assert.equal(jsonErrorOffset('{"a": "b'), 8);
  assert.equal(jsonErrorOffset('{"a": 1} x'), 9);
  assert.equal(jsonErrorOffset('{"a": 01}'), 7);
  assert.equal(jsonErrorOffset('["\\q"]'), 2);
  assert.equal(jsonErrorOffset("[tru]"), 4);
  assert.equal(jsonErrorOffset(`${"[".repeat(100_000)}`), 2001);
});
