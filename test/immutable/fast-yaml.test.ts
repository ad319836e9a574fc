// The fast manifest reader must agree with the `yaml` package: same values, same document indexes, same
// positions, over the whole corpus and over the constructs it supports; anything else must fall back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { parseFastYaml, positionOf, resolvePlain } from "../../src/immutable/fast-yaml.js";
import { parseManifestSource, readManifestSources } from "../../src/immutable/input.js";
import { scanSources } from "../../src/immutable/scan.js";
import { CORPUS } from "./helpers.js";

/** The yaml package's documents as [index, value], skipping empty ones (as the scanner does). */
function viaYaml(src: string): [number, unknown][] {
  const docs = parseAllDocuments(src, { uniqueKeys: false, logLevel: "error" });
  if (!Array.isArray(docs)) return [];
  return docs
    .map((d, i): [number, unknown] => [i, d.toJS({ maxAliasCount: 1000 })])
    .filter(([, v]) => v !== null && v !== undefined);
}

function viaFast(src: string): [number, unknown][] | undefined {
  return parseFastYaml(src)?.map((d) => [d.index, d.value]);
}

test("corpus: the fast reader takes nearly every file, and agrees with yaml on every value", () => {
  const files = readManifestSources([CORPUS]);
  let fast = 0;
  for (const f of files) {
    const got = viaFast(f.content);
    if (got === undefined) continue;
    fast++;
    assert.deepStrictEqual(got, viaYaml(f.content), f.name);
  }
  assert.ok(fast >= files.length - 10, `${fast} of ${files.length} files on the fast path`);
});

test("corpus: scanning with the fast reader gives the same report as with yaml, positions included", () => {
  const files = readManifestSources([CORPUS]);
  const now = new Date("2025-01-01");
  assert.deepStrictEqual(scanSources(files, { now }), scanSources(files, { now, parser: "yaml" }));
});

const SAME: [string, string][] = [
  ["k8s-style sequences", "a:\n- x\n- y: 1\n  z: [1, 2]\nb: c\n"],
  ["indented sequences", "a:\n  - x\n  -   y: 1\n      z: 2\n"],
  ["nested sequences", "- - a\n  - b\n- -\n    c: 1\n"],
  ["dash then block", "items:\n-\n  name: x\n-\n"],
  [
    "comments everywhere",
    "# top\na: 1 # one\n# mid\nb:   # two\n  c: d#not-a-comment\n  # inner\ne: 'x # y'\n",
  ],
  ["quoting", `a: "x\\ty \\u00e9 \\"q\\""\nb: 'it''s'\nc: "80"\n'd e': f\n"g": h\n`],
  [
    "core schema",
    "a: [~, null, Null, true, False, 010, 0o17, 0x1F, -3, +4, 1.5, .5, 1e3, .inf, -.Inf, .nan, yes, on, 1.2.3, 08]\n",
  ],
  ["keys that look like numbers", "80: http\ntrue: t\n1.5: f\n"],
  [
    "literal block scalars",
    "a: |\n  line 1\n\n    indented\n  # not a comment\nb: |-\n  x\n\n\nc: |+\n  y\n\nd: x\n",
  ],
  ["literal at end of file", "a: |\n  x"],
  ["flow collections", "a: {b: 1, 'c': [x, \"y z\"], d: {}}\ne: []\nf: {g: }\nh: [a, b, ]\n"],
  ["urls and colons in plain scalars", "url: http://x:8080/p?q=1\ntime: 12:30\n- a\n".replace("- a\n", "")],
  ["documents and indexes", "# c\n---\na: 1\n---\n---\n# only a comment\n---\nb: 2\n--- # c\nc: 3\n"],
  ["no leading marker", "a: 1\n---\nb: 2\n"],
  ["CRLF", "a: 1\r\nb:\r\n- x\r\nc: |\r\n  l1\r\n  l2\r\n"],
  ["duplicate keys (last wins)", "a: 1\na: 2\n"],
  ["a document that is a string", "just text\n"],
  ["JSON", '{\n  "a": [1, 2.5, true, null, {"b": "c\\n"}],\n  "d": {}\n}\n'],
];

for (const [what, src] of SAME) {
  test(`fast reader agrees with yaml: ${what}`, () => {
    const got = viaFast(src);
    assert.notEqual(got, undefined, "fell back");
    assert.deepStrictEqual(got, viaYaml(src));
  });
}

const FALLBACK: [string, string][] = [
  ["anchors and aliases", "a: &x 1\nb: *x\n"],
  ["tags", "a: !!str 1\n"],
  ["folded scalars", "a: >\n  x\n  y\n"],
  ["multi-line plain scalars", "a: one\n  two\n"],
  ["multi-line quoted scalars", 'a: "one\n  two"\n'],
  ["multi-line flow", "a: [1,\n  2]\n"],
  ["complex keys", "? a\n: b\n"],
  ["directives", "%YAML 1.2\n---\na: 1\n"],
  ["tabs", "a:\n\t- b\n"],
  ["templates", "replicas: {{replicas}}\n"],
  ["bad indentation", "a:\n    b: 1\n  c: 2\n"],
  ["invalid JSON", '{"a": 1,}'],
];

for (const [what, src] of FALLBACK) {
  test(`fast reader falls back to yaml: ${what}`, () => {
    assert.equal(parseFastYaml(src), undefined);
    // …and the scanner still reads it through yaml.
    assert.doesNotThrow(() => parseManifestSource({ name: "x.yaml", content: src }));
  });
}

test("positions: keys, sequence items, flow members, and fall back to the nearest parent", () => {
  const src = "apiVersion: v1\nspec:\n  containers:\n  - name: a\n    ports: [{containerPort: 80}]\n";
  const docs = parseFastYaml(src);
  const d = docs?.[0];
  assert.ok(d !== undefined);
  const spec = (d.value as { spec: { containers: { ports: object[] }[] } }).spec;
  assert.equal(positionOf(d.positions, d.value as object, "spec"), src.indexOf("spec"));
  assert.equal(positionOf(d.positions, spec.containers, 0), src.indexOf("name: a"));
  const ports = spec.containers[0]?.ports;
  assert.ok(ports !== undefined);
  assert.equal(positionOf(d.positions, ports, 0), src.indexOf("{containerPort"));
  const r = parseManifestSource({ name: "x.yaml", content: src }).documents[0];
  const y = parseManifestSource({ name: "x.yaml", content: src }, "yaml").documents[0];
  for (const p of [
    ["spec", "containers", 0, "ports", 0, "containerPort"],
    ["spec", "containers", 0, "securityContext"],
    ["nope"],
  ]) {
    assert.deepEqual(r?.locate(p), y?.locate(p), p.join("."));
  }
});

test("plain scalars resolve by the YAML 1.2 core schema", () => {
  assert.equal(resolvePlain(""), null);
  assert.equal(resolvePlain("~"), null);
  assert.equal(resolvePlain("True"), true);
  assert.equal(resolvePlain("yes"), "yes");
  assert.equal(resolvePlain("0o10"), 8);
  assert.equal(resolvePlain("0x10"), 16);
  assert.equal(resolvePlain("1e2"), 100);
  assert.equal(resolvePlain("-.inf"), Number.NEGATIVE_INFINITY);
  assert.equal(resolvePlain("v1.2"), "v1.2");
  assert.equal(resolvePlain("64Mi"), "64Mi");
});
