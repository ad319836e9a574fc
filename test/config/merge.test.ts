// config_files: drop-in files and directories, each merge strategy, and the limits on includes.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config/index.js";
import { errorsOf, ok, tempDir, warningsOf } from "./helpers.js";

/** Loads main.yaml of a temporary directory (relative config_files paths resolve against it). */
function load(files: Record<string, string>, overrides: string[] = []) {
  const dir = tempDir(files);
  return { dir, result: loadConfig({ file: path.join(dir, "main.yaml"), cwd: dir, overrides, env: {} }) };
}

const MAIN_BODY = [
  "rules_files: [/a.yaml]",
  "json_output: false",
  "webserver:",
  "  listen_port: 1111",
  "  listen_address: 127.0.0.1",
  "",
].join("\n");

const DROP_IN = [
  "rules_files: [/b.yaml]",
  "json_output: true",
  "webserver:",
  "  listen_port: 2222",
  "stdout_output:",
  "  enabled: false",
  "",
].join("\n");

test("append (the default): lists are appended, other keys replaced whole, new keys added", () => {
  for (const entry of ["- extra.yaml", "- path: extra.yaml", "- {path: extra.yaml, strategy: append}"]) {
    const { result } = load({
      "main.yaml": `config_files:\n  ${entry}\n${MAIN_BODY}`,
      "extra.yaml": DROP_IN,
    });
    const c = ok(result);
    assert.deepEqual(c.rules_files, ["/a.yaml", "/b.yaml"], entry);
    assert.equal(c.json_output, true);
    assert.equal(c.webserver.listen_port, 2222);
    // Falco replaces top-level maps: listen_address falls back to its default.
    assert.equal(c.webserver.listen_address, "0.0.0.0");
    assert.equal(c.stdout_output.enabled, false);
  }
});

test("override: every key of the drop-in replaces the existing one, lists included", () => {
  const { result } = load({
    "main.yaml": `config_files:\n  - path: extra.yaml\n    strategy: override\n${MAIN_BODY}`,
    "extra.yaml": DROP_IN,
  });
  const c = ok(result);
  assert.deepEqual(c.rules_files, ["/b.yaml"]);
  assert.equal(c.json_output, true);
  assert.equal(c.webserver.listen_port, 2222);
  assert.equal(c.stdout_output.enabled, false);
});

test("add-only: only keys not yet defined are added", () => {
  const { result } = load({
    "main.yaml": `config_files:\n  - path: extra.yaml\n    strategy: add-only\n${MAIN_BODY}`,
    "extra.yaml": DROP_IN,
  });
  const c = ok(result);
  assert.deepEqual(c.rules_files, ["/a.yaml"]);
  assert.equal(c.json_output, false);
  assert.equal(c.webserver.listen_port, 1111);
  assert.equal(c.webserver.listen_address, "127.0.0.1");
  assert.equal(c.stdout_output.enabled, false, "a new key is added");
});

test("a directory: its regular files in lexicographic order, not recursive; the strategy applies to each", () => {
  const { result } = load({
    "main.yaml": "config_files: conf.d\nrules_files: [/main.yaml]\n",
    "conf.d/20-b.yaml": "rules_files: [/20.yaml]\nlog_level: warning\n",
    "conf.d/10-a.yaml": "rules_files: [/10.yaml]\nlog_level: debug\n",
    "conf.d/30-c.conf": "priority: error\n",
    "conf.d/sub/40-d.yaml": "json_output: true\n",
  });
  const c = ok(result);
  assert.deepEqual(c.rules_files, ["/main.yaml", "/10.yaml", "/20.yaml"]);
  assert.equal(c.log_level, "warning", "the later file wins");
  assert.equal(c.priority, "error", "every regular file counts, as in Falco");
  assert.equal(c.json_output, false, "subdirectories are not read");
  assert.deepEqual(result.files.slice(1), ["conf.d/10-a.yaml", "conf.d/20-b.yaml", "conf.d/30-c.conf"]);

  const over = load({
    "main.yaml": "config_files:\n  - {path: conf.d, strategy: override}\nrules_files: [/main.yaml]\n",
    "conf.d/a.yaml": "rules_files: [/a.yaml]\n",
    "conf.d/b.yaml": "rules_files: [/b.yaml]\n",
  });
  assert.deepEqual(ok(over.result).rules_files, ["/b.yaml"]);
});

test("files are merged in the order config_files lists them", () => {
  const { result } = load({
    "main.yaml": "config_files: [z.yaml, a.yaml]\n",
    "z.yaml": "log_level: error\n",
    "a.yaml": "log_level: notice\n",
  });
  assert.equal(ok(result).log_level, "notice");
});

test("includes do not nest, and the main file cannot include itself", () => {
  const nested = load({
    "main.yaml": "config_files: [a.yaml]\n",
    "a.yaml": "config_files: [b.yaml]\n",
    "b.yaml": "",
  });
  const [e] = errorsOf(nested.result);
  assert.match(
    e,
    /^a\.yaml:1:1: config_files: not allowed in an included config file \(includes do not nest\)$/,
  );

  const self = load({ "main.yaml": "config_files: [main.yaml]\n" });
  assert.match(
    errorsOf(self.result)[0],
    /main\.yaml:1:16: config_files: tried to include the main config file .*main\.yaml \(recursively\)$/,
  );
});

test("a missing entry is skipped with a warning; a bad strategy is an error", () => {
  const missing = load({ "main.yaml": "config_files: [nope.yaml]\njson_output: true\n" });
  assert.equal(ok(missing.result).json_output, true);
  assert.ok(
    warningsOf(missing.result).some((w) =>
      /main\.yaml:1:16: config_files: nope\.yaml does not exist; skipped/.test(w),
    ),
  );

  const bad = load({ "main.yaml": "config_files:\n  - path: x.yaml\n    strategy: merge\n", "x.yaml": "" });
  assert.match(
    errorsOf(bad.result)[0],
    /main\.yaml:3:15: config_files\[0\]\.strategy: expected a strategy among append, override, add-only, found "merge"/,
  );
});

test("-o config_files=… is merged like an entry of the file, before the other -o options", () => {
  const { result } = load(
    { "main.yaml": "log_level: info\n", "extra.yaml": "log_level: debug\njson_output: true\n" },
    ["json_output=false", "config_files=extra.yaml"],
  );
  const c = ok(result);
  assert.equal(c.log_level, "debug");
  assert.equal(c.json_output, false, "-o wins over included files");
  assert.deepEqual(c.config_files, [{ path: "extra.yaml", strategy: "append" }]);
});

test("an error in an included file names that file and line", () => {
  const { result } = load({
    "main.yaml": "config_files: [x.yaml]\n",
    "x.yaml": "webserver:\n  listen_port: http\n",
  });
  assert.deepEqual(errorsOf(result), [
    'x.yaml:2:16: webserver.listen_port: expected an integer from 0 to 65535, found "http"',
  ]);
});
