// Loading real configuration files: Falco's regression confs, Falco's own falco.yaml, Lanner's defaults.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import {
  DEFAULT_CONFIG_FILE,
  DEFAULT_RULES_DIR,
  defaultConfig,
  type LannerConfig,
  loadConfig,
} from "../../src/config/index.js";
import { CONFS, errorsOf, FALCO_YAML, ok, SHARED, tempDir, warningsOf } from "./helpers.js";

/** Confs Falco refuses at startup, with the message falco_tests.yaml expects on stderr. */
const FALCO_REJECTS: Record<string, string> = {
  "drops_ignore_log.yaml": 'syscall event drop action "log" does not make sense with the "ignore" action',
  "drops_threshold_oor.yaml": "syscall event drops threshold must be a double in the range",
  "drops_threshold_neg.yaml": "syscall event drops threshold must be a double in the range",
};

interface FalcoTestCase {
  conf_file?: string;
  exit_status?: number;
  stderr_contains?: string | string[];
}

test("every regression conf loads, or fails with the message Falco's tests expect", () => {
  const tests = (
    parse(readFileSync(path.join(SHARED, "conformance/falco-regression/falco_tests.yaml"), "utf8")) as {
      trace_files: Record<string, FalcoTestCase>;
    }
  ).trace_files;
  const names = readdirSync(CONFS).filter((f) => f.endsWith(".yaml"));
  assert.ok(names.length >= 12);
  for (const name of names) {
    const result = loadConfig({ file: path.join(CONFS, name), env: {} });
    const expected = FALCO_REJECTS[name];
    if (expected === undefined) {
      ok(result);
      continue;
    }
    const errors = errorsOf(result);
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.ok(errors[0].includes(expected), errors[0]);
    assert.ok(errors[0].startsWith(`${path.join(CONFS, name)}:`), "the error names the file");
    // The expectation comes from falco_tests.yaml itself.
    const cases = Object.values(tests).filter((c) => c.conf_file === `confs/${name}`);
    assert.ok(cases.length > 0, name);
    for (const c of cases) {
      assert.equal(c.exit_status, 1);
      assert.ok(
        [c.stderr_contains].flat().some((s) => s?.includes(expected)),
        `${name}: ${expected}`,
      );
    }
  }
});

test("regression confs: values as written", () => {
  const alert = ok(loadConfig({ file: path.join(CONFS, "drops_alert.yaml"), env: {} }));
  assert.deepEqual(alert.syscall_event_drops, {
    threshold: 0.1,
    actions: ["alert"],
    rate: 0.03333,
    max_burst: 10,
    simulate_drops: true,
  });
  assert.equal(alert.log_stderr, true);
  assert.equal(ok(loadConfig({ file: path.join(CONFS, "drops_log.yaml"), env: {} })).log_level, "debug");

  const file = loadConfig({ file: path.join(CONFS, "file_output.yaml"), env: {} });
  const fc = ok(file);
  assert.deepEqual(fc.rules_files, ["/etc/falco_rules.yaml"]);
  assert.deepEqual(fc.file_output, {
    enabled: true,
    keep_alive: false,
    filename: "/tmp/falco_outputs/file_output.txt",
  });
  assert.equal(fc.stdout_output.enabled, true);
  assert.equal(fc.syslog_output.enabled, false);
  assert.equal(fc.log_syslog, false);
  assert.ok(warningsOf(file).some((w) => /file_output\.yaml:19:1: rules_file: .*deprecated/.test(w)));

  const program = ok(loadConfig({ file: path.join(CONFS, "program_output.yaml"), env: {} }));
  assert.deepEqual(program.program_output, {
    enabled: true,
    keep_alive: false,
    program: "cat >> /tmp/falco_outputs/program_output.txt",
  });

  const grpc = loadConfig({ file: path.join(CONFS, "grpc_unix_socket.yaml"), env: {} });
  assert.equal(ok(grpc).stdout_output.enabled, false);
  const removed = grpc.warnings.filter((w) => w.code === "CONFIG_REMOVED_KEY").map((w) => w.path);
  assert.deepEqual(removed, ["grpc", "grpc_output"]);
});

/** Keys whose value in falco.yaml is content (paths, plugin entries) rather than a default. */
const CONTENT_KEYS = new Set(["config_files", "rules_files", "append_output", "plugins"]);

test("defaults equal the values of Falco's falco.yaml", () => {
  const falco = loadConfig({ file: FALCO_YAML, env: {} });
  const fromFalco = ok(falco);
  assert.deepEqual(
    falco.warnings.filter((w) => w.code !== "CONFIG_INCLUDE_MISSING"),
    [],
    "Falco's own file loads without a warning",
  );
  const empty = ok(loadConfig({ file: path.join(tempDir({ "empty.yaml": "" }), "empty.yaml"), env: {} }));
  for (const key of Object.keys(fromFalco) as (keyof LannerConfig)[]) {
    if (CONTENT_KEYS.has(key)) continue;
    assert.deepEqual(empty[key], fromFalco[key], `default of ${key}`);
  }
  // A representative set, spelled out.
  assert.equal(empty.priority, "debug");
  assert.equal(empty.rule_matching, "first");
  assert.equal(empty.json_output, false);
  assert.equal(empty.json_include_output_property, true);
  assert.equal(empty.json_include_message_property, false);
  assert.equal(empty.json_include_tags_property, true);
  assert.equal(empty.watch_config_files, true);
  assert.equal(empty.outputs_queue.capacity, 0);
  assert.equal(empty.output_timeout, 2000);
  assert.equal(empty.http_output.user_agent, "falcosecurity/falco");
  assert.equal(empty.http_output.ca_path, "/etc/ssl/certs");
  assert.equal(empty.http_output.max_consecutive_timeouts, 5);
  assert.equal(empty.webserver.listen_port, 8765);
  assert.equal(empty.webserver.k8s_healthz_endpoint, "/healthz");
  assert.equal(empty.metrics.interval, "1h");
  assert.equal(empty.engine.kind, "modern_ebpf");
  assert.deepEqual(empty.syscall_event_drops.actions, ["log", "alert"]);
  assert.equal(empty.falco_libs.snaplen, 80);
  assert.deepEqual(fromFalco.plugins, [
    {
      name: "container",
      library_path: "libcontainer.so",
      init_config: { label_max_len: 100, with_size: false },
    },
  ]);
  assert.deepEqual(empty.rules_files, [], "a file without rules_files names no rules (as in Falco)");
});

