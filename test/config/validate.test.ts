// Validation: unknown keys warn (never fatal), malformed YAML points at file:line, values are typed as
// Falco types them, and Falco's cross-key checks hold.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { loadConfig, parsePrometheusDuration, parseYamlBool, parseYamlInt } from "../../src/config/index.js";
import { errorsOf, ok, tempDir, warningsOf } from "./helpers.js";

function loadText(yaml: string, overrides: string[] = []) {
  const file = path.join(tempDir({ "lanner.yaml": yaml }), "lanner.yaml");
  return { file, result: loadConfig({ file, overrides, env: {} }) };
}

test("unknown keys warn with their path and position, and the rest still loads", () => {
  const { file, result } = loadText(
    [
      "json_ouput: true",
      "webserver:",
      "  listen_prot: 9000",
      "  enabled: false",
      "k8s_audit:",
      "  tls: {}",
      "rules:",
      "  - disable:",
      "      tag: network",
      "      severity: high",
      "annotations:",
      "  kubernetes.io/role: master",
      "",
    ].join("\n"),
  );
  const c = ok(result);
  assert.equal(c.webserver.enabled, false);
  assert.deepEqual(c.rules, [{ disable: { tag: "network" } }]);
  assert.deepEqual(warningsOf(result), [
    `${file}:1:1: json_ouput: unknown key 'json_ouput'; ignored (did you mean 'json_output'?)`,
    `${file}:3:3: webserver.listen_prot: unknown key 'listen_prot'; ignored (did you mean 'listen_port'?)`,
    `${file}:6:3: k8s_audit.tls: unknown key 'tls'; ignored`,
    `${file}:10:7: rules[0].disable.severity: unknown key 'severity'; ignored`,
    `${file}:11:1: annotations: unknown key 'annotations'; ignored`,
  ]);
  assert.ok(result.warnings.every((w) => w.code === "CONFIG_UNKNOWN_KEY"));
});

