// Loading the configuration as Falco does (falco_configuration::init_from_file): read the main file
// with ${ENV} expansion, apply `-o config_files…` options, merge the config_files, apply every `-o`,
// then validate. Without a file, Lanner's embedded defaults stand in for it.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mergeConfigFiles } from "./merge.js";
import { applyOverride, type Override, parseOverride } from "./overrides.js";
import { emptyMap, fromPlain, type MapNode, parseYamlTree } from "./tree.js";
import type { ConfigError, ConfigWarning, LannerConfig } from "./types.js";
import { validateDocument } from "./validate.js";

/** Lanner's own rules directory (the module is in dist/src/config/, the project root three levels up). */
export const DEFAULT_RULES_DIR: string = fileURLToPath(new URL("../../../rules", import.meta.url));

/** The documented default configuration file shipped with Lanner (`config/lanner.yaml`). */
export const DEFAULT_CONFIG_FILE: string = fileURLToPath(
  new URL("../../../config/lanner.yaml", import.meta.url),
);

/**
 * The embedded default document, used when no file is given: Falco's defaults (the schema's) except
 * where Lanner chooses otherwise. config/lanner.yaml documents the same values.
 */
export function embeddedDefaults(): Record<string, unknown> {
  return {
    rules_files: [DEFAULT_RULES_DIR],
    append_output: [{ suggested_output: true }],
    stdout_output: { enabled: true },
    // Alerts go to stdout (the journal, under systemd); enable syslog_output for syslog.
    syslog_output: { enabled: false },
    webserver: { enabled: true, listen_address: "127.0.0.1", listen_port: 8765 },
    k8s_audit: { enabled: true, listen_address: "127.0.0.1", listen_port: 9765, path: "/k8s-audit" },
  };
}

export interface LoadConfigOptions {
  /** The main configuration file (`-c`); absent: the embedded defaults. */
  file?: string;
  /** `-o key.path=value` options, in order. */
  overrides?: readonly string[];
  /** Variables for `${NAME}` expansion (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Directory relative paths (the file, config_files entries) are resolved against (default: process.cwd()). */
  cwd?: string;
}

interface LoadedFiles {
  /** Every configuration file read, main first, in merge order (what a watcher watches). */
  files: string[];
  /** config_files directories (a watcher watches them for new files). */
  dirs: string[];
}

export type LoadConfigResult =
  | ({ ok: true; config: LannerConfig; warnings: ConfigWarning[] } & LoadedFiles)
  | ({ ok: false; errors: ConfigError[]; warnings: ConfigWarning[] } & LoadedFiles);

/** Loads and validates the configuration: a file (or the embedded defaults), its config_files and the -o options. */
export function loadConfig(options: LoadConfigOptions = {}): LoadConfigResult {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const warnings: ConfigWarning[] = [];
  const files: string[] = [];
  const dirs: string[] = [];
  const fail = (errors: ConfigError[]): LoadConfigResult => ({ ok: false, errors, warnings, files, dirs });

  let root: MapNode;
  if (options.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(path.resolve(cwd, options.file), "utf8");
    } catch (e) {
      const reason = e instanceof Error && "code" in e ? String(e.code) : String(e);
      return fail([
        {
          code: "CONFIG_READ",
          message: `cannot read config file ${options.file} (${reason})`,
          origin: { kind: "file", file: options.file, line: 1, col: 1 },
        },
      ]);
    }
    const parsed = parseYamlTree(text, options.file, env);
    warnings.push(...parsed.warnings);
    if (!parsed.root) return fail(parsed.errors);
    files.push(options.file);
    if (parsed.root.kind === "null") root = emptyMap(parsed.root.origin);
    else if (parsed.root.kind === "map") root = parsed.root;
    else {
      return fail([
        {
          code: "CONFIG_INVALID_VALUE",
          message: `the configuration must be a map of keys, found ${parsed.root.kind === "seq" ? "a list" : "a scalar"}`,
          origin: parsed.root.origin,
        },
      ]);
    }
  } else {
    root = fromPlain(embeddedDefaults(), { kind: "defaults" }) as MapNode;
  }

  const overrides: Override[] = [];
  const optionErrors: ConfigError[] = [];
  for (const text of options.overrides ?? []) {
    const r = parseOverride(text);
    if (r.ok) overrides.push(r.override);
    else optionErrors.push(r.error);
  }
  if (optionErrors.length > 0) return fail(optionErrors);

  const apply = (list: readonly Override[]): ConfigError[] =>
    list.flatMap((o) => {
      const e = applyOverride(root, o);
      return e ? [e] : [];
    });

  // `-o config_files=…` first, so the files it names are merged (Falco's load_cmdline_config_files).
  const isInclude = (o: Override) => o.option.startsWith("config_files");
  const early = apply(overrides.filter(isInclude));
  if (early.length > 0) return fail(early);
  const merged = mergeConfigFiles(root, options.file, env, cwd);
  warnings.push(...merged.warnings);
  files.push(...merged.files);
  dirs.push(...merged.dirs);
  if (merged.errors.length > 0) return fail(merged.errors);
  const late = apply(overrides.filter((o) => !isInclude(o)));
  if (late.length > 0) return fail(late);

  const result = validateDocument(root);
  warnings.push(...result.warnings);
  if (!result.config) return fail(result.errors);
  return { ok: true, config: result.config, warnings, files, dirs };
}

/** The configuration `lanner run` uses without `-c`: the embedded defaults, validated. */
export function defaultConfig(): LannerConfig {
  const r = loadConfig({ env: {} });
  if (!r.ok) throw new Error(`the embedded default configuration is invalid: ${r.errors[0]?.message}`);
  return r.config;
}
