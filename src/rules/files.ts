// Rules files on disk: paths to files and directories become rules sources in Falco's order.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { RulesSource } from "./loader.js";

const RULES_FILE = /\.ya?ml$/;

/**
 * Expands paths the way Falco reads `-r`/`rules_files`: a directory stands for its regular `.yaml`/`.yml`
 * files in name order (not recursive); a file stands for itself. Paths that do not exist are kept, so
 * reading them reports the problem.
 */
export function expandRulesPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Not there: reading reports it.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const files = readdirSync(p)
      .map((name) => path.join(p, name))
      .filter((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      })
      .sort();
    out.push(...files.filter((f) => RULES_FILE.test(f)));
  }
  return out;
}

/** Reads rules files and directories into sources; a file that cannot be read gets `readError`. */
export function readRulesFiles(paths: readonly string[]): RulesSource[] {
  return expandRulesPaths(paths).map((name) => {
    try {
      return { name, content: readFileSync(name, "utf8") };
    } catch (e) {
      const reason = e instanceof Error && "code" in e ? ` (${String(e.code)})` : "";
      return { name, content: "", readError: `Could not open file ${name} for reading${reason}` };
    }
  });
}
