// The test renderer follows Go's template semantics where the chart relies on them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { coalesceValues, goString, renderString, toYaml } from "./gotemplate.js";

test("trim markers remove the whitespace beside an action, and only that", () => {
  assert.equal(renderString("a  {{- 1 -}}  \n b", {}), "a1b");
  assert.equal(renderString("a {{ 1 }} b", {}), "a 1 b");
  assert.equal(renderString("x:\n  {{- /* note */}}\n  y", {}), "x:\n  y");
});

test("a field of a missing value is an error; a missing key is empty", () => {
  assert.throws(() => renderString("{{ .Values.a.b }}", { Values: {} }), /nil pointer evaluating/);
  assert.equal(renderString("[{{ .Values.a }}]", { Values: {} }), "[]");
});

test("if/else if/else, with, range over maps in key order, variables and assignment", () => {
  const t =
    "{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}|{{ with .m }}{{ .x }}{{ end }}|" +
    "{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}|{{ $t := 1 }}{{ if true }}{{ $t = 2 }}{{ end }}{{ $t }}";
  assert.equal(renderString(t, { a: false, b: [1], m: { y: 2, x: 1 } }), "B|1|x=1;y=2;|2");
  assert.equal(renderString("{{ if dict }}y{{ else }}n{{ end }}{{ if 0 }}y{{ else }}n{{ end }}", {}), "nn");
});

test("include, nindent, default, printf, quote, trimSuffix and pipelines", () => {
  const out = renderString(
    'a:{{- include "x" . | nindent 2 }}',
    { n: "v" },
    { x: "k: {{ .n | quote }}\nz: 1" },
  );
  assert.equal(out, 'a:\n  k: "v"\n  z: 1');
  assert.equal(renderString('{{ default "d" .e }}-{{ default "d" .f }}', { e: "", f: "x" }), "d-x");
  assert.equal(renderString('{{ printf "%s-%s" .a "b" | trunc 3 | trimSuffix "-" }}', { a: "ab" }), "ab");
});

test("numbers print as Go prints a float64 (Helm's values), toYaml drops the final newline", () => {
  assert.equal(goString(9765), "9765");
  assert.equal(goString(1000000), "1e+06");
  assert.equal(goString(16777216), "1.6777216e+07");
  assert.equal(goString(0.5), "0.5");
  assert.equal(toYaml({ b: 1, a: [true] }), "a:\n  - true\nb: 1");
});

test("values merge as Helm merges them: maps key by key, null deletes, false wins", () => {
  assert.deepEqual(coalesceValues({ a: { x: 1, y: true }, b: 2 }, { a: { y: false }, b: null }), {
    a: { x: 1, y: false },
  });
});