test("malformed YAML reports file:line:col and stops", () => {
  const { file, result } = loadText("json_output: true\nwebserver:\n  listen_port: [8765\nlog_level: info\n");
  const [e] = errorsOf(result);
  assert.match(e, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `));
  assert.ok(result.ok === false && result.errors[0].code === "CONFIG_YAML");
  const origin = result.ok === false ? result.errors[0].origin : undefined;
  assert.ok(origin?.kind === "file" && origin.line >= 3, JSON.stringify(origin));

  const tab = loadText("webserver:\n\tlisten_port: 1\n");
  assert.match(errorsOf(tab.result)[0], /lanner\.yaml:2:1: /);
});

test("a top level that is not a map is an error", () => {
  assert.match(
    errorsOf(loadText("- a\n- b\n").result)[0],
    /lanner\.yaml:1:1: the configuration must be a map of keys, found a list/,
  );
  assert.equal(
    ok(loadText("# only a comment\n").result).json_output,
    false,
    "an empty file means all defaults",
  );
});

test("duplicate keys: the first wins, with a warning (as yaml-cpp reads them)", () => {
  const { result } = loadText("log_level: debug\nlog_level: error\n");
  assert.equal(ok(result).log_level, "debug");
  assert.match(warningsOf(result)[0], /lanner\.yaml:2:1: duplicate key 'log_level'; the first one is used/);
});

test("type errors in nested lists and maps name the exact path", () => {
  const cases: [string, RegExp][] = [
    ["rules_files:\n  - /a.yaml\n  - {x: 1}\n", /:3:5: rules_files\[1\]: expected a string, found a map$/],
    ["rules:\n  - enable: {}\n", /:2:13: rules\[0\]\.enable: expected a `rule:` or a `tag:`$/],
    [
      "rules:\n  - enable: {rule: a}\n    disable: {rule: b}\n",
      /rules\[0\]: an entry is either `enable:` or `disable:`, not both$/,
    ],
    ["http_output: true\n", /:1:14: http_output: expected a map, found "true"$/],
    ["static_fields:\n  a: {b: c}\n", /:2:6: static_fields\.a: expected a string, found a map$/],
    ["append_output:\n  - extra_fields: [a, a]\n", /append_output\[0\]: extra field 'a' is defined twice$/],
    ["plugins:\n  - name: x\n", /:2:5: plugins\[0\]\.library_path: expected a string, found an empty value$/],
    [
      "syscall_event_drops:\n  threshold: high\n",
      /syscall_event_drops\.threshold: expected a number, found "high"$/,
    ],
    [
      "engine:\n  kind: ebpf\n",
      /engine\.kind: expected one of modern_ebpf, kmod, replay, nodriver, found "ebpf"$/,
    ],
    ["config_files:\n  - [a]\n", /:2:5: config_files\[0\]: expected a path or a map/],
  ];
  for (const [yaml, want] of cases) {
    const errors = errorsOf(loadText(yaml).result);
    assert.ok(
      errors.some((e) => want.test(e)),
      `${yaml}\n${errors.join("\n")}`,
    );
  }
});

test("scalars are typed as yaml-cpp types them", () => {
  assert.equal(parseYamlBool("yes"), true);
  assert.equal(parseYamlBool("Off"), false);
  assert.equal(parseYamlBool("TRUE"), true);
  assert.equal(parseYamlBool("tRUE"), undefined);
  assert.equal(parseYamlBool("1"), undefined);
  assert.equal(parseYamlInt("0x1F"), 31);
  assert.equal(parseYamlInt("010"), 8);
  assert.equal(parseYamlInt("-5"), -5);
  assert.equal(parseYamlInt("5 "), 5);
  assert.equal(parseYamlInt(" 5"), undefined);
  assert.equal(parseYamlInt("08"), undefined);
  assert.equal(parseYamlInt("1.5"), undefined);
  const c = ok(
    loadText(
      'json_output: "yes"\nbuffered_outputs: on\noutput_timeout: 0x10\nsyscall_event_drops:\n  rate: 1e-2\n',
    ).result,
  );
  assert.equal(c.json_output, true);
  assert.equal(c.buffered_outputs, true);
  assert.equal(c.output_timeout, 16);
  assert.equal(c.syscall_event_drops.rate, 0.01);
  // Strings stay as written: no float rounding of a version-like value.
  assert.deepEqual(ok(loadText("static_fields:\n  version: 1.10\n").result).static_fields, {
    version: "1.10",
  });
});

test("Falco's cross-key checks", () => {
  const cases: [string, string][] = [
    [
      "engine:\n  kind: replay\n",
      "engine.replay.capture_file: engine.kind is 'replay' but no engine.replay.capture_file specified",
    ],
    [
      "file_output:\n  enabled: true\n  filename: ''\n",
      "file_output.filename: file output enabled but no filename in configuration block",
    ],
    [
      "program_output:\n  enabled: true\n  program: ''\n",
      "program_output.program: program output enabled but no program in configuration block",
    ],
    [
      "http_output:\n  enabled: true\n",
      "http_output.url: http output enabled but no url in configuration block",
    ],
    [
      "syscall_event_drops:\n  actions: [log, explode]\n",
      'syscall_event_drops.actions[1]: available actions for syscall event drops are "ignore", "log", "alert", and "exit", found "explode"',
    ],
    [
      "syscall_event_timeouts:\n  max_consecutives: 0\n",
      "syscall_event_timeouts.max_consecutives: the maximum consecutive timeouts without an event must be an unsigned integer > 0",
    ],
    [
      "metrics:\n  enabled: true\n  interval: 5000\n",
      "metrics.interval: metrics interval was passed as numeric value without Prometheus time unit",
    ],
    [
      "metrics:\n  enabled: true\n  interval: 50ms\n",
      "metrics.interval: metrics interval must have a minimum value of 100ms",
    ],
    [
      "metrics:\n  enabled: true\n  output_rule: false\n",
      "metrics.enabled: metrics are enabled with no output configured",
    ],
    [
      "rules_file: /a.yaml\nrules_files: [/b.yaml]\n",
      "rules_file: both 'rules_files' and 'rules_file' are set",
    ],
    [
      "load_plugins: [k8saudit]\n",
      "load_plugins[0]: cannot load plugin 'k8saudit': plugin config not found for given name",
    ],
  ];
  for (const [yaml, want] of cases) {
    const errors = errorsOf(loadText(yaml).result);
    assert.ok(
      errors.some((e) => e.includes(want)),
      `${yaml}\n${errors.join("\n")}`,
    );
  }
  // "log" before "ignore" is accepted, as in Falco; an empty list means ignore.
  assert.deepEqual(
    ok(loadText("syscall_event_drops:\n  actions: [log, ignore]\n").result).syscall_event_drops.actions,
    ["log", "ignore"],
  );
  assert.deepEqual(ok(loadText("syscall_event_drops:\n  actions: []\n").result).syscall_event_drops.actions, [
    "ignore",
  ]);
  // Metrics intervals are only checked when metrics are on.
  assert.equal(ok(loadText("metrics:\n  interval: 5000\n").result).metrics.interval, "5000");
});

test("removed and deprecated keys", () => {
  const { file, result } = loadText(
    "rules_file: /etc/falco_rules.yaml\noutputs:\n  rate: 1\n  max_burst: 1000\nwebserver:\n  k8s_audit_endpoint: /k8s-audit\n",
  );
  const c = ok(result);
  assert.deepEqual(c.rules_files, ["/etc/falco_rules.yaml"]);
  assert.deepEqual(warningsOf(result), [
    `${file}:2:1: outputs: alert rate limiting (outputs.rate, outputs.max_burst) was removed in Falco 0.37; ignored`,
    `${file}:6:3: webserver.k8s_audit_endpoint: removed in Falco 0.32 (audit events come through the k8saudit plugin); Lanner's audit webhook is configured under k8s_audit; ignored`,
    `${file}:1:1: rules_file: 'rules_file' (singular) is deprecated; use 'rules_files'`,
  ]);
  // Errors in the deprecated key still point at it.
  assert.match(
    errorsOf(loadText("rules_file: [{a: 1}]\n").result)[0],
    /:1:14: rules_file\[0\]: expected a string, found a map$/,
  );
});

