// -o key.path=value: nested keys, list index and append, escaped dots, YAML flow values, errors.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { loadConfig, parseKeyPath } from "../../src/config/index.js";
import { errorsOf, ok, tempDir } from "./helpers.js";

const withFile = (yaml: string, overrides: string[]) => {
  const dir = tempDir({ "main.yaml": yaml });
  return loadConfig({ file: path.join(dir, "main.yaml"), overrides, env: {} });
};

test("key paths in Falco's grammar", () => {
  assert.deepEqual(parseKeyPath("a.b.c"), { ok: true, segments: [{ key: "a" }, { key: "b" }, { key: "c" }] });
  assert.deepEqual(parseKeyPath("rules[].disable.tag"), {
    ok: true,
    segments: [{ key: "rules" }, { append: true }, { key: "disable" }, { key: "tag" }],
  });
  assert.deepEqual(parseKeyPath("m[1][3]"), {
    ok: true,
    segments: [{ key: "m" }, { index: 1 }, { index: 3 }],
  });
  assert.deepEqual(parseKeyPath("annotations.kubernetes\\.io/role"), {
    ok: true,
    segments: [{ key: "annotations" }, { key: "kubernetes.io/role" }],
  });
  assert.deepEqual(parseKeyPath("a.example\\[0\\]"), {
    ok: true,
    segments: [{ key: "a" }, { key: "example[0]" }],
  });
  assert.deepEqual(parseKeyPath("a.back\\\\slash"), {
    ok: true,
    segments: [{ key: "a" }, { key: "back\\slash" }],
  });
  for (const bad of ["a\\", "a\\x", "a..b", ".a", "a.", "a[x]", "a[0", "a[0]b", ""]) {
    assert.equal(parseKeyPath(bad).ok, false, bad);
  }
});

test("scalars, nested keys and sections", () => {
  const c = ok(
    loadConfig({
      overrides: [
        "json_output=true",
        "priority=Warning",
        "webserver.listen_port=9000",
        "http_output.url=http://example.com/a=b",
        "program_output.program=jq '{text: .output}' | curl -d @- https://x",
        "engine.kind=replay",
        "engine.replay.capture_file=/tmp/x.scap",
        "metrics.interval=30s",
      ],
    }),
  );
  assert.equal(c.json_output, true);
  assert.equal(c.priority, "warning");
  assert.equal(c.webserver.listen_port, 9000);
  assert.equal(c.webserver.listen_address, "127.0.0.1", "the rest of the section stays");
  assert.equal(c.http_output.url, "http://example.com/a=b", "the value is everything after the first =");
  assert.equal(c.program_output.program, "jq '{text: .output}' | curl -d @- https://x");
  assert.deepEqual(c.engine.replay, { capture_file: "/tmp/x.scap" });
  assert.equal(c.engine.kind, "replay");
  assert.equal(c.metrics.interval, "30s");
});

test("lists: replace, index, append, flow values", () => {
  const yaml = "rules_files: [/a.yaml, /b.yaml]\n";
  assert.deepEqual(ok(withFile(yaml, ["rules_files[]=/c.yaml"])).rules_files, [
    "/a.yaml",
    "/b.yaml",
    "/c.yaml",
  ]);
  assert.deepEqual(ok(withFile(yaml, ["rules_files[0]=/z.yaml"])).rules_files, ["/z.yaml", "/b.yaml"]);
  assert.deepEqual(ok(withFile(yaml, ["rules_files[2]=/c.yaml"])).rules_files, [
    "/a.yaml",
    "/b.yaml",
    "/c.yaml",
  ]);
  assert.deepEqual(ok(withFile(yaml, ["rules_files=/only.yaml"])).rules_files, ["/only.yaml"]);
  assert.deepEqual(ok(withFile(yaml, ["rules_files=[/x.yaml, /y.yaml]"])).rules_files, [
    "/x.yaml",
    "/y.yaml",
  ]);
  assert.match(
    errorsOf(withFile(yaml, ["rules_files[5]=/c.yaml"]))[0],
    /^-o rules_files\[5\]=\/c\.yaml: rules_files\[5\]: index 5 of rules_files is out of range \(the list has 2 items\)/,
  );
  assert.match(
    errorsOf(withFile("json_output: true\n", ["json_output[]=x"]))[0],
    /json_output is a scalar, not a list/,
  );
});

test("rules: enable/disable entries from -o, in both of Falco's forms", () => {
  const c = ok(
    loadConfig({
      overrides: [
        "rules[].disable.tag=maturity_incubating",
        "rules[].enable.rule=Adding ssh keys to authorized_keys",
        'rules[]={"disable": {"tag": "network"}}',
        "rules[]={enable: {rule: 'Terminal*'}}",
      ],
    }),
  );
  assert.deepEqual(c.rules, [
    { disable: { tag: "maturity_incubating" } },
    { enable: { rule: "Adding ssh keys to authorized_keys" } },
    { disable: { tag: "network" } },
    { enable: { rule: "Terminal*" } },
  ]);
  assert.match(
    errorsOf(loadConfig({ overrides: ["rules[].drop.tag=x"] }))[0],
    /rules\[0\]: expected `enable:` or `disable:`/,
  );
});

