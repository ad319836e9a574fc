// `--support`: what a bug report needs, in the shape of Falco's print_support (app/actions/print_support.cpp):
// version, system_info, engine_info, cmdline, config, and each rules file with its content.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { expandRulesPaths } from "../rules/files.js";
import { BUILTIN_PLUGINS, ENGINE_VERSION } from "../rules/versions.js";
import type { LannerConfig } from "./types.js";

export interface SupportRulesFile {
  name: string;
  /** SHA-256 of the content, hex (a Lanner addition; Falco keeps digests for config files only). */
  sha256: string;
  variants: { content: string }[];
}

export interface SupportInfo {
  version: string;
  system_info: { sysname: string; nodename: string; release: string; version: string; machine: string };
  engine_info: {
    lanner_version: string;
    /** The rules-engine version as Falco prints it (the minor number, as a string). */
    engine_version: string;
    engine_version_semver: string;
    plugin_versions: Record<string, string>;
  };
  cmdline: string;
  /** The configuration in effect (defaults filled in), as one line of JSON, which is also YAML flow. */
  config: string;
  rules_files: SupportRulesFile[];
}

export interface SupportOptions {
  /** The command line, words joined by spaces (the CLI passes it; library code does not read argv). */
  cmdline?: string;
  /** Lanner's version (default: from package.json). */
  version?: string;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Builds the `--support` document. `rulesFiles` are the rules paths in use (directories stand for their
 * .yaml/.yml files, as when loading); a file that cannot be read has empty content, as in Falco.
 */
export function supportInfo(
  config: LannerConfig,
  rulesFiles: readonly string[],
  options: SupportOptions = {},
): SupportInfo {
  const version = options.version ?? packageVersion();
  const engine = `${ENGINE_VERSION.major}.${ENGINE_VERSION.minor}.${ENGINE_VERSION.patch}`;
  return {
    version,
    system_info: {
      sysname: os.type(),
      nodename: os.hostname(),
      release: os.release(),
      version: os.version(),
      machine: os.machine(),
    },
    engine_info: {
      lanner_version: version,
      engine_version: String(ENGINE_VERSION.minor),
      engine_version_semver: engine,
      plugin_versions: Object.fromEntries(BUILTIN_PLUGINS.map((p) => [p.name, p.version])),
    },
    cmdline: options.cmdline ?? "",
    config: JSON.stringify(config),
    rules_files: expandRulesPaths(rulesFiles).map((name) => {
      let content = "";
      try {
        content = readFileSync(name, "utf8");
      } catch {
        // Falco prints unreadable files with empty content.
      }
      return {
        name,
        sha256: createHash("sha256").update(content).digest("hex"),
        variants: [{ content }],
      };
    }),
  };
}