test("embedded defaults: Lanner's rules, loopback servers, stdout; config/lanner.yaml documents the same", () => {
  const d = defaultConfig();
  assert.deepEqual(d.rules_files, [DEFAULT_RULES_DIR]);
  assert.ok(
    readdirSync(DEFAULT_RULES_DIR).some((f) => f.endsWith(".yaml")),
    "the rules directory resolves",
  );
  assert.deepEqual(d.k8s_audit, {
    enabled: true,
    listen_address: "127.0.0.1",
    listen_port: 9765,
    path: "/k8s-audit",
    ssl_certificate: "",
    ssl_key: "",
    ca_cert: "",
    bearer_token_file: "",
    max_body_bytes: 16 * 1024 * 1024,
  });
  assert.equal(d.webserver.enabled, true);
  assert.equal(d.webserver.listen_address, "127.0.0.1");
  assert.equal(d.webserver.listen_port, 8765);
  assert.equal(d.stdout_output.enabled, true);
  assert.equal(d.syslog_output.enabled, false);
  assert.equal(d.json_output, false);

  const shipped = loadConfig({ file: DEFAULT_CONFIG_FILE, env: {} });
  const fromFile = ok(shipped);
  assert.deepEqual(
    shipped.warnings.filter((w) => w.code !== "CONFIG_INCLUDE_MISSING"),
    [],
  );
  assert.deepEqual(
    { ...fromFile, rules_files: [], config_files: [] },
    { ...d, rules_files: [], config_files: [] },
  );
});

test("no file: -o applies on top of the embedded defaults", () => {
  const c = ok(
    loadConfig({
      overrides: [
        "rules_files[]=/x.yaml",
        "rules[].disable.tag=network",
        "json_output=true",
        "k8s_audit.listen_port=9999",
      ],
    }),
  );
  assert.deepEqual(c.rules_files, [DEFAULT_RULES_DIR, "/x.yaml"]);
  assert.deepEqual(c.rules, [{ disable: { tag: "network" } }]);
  assert.equal(c.json_output, true);
  assert.equal(c.k8s_audit.listen_port, 9999);
});

test("Lanner's syslog_output and http_output keys load typed; bad values name the key", () => {
  const dir = tempDir({
    "lanner.yaml": `syslog_output:
  transport: tcp
  host: logs.internal
  port: 6514
  framing: non-transparent
  facility: local3
http_output:
  url: https://collector.internal/
  timeout_ms: 3000
  headers:
    Authorization: Bearer x
  batch:
    max_alerts: 50
    max_wait_ms: 100
`,
  });
  const r = loadConfig({ file: path.join(dir, "lanner.yaml"), cwd: dir, env: {} });
  const c = ok(r);
  assert.deepEqual(warningsOf(r), []);
  assert.equal(c.syslog_output.transport, "tcp");
  assert.equal(c.syslog_output.port, 6514);
  assert.equal(c.syslog_output.framing, "non-transparent");
  assert.equal(c.syslog_output.facility, "local3");
  assert.equal(c.http_output.timeout_ms, 3000);
  assert.deepEqual(c.http_output.headers, { Authorization: "Bearer x" });
  assert.deepEqual(c.http_output.batch, { max_alerts: 50, max_wait_ms: 100 });
  assert.match(
    errorsOf(loadConfig({ overrides: ["syslog_output.transport=tls"] })).join("\n"),
    /syslog_output\.transport: expected one of local, udp, tcp, found "tls"/,
  );
  assert.match(
    errorsOf(loadConfig({ overrides: ["syslog_output.port=70000"] })).join("\n"),
    /syslog_output\.port: expected an integer from 1 to 65535/,
  );
});

test("files lists what was read, for watching", () => {
  const dir = tempDir({ "main.yaml": "config_files: [d]\n", "d/a.yaml": "json_output: true\n" });
  const r = loadConfig({ file: path.join(dir, "main.yaml"), cwd: dir, env: {} });
  ok(r);
  assert.deepEqual(r.files, [path.join(dir, "main.yaml"), path.join("d", "a.yaml")]);
  assert.deepEqual(r.dirs, ["d"]);
});

test("a file that cannot be read is an error naming it", () => {
  const errors = errorsOf(loadConfig({ file: "/nonexistent/lanner.yaml" }));
  assert.match(
    errors[0],
    /^\/nonexistent\/lanner\.yaml:1:1: cannot read config file \/nonexistent\/lanner\.yaml \(ENOENT\)/,
  );
});
