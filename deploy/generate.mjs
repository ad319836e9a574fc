#!/usr/bin/env node
// Regenerates the files under deploy/ that derive from config/lanner.yaml, rules/ and the systemd
// unit generator: deploy/kubernetes/20-configmaps.yaml, the chart's files/rules/ and the `config:`
// block of its values.yaml, deploy/systemd/lanner.service. Run after `npx tsc -p .`:
//   node deploy/generate.mjs
// test/deploy fails (naming this command) when a generated file is out of date.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const built = path.join(repo, "dist/src/install/kubernetes.js");
if (!existsSync(built)) {
  process.stderr.write("deploy/generate.mjs: build first (npx tsc -p .)\n");
  process.exit(2);
}
const { deployArtifacts } = await import(built);
const { readPackageFiles } = await import(path.join(repo, "dist/src/install/systemd.js"));

const pkg = readPackageFiles(repo);
const values = readFileSync(path.join(repo, "deploy/helm/lanner/values.yaml"), "utf8");
const files = deployArtifacts(pkg, values);
for (const f of files) {
  const target = path.join(repo, f.path);
  mkdirSync(path.dirname(target), { recursive: true });
  const old = existsSync(target) ? readFileSync(target, "utf8") : undefined;
  if (old !== f.content) {
    writeFileSync(target, f.content);
    process.stdout.write(`wrote ${f.path}\n`);
  }
}
// Rules files that no longer exist in rules/ leave the chart too.
const rulesDir = path.join(repo, "deploy/helm/lanner/files/rules");
const keep = new Set(files.map((f) => path.join(repo, f.path)));
for (const name of readdirSync(rulesDir)) {
  const p = path.join(rulesDir, name);
  if (!keep.has(p)) {
    rmSync(p);
    process.stdout.write(`removed ${path.relative(repo, p)}\n`);
  }
}
