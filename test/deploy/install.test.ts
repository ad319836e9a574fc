// `lanner install --systemd --root DIR` writes the unit, the configuration and the rules, a second
// run changes nothing, --dry-run writes nothing; the installed configuration loads with every rules
// path present. `lanner install --configmaps` prints ConfigMaps.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { type InstallEnvironment, type InstallOptions, runInstall } from "../../src/cli/install.js";
import { loadConfig } from "../../src/config/load.js";
import { defaultSchemas } from "../../src/engine/sources.js";
import { placeRules, readPackageFiles, systemdUnit } from "../../src/install/systemd.js";
import { loadRules, readRulesFiles } from "../../src/rules/index.js";
import { makeTempDir } from "../helpers/temp-dirs.js";
import { documents, type K8sObject, REPO } from "./helpers.js";

const temp = (tag: string) => makeTempDir(`lanner-install-${tag}`);

function environment(packageRoot = REPO): InstallEnvironment & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    packageRoot,
    calls,
    run: (command, args) => {
      calls.push([command, ...args]);
      return 0;
    },
    has: () => true,
  };
}

const install = (root: string, extra: Partial<InstallOptions> = {}, env = environment()) =>
  runInstall({ systemd: true, root, ...extra }, env);

/** Every file under dir with its content, mode and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = statSync(p);
      if (e.isDirectory()) {
        out.set(`${p}/`, `${st.mode}`);
        walk(p);
      } else out.set(p, `${st.mode} ${st.mtimeMs} ${readFileSync(p, "utf8")}`);
    }
  };
  walk(dir);
  return out;
}

test("install --systemd --root writes the unit, the configuration and the rules, and says what next", () => {
  const root = temp("fresh");
  const r = install(root);
  assert.equal(r.code, 0, r.stderr);
  const unit = path.join(root, "etc/systemd/system/lanner.service");
  assert.equal(readFileSync(unit, "utf8"), systemdUnit());
  assert.equal(statSync(unit).mode & 0o777, 0o644);
  const config = path.join(root, "etc/lanner/lanner.yaml");
  assert.equal(readFileSync(config, "utf8"), readFileSync(path.join(REPO, "config/lanner.yaml"), "utf8"));
  assert.equal(statSync(config).mode & 0o777, 0o600, "the configuration may hold credentials");
  for (const rules of readPackageFiles(REPO).rules) {
    const installed = [
      path.join(root, "etc/lanner", rules.name),
      path.join(root, "etc/lanner/rules.d", rules.name),
    ];
    assert.ok(
      installed.some((p) => existsSync(p) && readFileSync(p, "utf8") === rules.content),
      rules.name,
    );
  }
  assert.match(r.stdout, /created +\S+etc\/systemd\/system\/lanner\.service/);
  assert.match(r.stdout, /systemctl daemon-reload && systemctl enable --now lanner/);
  assert.match(r.stdout, /journalctl -u lanner/);
  assert.match(r.stdout, /systemctl reload lanner/);
  assert.match(r.stdout, /\/usr\/bin\/lanner does not exist under /, "points at the missing executable");
});

test("the installed configuration loads, with every rules_files path present and the rules valid", () => {
  const root = temp("load");
  assert.equal(install(root).code, 0);
  const loaded = loadConfig({ file: path.join(root, "etc/lanner/lanner.yaml"), env: {} });
  assert.ok(loaded.ok, loaded.ok ? "" : JSON.stringify(loaded.errors));
  const rerooted = loaded.config.rules_files.map((p) => path.join(root, p));
  for (const p of rerooted) assert.ok(existsSync(p), `${p} exists`);
  const rules = loadRules(readRulesFiles(rerooted), defaultSchemas());
  assert.ok(rules.ok, JSON.stringify(rules.perFile.flatMap((f) => f.errors)));
  const names = new Set(rules.rules.map((r) => r.name));
  assert.ok(
    names.has("Exec Or Attach Into Pod") && names.has("Shell Spawned In Container"),
    "both rules files load",
  );
});

test("a second install changes nothing; --dry-run writes nothing", () => {
  const root = temp("again");
  assert.equal(install(root).code, 0);
  const before = snapshot(root);
  const again = install(root);
  assert.equal(again.code, 0);
  assert.deepEqual(snapshot(root), before);
  assert.doesNotMatch(again.stdout, /^(created|updated)/m);
  assert.match(again.stdout, /unchanged +\S+lanner\.service/);
  assert.match(again.stdout, /kept +\S+lanner\.yaml \(exists; yours/);

  const dry = temp("dry");
  const r = install(dry, { dryRun: true });
  assert.equal(r.code, 0);
  assert.deepEqual(readdirSync(dry), [], "nothing written");
  assert.match(r.stdout, /would create \S+lanner\.service/);
  assert.match(r.stdout, /dry run: nothing was written/);
});

test("the user's files are kept; Lanner's are replaced, the previous one saved as .bak", () => {
  const root = temp("owned");
  assert.equal(install(root).code, 0);
  const config = path.join(root, "etc/lanner/lanner.yaml");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace("\njson_output: false\n", "\njson_output: true\n"),
  );
  const rules = path.join(root, "etc/lanner/lanner_rules.yaml");
  writeFileSync(rules, "# edited\n");
  const dry = install(root, { dryRun: true });
  assert.match(
    dry.stdout,
    /would update \S+lanner_rules\.yaml \(would keep the previous one as lanner_rules\.yaml\.bak\)/,
  );
  assert.equal(readFileSync(rules, "utf8"), "# edited\n", "dry run leaves it");
  const r = install(root);
  assert.equal(r.code, 0);
  assert.match(readFileSync(config, "utf8"), /\njson_output: true\n/);
  assert.notEqual(readFileSync(rules, "utf8"), "# edited\n");
  assert.equal(readFileSync(`${rules}.bak`, "utf8"), "# edited\n");
  assert.match(r.stdout, /updated +\S+lanner_rules\.yaml/);
});

test("the rules go where the configuration in place loads them", () => {
  const root = temp("layout");
  mkdirSync(path.join(root, "etc/lanner"), { recursive: true });
  writeFileSync(
    path.join(root, "etc/lanner/lanner.yaml"),
    "rules_files:\n  - /etc/lanner/rules.d\n  - /opt/mine.yaml\n",
  );
  assert.equal(install(root).code, 0);
  for (const r of readPackageFiles(REPO).rules)
    assert.ok(existsSync(path.join(root, "etc/lanner/rules.d", r.name)));
  assert.match(readFileSync(path.join(root, "opt/mine.yaml"), "utf8"), /your rules/);

  const broken = temp("broken");
  mkdirSync(path.join(broken, "etc/lanner"), { recursive: true });
  writeFileSync(path.join(broken, "etc/lanner/lanner.yaml"), "a: 1\na: 2\n");
  const r = install(broken);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /note: \/etc\/lanner\/lanner\.yaml does not parse/);
  assert.ok(existsSync(path.join(broken, "etc/lanner/lanner_rules.yaml")), "placed for the default layout");

  const placed = placeRules("rules_files: [/etc/lanner/only.yaml]\n", [{ name: "x.yaml", content: "[]\n" }]);
  assert.deepEqual(placed.warnings, [
    "rules file x.yaml: no rules_files entry loads it (add a directory such as /etc/lanner/rules.d)",
  ]);
});

test("without config/lanner.yaml in the package, a minimal configuration that loads is written", () => {
  const pkg = temp("pkg");
  mkdirSync(path.join(pkg, "rules"));
  writeFileSync(
    path.join(pkg, "rules", "lanner_rules.yaml"),
    readFileSync(path.join(REPO, "rules/lanner_rules.yaml")),
  );
  const root = temp("minimal");
  const r = install(root, {}, environment(pkg));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /minimal configuration/);
  const loaded = loadConfig({ file: path.join(root, "etc/lanner/lanner.yaml"), env: {} });
  assert.ok(loaded.ok);
  for (const p of loaded.config.rules_files) assert.ok(existsSync(path.join(root, p)), p);
});

test("--enable: refused with --root; with --dry-run on the host it runs nothing", () => {
  const env = environment();
  const refused = install(temp("enable"), { enable: true }, env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--enable acts on the running system/);
  const dry = runInstall({ systemd: true, root: "/", enable: true, dryRun: true }, env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(env.calls, [], "systemctl never called");
  assert.equal(runInstall({}, env).code, 2, "no mode: an error");
});

test("--bin changes ExecStart; a relative --bin is refused", () => {
  const root = temp("bin");
  mkdirSync(path.join(root, "opt/lanner/bin"), { recursive: true });
  writeFileSync(path.join(root, "opt/lanner/bin/lanner"), "");
  const r = install(root, { bin: "/opt/lanner/bin/lanner" });
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, /does not exist/);
  assert.match(
    readFileSync(path.join(root, "etc/systemd/system/lanner.service"), "utf8"),
    /^ExecStart=\/opt\/lanner\/bin\/lanner run -c \/etc\/lanner\/lanner\.yaml -P \/run\/lanner\.pid$/m,
  );
  assert.equal(install(root, { bin: "lanner" }).code, 2);
});

test("--configmaps prints the two ConfigMaps, for another namespace and other rules too", () => {
  const r = runInstall({ configmaps: true }, environment());
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(path.join(REPO, "deploy/kubernetes/20-configmaps.yaml"), "utf8"));
  const dir = temp("cm-rules");
  writeFileSync(path.join(dir, "mine.yaml"), "- list: x\n  items: [a]\n");
  const other = runInstall({ configmaps: true, namespace: "sec", rules: [dir] }, environment());
  const objects = documents(other.stdout, "configmaps");
  assert.deepEqual(
    objects.map((o: K8sObject) => [o.kind, o.metadata.namespace]),
    [
      ["ConfigMap", "sec"],
      ["ConfigMap", "sec"],
    ],
  );
  assert.deepEqual(Object.keys(objects[1]?.data), ["mine.yaml"]);
});

test("the registered `install` command runs as a process (commander wiring)", () => {
  const root = temp("cli");
  const script = `
    import { Command } from "commander";
    import { registerInstall } from "./dist/src/cli/install.js";
    const program = new Command().name("lanner");
    registerInstall(program);
    await program.parseAsync(["node", "lanner", ...process.argv.slice(1)]);
  `;
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", script, "--", ...args], {
      cwd: REPO,
      encoding: "utf8",
    });
  const r = run(["install", "--systemd", "--root", root]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /created/);
  assert.ok(existsSync(path.join(root, "etc/systemd/system/lanner.service")));
  const again = run(["install", "--systemd", "--root", root, "--dry-run"]);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /would (create|update)/);
  const bad = run(["install"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /say what to install/);
});
