// JSON-as-text helpers: compact and indented renderings, value spans, error offsets.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  arrayItemSpans,
  compactJson,
  indentJson,
  jsonErrorOffset,
  member,
  valueSpan,
} from "../../src/k8saudit/json-text.js";

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

test("valueSpan follows keys (escaped ones too) and indexes; the last duplicate wins", () => {
  const text = '{"a\\/b": {"c": [10, {"d": "e"}]}, "x": 1, "x": 2, "s": "}"}';
  const at = (path: Array<string | number>) => {
    const span = valueSpan(text, path);
    return span && text.slice(span[0], span[1]);
  };
  assert.equal(at(["a/b", "c", 1, "d"]), '"e"');
  assert.equal(at(["a/b", "c"]), '[10, {"d": "e"}]');
  assert.equal(at(["x"]), "2");
  assert.equal(at(["s"]), '"}"');
  assert.equal(at(["a/b", "c", 2]), undefined);
  assert.equal(at(["nope"]), undefined);
  assert.equal(at(["x", "y"]), undefined);
  assert.deepEqual(
    arrayItemSpans("[ 1, [2, 3] ,{} ]", 0).map(([s, e]) => "[ 1, [2, 3] ,{} ]".slice(s, e)),
    ["1", "[2, 3]", "{}"],
  );
  assert.deepEqual(arrayItemSpans("[ ]", 0), []);
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

test("member ignores Object.prototype", () => {
  const obj = JSON.parse('{"a": 1, "__proto__": {"b": 2}}') as Record<string, never>;
  assert.equal(member(obj, "a"), 1);
  assert.deepEqual(member(obj, "__proto__"), { b: 2 });
  assert.equal(member(obj, "toString"), undefined);
  assert.equal(member({}, "__proto__"), undefined);
  assert.equal(member({}, "constructor"), undefined);
});