test("append_output from -o, as in Falco's tests", () => {
  const c = ok(
    loadConfig({
      overrides: [
        'append_output[]={"match": {"source": "syscall", "tags": ["persistence"], "rule": "some rule name"}, "extra_output": "gparent=%proc.aname[2]"}',
        'append_output[]={"match": {"source": "k8s_audit"}, "extra_fields": ["ka.verb", {"static_field": "static content"}]}',
      ],
    }),
  );
  assert.deepEqual(c.append_output.slice(1), [
    {
      match: { source: "syscall", tags: ["persistence"], rule: "some rule name" },
      extra_output: "gparent=%proc.aname[2]",
    },
    { match: { source: "k8s_audit" }, extra_fields: ["ka.verb", { static_field: "static content" }] },
  ]);
  assert.ok(c.append_output[0].suggested_output, "the default entry stays first");
});

test("escaped dots name keys that hold dots", () => {
  const c = ok(
    loadConfig({ overrides: ["static_fields.kubernetes\\.io/role=master", "static_fields.plain=x"] }),
  );
  assert.deepEqual(c.static_fields, { "kubernetes.io/role": "master", plain: "x" });
});

test("type errors name the option, the key, what was expected and what was found", () => {
  const cases: [string, string][] = [
    [
      "webserver.listen_port=abc",
      '-o webserver.listen_port=abc: webserver.listen_port: expected an integer from 0 to 65535, found "abc"',
    ],
    [
      "webserver.listen_port=70000",
      '-o webserver.listen_port=70000: webserver.listen_port: expected an integer from 0 to 65535, found "70000"',
    ],
    [
      "json_output=maybe",
      '-o json_output=maybe: json_output: expected a boolean (true or false), found "maybe"',
    ],
    ["rule_matching=some", '-o rule_matching=some: rule_matching: expected one of first, all, found "some"'],
    ["webserver={port: 1}", "-o webserver={port: 1}: webserver.port: unknown"],
    ["webserver=[1]", "-o webserver=[1]: webserver: expected a map, found a list"],
    [
      "k8s_audit.listen_address=localhost",
      "-o k8s_audit.listen_address=localhost: k8s_audit.listen_address: expected an IP address",
    ],
    [
      "k8s_audit.path=audit",
      '-o k8s_audit.path=audit: k8s_audit.path: expected a URL path starting with /, found "audit"',
    ],
    [
      "priority=loud",
      "-o priority=loud: priority: expected one of emergency, alert, critical, error, warning, notice, informational, debug",
    ],
    ["novalue", "-o novalue: expected key=value or key.subkey=value"],
    ["a..b=1", '-o a..b=1: a..b: bad key "a..b": expected a key name at pos 2'],
    ["x={a: [}", "-o x={a: [}: x: the value is not valid YAML"],
  ];
  for (const [option, want] of cases) {
    const r = loadConfig({ overrides: [option] });
    if (want.endsWith("unknown")) {
      // An unknown key is a warning, not an error.
      assert.ok(r.ok, option);
      assert.ok(
        r.warnings.some((w) => w.path === "webserver.port" && w.origin?.kind === "option"),
        option,
      );
      continue;
    }
    const [first] = errorsOf(r);
    assert.ok(first.startsWith(want), `${option}\n  got:  ${first}\n  want: ${want}`);
  }
});

test("Falco's list of valid and invalid webserver addresses", () => {
  for (const a of [
    "127.0.0.1",
    "::",
    "::1",
    "1200:0000:AB00:1234:0000:2552:7777:1313",
    "21DA:D3:0:2F3B:2AA:FF:FE28:9C5A",
    "0.0.0.0",
  ]) {
    assert.equal(
      ok(loadConfig({ overrides: [`webserver.listen_address=${a}`] })).webserver.listen_address,
      a,
    );
  }
  for (const a of [
    "327.0.0.1",
    "12 7.0.0.1",
    "!27.0.0.1",
    "1200:0000:AB00:1234:0000:2552:7777:131G",
    "12O0:0000:AB00:1234:0000:2552:7777:1313",
  ]) {
    assert.equal(loadConfig({ overrides: [`webserver.listen_address=${a}`] }).ok, false, a);
  }
});

test("options apply in order; later ones win", () => {
  const c = ok(loadConfig({ overrides: ["log_level=debug", "log_level=error"] }));
  assert.equal(c.log_level, "error");
});
