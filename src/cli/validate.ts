// `lanner validate [--json] FILE...`: Falco's `-V`. Loads the files in order and reports each one.
import type { Command } from "commander";
import { defaultSchemas } from "../engine/sources.js";
import { formatFileResult, loadRules, readRulesFiles, toFalcoValidateJson } from "../rules/index.js";

/** Validates rules files; returns the text to print and whether every file loaded without error. */
export function validateRulesFiles(paths: readonly string[], json: boolean): { text: string; ok: boolean } {
  const result = loadRules(readRulesFiles(paths), defaultSchemas());
  const text = json
    ? `${JSON.stringify(toFalcoValidateJson(result.perFile))}\n`
    : result.perFile.map((r) => formatFileResult(r)).join("");
  return { text, ok: result.ok };
}

/** Registers `validate`: JSON (Falco's `-V` shape) on the first line with --json; exit code 1 on any error. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("load rules files in order and report errors and warnings (Falco's -V)")
    .argument("<files...>", "rules files or directories, loaded in order")
    .option("--json", "print Falco's -V JSON")
    .action((files: string[], opts: { json?: boolean }) => {
      const { text, ok } = validateRulesFiles(files, opts.json === true);
      process.stdout.write(text);
      if (!ok) process.exitCode = 1;
    });
}
