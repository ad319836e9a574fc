// `lanner rules list|describe`: what a set of rules files defines (Falco's -L and -l).
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { defaultSchemas } from "../engine/sources.js";
import { printExpr } from "../filter/index.js";
import {
  formatDiagnostic,
  type LoadedRule,
  type LoadResult,
  loadRules,
  priorityName,
  readRulesFiles,
} from "../rules/index.js";

/** The project's own rules directory (the compiled CLI lives in dist/src/cli/). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL("../../../rules/", import.meta.url));

/** Loads the given rules paths (or the default directory); errors go to `report`. */
function load(paths: readonly string[], report: (text: string) => void): LoadResult {
  const result = loadRules(readRulesFiles(paths.length > 0 ? paths : [DEFAULT_RULES_DIR]), defaultSchemas());
  for (const f of result.perFile) for (const e of f.errors) report(formatDiagnostic(e));
  return result;
}

function ruleSummary(r: LoadedRule) {
  return {
    name: r.name,
    desc: r.desc,
    priority: priorityName(r.priority),
    source: r.source,
    tags: r.tags,
    enabled: r.enabled,
  };
}

/** The details `rules describe` prints: the rule with its condition after list and macro expansion. */
export function describeRule(r: LoadedRule) {
  return {
    ...ruleSummary(r),
    evttypes: r.evttypes === undefined ? null : [...r.evttypes].sort(),
    condition: r.condition,
    expandedCondition: printExpr(r.expr),
    output: r.output,
    exceptions: r.exceptions,
    file: r.position.file,
    line: r.position.line,
  };
}

/** Text for `rules list`: one line per rule with priority, source, enabled flag, tags. */
export function formatRuleList(rules: readonly LoadedRule[]): string {
  const width = Math.max(4, ...rules.map((r) => r.name.length));
  const lines = rules.map((r) => {
    const flags = `${priorityName(r.priority).padEnd(13)} ${r.source.padEnd(9)} ${r.enabled ? "enabled " : "disabled"}`;
    return `${r.name.padEnd(width)}  ${flags}  ${r.tags.join(",")}`;
  });
  return `${lines.join("\n")}\n`;
}

/** Text for `rules describe`. */
export function formatRuleDescription(r: LoadedRule): string {
  const d = describeRule(r);
  return [
    `Rule:        ${d.name}`,
    `Description: ${d.desc}`,
    `Priority:    ${d.priority}`,
    `Source:      ${d.source}`,
    `Enabled:     ${d.enabled}`,
    `Tags:        ${d.tags.join(", ")}`,
    `Event types: ${d.evttypes === null ? "(all)" : d.evttypes.join(", ")}`,
    `Defined at:  ${d.file}:${d.line}`,
    `Condition:   ${d.condition}`,
    `Expanded:    ${d.expandedCondition}`,
    `Output:      ${d.output}`,
    "",
  ].join("\n");
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Registers `rules list` and `rules describe`. */
export function registerRules(program: Command): void {
  const rules = program
    .command("rules")
    .description("list and describe the rules a set of rules files defines");
  const err = (text: string) => process.stderr.write(text);

  rules
    .command("list")
    .description("list the rules (Falco's -L)")
    .option(
      "-r, --rules <path>",
      "rules file or directory (repeatable; default: Lanner's rules/)",
      collect,
      [],
    )
    .option("--json", "print JSON")
    .action((opts: { rules: string[]; json?: boolean }) => {
      const result = load(opts.rules, err);
      if (!result.ok) process.exitCode = 1;
      process.stdout.write(
        opts.json ? `${JSON.stringify(result.rules.map(ruleSummary))}\n` : formatRuleList(result.rules),
      );
    });

  rules
    .command("describe")
    .description("describe one rule, with its condition after list and macro expansion (Falco's -l)")
    .argument("<name>", "rule name")
    .option(
      "-r, --rules <path>",
      "rules file or directory (repeatable; default: Lanner's rules/)",
      collect,
      [],
    )
    .option("--json", "print JSON")
    .action((name: string, opts: { rules: string[]; json?: boolean }) => {
      const result = load(opts.rules, err);
      if (!result.ok) process.exitCode = 1;
      const rule = result.rules.find((r) => r.name === name);
      if (!rule) {
        err(`lanner: no rule named "${name}"\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        opts.json ? `${JSON.stringify(describeRule(rule))}\n` : formatRuleDescription(rule),
      );
    });
}
