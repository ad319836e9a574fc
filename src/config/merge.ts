// `config_files`: drop-in files and directories merged after the main file, with Falco's strategies
// (yaml_helper::include_config_file). Merging works on top-level keys, exactly as in Falco:
//   append (default): a list value is appended to the existing list; any other value replaces the key
//   override:         every key replaces the existing one
//   add-only:         only keys not yet defined are added
// So with `append`, a drop-in `webserver: {listen_port: 9000}` replaces the whole `webserver` map
// (its other keys fall back to their defaults), as it does in Falco.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type ConfigNode, cloneNode, type MapNode, parseYamlTree } from "./tree.js";
import type { ConfigError, ConfigOrigin, ConfigWarning, MergeStrategy } from "./types.js";

const STRATEGIES: readonly MergeStrategy[] = ["append", "override", "add-only"];

export interface MergeResult {
  errors: ConfigError[];
  warnings: ConfigWarning[];
  /** Included files, in the order they were merged. */
  files: string[];
  /** Included directories (watched for new files). */
  dirs: string[];
}

interface IncludeEntry {
  path: string;
  strategy: MergeStrategy;
  origin: ConfigOrigin;
}

/** The `config_files` entries of a document (a single string counts as a one-entry list). */
function includeEntries(root: MapNode, errors: ConfigError[]): IncludeEntry[] {
  const node = root.entries.get("config_files");
  if (!node || node.kind === "null") return [];
  const items = node.kind === "seq" ? node.items : [node];
  const out: IncludeEntry[] = [];
  items.forEach((item, i) => {
    const at = `config_files[${i}]`;
    if (item.kind === "scalar") {
      out.push({ path: item.text, strategy: "append", origin: item.origin });
      return;
    }
    if (item.kind === "map") {
      const p = item.entries.get("path");
      const s = item.entries.get("strategy");
      if (p?.kind !== "scalar") {
        errors.push({
          code: "CONFIG_INCLUDE",
          message: "expected a `path:` (a file or a directory)",
          path: at,
          origin: item.origin,
        });
        return;
      }
      let strategy: MergeStrategy = "append";
      if (s && s.kind !== "null") {
        const text = s.kind === "scalar" ? s.text : "";
        const found = STRATEGIES.find((x) => x === text);
        if (!found) {
          errors.push({
            code: "CONFIG_INCLUDE",
            message: `expected a strategy among ${STRATEGIES.join(", ")}, found ${s.kind === "scalar" ? JSON.stringify(text) : `a ${s.kind === "seq" ? "list" : "map"}`}`,
            path: `${at}.strategy`,
            origin: s.origin,
          });
          return;
        }
        strategy = found;
      }
      out.push({ path: p.text, strategy, origin: p.origin });
      return;
    }
    if (item.kind === "null") return;
    errors.push({
      code: "CONFIG_INCLUDE",
      message: "expected a path or a map with `path:` and `strategy:`, found a list",
      path: at,
      origin: item.origin,
    });
  });
  return out;
}

function mergeInto(root: MapNode, extra: MapNode, strategy: MergeStrategy): void {
  for (const [key, value] of extra.entries) {
    const keyOrigin = extra.keyOrigins.get(key) ?? value.origin;
    const existing = root.entries.get(key);
    if (strategy === "add-only" && existing !== undefined) continue;
    if (
      strategy === "append" &&
      value.kind === "seq" &&
      (existing?.kind === "seq" || existing?.kind === "null")
    ) {
      const items = existing.kind === "seq" ? existing.items : [];
      const merged: ConfigNode = {
        kind: "seq",
        items: [...items, ...value.items.map(cloneNode)],
        origin: existing.origin,
      };
      root.entries.set(key, merged);
      continue;
    }
    root.entries.set(key, cloneNode(value));
    root.keyOrigins.set(key, keyOrigin);
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Merges the files named by the document's `config_files` into it, in order; a directory stands for
 * its regular files in lexicographic order (not recursive). Relative paths are relative to `cwd`, as
 * in Falco. An entry that does not exist is skipped with a warning; an included file may not have
 * `config_files` of its own.
 */
export function mergeConfigFiles(
  root: MapNode,
  mainFile: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): MergeResult {
  const result: MergeResult = { errors: [], warnings: [], files: [], dirs: [] };
  const entries = includeEntries(root, result.errors);
  if (result.errors.length > 0) return result;
  const main = mainFile === undefined ? undefined : path.resolve(cwd, mainFile);

  const include = (file: string, strategy: MergeStrategy, origin: ConfigOrigin): boolean => {
    let text: string;
    try {
      text = readFileSync(path.resolve(cwd, file), "utf8");
    } catch (e) {
      result.errors.push({
        code: "CONFIG_READ",
        message: `cannot read included config file ${file}: ${e instanceof Error ? e.message : String(e)}`,
        origin,
      });
      return false;
    }
    const parsed = parseYamlTree(text, file, env);
    result.warnings.push(...parsed.warnings);
    if (!parsed.root) {
      result.errors.push(...parsed.errors);
      return false;
    }
    result.files.push(file);
    if (parsed.root.kind === "null") return true;
    if (parsed.root.kind !== "map") {
      result.errors.push({
        code: "CONFIG_INCLUDE",
        message: `an included config file must be a map of keys, found a ${parsed.root.kind === "seq" ? "list" : "scalar"}`,
        origin: parsed.root.origin,
      });
      return false;
    }
    if (parsed.root.entries.has("config_files")) {
      result.errors.push({
        code: "CONFIG_INCLUDE",
        message: "not allowed in an included config file (includes do not nest)",
        path: "config_files",
        origin: parsed.root.keyOrigins.get("config_files") ?? parsed.root.origin,
      });
      return false;
    }
    mergeInto(root, parsed.root, strategy);
    return true;
  };

  for (const entry of entries) {
    const resolved = path.resolve(cwd, entry.path);
    if (main !== undefined && resolved === main) {
      result.errors.push({
        code: "CONFIG_INCLUDE",
        message: `tried to include the main config file ${mainFile} (recursively)`,
        path: "config_files",
        origin: entry.origin,
      });
      return result;
    }
    let isDir = false;
    try {
      isDir = statSync(resolved).isDirectory();
    } catch {
      result.warnings.push({
        code: "CONFIG_INCLUDE_MISSING",
        message: `${entry.path} does not exist; skipped`,
        path: "config_files",
        origin: entry.origin,
      });
      continue;
    }
    if (!isDir) {
      if (!include(entry.path, entry.strategy, entry.origin)) return result;
      continue;
    }
    result.dirs.push(entry.path);
    let names: string[];
    try {
      names = readdirSync(resolved);
    } catch (e) {
      result.errors.push({
        code: "CONFIG_READ",
        message: `cannot list config directory ${entry.path}: ${e instanceof Error ? e.message : String(e)}`,
        origin: entry.origin,
      });
      return result;
    }
    const files = names
      .map((n) => path.join(entry.path, n))
      .filter((f) => isFile(path.resolve(cwd, f)))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const f of files) {
      if (!include(f, entry.strategy, entry.origin)) return result;
    }
  }
  return result;
}