test("plugins: built-in ones are reported as not needed, others as unsupported", () => {
  const { result } = loadText(
    [
      "load_plugins: [k8saudit, json, cloudtrail]",
      "plugins:",
      "  - name: k8saudit",
      "    library_path: libk8saudit.so",
      '    init_config: ""',
      '    open_params: "http://:9765/k8s-audit"',
      "  - name: cloudtrail",
      "    library_path: libcloudtrail.so",
      "    init_config:",
      "      sqsDelete: true",
      "      maxEvents: 10",
      "  - name: json",
      "    library_path: libjson.so",
      "  - name: unused",
      "    library_path: libunused.so",
      "",
    ].join("\n"),
  );
  const c = ok(result);
  assert.deepEqual(c.plugins[1].init_config, { sqsDelete: true, maxEvents: 10 });
  const notes = result.warnings
    .filter((w) => w.code === "CONFIG_NOT_APPLICABLE")
    .map((w) => `${w.path}: ${w.message}`);
  assert.equal(notes.length, 3, notes.join("\n"));
  assert.match(
    notes[0],
    /^plugins\[0\]: plugin 'k8saudit' is built into Lanner .*configured under k8s_audit/,
  );
  assert.match(notes[1], /^plugins\[2\]: plugin 'json' is built into Lanner/);
  assert.match(notes[2], /^plugins\[1\]: plugin 'cloudtrail' is not supported/);
});

test("Prometheus durations", () => {
  assert.equal(parsePrometheusDuration("1h"), 3_600_000);
  assert.equal(parsePrometheusDuration("1m30s"), 90_000);
  assert.equal(parsePrometheusDuration("1ms"), 1);
  assert.equal(parsePrometheusDuration("1d 2h"), 93_600_000);
  assert.equal(parsePrometheusDuration("5000"), undefined);
  assert.equal(parsePrometheusDuration("1h1d"), undefined);
});
