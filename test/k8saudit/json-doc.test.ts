// The in-place JSON document: it must accept exactly what JSON.parse accepts (events are read with
// it instead of JSON.parse), and locate values as fastjson does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readJsonDoc } from "../../src/k8saudit/json-doc.js";
import { traceLines } from "./helpers.js";

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

function agrees(text: string): void {
  assert.equal(
    readJsonDoc(text) !== undefined,
    parses(text),
    `disagrees with JSON.parse on ${JSON.stringify(text)}`,
  );
}

test("accepts and refuses what JSON.parse does (hand-picked cases)", () => {
  const cases = [
    "",
    " ",
    "{}",
    " [ ] ",
    '{"a":1}',
    '{"a" : [1, -0, 0.5, -1.5e+3, 2E-2, true, false, null, "x"]}\n',
    "01",
    "1.",
    ".5",
    "-",
    "1e",
    "1e+",
    "+1",
    "0x10",
    "NaN",
    "tru",
    "nul",
    "[1,]",
    "[,1]",
    '{"a" 1}',
    '{"a":1,}',
    "{a:1}",
    '{"a":1}}',
    '{"a":1} x',
    '{"a":1}{"b":2}',
    '"\\q"',
    '"\\u12"',
    '"\\u12g4"',
    '"\\ud800"',
    '"\\/\\b\\f\\n\\r\\t\\"\\\\"',
    '"a\tb"',
    '"a\u0001b"',
    '{\t"a":\r\n1}',
    '"unterminated',
    '"\\"',
    '["\\\\"]',
    "\u00a0{}",
    "{}\u2028",
    '{"k\\u00e9":"\u00e9"}',
    "[".repeat(100_000) + "]".repeat(100_000),
    "[".repeat(100_000),
  ];
  for (const c of cases) agrees(c);
});

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("accepts and refuses what JSON.parse does on 20,000 mutations of real audit events", () => {
  const samples: string[] = [];
  for (const line of traceLines()) samples.push(line, JSON.stringify(JSON.parse(line), null, 2));
  const rnd = random(7);
  const pieces = [
    '"',
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "0",
    "-",
    ".",
    "e",
    "\t",
    "\u0001",
    "u",
    " ",
    "n",
    "\\u",
  ];
  let accepted = 0;
  for (let k = 0; k < 20_000; k++) {
    let t = samples[Math.floor(rnd() * samples.length)] as string;
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * t.length);
      const op = rnd();
      const piece = pieces[Math.floor(rnd() * pieces.length)] as string;
      if (op < 0.34) t = t.slice(0, at) + t.slice(at + 1);
      else if (op < 0.67) t = t.slice(0, at) + piece + t.slice(at);
      else t = t.slice(0, at) + piece + t.slice(at + 1);
    }
    const ok = readJsonDoc(t) !== undefined;
    assert.equal(
      ok,
      parses(t),
      `disagrees with JSON.parse on mutation ${k}: ${JSON.stringify(t.slice(0, 300))}`,
    );
    if (ok) accepted++;
  }
  // Both outcomes are exercised.
  assert.ok(accepted > 1000 && accepted < 19_000, `accepted ${accepted}`);
});

test("values are located as fastjson does: first duplicate wins, escaped keys, Atoi indexes", () => {
  const doc = readJsonDoc(
    '{"a\\/b": {"c": [10, {"d": "e\\n"}]}, "x": 1, "x": 2, "s": "}", "t": true, "o": { "k" : [ 1 , 2 ] }}',
  );
  assert.ok(doc);
  const at = (...keys: string[]) => {
    const n = doc.get(doc.root, keys);
    return n === undefined ? undefined : doc.asString(n);
  };
  assert.equal(at("a/b", "c", "1", "d"), "e\n");
  assert.equal(at("a/b", "c", "+1", "d"), "e\n");
  assert.equal(at("a/b", "c", "01", "d"), "e\n");
  assert.equal(at("a/b", "c"), '[10,{"d":"e\\n"}]');
  assert.equal(at("x"), "1");
  assert.equal(at("s"), "}");
  assert.equal(at("o"), '{"k":[1,2]}');
  assert.equal(at("a/b", "c", "2"), undefined);
  assert.equal(at("a/b", "c", "-1"), undefined);
  assert.equal(at("a\\/b"), undefined);
  assert.equal(at("nope"), undefined);
  assert.equal(at("x", "y"), undefined);
  assert.deepEqual(doc.keys(doc.root), ["a/b", "x", "x", "s", "t", "o"]);
  const t = doc.member(doc.root, "t");
  assert.ok(t !== undefined && doc.isTrue(t));
  const list = doc.get(doc.root, ["o", "k"]);
  assert.ok(list !== undefined && doc.isArray(list));
  assert.deepEqual(
    doc.items(list).map((n) => doc.asString(n)),
    ["1", "2"],
  );
  assert.deepEqual(doc.value(), JSON.parse(doc.text));
  const empty = readJsonDoc("[ ]");
  assert.ok(empty);
  assert.deepEqual(empty.items(empty.root), []);
});

test("member lookup tells apart keys that share a start, a length or nothing", () => {
  const doc = readJsonDoc('{"ab":1,"":2,"a":3,"abc":4,"ba":5,"b\\u0061":6,"abd":7}');
  assert.ok(doc);
  const get = (key: string) => {
    const n = doc.member(doc.root, key);
    return n === undefined ? undefined : doc.asString(n);
  };
  assert.equal(get(""), "2");
  assert.equal(get("a"), "3");
  assert.equal(get("ab"), "1");
  assert.equal(get("abc"), "4");
  assert.equal(get("abd"), "7");
  // "ba" written plainly comes first; its escaped twin decodes to the same key.
  assert.equal(get("ba"), "5");
  assert.equal(get("abcd"), undefined);
  assert.equal(get("b"), undefined);
  assert.equal(get("x"), undefined);
});
