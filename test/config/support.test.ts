// --support: Falco's print_support shape, with each rules file's content and digest.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { DEFAULT_RULES_DIR, defaultConfig, supportInfo } from "../../src/config/index.js";
import { tempDir } from "./helpers.js";

test("supportInfo has Falco's keys, the config in effect and every rules file with its digest", () => {
  const dir = tempDir({
    "b.yaml": "- list: b\n  items: []\n",
    "a.yml": "- list: a\n  items: []\n",
    "notes.txt": "x",
  });
  const config = defaultConfig();
  const info = supportInfo(config, [dir, DEFAULT_RULES_DIR], {
    cmdline: "lanner run --support",
    version: "9.9.9",
  });
  assert.deepEqual(Object.keys(info).sort(), [
    "cmdline",
    "config",
    "engine_info",
    "rules_files",
    "system_info",
    "version",
  ]);
  assert.equal(info.version, "9.9.9");
  assert.equal(info.cmdline, "lanner run --support");
  assert.deepEqual(Object.keys(info.system_info).sort(), [
    "machine",
    "nodename",
    "release",
    "sysname",
    "version",
  ]);
  assert.equal(info.engine_info.engine_version_semver, "0.63.0");
  assert.equal(info.engine_info.engine_version, "63");
  assert.ok("k8saudit" in info.engine_info.plugin_versions);
  assert.deepEqual(JSON.parse(info.config), JSON.parse(JSON.stringify(config)));

  const names = info.rules_files.map((f) => f.name);
  assert.deepEqual(
    names.slice(0, 2),
    [path.join(dir, "a.yml"), path.join(dir, "b.yaml")],
    "directories expand like rules_files",
  );
  assert.ok(names.length > 2, "Lanner's own rules are listed");
  for (const f of info.rules_files) {
    const content = readFileSync(f.name, "utf8");
    assert.deepEqual(f.variants, [{ content }]);
    assert.equal(f.sha256, createHash("sha256").update(content).digest("hex"));
  }
  // The document is JSON all the way down, as Falco prints it.
  assert.deepEqual(JSON.parse(JSON.stringify(info)), info);
});

test("a rules file that cannot be read is listed with empty content, as in Falco", () => {
  const info = supportInfo(defaultConfig(), ["/nonexistent/rules.yaml"]);
  assert.deepEqual(info.rules_files, [
    {
      name: "/nonexistent/rules.yaml",
      sha256: createHash("sha256").update("").digest("hex"),
      variants: [{ content: "" }],
    },
  ]);
  assert.match(info.version, /^\d+\.\d+\.\d+/);
});
